"""plot_threshold: each point is scikit-learn's metric with that threshold."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn import metrics
from sklearn.datasets import make_classification
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from logitnet import LogisticRegression
from logitnet.plotting import plot_threshold

X, Y = make_classification(200, n_features=4, weights=[0.7], flip_y=0.1, random_state=3)
MODEL = LogisticRegression(threshold=0.3).fit(X, Y)
P = MODEL.predict_proba(X)[:, 1]
SKLEARN = {
    "precision": lambda y, pred: metrics.precision_score(y, pred, zero_division=0),
    "recall": metrics.recall_score,
    "F1": lambda y, pred: metrics.f1_score(y, pred, zero_division=0),
    "balanced accuracy": metrics.balanced_accuracy_score,
}


def test_every_point_is_sklearns_metric_at_that_threshold():
    fig = plot_threshold(Y, P)
    assert [t.name for t in fig.data] == list(SKLEARN)
    thresholds = fig.data[0].x
    np.testing.assert_array_equal(thresholds, np.unique(P))
    for trace in fig.data:
        for i in range(0, len(thresholds), 17):
            expected = SKLEARN[trace.name](Y, (thresholds[i] <= P).astype(int))
            assert trace.y[i] == pytest.approx(expected), (trace.name, i)


def test_the_models_own_threshold_is_marked():
    fig = plot_threshold(MODEL, X, Y)
    assert fig.layout.shapes[0].x0 == fig.layout.shapes[0].x1 == 0.3
    assert fig.layout.annotations[0].text == "threshold 0.3"


def test_a_pipelines_last_step_gives_the_threshold_and_an_argument_overrides_it():
    pipe = make_pipeline(StandardScaler(), LogisticRegression(threshold=0.7)).fit(X, Y)
    assert plot_threshold(pipe, X, Y).layout.shapes[0].x0 == 0.7
    assert plot_threshold(pipe, X, Y, threshold=0.2).layout.shapes[0].x0 == 0.2


def test_probabilities_alone_mark_one_half():
    assert plot_threshold(Y, P).layout.shapes[0].x0 == 0.5


def test_more_than_two_classes_is_a_clear_error():
    with pytest.raises(ValueError, match=r"needs two classes .* Got 3 classes: \[0, 1, 2\]"):
        plot_threshold([0, 1, 2], np.full((3, 3), 1 / 3))


def test_threshold_outside_zero_one_is_a_clear_error():
    with pytest.raises(ValueError, match=r"`threshold` must be in \[0\.0, 1\.0\]\. Got 1\.5"):
        plot_threshold(Y, P, threshold=1.5)
