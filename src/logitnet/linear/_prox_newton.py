"""Proximal Newton on an objective that gives its Hessian: the elastic net over sums.

For data that are never in memory at once (a stream of batches, rows shared among processes),
each pass sums the log-loss's gradient and Hessian (a small ``(p + 1, p + 1)`` matrix for two
classes); coordinate descent then minimizes that quadratic plus the L1 penalty in memory
(:func:`logitnet.linear._cd.quadratic_cd`), and a backtracking step on the true objective
(one more pass each) makes it a descent step. The objective holds the L2 part of the
penalty; ``options.l1`` is the weight of the L1 part.
"""

from __future__ import annotations

import numpy as np

from logitnet.linear._cd import quadratic_cd
from logitnet.linear._solvers import (
    ARMIJO,
    MAX_HALVINGS,
    SolverOptions,
    SolverResult,
    _begin,
    _iterated,
    _small,
)

MAX_PASSES = 100_000  # coordinate-descent passes of one quadratic


def penalized_mask(objective) -> np.ndarray:
    """True for the coefficients, False for the intercepts, in the flat layout."""
    coef, intercept = objective.split(np.ones(objective.n_params))
    return objective.join(coef, np.zeros_like(intercept)) != 0


def kkt_violation(grad: np.ndarray, w: np.ndarray, penalized: np.ndarray, l1: float):
    """Distance of each parameter's subgradient from 0 (the gradient for the intercepts)."""
    at_zero = np.maximum(np.abs(grad) - l1, 0.0)
    lasso = np.where(w == 0, at_zero, np.abs(grad + l1 * np.sign(w)))
    return np.where(penalized, lasso, np.abs(grad))


def proximal_newton(objective, w0: np.ndarray, options: SolverOptions) -> SolverResult:
    """Minimize ``objective + options.l1 * ||coef||_1`` from ``w0``."""
    penalized, l1 = penalized_mask(objective), float(options.l1)
    w = np.asarray(w0, dtype=np.float64)
    loss, grad = objective.loss_grad(w)
    value = loss + l1 * np.abs(w[penalized]).sum()
    gap = kkt_violation(grad, w, penalized, l1)
    result = _begin(w, options, converged=_small(gap, options.tol))
    while not result.converged and result.n_iter < options.max_iter:
        inner = 0.1 * max(float(gap.max()), options.tol)
        found = _step(objective, w, grad, value, penalized, l1, inner)
        if found is None:
            result.stalled = True
            break
        w, value, grad = found
        gap = kkt_violation(grad, w, penalized, l1)
        _iterated(options, result, w, value, gap)
    result.w = w
    return result


def _step(objective, w, grad, value, penalized, l1, inner):
    """One proximal Newton step with backtracking; ``None`` when no step decreases."""
    v = w.copy()
    quadratic_cd(objective.hessian(w), grad, v, w, penalized, l1, 0.0, inner, MAX_PASSES)
    d = v - w
    decrease = float(grad @ d) + l1 * (np.abs(v[penalized]).sum() - np.abs(w[penalized]).sum())
    t = 1.0
    for _ in range(MAX_HALVINGS):
        w_new = w + t * d
        loss, grad_new = objective.loss_grad(w_new)
        value_new = loss + l1 * np.abs(w_new[penalized]).sum()
        rounding = 16 * np.finfo(float).eps * max(1.0, abs(value))
        if value_new <= value + ARMIJO * t * min(decrease, 0.0) + rounding:
            return w_new, value_new, grad_new
        t *= 0.5
    return None
