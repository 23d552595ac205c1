"""Tests for ``classification_metrics``: one document for the CLI and the report."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn import metrics
from sklearn.datasets import load_iris
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from logitnet import LogisticRegression
from logitnet.exceptions import DataError
from logitnet.metrics import check_labels, classification_metrics

X, Y = load_iris(return_X_y=True)
NAMES = np.array(["setosa", "versicolor", "virginica"])[Y]


@pytest.fixture(scope="module")
def model():
    return make_pipeline(StandardScaler(), LogisticRegression(alpha=0.1)).fit(X, NAMES)


def test_every_figure_is_scikit_learn_s(model):
    doc = classification_metrics(model, X[::2], NAMES[::2])
    pred, proba = model.predict(X[::2]), model.predict_proba(X[::2])
    expected = {
        "n_samples": 75,
        "accuracy": metrics.accuracy_score(NAMES[::2], pred),
        "balanced_accuracy": metrics.balanced_accuracy_score(NAMES[::2], pred),
        "precision_macro": metrics.precision_score(NAMES[::2], pred, average="macro"),
        "recall_macro": metrics.recall_score(NAMES[::2], pred, average="macro"),
        "f1_macro": metrics.f1_score(NAMES[::2], pred, average="macro"),
        "log_loss": metrics.log_loss(NAMES[::2], proba),
    }
    assert doc["metrics"] == pytest.approx(expected, rel=1e-12)
    assert doc["confusion_matrix"] == {
        "labels": ["setosa", "versicolor", "virginica"],
        "counts": metrics.confusion_matrix(NAMES[::2], pred).tolist(),
    }


def test_the_document_is_plain_json(model):
    doc = classification_metrics(model, X, NAMES)
    assert json.loads(json.dumps(doc)) == doc
    assert type(doc["metrics"]["n_samples"]) is int
    assert type(doc["confusion_matrix"]["labels"][0]) is str


def test_integer_labels_become_python_ints():
    doc = classification_metrics(LogisticRegression(alpha=0.1).fit(X, Y), X, Y)
    assert doc["confusion_matrix"]["labels"] == [0, 1, 2]
    assert all(type(v) is int for v in doc["confusion_matrix"]["labels"])


def test_without_predict_proba_there_is_no_log_loss():
    svc = LinearSVC().fit(X, Y)
    assert "log_loss" not in classification_metrics(svc, X, Y)["metrics"]


def test_unknown_labels_are_named(model):
    y = NAMES.copy()
    y[:2] = "unknown"
    with pytest.raises(DataError, match="labels the model never saw: 'unknown' .the model knows"):
        classification_metrics(model, X, y)
    with pytest.raises(DataError, match=r"never saw: 3 \(the model knows 0, 1, 2\)"):
        check_labels([0, 3], np.array([0, 1, 2]))
