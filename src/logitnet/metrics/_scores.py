"""The figures of a classifier's outputs: from labels, or from probabilities."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn import metrics


def json_label(value: Any) -> Any:
    """A class label as a plain JSON value (a NumPy scalar becomes a Python one)."""
    return value.item() if isinstance(value, np.generic) else value


def label_scores(y_true: Any, y_pred: Any) -> dict[str, float]:
    """Accuracy, balanced accuracy and macro precision, recall and F1 of predicted labels.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels.

    Returns
    -------
    dict
        ``accuracy``, ``balanced_accuracy``, ``precision_macro``, ``recall_macro`` and
        ``f1_macro``, as floats (a class never predicted counts as precision 0).
    """
    macro = {"average": "macro", "zero_division": 0}
    return {
        "accuracy": float(metrics.accuracy_score(y_true, y_pred)),
        "balanced_accuracy": float(metrics.balanced_accuracy_score(y_true, y_pred)),
        "precision_macro": float(metrics.precision_score(y_true, y_pred, **macro)),
        "recall_macro": float(metrics.recall_score(y_true, y_pred, **macro)),
        "f1_macro": float(metrics.f1_score(y_true, y_pred, **macro)),
    }


def cross_entropy(y_true: Any, proba: Any, classes: Any) -> float:
    """The log-loss of predicted probabilities (:func:`sklearn.metrics.log_loss`).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
    proba : array-like of shape (n_samples, n_classes)
        Probabilities, columns in the order of ``classes``.
    classes : array-like of shape (n_classes,)

    Returns
    -------
    float
    """
    return float(metrics.log_loss(y_true, proba, labels=classes))


def confusion(y_true: Any, y_pred: Any, classes: Any) -> dict[str, list]:
    """The confusion matrix as ``{"labels": [...], "counts": [[...], ...]}``.

    Row ``i`` counts the rows whose true class is ``labels[i]``, column ``j`` those predicted
    as ``labels[j]``.
    """
    counts = metrics.confusion_matrix(y_true, y_pred, labels=classes)
    return {"labels": [json_label(c) for c in classes], "counts": counts.tolist()}


def per_class(
    y_true: Any, y_pred: Any, classes: Any, names: list[str] | None = None
) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support per class and averaged.

    The dict of :func:`sklearn.metrics.classification_report`, keyed by ``names`` (default:
    the classes as text), plus ``"accuracy"``, ``"macro avg"`` and ``"weighted avg"``.
    """
    names = [str(c) for c in classes] if names is None else names
    return metrics.classification_report(
        y_true, y_pred, labels=classes, target_names=names, output_dict=True, zero_division=0
    )
