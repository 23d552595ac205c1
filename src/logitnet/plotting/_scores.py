"""The two ways to give a probability figure its data: a fitted model with X and y, or labels
and probabilities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from logitnet.metrics import check_proba
from logitnet.plotting._data import label_text


@dataclass(frozen=True)
class Scores:
    """True labels, one probability column per class, and the label of each column."""

    y_true: np.ndarray  # (n_samples,)
    proba: np.ndarray  # (n_samples, n_classes)
    classes: np.ndarray  # (n_classes,)

    @property
    def shown(self) -> list[int]:
        """The columns drawn: the positive class of two, else every class (one-vs-rest)."""
        return [1] if len(self.classes) == 2 else list(range(len(self.classes)))

    def is_class(self, k: int) -> np.ndarray:
        """1 where the true label is column ``k``'s class, else 0."""
        return (self.y_true == self.classes[k]).astype(np.int64)

    def name(self, k: int) -> str:
        """The legend text of column ``k``: its label, and "vs rest" for more than two classes."""
        text = label_text(self.classes[k])
        return text if len(self.classes) == 2 else f"{text} vs rest"


def _model_scores(model: Any, X: Any, y: Any) -> Scores:
    """Score ``X`` with a fitted classifier."""
    if not callable(getattr(model, "predict_proba", None)):
        raise TypeError(
            "With three arguments the first must be a fitted classifier with predict_proba. "
            f"Got {type(model).__name__} instead."
        )
    from logitnet._validation import check_fitted

    check_fitted(model)
    return Scores(*check_proba(y, model.predict_proba(X), model.classes_))


def scores_from(model_or_y_true: Any, X_or_y_proba: Any, y: Any = None) -> Scores:
    """Return the labels and probabilities of ``(model, X, y)`` or ``(y_true, y_proba)``."""
    if y is not None:
        return _model_scores(model_or_y_true, X_or_y_proba, y)
    if callable(getattr(model_or_y_true, "predict_proba", None)):
        raise TypeError("Given a fitted classifier and X, also pass y, the true labels of X.")
    return Scores(*check_proba(model_or_y_true, X_or_y_proba))
