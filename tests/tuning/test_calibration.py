"""calibrate: scikit-learn's CalibratedClassifierCV, with a clear error for small classes."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.calibration import CalibratedClassifierCV
from sklearn.datasets import make_classification

from logitnet import LogisticRegression
from logitnet.exceptions import DataError
from logitnet.tuning import calibrate

X, Y = make_classification(300, n_features=5, random_state=5)


@pytest.mark.parametrize("method", ["sigmoid", "isotonic"])
def test_probabilities_are_sklearns_calibrated_ones(method):
    model = calibrate(LogisticRegression(alpha=1.0), X, Y, method=method)
    reference = CalibratedClassifierCV(LogisticRegression(alpha=1.0), method=method, cv=5)
    np.testing.assert_allclose(model.predict_proba(X), reference.fit(X, Y).predict_proba(X))
    assert len(model.calibrated_classifiers_) == 5


def test_too_few_rows_of_a_class_says_how_many_there_are_and_are_needed():
    y = np.array(["no"] * 40 + ["yes"] * 3)
    with pytest.raises(
        DataError, match=r"5 folds needs at least 5 rows of each class; class 'yes' has 3"
    ):
        calibrate(LogisticRegression(), X[:43], y)


def test_a_bad_method_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"`method` must be one of 'sigmoid', 'isotonic'"):
        calibrate(LogisticRegression(), X, Y, method="platt")
