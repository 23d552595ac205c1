"""Compiled kernels of the elastic-net solver: proximal Newton with coordinate descent.

glmnet's design. Each Newton step replaces the log-loss by its quadratic approximation at the
current point (a weighted least-squares problem); coordinate descent then solves that quadratic
plus the penalty ``l1 * |b_j| + l2 / 2 * b_j²`` one coefficient at a time, first over every
feature of the working set, then over the nonzero ones until they settle ("active set"
cycling). Each update keeps the weighted residual up to date ("naive updates"), so one
coordinate costs two passes over its column. A backtracking step on the true objective makes
every Newton step a descent step.

Convergence is the KKT condition: the largest distance from the objective's subgradient to 0
(:func:`violation`), over the working set, is at most ``tol``. The callers check the features
outside the working set (:mod:`logitnet.linear._elastic_net`).

``X`` is read column by column: pass it column-major (Fortran order).
"""

from __future__ import annotations

import numpy as np
from numba import njit

# Reassociation lets the compiler vectorize the sums over rows (the inner loops); the results
# are the same from run to run on one machine.
FAST = {"reassoc", "contract", "nsz"}
MAX_HALVINGS = 30  # backtracking steps of one Newton step
INNER_FRACTION = 0.1  # each quadratic is solved to this fraction of the current violation


@njit(cache=True, fastmath=FAST)
def soft_threshold(u, t):
    """``sign(u) * max(|u| - t, 0)``."""
    if u > t:
        return u - t
    if u < -t:
        return u + t
    return 0.0


@njit(cache=True, fastmath=FAST)
def violation(g, b, l1):
    """Distance from 0 of the subgradient of ``smooth + l1 |b|``; ``g``: the smooth gradient."""
    if b > 0:
        return abs(g + l1)
    if b < 0:
        return abs(g - l1)
    return max(abs(g) - l1, 0.0)


@njit(cache=True, fastmath=FAST)
def _log1pexp(z):
    """``log(1 + e^z)`` without overflow."""
    if z > 0:
        return z + np.log1p(np.exp(-z))
    return np.log1p(np.exp(z))


@njit(cache=True, fastmath=FAST)
def _penalty(beta, work, l1, l2):
    """``l1 ||b||_1 + l2 / 2 ||b||²`` over the working set (the rest is 0)."""
    total = 0.0
    for jj in range(work.shape[0]):
        b = beta[work[jj]]
        total += l1 * abs(b) + 0.5 * l2 * b * b
    return total


@njit(cache=True, fastmath=FAST)
def binary_objective(eta, y, s, beta, work, l1, l2):
    """Weighted mean log-loss at logits ``eta`` plus the penalty."""
    total = 0.0
    for i in range(eta.shape[0]):
        total += s[i] * (_log1pexp(eta[i]) - y[i] * eta[i])
    return total + _penalty(beta, work, l1, l2)


@njit(cache=True, fastmath=FAST)
def _column_dot(X, j, v):
    """``X[:, j] @ v``."""
    total = 0.0
    for i in range(X.shape[0]):
        total += X[i, j] * v[i]
    return total


@njit(cache=True, fastmath=FAST)
def _column_dot_curvature(X, j, v, w):
    """``(X[:, j] @ v, sum_i w_i X[i, j]²)`` in one pass over the column."""
    dot, curvature = 0.0, 0.0
    for i in range(X.shape[0]):
        x = X[i, j]
        dot += x * v[i]
        curvature += w[i] * x * x
    return dot, curvature


@njit(cache=True, fastmath=FAST)
def _binary_weights(eta, y, s, w, r):
    """IRLS weights ``w = s p (1 - p)`` and residuals ``r = s (y - p)`` at ``eta``; sum of ``w``."""
    total = 0.0
    for i in range(eta.shape[0]):
        p = 1.0 / (1.0 + np.exp(-eta[i]))
        w[i] = s[i] * p * (1.0 - p)
        r[i] = s[i] * (y[i] - p)
        total += w[i]
    return total


@njit(cache=True, fastmath=FAST)
def _kkt(X, r, beta, work, xv, w, l1, l2, fit_intercept):
    """Largest KKT violation over the working set (and the intercept); fills ``xv``."""
    worst = abs(np.sum(r)) if fit_intercept else 0.0
    for jj in range(work.shape[0]):
        j = work[jj]
        dot, curvature = _column_dot_curvature(X, j, r, w)
        xv[jj] = curvature
        worst = max(worst, violation(l2 * beta[j] - dot, beta[j], l1))
    return worst


@njit(cache=True, fastmath=FAST)
def _update(X, j, r, w, beta, xv_j, l1, l2):
    """One coordinate's exact minimization on the quadratic; returns ``xv_j * |change|``."""
    b = beta[j]
    denominator = xv_j + l2
    if denominator <= 0.0:
        return 0.0
    new = soft_threshold(_column_dot(X, j, r) + xv_j * b, l1) / denominator
    if new == b:
        return 0.0
    d = new - b
    beta[j] = new
    for i in range(X.shape[0]):
        r[i] -= d * w[i] * X[i, j]
    return xv_j * abs(d)


@njit(cache=True, fastmath=FAST)
def _intercept_update(r, w, sw, b0):
    """Move the intercept to the quadratic's minimum; returns the change in gradient units."""
    if sw <= 0.0:
        return 0.0
    d = np.sum(r) / sw
    b0[0] += d
    for i in range(r.shape[0]):
        r[i] -= d * w[i]
    return sw * abs(d)


@njit(cache=True, fastmath=FAST)
def _sweep(X, r, w, sw, beta, b0, work, xv, active, full, l1, l2, fit_intercept):
    """One pass of coordinate descent over the working set (``full``) or its nonzero part."""
    worst = _intercept_update(r, w, sw, b0) if fit_intercept else 0.0
    for jj in range(work.shape[0]):
        if not full and not active[jj]:
            continue
        change = _update(X, work[jj], r, w, beta, xv[jj], l1, l2)
        if beta[work[jj]] != 0.0:
            active[jj] = True
        worst = max(worst, change)
    return worst


@njit(cache=True, fastmath=FAST)
def solve_quadratic(X, r, w, sw, beta, b0, work, xv, l1, l2, fit_intercept, tol, max_passes):
    """Coordinate descent on one weighted least-squares problem, glmnet's active-set cycling."""
    active = np.zeros(work.shape[0], dtype=np.bool_)
    passes = 0
    while passes < max_passes:
        passes += 1
        if _sweep(X, r, w, sw, beta, b0, work, xv, active, True, l1, l2, fit_intercept) <= tol:
            break
        while passes < max_passes:
            passes += 1
            if _sweep(X, r, w, sw, beta, b0, work, xv, active, False, l1, l2, fit_intercept) <= tol:
                break
    return passes


@njit(cache=True, fastmath=FAST)
def _step_logits(X, beta, old, b0, b0_old, work, eta, deta):
    """``deta = X (beta - old) + (b0 - b0_old)``, then ``eta += deta``."""
    deta[:] = b0[0] - b0_old
    for jj in range(work.shape[0]):
        j = work[jj]
        d = beta[j] - old[jj]
        if d != 0.0:
            for i in range(X.shape[0]):
                deta[i] += d * X[i, j]
    for i in range(eta.shape[0]):
        eta[i] += deta[i]


@njit(cache=True, fastmath=FAST)
def _backtrack_binary(X, y, s, beta, old, b0, b0_old, work, eta, deta, l1, l2, before):
    """Halve the Newton step until the objective does not increase; returns the objective."""
    after = binary_objective(eta, y, s, beta, work, l1, l2)
    slack = 1e-13 * max(1.0, abs(before))
    for _ in range(MAX_HALVINGS):
        if after <= before + slack:
            return after
        for jj in range(work.shape[0]):
            beta[work[jj]] = old[jj] + 0.5 * (beta[work[jj]] - old[jj])
        b0[0] = b0_old + 0.5 * (b0[0] - b0_old)
        for i in range(eta.shape[0]):
            deta[i] *= 0.5
            eta[i] -= deta[i]
        after = binary_objective(eta, y, s, beta, work, l1, l2)
    return after


@njit(cache=True, fastmath=FAST)
def binary_newton(X, y, s, beta, b0, eta, work, l1, l2, fit_intercept, tol, max_iter, max_passes):
    """Minimize the binary elastic-net objective over the working set ``work``.

    ``beta`` (p,), ``b0`` (1,) and the logits ``eta = X beta + b0`` (n,) are updated in place.
    Returns ``(Newton steps, final KKT violation over the working set, objective)``.
    """
    n, m = X.shape[0], work.shape[0]
    w, r, deta = np.empty(n), np.empty(n), np.empty(n)
    xv, old = np.empty(m), np.empty(m)
    objective = binary_objective(eta, y, s, beta, work, l1, l2)
    worst = np.inf
    for it in range(max_iter + 1):
        sw = _binary_weights(eta, y, s, w, r)
        worst = _kkt(X, r, beta, work, xv, w, l1, l2, fit_intercept)
        if worst <= tol or it == max_iter:
            return it, worst, objective
        for jj in range(m):
            old[jj] = beta[work[jj]]
        b0_old = b0[0]
        inner = max(INNER_FRACTION * worst, INNER_FRACTION * tol)
        solve_quadratic(X, r, w, sw, beta, b0, work, xv, l1, l2, fit_intercept, inner, max_passes)
        _step_logits(X, beta, old, b0, b0_old, work, eta, deta)
        objective = _backtrack_binary(
            X, y, s, beta, old, b0, b0_old, work, eta, deta, l1, l2, objective
        )
    return max_iter, worst, objective


@njit(cache=True, fastmath=FAST)
def quadratic_cd(H, g, v, w0, penalized, l1, l2, tol, max_passes):
    """Minimize ``g·(v - w0) + ½ (v - w0)ᵀ H (v - w0) + pen(v)`` over ``v`` (in place).

    ``H`` is the loss's Hessian and ``g`` its gradient at ``w0``, both summed over a stream;
    ``pen`` applies ``l1 |v_j| + l2 / 2 v_j²`` where ``penalized[j]``. Returns the passes run.
    """
    m = v.shape[0]
    q = g.copy()  # the quadratic's gradient at v
    for j in range(m):
        d = v[j] - w0[j]
        if d != 0.0:
            for i in range(m):
                q[i] += H[i, j] * d
    for passes in range(1, max_passes + 1):
        worst = 0.0
        for j in range(m):
            h = H[j, j]
            if penalized[j]:
                new = soft_threshold(h * v[j] - q[j], l1) / (h + l2) if h + l2 > 0 else v[j]
            else:
                new = v[j] - q[j] / h if h > 0 else v[j]
            d = new - v[j]
            if d != 0.0:
                v[j] = new
                for i in range(m):
                    q[i] += H[i, j] * d
                worst = max(worst, h * abs(d))
        if worst <= tol:
            return passes
    return max_passes


@njit(cache=True, fastmath=FAST)
def gradient(X, Rt, G):
    """``G[k, j] = -X[:, j] @ Rt[k]``: the log-loss's gradient from the residuals ``Rt`` (K, n).

    One thread, one pass over each column: BLAS's threads stall when the machine is busy.
    """
    for j in range(X.shape[1]):
        for k in range(Rt.shape[0]):
            G[k, j] = -_column_dot(X, j, Rt[k])


@njit(cache=True, fastmath=FAST)
def logits(X, B, b0, Zt):
    """``Zt[k] = X B[k] + b0[k]`` (K, n) from the nonzero coefficients only."""
    for k in range(B.shape[0]):
        Zt[k, :] = b0[k]
        for j in range(X.shape[1]):
            b = B[k, j]
            if b != 0.0:
                for i in range(X.shape[0]):
                    Zt[k, i] += b * X[i, j]
