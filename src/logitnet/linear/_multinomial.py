"""The multinomial (softmax) logistic model as plain functions of ``(w, X, y)``.

Weight layout: ``W`` has shape ``(n_features, n_classes)``, so the logits are ``X @ W``
and column ``k`` scores class ``k``. For :func:`scipy.optimize.minimize`, pass ``W.ravel()``
(row-major): a 1-D ``w`` of length ``n_features * n_classes`` is reshaped that way, and the
gradient comes back in the shape ``w`` was given in. ``y`` holds class codes ``0 .. K-1``.
"""

from __future__ import annotations

from functools import reduce
from typing import TYPE_CHECKING, Any

import numpy as np

from logitnet.linear._checks import (
    check_class_codes,
    check_float_dtype,
    check_matrix,
    check_numeric,
)

if TYPE_CHECKING:
    from numpy.typing import ArrayLike


def _weights(w: Any, n_features: int) -> tuple[np.ndarray, tuple[int, ...]]:
    """Return ``w`` as an ``(n_features, n_classes)`` matrix, and the shape it came in."""
    check_numeric(w, "w")
    w = np.asarray(w)
    w = w if w.dtype in (np.float32, np.float64) else w.astype(np.float64)
    if w.ndim not in (1, 2) or w.size == 0 or w.size % n_features:
        raise ValueError(
            f"w must be a (n_features, n_classes) = ({n_features}, K) matrix, or it raveled; "
            f"got shape {w.shape} for X with {n_features} columns."
        )
    if w.ndim == 2 and w.shape[0] != n_features:
        raise ValueError(f"w must have {n_features} rows (one per column of X). Got {w.shape}.")
    if not np.all(np.isfinite(w)):
        raise ValueError("w must be finite: it contains NaN or infinity.")
    return w.reshape(n_features, -1), w.shape


def _checked(w: Any, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple]:
    """Validate ``(w, X, y)``; return ``W`` as a matrix, ``X``, codes ``y`` and w's shape."""
    X = check_matrix(X)
    W, shape = _weights(w, X.shape[1])
    if W.shape[1] < 2:
        raise ValueError(f"w must score at least 2 classes. Got {W.shape[1]} column.")
    y = check_class_codes(y, X.shape[0], W.shape[1])
    dtype = check_float_dtype(W, X)
    return W.astype(dtype, copy=False), X.astype(dtype, copy=False), y, shape


def softmax_terms(Z: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-sample cross-entropy and probabilities ``softmax(Z)``; ``Z`` is overwritten."""
    Z -= reduce(np.maximum, Z.T)[:, None]  # column by column: far faster than max(axis=1)
    P = np.exp(Z)
    total = P @ np.ones(P.shape[1])
    P /= total[:, None]
    return np.log(total) - Z[np.arange(len(y)), y], P


def _residual(Z: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-sample cross-entropy and residual ``softmax(Z) - onehot(y)``."""
    loss, residual = softmax_terms(Z, y)
    residual[np.arange(len(y)), y] -= 1.0
    return loss, residual


def multinomial_loss_and_grad(w: ArrayLike, X: ArrayLike, y: ArrayLike) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of the softmax model ``softmax(X @ W)``, and its gradient.

    Parameters
    ----------
    w : array-like, shape (n_features, n_classes) or (n_features * n_classes,)
        Weights; a 1-D ``w`` is ``W.ravel()`` (see the module notes).
    X : array-like, shape (n_samples, n_features)
        Design matrix (see :func:`~logitnet.linear.add_intercept`).
    y : array-like of int, shape (n_samples,)
        Class codes in ``0 .. n_classes - 1``; at least two classes present.

    Returns
    -------
    loss : float
        ``mean(logsumexp(X @ W) - (X @ W)[i, y_i])``: finite for every finite ``w``.
    grad : ndarray, same shape as ``w``
        ``X.T @ (softmax(X @ W) - onehot(y)) / n_samples``.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    >>> loss, grad = multinomial_loss_and_grad(np.zeros(6), X, [0, 1, 2])
    >>> round(loss, 6), grad.shape  # log(3)
    (1.098612, (6,))
    """
    W, X, y, shape = _checked(w, X, y)
    loss, residual = _residual(X @ W, y)
    return float(loss.mean()), (X.T @ residual / X.shape[0]).reshape(shape)


def multinomial_loss(w: ArrayLike, X: ArrayLike, y: ArrayLike) -> float:
    """Mean cross-entropy of the softmax model; see :func:`multinomial_loss_and_grad`."""
    W, X, y, _ = _checked(w, X, y)
    return float(_residual(X @ W, y)[0].mean())


def multinomial_loss_grad(w: ArrayLike, X: ArrayLike, y: ArrayLike) -> np.ndarray:
    """Gradient of :func:`multinomial_loss`, in the shape of ``w``."""
    W, X, y, shape = _checked(w, X, y)
    return (X.T @ _residual(X @ W, y)[1] / X.shape[0]).reshape(shape)
