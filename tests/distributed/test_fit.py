import numpy as np
import pytest

from logitnet import LogisticRegression
from logitnet.distributed import fit


def test_outside_a_group_fit_is_the_ordinary_fit(make_table):
    frame = make_table(n=120, n_classes=3)
    X, y = frame[list("abcd")].to_numpy(), frame["label"].to_numpy()
    ordinary = LogisticRegression(alpha=0.1).fit(X, y)
    mine = fit(LogisticRegression(alpha=0.1), X, y)
    np.testing.assert_allclose(mine.coef_, ordinary.coef_, atol=1e-12)


def test_classes_that_the_rows_lack_are_kept(make_table):
    frame = make_table(n=120, n_classes=3)
    X, y = frame[list("abcd")].to_numpy(), frame["label"].to_numpy()
    keep = y != "c2"
    model = fit(LogisticRegression(alpha=0.1), X[keep], y[keep], classes=["c0", "c1", "c2"])
    assert model.classes_.tolist() == ["c0", "c1", "c2"]
    assert model.coef_.shape == (3, 4)


def test_a_network_with_early_stopping_is_refused(make_table):
    from logitnet.nn import NeuralNetClassifier

    frame = make_table(n=60)
    X, y = frame[list("abcd")].to_numpy(), frame["label"].to_numpy()
    with pytest.raises(ValueError, match="early_stopping is not supported with several"):
        fit(NeuralNetClassifier((4,), early_stopping=True), X, y)
