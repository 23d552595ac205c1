"""Score a fitted classifier on labelled data: one JSON-ready document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from logitnet._pipeline import final_estimator
from logitnet.exceptions import DataError
from logitnet.metrics._probability import probability_metrics
from logitnet.metrics._scores import confusion, cross_entropy, json_label, label_scores

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from logitnet._typing import Classifier


def check_labels(y: Any, classes: Any) -> None:
    """Raise a DataError when ``y`` holds a label that is not one of ``classes``."""
    known = {json_label(c) for c in classes}
    unknown = sorted({json_label(v) for v in np.unique(np.asarray(y))} - known, key=str)
    if unknown:
        raise DataError(
            f"the target has labels the model never saw: {', '.join(map(repr, unknown))} "
            f"(the model knows {', '.join(repr(json_label(c)) for c in classes)})"
        )


def classification_metrics(model: Classifier, X: ArrayLike, y: ArrayLike) -> dict:
    """Score a fitted classifier on ``X`` and its true labels ``y``.

    Parameters
    ----------
    model : fitted classifier or Pipeline
        Anything with ``classes_`` (or a Pipeline ending in it) and ``predict``; the log-loss
        and the probability metrics are added when it has ``predict_proba``.
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        True labels; each must be one of the model's classes.

    Returns
    -------
    dict
        ``{"metrics": {"n_samples", "accuracy", "balanced_accuracy", "precision_macro",
        "recall_macro", "f1_macro", "log_loss", "roc_auc", "average_precision", "brier_score",
        "expected_calibration_error"}, "confusion_matrix": {"labels", "counts"}}``, plain JSON
        values (see :func:`logitnet.metrics.probability_metrics`; a ranking score is None
        when a class is absent from ``y``).

    Raises
    ------
    DataError
        When ``y`` holds a label the model never saw.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from logitnet import LogisticRegression
    >>> X, y = load_iris(return_X_y=True)
    >>> doc = classification_metrics(LogisticRegression(alpha=0.01).fit(X, y), X, y)
    >>> round(doc["metrics"]["accuracy"], 2), doc["confusion_matrix"]["labels"]
    (0.97, [0, 1, 2])
    """
    classes = getattr(model, "classes_", None)
    classes = final_estimator(model).classes_ if classes is None else classes
    check_labels(y, classes)
    y_pred = model.predict(X)
    scores: dict[str, Any] = {"n_samples": len(y_pred), **label_scores(y, y_pred)}
    if hasattr(model, "predict_proba"):
        proba = model.predict_proba(X)
        scores["log_loss"] = cross_entropy(y, proba, classes)
        scores.update(json_numbers(probability_metrics(y, proba, classes)))
    return {"metrics": scores, "confusion_matrix": confusion(y, y_pred, classes)}


def json_numbers(scores: dict[str, float]) -> dict[str, float | None]:
    """The scores, with None for NaN (a class absent from ``y``), which JSON cannot hold."""
    return {k: None if np.isnan(v) else v for k, v in scores.items()}
