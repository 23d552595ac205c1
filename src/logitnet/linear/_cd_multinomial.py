"""The compiled proximal Newton kernel of the multinomial elastic net.

Each Newton step approximates the softmax cross-entropy by its quadratic at the current
logits, all classes together, and coordinate descent solves that quadratic plus the penalty
one coefficient ``(class k, feature j)`` at a time. The step's change of the logits ``U`` and
its softmax-weighted mean ``ubar`` are kept up to date, so the quadratic's gradient at any
coefficient costs one pass over its column:
``g_kj = Σ_i x_ij (r_ik - s_i p_ik (U_ik - ubar_i))`` with ``r = s (onehot(y) - p)``.
The arrays are class-major: ``Eta``, ``P``, ``R``, ``U`` are ``(K, n)`` and ``B`` is ``(K, p)``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from logitnet.linear._cd import FAST, INNER_FRACTION, MAX_HALVINGS, soft_threshold, violation


@njit(cache=True, fastmath=FAST)
def objective(Eta, codes, s, B, work, l1, l2):
    """Weighted mean cross-entropy at logits ``Eta`` (K, n) plus the penalty on ``B`` (K, p)."""
    K, n = Eta.shape
    total = 0.0
    for i in range(n):
        top = Eta[0, i]
        for k in range(1, K):
            top = max(top, Eta[k, i])
        acc = 0.0
        for k in range(K):
            acc += np.exp(Eta[k, i] - top)
        total += s[i] * (top + np.log(acc) - Eta[codes[i], i])
    for k in range(K):
        for jj in range(work.shape[0]):
            b = B[k, work[jj]]
            total += l1 * abs(b) + 0.5 * l2 * b * b
    return total


@njit(cache=True, fastmath=FAST)
def _state(Eta, codes, s, P, R):
    """Softmax ``P`` of the logits and the residuals ``R = s (onehot(y) - P)``."""
    K, n = Eta.shape
    for i in range(n):
        top = Eta[0, i]
        for k in range(1, K):
            top = max(top, Eta[k, i])
        acc = 0.0
        for k in range(K):
            P[k, i] = np.exp(Eta[k, i] - top)
            acc += P[k, i]
        for k in range(K):
            P[k, i] /= acc
            R[k, i] = s[i] * ((1.0 if codes[i] == k else 0.0) - P[k, i])


@njit(cache=True, fastmath=FAST)
def _kkt(X, P, R, s, B, work, xv, hv, l1, l2, fit_intercept):
    """Largest KKT violation; fills the diagonal curvatures ``xv`` (K, m) and ``hv`` (K,)."""
    K, n = P.shape
    worst = 0.0
    for k in range(K):
        h, g0 = 0.0, 0.0
        for i in range(n):
            h += s[i] * P[k, i] * (1.0 - P[k, i])
            g0 += R[k, i]
        hv[k] = h
        if fit_intercept:
            worst = max(worst, abs(g0))
        for jj in range(work.shape[0]):
            j = work[jj]
            g, c = 0.0, 0.0
            for i in range(n):
                g += X[i, j] * R[k, i]
                c += s[i] * P[k, i] * (1.0 - P[k, i]) * X[i, j] * X[i, j]
            xv[k, jj] = c
            worst = max(worst, violation(-g + l2 * B[k, j], B[k, j], l1))
    return worst


@njit(cache=True, fastmath=FAST)
def _move(X, j, k, d, P, U, ubar):
    """Add ``d`` times column ``j`` (the intercept when ``j < 0``) to class ``k``'s logits."""
    for i in range(U.shape[1]):
        step = d if j < 0 else d * X[i, j]
        U[k, i] += step
        ubar[i] += P[k, i] * step


@njit(cache=True, fastmath=FAST)
def _model_gradient(X, j, k, s, P, R, U, ubar):
    """Minus the quadratic's gradient at coefficient ``(k, j)`` (the intercept when ``j < 0``)."""
    g = 0.0
    for i in range(U.shape[1]):
        r = R[k, i] - s[i] * P[k, i] * (U[k, i] - ubar[i])
        g += r if j < 0 else X[i, j] * r
    return g


@njit(cache=True, fastmath=FAST)
def _sweep(X, s, P, R, U, ubar, B, b0, work, xv, hv, active, full, l1, l2, fit_intercept):
    """One pass over every ``(class, feature)`` of the working set, or over the nonzero ones."""
    K = B.shape[0]
    worst = 0.0
    for k in range(K):
        if fit_intercept and hv[k] > 0.0:
            d = _model_gradient(X, -1, k, s, P, R, U, ubar) / hv[k]
            b0[k] += d
            _move(X, -1, k, d, P, U, ubar)
            worst = max(worst, hv[k] * abs(d))
        for jj in range(work.shape[0]):
            if not full and not active[k, jj]:
                continue
            j, h = work[jj], xv[k, jj]
            if h + l2 <= 0.0:
                continue
            b = B[k, j]
            u = _model_gradient(X, j, k, s, P, R, U, ubar) + h * b
            new = soft_threshold(u, l1) / (h + l2)
            if new != b:
                B[k, j] = new
                _move(X, j, k, new - b, P, U, ubar)
                worst = max(worst, h * abs(new - b))
            if new != 0.0:
                active[k, jj] = True
    return worst


@njit(cache=True, fastmath=FAST)
def _solve_quadratic(
    X, s, P, R, U, ubar, B, b0, work, xv, hv, l1, l2, fit_intercept, tol, max_passes
):
    """Coordinate descent on one Newton step's quadratic, glmnet's active-set cycling."""
    active = np.zeros(xv.shape, dtype=np.bool_)
    passes = 0
    while passes < max_passes:
        passes += 1
        if (
            _sweep(X, s, P, R, U, ubar, B, b0, work, xv, hv, active, True, l1, l2, fit_intercept)
            <= tol
        ):
            break
        while passes < max_passes:
            passes += 1
            if (
                _sweep(
                    X, s, P, R, U, ubar, B, b0, work, xv, hv, active, False, l1, l2, fit_intercept
                )
                <= tol
            ):
                break
    return passes


@njit(cache=True, fastmath=FAST)
def _backtrack(Eta, U, codes, s, B, old, b0, b0_old, work, l1, l2, before):
    """Take the step ``Eta += U``, halving it until the objective does not increase."""
    Eta += U
    after = objective(Eta, codes, s, B, work, l1, l2)
    for _ in range(MAX_HALVINGS):
        if after <= before + 1e-13 * max(1.0, abs(before)):
            break
        U *= 0.5
        Eta -= U
        for jj in range(work.shape[0]):
            for k in range(B.shape[0]):
                B[k, work[jj]] = old[k, jj] + 0.5 * (B[k, work[jj]] - old[k, jj])
        for k in range(B.shape[0]):
            b0[k] = b0_old[k] + 0.5 * (b0[k] - b0_old[k])
        after = objective(Eta, codes, s, B, work, l1, l2)
    return after


@njit(cache=True, fastmath=FAST)
def multinomial_newton(
    X, codes, s, B, b0, Eta, work, l1, l2, fit_intercept, tol, max_iter, max_passes
):
    """Minimize the multinomial elastic-net objective over the working set ``work``.

    ``B`` (K, p), ``b0`` (K,) and the logits ``Eta = B Xᵀ + b0`` (K, n) are updated in place.
    Returns ``(Newton steps, final KKT violation over the working set, objective)``.
    """
    K, n = Eta.shape
    m = work.shape[0]
    P, R, U = np.empty((K, n)), np.empty((K, n)), np.empty((K, n))
    ubar, xv, hv, old = np.empty(n), np.empty((K, m)), np.empty(K), np.empty((K, m))
    value = objective(Eta, codes, s, B, work, l1, l2)
    worst = np.inf
    for it in range(max_iter + 1):
        _state(Eta, codes, s, P, R)
        worst = _kkt(X, P, R, s, B, work, xv, hv, l1, l2, fit_intercept)
        if worst <= tol or it == max_iter:
            return it, worst, value
        for jj in range(m):
            for k in range(K):
                old[k, jj] = B[k, work[jj]]
        b0_old = b0.copy()
        U[:] = 0.0
        ubar[:] = 0.0
        inner = max(INNER_FRACTION * worst, INNER_FRACTION * tol)
        _solve_quadratic(
            X, s, P, R, U, ubar, B, b0, work, xv, hv, l1, l2, fit_intercept, inner, max_passes
        )
        value = _backtrack(Eta, U, codes, s, B, old, b0, b0_old, work, l1, l2, value)
    return max_iter, worst, value
