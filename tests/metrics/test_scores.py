"""Tests for the pieces of the metrics: label scores, log-loss, confusion, per class."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn import metrics

from logitnet.metrics import confusion, cross_entropy, json_label, label_scores, per_class

Y_TRUE = np.array(["a", "a", "a", "b", "b", "c"])
Y_PRED = np.array(["a", "b", "a", "b", "b", "b"])


def test_label_scores_by_hand():
    scores = label_scores(Y_TRUE, Y_PRED)
    assert scores["accuracy"] == pytest.approx(4 / 6)
    assert scores["balanced_accuracy"] == pytest.approx((2 / 3 + 1 + 0) / 3)
    # precision: a 2/2, b 2/4, c never predicted -> 0
    assert scores["precision_macro"] == pytest.approx((1 + 0.5 + 0) / 3)
    assert scores["recall_macro"] == pytest.approx((2 / 3 + 1 + 0) / 3)
    assert all(type(v) is float for v in scores.values())


def test_cross_entropy_is_scikit_learn_s_with_the_given_classes():
    proba = np.array([[0.7, 0.2, 0.1]] * 6)
    expected = metrics.log_loss(Y_TRUE, proba, labels=["a", "b", "c"])
    assert cross_entropy(Y_TRUE, proba, ["a", "b", "c"]) == pytest.approx(expected)
    assert cross_entropy(Y_TRUE, proba, ["a", "b", "c"]) == pytest.approx(
        -(3 * np.log(0.7) + 2 * np.log(0.2) + np.log(0.1)) / 6
    )


def test_confusion_rows_are_true_columns_predicted():
    assert confusion(Y_TRUE, Y_PRED, np.array(["a", "b", "c"])) == {
        "labels": ["a", "b", "c"],
        "counts": [[2, 1, 0], [0, 2, 0], [0, 1, 0]],
    }


def test_per_class_uses_the_given_names():
    report = per_class(Y_TRUE, Y_PRED, ["a", "b", "c"], ["A", "B", "C"])
    assert report["B"] == pytest.approx(
        {"precision": 0.5, "recall": 1.0, "f1-score": 2 / 3, "support": 2}
    )
    assert report["C"]["precision"] == 0.0
    assert set(per_class(Y_TRUE, Y_PRED, ["a", "b", "c"])) >= {"a", "macro avg", "weighted avg"}


def test_json_label():
    assert type(json_label(np.int64(3))) is int and json_label("x") == "x"
