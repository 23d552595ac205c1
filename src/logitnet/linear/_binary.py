"""The lecture's binary logistic model as plain functions of ``(w, X, y)``.

``X`` is the design matrix (use :func:`add_intercept` to put the column of ones first),
``w`` holds one weight per column of ``X`` and ``y`` holds 0s and 1s. The argument order
is the one :func:`scipy.optimize.minimize` wants: ``minimize(log_loss, w0, args=(X, y))``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from logitnet._validation import check_in_range, check_option
from logitnet.linear._checks import (
    check_binary_target,
    check_float_dtype,
    check_matrix,
    check_vector,
)
from logitnet.linear._sigmoid import sigmoid, sigmoid_terms

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

OUTPUTS = ("soft", "hard")


def add_intercept(X: ArrayLike) -> np.ndarray:
    """Put a column of ones first: the "trick of ones" that turns the intercept into a weight.

    Parameters
    ----------
    X : array-like, shape (n_samples, n_features)

    Returns
    -------
    ndarray, shape (n_samples, n_features + 1)
        ``[1, X]``, in the dtype of ``X`` (float32 stays float32).

    Examples
    --------
    >>> add_intercept([[5.0], [3.0]])
    array([[1., 5.],
           [1., 3.]])
    """
    X = check_matrix(X)
    return np.hstack((np.ones((X.shape[0], 1), dtype=X.dtype), X))


def _checked(w: Any, X: Any, y: Any | None = None) -> tuple[np.ndarray, ...]:
    """Validate ``(w, X[, y])`` and cast them to one float dtype."""
    X = check_matrix(X)
    w = check_vector(w, "w", X.shape[1], what="weights (one per column of X)")
    dtype = check_float_dtype(w, X)
    if y is None:
        return w.astype(dtype, copy=False), X.astype(dtype, copy=False)
    y = check_binary_target(y, X.shape[0]).astype(dtype, copy=False)
    return w.astype(dtype, copy=False), X.astype(dtype, copy=False), y


def predict_logistic(
    X: ArrayLike, w: ArrayLike, output: str = "soft", threshold: float = 0.5
) -> np.ndarray:
    """Probabilities of the positive class, or 0/1 predictions, of a linear logistic model.

    Parameters
    ----------
    X : array-like, shape (n_samples, n_features)
        Design matrix; include the column of ones (:func:`add_intercept`) for an intercept.
    w : array-like, shape (n_features,)
        One weight per column of ``X``.
    output : {"soft", "hard"}, default="soft"
        ``"soft"`` returns ``sigmoid(X @ w)``; ``"hard"`` returns 1 where that
        probability is above ``threshold`` and 0 elsewhere.
    threshold : float in [0, 1], default=0.5
        Used by ``output="hard"``.

    Returns
    -------
    ndarray, shape (n_samples,)
        Probabilities (float) or classes (int 0/1).

    Examples
    --------
    >>> X = add_intercept([[-1.0], [0.5]])
    >>> predict_logistic(X, [0.0, 2.0], output="hard")
    array([0, 1])
    """
    check_option("output", output, OUTPUTS)
    check_in_range("threshold", threshold, 0.0, 1.0)
    w, X = _checked(w, X)
    p = sigmoid(X @ w)
    return p if output == "soft" else (p > threshold).astype(int)


def log_loss_and_grad(w: ArrayLike, X: ArrayLike, y: ArrayLike) -> tuple[float, np.ndarray]:
    """Mean binary cross-entropy and its gradient with respect to ``w``, from one pass.

    For ``scipy.optimize.minimize(log_loss_and_grad, w0, jac=True, args=(X, y))``.

    Parameters
    ----------
    w : array-like, shape (n_features,)
        One weight per column of ``X``.
    X : array-like, shape (n_samples, n_features)
        Design matrix (see :func:`add_intercept`).
    y : array-like, shape (n_samples,)
        Labels, 0 or 1, both present.

    Returns
    -------
    loss : float
        ``mean(log(1 + exp(X @ w)) - y * (X @ w))``: finite for every finite ``w``.
    grad : ndarray, shape (n_features,)
        ``X.T @ (sigmoid(X @ w) - y) / n_samples``.
    """
    w, X, y = _checked(w, X, y)
    loss, residual = sigmoid_terms(X @ w, y)
    return float(loss.mean()), X.T @ residual / X.shape[0]


def log_loss(w: ArrayLike, X: ArrayLike, y: ArrayLike) -> float:
    """Mean binary cross-entropy of the logistic model ``sigmoid(X @ w)`` on labels ``y``.

    Computed from the logits (``log(1 + e^z) - y z``), so it never takes ``log(0)``.
    See :func:`log_loss_and_grad` for the parameters.

    Examples
    --------
    >>> X = add_intercept([[-1.0], [1.0]])
    >>> round(log_loss([0.0, 0.0], X, [0, 1]), 6)  # log(2)
    0.693147
    """
    w, X, y = _checked(w, X, y)
    return float(sigmoid_terms(X @ w, y)[0].mean())


def log_loss_grad(w: ArrayLike, X: ArrayLike, y: ArrayLike) -> np.ndarray:
    """Gradient of :func:`log_loss` with respect to ``w``: ``X.T @ (sigmoid(X @ w) - y) / n``.

    See :func:`log_loss_and_grad` for the parameters.
    """
    w, X, y = _checked(w, X, y)
    return X.T @ sigmoid_terms(X @ w, y)[1] / X.shape[0]
