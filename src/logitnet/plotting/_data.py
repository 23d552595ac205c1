"""Coerce plotting inputs to arrays, with the same error style as the estimators."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.utils import check_array, column_or_1d


def feature_names(X: Any) -> list[str]:
    """Return the column names of a DataFrame, else ``["x0", "x1", ...]``."""
    columns = getattr(X, "columns", None)
    if columns is not None:
        return [str(c) for c in columns]
    return [f"x{i}" for i in range(np.shape(X)[1])] if np.ndim(X) == 2 else []


def as_matrix(X: Any) -> np.ndarray:
    """Return ``X`` as a finite 2-D float array (one row per sample)."""
    return check_array(X, dtype=np.float64, ensure_all_finite=True, input_name="X")


def as_labels(y: Any, n_samples: int) -> np.ndarray:
    """Return ``y`` as a 1-D array of labels with one label per sample."""
    y = column_or_1d(y, warn=False)
    if len(y) != n_samples:
        raise ValueError(f"y must hold one label per row of X ({n_samples}). Got {len(y)} labels.")
    return y


def series_name(values: Any, default: str) -> str:
    """Return the ``name`` of a pandas Series, else ``default``."""
    name = getattr(values, "name", None)
    return default if name is None else str(name)


def label_text(label: Any) -> str:
    """Return a class label as display text (``1`` rather than ``np.int64(1)``)."""
    return str(label.item() if isinstance(label, np.generic) else label)
