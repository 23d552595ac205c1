"""The softmax function and its logarithm, stable for any finite logits."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from logitnet.linear._sigmoid import _as_float

if TYPE_CHECKING:
    from numpy.typing import ArrayLike


def log_softmax(Z: np.ndarray) -> np.ndarray:
    """Stable ``log(softmax(Z))`` along the last axis."""
    shifted = Z - Z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(Z: ArrayLike) -> np.ndarray:
    """Softmax along the last axis: each row becomes probabilities that sum to 1.

    The largest logit of each row is subtracted first, so no ``exp`` overflows.

    Parameters
    ----------
    Z : array-like, shape (n_classes,) or (n_samples, n_classes)
        Finite logits. float32 stays float32; anything else becomes float64.

    Returns
    -------
    ndarray, same shape as ``Z``
        Non-negative values; each row sums to 1.

    Examples
    --------
    >>> softmax([[0.0, 0.0], [1e4, 0.0]])
    array([[0.5, 0.5],
           [1. , 0. ]])
    """
    Z = _as_float(Z, "Z")
    if Z.ndim not in (1, 2) or Z.size == 0:
        raise ValueError(f"Z must be a non-empty 1-D or 2-D array. Got shape {Z.shape} instead.")
    e = np.exp(Z - Z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
