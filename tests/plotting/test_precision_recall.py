"""plot_precision_recall: each curve is scikit-learn's precision_recall_curve."""

from __future__ import annotations

import numpy as np
from sklearn.datasets import load_iris, make_classification
from sklearn.metrics import average_precision_score, precision_recall_curve

from logitnet import LogisticRegression
from logitnet.plotting import plot_precision_recall

X, Y = make_classification(300, n_features=5, weights=[0.8], random_state=1)
MODEL = LogisticRegression().fit(X, Y)


def test_binary_curve_is_sklearns_with_a_chance_line_at_the_positive_share():
    fig = plot_precision_recall(MODEL, X, Y)
    p = MODEL.predict_proba(X)[:, 1]
    precision, recall, _ = precision_recall_curve(Y, p)
    np.testing.assert_allclose(fig.data[0].x, recall)
    np.testing.assert_allclose(fig.data[0].y, precision)
    assert fig.data[0].name == f"1 (AP {average_precision_score(Y, p):.3f})"
    assert fig.data[1].name == "chance"
    np.testing.assert_allclose(fig.data[1].y, [Y.mean(), Y.mean()])
    assert (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == ("recall", "precision")


def test_multiclass_draws_one_curve_per_class_and_no_chance_line():
    iris_X, iris_y = load_iris(return_X_y=True)
    labels = np.array(["setosa", "versicolor", "virginica"])[iris_y]
    proba = LogisticRegression(alpha=5.0).fit(iris_X, labels).predict_proba(iris_X)
    fig = plot_precision_recall(labels, proba)
    assert len(fig.data) == 3
    assert fig.data[2].name.startswith("virginica vs rest (AP ")
    precision, recall, _ = precision_recall_curve(labels == "virginica", proba[:, 2])
    np.testing.assert_allclose(fig.data[2].x, recall)
    np.testing.assert_allclose(fig.data[2].y, precision)
