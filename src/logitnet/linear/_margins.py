"""Average marginal effects: statsmodels' ``get_margeff(at="overall", method="dydx")``.

For a binary model, ``dP/dx_j = p (1 - p) b_j`` at each row, averaged over the rows (weighted
by the frequency weights). For a multinomial model with probabilities ``p_k``, the effect on
class ``k`` is ``p_k (b_kj - sum_m p_m b_mj)``. Standard errors follow by the delta method,
``J V Jᵀ``, with the exact Jacobian ``J`` of the averages in the parameters.
"""

from __future__ import annotations

from typing import Any

import numpy as np

MARGIN_COLUMNS = ("dydx", "std_err", "z", "p_value", "ci_lower", "ci_upper")


def effects_table(
    effects: np.ndarray,
    jacobian: np.ndarray,
    covariance: np.ndarray,
    names: list[str],
    level: float,
) -> Any:
    """The table of effects with delta-method errors, z, p and Wald intervals."""
    import pandas as pd
    from scipy.stats import norm

    std_err = np.sqrt(np.einsum("ij,jk,ik->i", jacobian, covariance, jacobian))
    z = effects / std_err
    half = norm.ppf(0.5 + level / 2) * std_err
    columns = [effects, std_err, z, 2 * norm.sf(np.abs(z)), effects - half, effects + half]
    return pd.DataFrame(dict(zip(MARGIN_COLUMNS, columns, strict=True)), index=names)


def binary_effects(A: np.ndarray, w: np.ndarray, weights: np.ndarray, k: int):
    """``(effects (p,), jacobian (p, n_params))`` of the features of a binary model.

    ``A`` is the design ``[1, X]`` (``X`` without an intercept, ``k = 0``), ``w`` the
    parameters in its order, ``weights`` the frequency weights.
    """
    from scipy.special import expit

    p = expit(A @ w)
    share = weights / weights.sum()
    density = p * (1 - p)  # dp/dlogit
    mean_density = float(share @ density)
    jacobian = w[k:, None] * ((share * density * (1 - 2 * p)) @ A)[None, :]
    jacobian[:, k:] += mean_density * np.eye(len(w) - k)
    return mean_density * w[k:], jacobian


def multinomial_effects(A: np.ndarray, B: np.ndarray, weights: np.ndarray, k: int):
    """``(effects (K, p), jacobian (K p, (K-1) n_params))`` of a reference-class model.

    ``B`` holds the parameters of the non-reference classes, shape ``(K-1, n_params)``; the
    reference class (first row of the effects) has all-zero parameters.
    """
    from logitnet.linear._softmax import softmax

    full = np.vstack([np.zeros(A.shape[1]), B])  # (K, n_params)
    P = softmax(A @ full.T)  # (n, K)
    share = weights / weights.sum()
    gap = full[None, :, k:] - (P @ full[:, k:])[:, None, :]  # (n, K, p): b_kj - sum_m p_m b_mj
    effects = np.einsum("i,ik,ikj->kj", share, P, gap)
    blocks = [_class_jacobian(A, P, share, gap, c, k) for c in range(1, len(full))]
    return effects, np.concatenate(blocks, axis=2).reshape(effects.size, -1)


def _class_jacobian(A, P, share, gap, c: int, k: int) -> np.ndarray:
    """d effects (K, p) / d parameters of class ``c`` (n_params): shape (K, p, n_params)."""
    onehot = np.arange(P.shape[1]) == c
    dP = P * (onehot - P[:, c : c + 1])  # (n, K): dp_k / dlogit_c
    term = dP[:, :, None] * gap - P[:, :, None] * (P[:, c, None] * gap[:, c])[:, None, :]
    jacobian = np.einsum("i,ikj,il->kjl", share, term, A)
    direct = share @ (P * onehot) - share @ (P * P[:, c : c + 1])  # (K,)
    for j in range(gap.shape[2]):
        jacobian[:, j, k + j] += direct
    return jacobian
