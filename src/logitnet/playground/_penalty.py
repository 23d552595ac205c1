"""L1 in the playground: a proximal step after the smooth one, for both models.

Logistic regression: each epoch is ``PROXIMAL_STEPS`` steps of proximal gradient descent (ISTA)
on the mean log-loss, step ``1 / L`` with ``L`` the gradient's Lipschitz bound, each followed by
soft-thresholding the coefficients (never the intercepts). Weights whose gradient stays under the
rate land on exactly 0. When ``LogisticRegression`` gets its elastic-net solver (``l1_ratio``),
``make_estimator`` can return ``LogisticRegression(alpha=l1, l1_ratio=1.0, ...)`` and the run stops
using :class:`ProximalL1`: nothing else here depends on it.

Network: after each epoch's optimizer steps, every Linear weight (not the biases) is
soft-thresholded by ``lr * rate * batches``, the sum of the epoch's proximal steps.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from logitnet.linear import add_intercept, log_loss_and_grad, multinomial_loss_and_grad

__all__ = ["PROXIMAL_STEPS", "ProximalL1", "shrink_network"]

PROXIMAL_STEPS = 20  # proximal gradient steps per epoch


def soft_threshold(w: np.ndarray, t: float) -> np.ndarray:
    """``sign(w) * max(|w| - t, 0)``: the proximal map of ``t * ||w||_1``."""
    return np.sign(w) * np.maximum(np.abs(w) - t, 0.0)


class ProximalL1:
    """Mean log-loss + ``rate * ||coef||_1``, minimized by proximal gradient steps."""

    def __init__(self, X: np.ndarray, codes: np.ndarray, classes: np.ndarray, rate: float):
        self.A, self.codes, self.classes, self.rate = add_intercept(X), codes, classes, rate
        curvature = 0.25 if len(classes) == 2 else 0.5  # bound on the loss's second derivative
        top = float(np.linalg.eigvalsh(self.A.T @ self.A / len(self.A))[-1])
        self.step = 1.0 / (curvature * top)

    def _start(self, model: Any) -> np.ndarray:
        """The current weights as ``[intercept, coef...]`` rows (zeros before the first epoch)."""
        k = 1 if len(self.classes) == 2 else len(self.classes)
        if not hasattr(model, "coef_"):
            return np.zeros((self.A.shape[1], k))
        return np.vstack([np.atleast_1d(model.intercept_)[None, :], np.asarray(model.coef_).T])

    def _loss_grad(self, W: np.ndarray) -> tuple[float, np.ndarray]:
        """The mean log-loss and its gradient, in ``W``'s shape."""
        if W.shape[1] == 1:
            loss, grad = log_loss_and_grad(W[:, 0], self.A, self.codes.astype(np.float64))
            return loss, grad[:, None]
        return multinomial_loss_and_grad(W, self.A, self.codes)

    def epoch(self, model: Any) -> None:
        """``PROXIMAL_STEPS`` proximal steps from the model's weights; stores them on it."""
        W, losses = self._start(model), []
        for _ in range(PROXIMAL_STEPS):
            loss, grad = self._loss_grad(W)
            losses.append(loss + self.rate * float(np.abs(W[1:]).sum()))
            W = W - self.step * grad
            W[1:] = soft_threshold(W[1:], self.step * self.rate)
        self._store(model, W, losses)

    def _store(self, model: Any, W: np.ndarray, losses: list[float]) -> None:
        """Set the fitted attributes that ``predict_proba`` and ``save`` read."""
        model.coef_, model.intercept_ = W[1:].T.copy(), W[0].copy()
        model.classes_, model.n_features_in_ = self.classes, self.A.shape[1] - 1
        model.n_iter_ = getattr(model, "n_iter_", 0) + PROXIMAL_STEPS
        model.loss_curve_ = [*getattr(model, "loss_curve_", []), *losses]


def shrink_network(model: Any, lr: float, rate: float, n_rows: int) -> None:
    """Soft-threshold every Linear weight of the network by ``lr * rate * batches``."""
    import torch

    threshold = lr * rate * math.ceil(n_rows / model.batch_size)
    with torch.no_grad():
        for layer in model.module_.linears:
            w = layer.weight
            w.copy_(torch.sign(w) * torch.clamp(w.abs() - threshold, min=0.0))
