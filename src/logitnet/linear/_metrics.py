"""How well predictions match the labels."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import ArrayLike


def _labels(y: Any, name: str) -> np.ndarray:
    """Return ``y`` as a non-empty 1-D array of labels."""
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"{name} must be 1-D. Got an array of shape {y.shape} instead.")
    if y.size == 0:
        raise ValueError(f"{name} must not be empty.")
    if y.dtype.kind == "f" and not np.all(np.isfinite(y)):
        raise ValueError(f"{name} must be finite: it contains NaN or infinity.")
    return y


def accuracy(y: ArrayLike, y_hat: ArrayLike) -> float:
    """Fraction of predictions equal to the labels.

    Parameters
    ----------
    y : array-like, shape (n_samples,)
        True labels (any type that compares with ``==``).
    y_hat : array-like, shape (n_samples,)
        Predicted labels.

    Returns
    -------
    float
        ``mean(y_hat == y)``, in ``[0, 1]``.

    Examples
    --------
    >>> accuracy([0, 1, 1, 0], [0, 1, 0, 0])
    0.75
    """
    y, y_hat = _labels(y, "y"), _labels(y_hat, "y_hat")
    if len(y) != len(y_hat):
        raise ValueError(
            f"y and y_hat must have the same length. Got {len(y)} and {len(y_hat)} instead."
        )
    return float(np.mean(y_hat == y))
