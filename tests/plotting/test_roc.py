"""plot_roc: each curve is scikit-learn's roc_curve, one-vs-rest for more than two classes."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_iris, make_classification
from sklearn.metrics import roc_auc_score, roc_curve

from logitnet import LogisticRegression
from logitnet.plotting import plot_roc

X, Y = make_classification(300, n_features=5, random_state=0)
LABELS = np.array(["no", "yes"])[Y]
MODEL = LogisticRegression().fit(X, LABELS)
IRIS_X, IRIS_Y = load_iris(return_X_y=True)
IRIS = LogisticRegression(alpha=1.0).fit(IRIS_X, IRIS_Y)


def test_binary_curve_is_sklearns_for_the_positive_class():
    fig = plot_roc(MODEL, X, LABELS)
    p = MODEL.predict_proba(X)[:, 1]
    fpr, tpr, _ = roc_curve(LABELS == "yes", p)
    np.testing.assert_allclose(fig.data[0].x, fpr)
    np.testing.assert_allclose(fig.data[0].y, tpr)
    assert fig.data[0].name == f"yes (AUC {roc_auc_score(LABELS == 'yes', p):.3f})"
    assert fig.data[1].name == "chance"
    assert fig.layout.xaxis.title.text == "false positive rate"


def test_labels_and_probabilities_draw_the_same_figure():
    from_model = plot_roc(MODEL, X, LABELS)
    from_proba = plot_roc(LABELS, MODEL.predict_proba(X))
    np.testing.assert_array_equal(from_model.data[0].y, from_proba.data[0].y)
    from_positive = plot_roc(LABELS, MODEL.predict_proba(X)[:, 1])
    np.testing.assert_array_equal(from_model.data[0].x, from_positive.data[0].x)


def test_multiclass_draws_one_curve_per_class_against_the_rest():
    fig = plot_roc(IRIS, IRIS_X, IRIS_Y)
    proba = IRIS.predict_proba(IRIS_X)
    assert [t.name[:11] for t in fig.data] == [
        "0 vs rest (",
        "1 vs rest (",
        "2 vs rest (",
        "chance",
    ]
    for k in range(3):
        fpr, tpr, _ = roc_curve(k == IRIS_Y, proba[:, k])
        np.testing.assert_allclose(fig.data[k].x, fpr)
        np.testing.assert_allclose(fig.data[k].y, tpr)


def test_a_model_without_y_is_a_clear_error():
    with pytest.raises(TypeError, match="also pass y, the true labels of X"):
        plot_roc(MODEL, X)


def test_something_that_is_not_a_classifier_is_a_clear_error():
    with pytest.raises(TypeError, match="must be a fitted classifier with predict_proba. Got str"):
        plot_roc("model", X, LABELS)
