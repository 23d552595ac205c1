"""What the report says about a model, computed once: predictions and scikit-learn metrics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, classification_report, log_loss


@dataclass(frozen=True)
class Split:
    """One labelled data set and the model's outputs on it."""

    name: str  # "test" or "train"
    X: Any  # as the caller gave it (array or DataFrame)
    y: np.ndarray  # (n_samples,) true labels
    y_pred: np.ndarray  # (n_samples,) predicted labels
    proba: np.ndarray  # (n_samples, n_classes) predicted probabilities

    @property
    def n_features(self) -> int:
        """Number of columns of ``X``."""
        return int(np.shape(self.X)[1])

    @property
    def all_numeric(self) -> bool:
        """Whether every column of ``X`` is numeric (a boundary can then be drawn over it)."""
        dtypes = getattr(self.X, "dtypes", None)
        if dtypes is not None:
            return all(getattr(d, "kind", "O") in "iuf" for d in dtypes)
        return np.asarray(self.X).dtype.kind in "iuf"


def evaluate(estimator: Any, name: str, X: Any, y: np.ndarray) -> Split:
    """Return the estimator's predictions and probabilities on ``X``."""
    return Split(
        name, X, y, np.asarray(estimator.predict(X)), np.asarray(estimator.predict_proba(X))
    )


def accuracy(split: Split) -> float:
    """Return the fraction of correct predictions (:func:`sklearn.metrics.accuracy_score`)."""
    return float(accuracy_score(split.y, split.y_pred))


def cross_entropy(split: Split, classes: np.ndarray) -> float:
    """Return the log-loss of the probabilities (:func:`sklearn.metrics.log_loss`)."""
    return float(log_loss(split.y, split.proba, labels=classes))


def per_class(split: Split, classes: np.ndarray, names: list[str]) -> dict[str, dict[str, float]]:
    """Return precision, recall, F1 and support per class and averaged, from scikit-learn."""
    return classification_report(
        split.y,
        split.y_pred,
        labels=classes,
        target_names=names,
        output_dict=True,
        zero_division=0,
    )
