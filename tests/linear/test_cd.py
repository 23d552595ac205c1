"""The compiled kernels of the elastic net that the path calls once per alpha."""

from __future__ import annotations

import numpy as np
import pytest

from logitnet.linear import _cd
from logitnet.linear._elastic_net import Problem, deviance_of, penalties, solve


def _problem(n: int, p: int, k: int, seed: int = 0) -> Problem:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    codes = (X[:, :3] @ rng.standard_normal((3, k)) + rng.gumbel(size=(n, k))).argmax(axis=1)
    return Problem.of(X, codes, np.full(n, 1.0 / n), k)


@pytest.mark.parametrize("k", [1, 3])
def test_gradient_is_minus_x_transpose_times_the_residuals(k):
    rng = np.random.default_rng(1)
    X = np.asfortranarray(rng.standard_normal((37, 11)))
    R = rng.standard_normal((k, 37))
    G = np.empty((k, 11))
    _cd.gradient(X, R, G)
    np.testing.assert_allclose(G, -(R @ X), rtol=1e-12, atol=1e-12)


def test_logits_skip_the_zero_coefficients_and_equal_x_times_b():
    rng = np.random.default_rng(2)
    X = np.asfortranarray(rng.standard_normal((29, 8)))
    B = rng.standard_normal((3, 8))
    B[:, [1, 4, 5]] = 0.0
    X[:, 4] = np.nan  # a zero coefficient's column is never read
    Zt = np.empty((3, 29))
    _cd.logits(X, B, np.array([0.5, -1.0, 2.0]), Zt)
    keep = [0, 2, 3, 6, 7]
    expected = X[:, keep] @ B[:, keep].T + np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(Zt.T, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("k", [2, 4])
def test_problem_logits_and_gradient_agree_with_numpy(k):
    problem = _problem(50, 7, k)
    rng = np.random.default_rng(3)
    coef, intercept = (
        rng.standard_normal((problem.n_outputs, 7)),
        rng.standard_normal(problem.n_outputs),
    )
    Z = problem.logits(coef, intercept)
    np.testing.assert_allclose(Z, problem.X @ coef.T + intercept, rtol=1e-12, atol=1e-12)
    R = problem.residuals(Z)
    np.testing.assert_allclose(problem.gradient(R), -(problem.X.T @ R).T, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("k", [2, 3])
def test_fit_deviance_from_the_kernel_objective_equals_the_direct_one(k):
    problem = _problem(80, 6, k)
    fit = solve(problem, 0.02, 0.7, tol=1e-10)
    l1, l2 = penalties(0.02, 0.7)
    Z = problem.logits(fit.coef, fit.intercept)
    assert fit.deviance == pytest.approx(deviance_of(problem, Z), rel=1e-12)
    penalty = l1 * np.abs(fit.coef).sum() + 0.5 * l2 * (fit.coef**2).sum()
    assert fit.objective == pytest.approx(0.5 * fit.deviance + penalty, rel=1e-12)
    assert fit.violation <= 1e-10
