"""The logistic function, written to be stable for any finite input."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import ArrayLike


def _as_float(z: Any, name: str = "z") -> np.ndarray:
    """Return ``z`` as a finite float array, keeping float32 and float64 as they are."""
    z = np.asarray(z)
    if z.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers only. Got dtype {z.dtype} instead.")
    z = z if z.dtype in (np.float32, np.float64) else z.astype(np.float64)
    if not np.all(np.isfinite(z)):
        raise ValueError(f"{name} must be finite: it contains NaN or infinity.")
    return z


def sigmoid(z: ArrayLike) -> np.ndarray:
    """Element-wise logistic function ``1 / (1 + exp(-z))``.

    It never overflows: ``exp`` is only taken of ``-|z|``, so ``sigmoid(1e4)`` is 1 and
    ``sigmoid(-1e4)`` is 0, without warning or NaN.

    Parameters
    ----------
    z : array-like of any shape
        Finite logits. float32 stays float32; anything else becomes float64.

    Returns
    -------
    ndarray of the same shape as ``z``
        Values in ``[0, 1]``.

    Examples
    --------
    >>> sigmoid([-1e4, 0.0, 1e4])
    array([0. , 0.5, 1. ])
    """
    z = _as_float(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def sigmoid_terms(z: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-sample log-loss ``log(1 + e^z) - y z`` and residual ``sigmoid(z) - y``, one exp."""
    e = np.exp(-np.abs(z))
    loss = np.maximum(z, 0) + np.log1p(e) - y * z
    residual = np.where(z >= 0, 1.0, e) / (1.0 + e) - y
    return loss, residual


def log_sigmoid(z: np.ndarray) -> np.ndarray:
    """Stable ``log(sigmoid(z))``."""
    return np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z)))
