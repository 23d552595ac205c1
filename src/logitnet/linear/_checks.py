"""Input checks for the plain functions of :mod:`logitnet.linear`.

The estimator validates through :mod:`logitnet._validation`; these helpers give the same
style of message (the thing, the rule, the value) to functions that have no estimator.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.utils import check_array

FLOATS = (np.float64, np.float32)


def check_matrix(X: Any, name: str = "X") -> np.ndarray:
    """Return ``X`` as a finite, non-empty, 2-D float array (float32 stays float32)."""
    check_numeric(X, name)
    return check_array(X, dtype=FLOATS, ensure_all_finite=True, input_name=name)


def check_numeric(X: Any, name: str) -> None:
    """Raise a TypeError naming ``name`` when it holds strings or other non-numbers."""
    arr = X if hasattr(X, "dtype") and not hasattr(X, "columns") else None
    if arr is None:
        arr = np.asarray(X) if not hasattr(X, "to_numpy") else X.to_numpy()
    if arr.dtype.kind in "biuf":
        return
    try:
        np.asarray(arr, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must hold numbers only. Got dtype {arr.dtype}: {exc}") from exc


def check_vector(
    v: Any, name: str, size: int | None = None, *, what: str = "entries"
) -> np.ndarray:
    """Return ``v`` as a finite 1-D float array, of length ``size`` when given."""
    check_numeric(v, name)
    v = check_array(v, dtype=FLOATS, ensure_2d=False, ensure_all_finite=True, input_name=name)
    if v.ndim != 1:
        raise ValueError(f"{name} must be 1-D. Got an array of shape {v.shape} instead.")
    if size is not None and v.shape[0] != size:
        raise ValueError(f"{name} must have {size} {what}. Got {v.shape[0]} instead.")
    return v


def check_same_length(X: np.ndarray, y: np.ndarray, x_name: str = "X", y_name: str = "y") -> None:
    """Raise when ``X`` and ``y`` do not have the same number of samples."""
    if len(X) != len(y):
        raise ValueError(
            f"{x_name} and {y_name} must have the same number of samples. "
            f"Got {len(X)} and {len(y)} instead."
        )


def check_binary_target(y: Any, n_samples: int) -> np.ndarray:
    """Return ``y`` as a 1-D float array of 0s and 1s holding both classes."""
    y = check_vector(y, "y", n_samples, what="labels (one per row of X)")
    if not np.all((y == 0) | (y == 1)):
        bad = y[(y != 0) & (y != 1)][0]
        raise ValueError(f"y must hold only 0 and 1 for the binary log-loss. Got {bad!r}.")
    _check_two_classes(y)
    return y


def check_class_codes(y: Any, n_samples: int, n_classes: int) -> np.ndarray:
    """Return ``y`` as 1-D int codes in ``[0, n_classes)`` holding at least two classes."""
    y = check_vector(y, "y", n_samples, what="labels (one per row of X)")
    codes = y.astype(np.intp)
    if not np.array_equal(codes, y) or codes.min() < 0 or codes.max() >= n_classes:
        raise ValueError(
            f"y must hold integer class codes in [0, {n_classes - 1}] "
            f"(one per column of w). Got values in [{y.min()!r}, {y.max()!r}]."
        )
    _check_two_classes(codes)
    return codes


def _check_two_classes(y: np.ndarray) -> None:
    """Raise when ``y`` holds a single class."""
    if np.all(y == y[0]):
        raise ValueError(f"y must contain at least 2 classes; it has only one class: {y[0]!r}.")


def check_float_dtype(*arrays: np.ndarray) -> np.dtype:
    """Return float32 when every array is float32, float64 otherwise."""
    return np.result_type(*[a.dtype for a in arrays], np.float32)
