"""Tests of logitnet.linear._objective: gradients, Hessians and layouts of the objectives."""

import numpy as np
import pytest
from scipy.optimize import approx_fprime

from logitnet.linear import _objective
from logitnet.linear._objective import (
    BinaryObjective,
    MultinomialObjective,
    conjugate_gradient,
)

RNG = np.random.default_rng(2)
X = RNG.normal(size=(60, 3))
Y3 = RNG.integers(0, 3, 60)
S = RNG.random(60) / 30  # weights that do not sum to 1 on purpose
S /= S.sum()


def objectives():
    """Every objective variant: binary / multinomial, with / without intercept and penalty."""
    return [
        BinaryObjective(X, (Y3 > 0).astype(float), S, 0.0, True),
        BinaryObjective(X, (Y3 > 0).astype(float), S, 0.7, False),
        MultinomialObjective(X, Y3, S, 0.0, True, 3),
        MultinomialObjective(X, Y3, S, 0.3, False, 3),
    ]


def hessian(obj, w):
    """The dense Hessian, from hessian() or from Hessian-vector products."""
    if isinstance(obj, BinaryObjective):
        return obj.hessian(w)
    return np.array([obj.hessp(w, e) for e in np.eye(obj.n_params)])


@pytest.mark.parametrize("obj", objectives())
def test_gradient_matches_finite_differences(obj):
    w = RNG.normal(size=obj.n_params)
    numeric = approx_fprime(w, lambda v: obj.loss_grad(v)[0], 1e-7)
    np.testing.assert_allclose(obj.loss_grad(w)[1], numeric, atol=1e-6)


@pytest.mark.parametrize("obj", objectives())
def test_hessian_matches_finite_differences_of_the_gradient(obj):
    w = RNG.normal(size=obj.n_params)
    numeric = np.array(
        [approx_fprime(w, lambda v, i=i: obj.loss_grad(v)[1][i], 1e-7) for i in range(len(w))]
    )
    np.testing.assert_allclose(hessian(obj, w), numeric, atol=1e-6)


@pytest.mark.parametrize("obj", objectives())
def test_objective_is_weighted_mean_log_loss_plus_penalty(obj):
    w = RNG.normal(size=obj.n_params)
    coef, intercept = obj.split(w)
    Z = X @ coef.T + intercept
    if isinstance(obj, BinaryObjective):
        Z = np.column_stack([np.zeros(60), Z[:, 0]])
        y = obj.y.astype(int)
    else:
        y = obj.y
    log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    expected = -(S * log_p[np.arange(60), y]).sum() + 0.5 * obj.alpha * (coef**2).sum()
    assert obj.loss_grad(w)[0] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("obj", objectives())
def test_split_and_join_are_inverse(obj):
    w = RNG.normal(size=obj.n_params)
    np.testing.assert_array_equal(obj.join(*obj.split(w)), w)


def test_conjugate_gradient_solves_a_positive_definite_system():
    A = RNG.normal(size=(6, 6))
    H = A @ A.T + 0.1 * np.eye(6)
    b = RNG.normal(size=6)
    np.testing.assert_allclose(conjugate_gradient(lambda v: H @ v, b, 1e-12), np.linalg.solve(H, b))


def test_subsampled_hessian_direction_is_a_descent_direction(monkeypatch):
    monkeypatch.setattr(_objective, "SUBSAMPLE_ROWS", 20)
    obj = BinaryObjective(X, (Y3 > 0).astype(float), S, 0.0, True)
    w = np.zeros(obj.n_params)
    grad = obj.loss_grad(w)[1]
    step = obj.newton_direction(w, grad)
    assert len(obj._rows) == 20 and step @ grad < 0


def test_separates_detects_a_separating_direction():
    y = (X[:, 0] > 0).astype(float)
    obj = BinaryObjective(X, y, S, 0.0, True)
    assert obj.separates(np.array([0.0, 10.0, 0.0, 0.0]))
    assert not obj.separates(np.array([0.0, -10.0, 0.0, 0.0]))


def test_preconditioned_conjugate_gradient_converges_in_one_step_with_the_exact_inverse():
    A = RNG.normal(size=(6, 6))
    H = A @ A.T + 0.1 * np.eye(6)
    b = RNG.normal(size=6)
    calls = []

    def hessp(v):
        calls.append(v)
        return H @ v

    x = conjugate_gradient(hessp, b, 1e-10, precondition=lambda r: np.linalg.solve(H, r))
    np.testing.assert_allclose(x, np.linalg.solve(H, b))
    assert len(calls) == 1


def test_multinomial_newton_direction_stays_centered_across_classes():
    obj = MultinomialObjective(X, Y3, S, 0.5, True, 3)
    w = np.zeros(obj.n_params)
    step = obj.newton_direction(w, obj.loss_grad(w)[1])
    np.testing.assert_allclose(step.reshape(obj.shape).sum(axis=1), 0, atol=1e-12)


def test_the_hessian_of_a_column_major_matrix_is_the_row_major_one():
    """A streamed batch is column-major; its Hessian's work array follows X's order."""
    y, w = (Y3 > 0).astype(float), RNG.normal(size=4)
    rows = BinaryObjective(np.ascontiguousarray(X), y, S, 0.3, True)
    columns = BinaryObjective(np.asfortranarray(X), y, S, 0.3, True)
    np.testing.assert_allclose(columns.hessian(w), rows.hessian(w), rtol=1e-13, atol=1e-15)
    assert columns._work.flags.f_contiguous and rows._work.flags.c_contiguous
