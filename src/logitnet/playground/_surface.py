"""The loss surface: the training log-loss over (w1, w2), and three optimizers' paths on it.

Drawn for logistic regression with two classes and two input columns only: then the model has
three parameters (w1, w2 and the intercept b) and the picture is the objective itself, sliced at
the model's current intercept. A network's loss over two of its many weights says little about the
path its optimizer takes, so the page says so instead of drawing one.

Gradient descent (a chosen step size), Newton (with step halving) and Adam (step 0.1) each start at
zero and walk the full objective (mean log-loss plus ``l2 / 2 * ||w||²``); each path stops once its
loss is within ``TOLERANCE`` of the optimum, which Newton finds beforehand to a gradient of 1e-10.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from logitnet.linear import add_intercept

__all__ = ["SOLVERS", "TOLERANCE", "LossSurface", "surface_note"]

TOLERANCE = 1e-6  # a path has reached the optimum once its loss is this close to it
MAX_STEPS = 3000  # longest path computed
NO_OPTIMUM_STEPS = 200  # longest path when the loss has no finite minimum (separable classes)
CONTOUR_CELLS = 41  # the contour grid is CONTOUR_CELLS x CONTOUR_CELLS
ADAM_STEP, ADAM_BETAS, ADAM_EPS = 0.1, (0.9, 0.999), 1e-8
SOLVERS = ("gd", "newton", "adam")


def surface_note(model: str, n_classes: int, n_inputs: int, l1: float) -> str | None:
    """Why no surface is drawn for these settings, or None when one is."""
    if model != "logistic":
        return (
            "The loss surface is drawn for logistic regression with two input weights: a "
            "network has too many weights for one picture, and a slice through two of them "
            "would not show the path its optimizer takes."
        )
    if n_classes != 2 or n_inputs != 2:
        return (
            f"The loss surface needs two classes and two input features (w1, w2); this "
            f"model has {n_classes} classes and {n_inputs} inputs."
        )
    if l1 > 0:
        return "The loss surface is drawn without L1: switch regularization to none or L2."
    return None


class LossSurface:
    """The objective of a two-input binary logistic regression, its optimum and three paths."""

    def __init__(self, X: np.ndarray, y: np.ndarray, l2: float, gd_step: float) -> None:
        self.A, self.y, self.l2, self.gd_step = add_intercept(X), y.astype(np.float64), l2, gd_step
        self.optimum = self._optimum()
        self.paths = {name: self._path(name) for name in SOLVERS}

    # --- the objective, parameters ordered [b, w1, w2] -------------------------------------

    def loss_grad(self, w: np.ndarray) -> tuple[float, np.ndarray]:
        """Mean log-loss + ``l2 / 2 * (w1² + w2²)`` and its gradient (``log_loss_and_grad``'s
        sums, without its input checks: the paths call this thousands of times)."""
        z = self.A @ w
        loss = float(np.mean(np.logaddexp(0.0, z) - self.y * z))
        grad = self.A.T @ (0.5 * (1.0 + np.tanh(0.5 * z)) - self.y) / len(z)
        grad[1:] += self.l2 * w[1:]
        return loss + 0.5 * self.l2 * float(w[1:] @ w[1:]), grad

    def hessian(self, w: np.ndarray) -> np.ndarray:
        """``Aᵀ diag(p (1 - p)) A / n`` plus the penalty on w1, w2."""
        p = 0.5 * (1.0 + np.tanh(0.5 * (self.A @ w)))
        H = (self.A * (p * (1 - p))[:, None]).T @ self.A / len(self.A)
        H[1:, 1:] += self.l2 * np.eye(2)
        return H

    def _newton_step(self, w: np.ndarray) -> np.ndarray:
        """A Newton step, halved until the objective does not increase."""
        loss, grad = self.loss_grad(w)
        d, t = np.linalg.lstsq(self.hessian(w), -grad, rcond=1e-12)[0], 1.0
        while t > 1e-10 and self.loss_grad(w + t * d)[0] > loss:
            t /= 2
        return w + t * d

    def _optimum(self) -> tuple[np.ndarray, float] | None:
        """Newton's minimizer and minimum, or None when there is no finite one: without L2, a
        line that separates the classes only gets better as the weights grow."""
        w = np.zeros(3)
        for _ in range(200):
            w = self._newton_step(w)
            loss, grad = self.loss_grad(w)
            if self.l2 == 0 and np.all((2 * self.y - 1) * (self.A @ w) > 0):
                return None
            if np.abs(grad).max() < 1e-10:
                return w, loss
        return None

    # --- the three solvers -------------------------------------------------------------------

    def _iterates(self, name: str) -> Iterator[np.ndarray]:
        """The solver's iterates, from zero."""
        w, m, v = np.zeros(3), np.zeros(3), np.zeros(3)
        longest = NO_OPTIMUM_STEPS if self.optimum is None else MAX_STEPS
        for t in range(1, longest + 1):
            if name == "newton":
                w = self._newton_step(w)
            elif name == "gd":
                w = w - self.gd_step * self.loss_grad(w)[1]
            else:
                g = self.loss_grad(w)[1]
                m = ADAM_BETAS[0] * m + (1 - ADAM_BETAS[0]) * g
                v = ADAM_BETAS[1] * v + (1 - ADAM_BETAS[1]) * g * g
                m_hat, v_hat = m / (1 - ADAM_BETAS[0] ** t), v / (1 - ADAM_BETAS[1] ** t)
                w = w - ADAM_STEP * m_hat / (np.sqrt(v_hat) + ADAM_EPS)
            yield w

    def _path(self, name: str) -> dict:
        """The iterates up to the optimum (within TOLERANCE) or MAX_STEPS: ``{w, steps}``."""
        points, steps = [np.zeros(3)], None
        best = None if self.optimum is None else self.optimum[1]
        for w in _until(self._iterates(name), lambda w: not np.isfinite(w).all()):
            points.append(w)
            if best is not None and self.loss_grad(w)[0] - best <= TOLERANCE:  # one pass of X
                steps = len(points) - 1
                break
        return {"w": np.array(points), "steps": steps}

    # --- what the page draws -----------------------------------------------------------------

    def box(self) -> tuple[float, float, float, float]:
        """``(w1_min, w1_max, w2_min, w2_max)`` around every path, padded."""
        points = np.vstack([path["w"][:, 1:] for path in self.paths.values()])
        low, high = points.min(axis=0), points.max(axis=0)
        pad = 0.15 * np.maximum(high - low, 1e-3) + 0.05
        return (low[0] - pad[0], high[0] + pad[0], low[1] - pad[1], high[1] + pad[1])

    def describe(self) -> dict:
        """The surface for the page: the box, the optimum and each solver's path and steps."""
        w1a, w1b, w2a, w2b = self.box()
        return {
            "w1": np.linspace(w1a, w1b, CONTOUR_CELLS).tolist(),
            "w2": np.linspace(w2a, w2b, CONTOUR_CELLS).tolist(),
            "tolerance": TOLERANCE,
            "optimum": None if self.optimum is None else self.optimum[0][1:].tolist(),
            "gd_step": self.gd_step,
            "max_steps": MAX_STEPS,
            "paths": {
                name: {
                    "w1": p["w"][:, 1].tolist(),
                    "w2": p["w"][:, 2].tolist(),
                    "steps": p["steps"],
                }
                for name, p in self.paths.items()
            },
        }

    def contours(self, intercept: float) -> list[list[float]]:
        """The objective over the box's grid at ``intercept``: rows of w2, columns of w1."""
        w1a, w1b, w2a, w2b = self.box()
        g1, g2 = np.meshgrid(
            np.linspace(w1a, w1b, CONTOUR_CELLS), np.linspace(w2a, w2b, CONTOUR_CELLS)
        )
        Z = self.A[:, 1:] @ np.vstack([g1.ravel(), g2.ravel()]) + intercept
        loss = np.mean(np.logaddexp(0.0, Z) - self.y[:, None] * Z, axis=0)
        loss += 0.5 * self.l2 * (g1.ravel() ** 2 + g2.ravel() ** 2)
        return np.round(loss.reshape(g1.shape), 6).tolist()


def _until(items: Iterator[np.ndarray], stop: Callable[[np.ndarray], bool]) -> Iterator:
    """``items`` up to (not including) the first for which ``stop`` is true."""
    for item in items:
        if stop(item):
            return
        yield item
