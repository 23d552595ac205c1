"""What the report scores: a labelled data set with the model's predictions and probabilities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


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
