"""Why a logistic fit has no finite standard errors: collinear columns, separated classes.

Both checks work on the design ``A = [1, X]`` (without the ones when there is no intercept) and
name the columns involved, so that the user knows what to drop or to penalize.
"""

from __future__ import annotations

import numpy as np

SINGULAR_RCOND = 1e-10  # eigenvalues of the scaled information below this fraction are zero
INVOLVED = 1e-6  # an entry of a null or separating direction above this names its column


def collinear_columns(information: np.ndarray, names: list[str]) -> list[str]:
    """Names of the columns in the null space of ``information`` (empty when it is invertible).

    The matrix is first scaled to unit diagonal, so the answer does not depend on the units of
    the columns; a column that is zero on every weighted row is always named.
    """
    diagonal = np.sqrt(np.clip(np.diag(information), 0.0, None))
    scale = np.where(diagonal > 0, diagonal, 1.0)
    values, vectors = np.linalg.eigh(information / np.outer(scale, scale))
    null = vectors[:, values <= SINGULAR_RCOND * max(values.max(), 1.0)]
    involved = (np.abs(null) > INVOLVED).any(axis=1) | (diagonal == 0)
    return [name for name, hit in zip(names, involved, strict=True) if hit]


def separating_columns(A: np.ndarray, y: np.ndarray, weights: np.ndarray, k: int) -> list[int]:
    """Indices of the feature columns of ``A`` that separate the classes, or ``[]``.

    A direction ``d`` separates (completely or quasi-completely) when every weighted sample has
    a margin ``(2 y - 1) * (A @ d) >= 0`` and some have a positive one: along ``d`` the
    log-likelihood keeps rising, so the maximum-likelihood estimates run to infinity. A linear
    programme finds such a ``d`` when there is one (as Konis, 2007), with the smallest L1 norm
    on standardized features, so that it names few of them. The first ``k`` columns (the
    intercept) are free and never named.
    """
    from scipy.optimize import linprog

    spread = A.std(axis=0)
    M = ((2 * y - 1)[:, None] * (A / np.where(spread > 0, spread, 1.0)))[weights > 0]
    M = np.hstack([M, -M[:, k:]])  # d = [intercept, u - v] with u, v >= 0
    cost = np.r_[np.zeros(k), np.ones(M.shape[1] - k)]
    bounds = [(None, None)] * k + [(0, None)] * (M.shape[1] - k)
    A_ub = np.vstack([-M, -M.sum(axis=0)])  # every margin >= 0, their sum >= 1
    b_ub = np.r_[np.zeros(len(M)), -1.0]
    res = linprog(cost, A_ub=A_ub, b_ub=b_ub, bounds=bounds, method="highs")
    if res.status != 0:  # infeasible: no separating direction
        return []
    p = (M.shape[1] - k) // 2
    d = res.x[k : k + p] - res.x[k + p :]
    return [k + j for j in range(p) if abs(d[j]) > INVOLVED * max(np.abs(d).max(), 1.0)]
