"""The elastic-net fit at one alpha, against scikit-learn's saga and skglm on standardized data."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression as SkLogistic
from sklearn.preprocessing import StandardScaler

from logitnet import LogisticRegression
from logitnet.linear._elastic_net import Problem, objective, solve

N, P = 300, 8


def _data(n_classes: int = 2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = StandardScaler().fit_transform(rng.standard_normal((N, P)) @ rng.standard_normal((P, P)))
    W = np.zeros((P, n_classes))
    W[:3] = rng.standard_normal((3, n_classes)) * 1.5
    return X, (X @ W + rng.gumbel(size=(N, n_classes))).argmax(axis=1)


def _objective(X, y, coef, intercept, alpha, l1_ratio, s=None):
    """The elastic-net objective of any fitted coefficients, on data ``X, y``."""
    classes, codes = np.unique(y, return_inverse=True)
    s = np.full(len(y), 1 / len(y)) if s is None else s / s.sum()
    problem = Problem.of(X, codes, s, len(classes))
    return objective(problem, np.atleast_2d(coef), np.atleast_1d(intercept), alpha, l1_ratio)


def _saga(X, y, alpha, l1_ratio, sample_weight=None, fit_intercept=True):
    model = SkLogistic(
        C=1 / (alpha * len(y)),
        l1_ratio=l1_ratio,
        solver="saga",
        tol=1e-10,
        max_iter=1_000_000,
        fit_intercept=fit_intercept,
    )
    return model.fit(X, y, sample_weight=sample_weight)


def _agrees(ours, ref, X, y, alpha, l1_ratio, s=None):
    """Objectives within 1e-8 relative, coefficients within 1e-5, the same zeros."""
    f_ours = _objective(X, y, ours.coef_, ours.intercept_, alpha, l1_ratio, s)
    f_ref = _objective(X, y, ref.coef_, ref.intercept_, alpha, l1_ratio, s)
    assert f_ours <= f_ref * (1 + 1e-8)
    assert abs(f_ours - f_ref) <= 1e-8 * abs(f_ref)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-5)
    np.testing.assert_array_equal(ours.coef_ == 0, np.abs(ref.coef_) < 1e-8)


@pytest.mark.parametrize(
    ("n_classes", "alpha", "l1_ratio"),
    [(2, 0.02, 1.0), (2, 0.03, 0.5), (3, 0.02, 1.0), (3, 0.02, 0.7)],
    ids=["binary-lasso", "binary-enet", "multinomial-lasso", "multinomial-enet"],
)
def test_matches_saga(n_classes, alpha, l1_ratio):
    X, y = _data(n_classes)
    ours = LogisticRegression(alpha, l1_ratio=l1_ratio, tol=1e-10).fit(X, y)
    _agrees(ours, _saga(X, y, alpha, l1_ratio), X, y, alpha, l1_ratio)
    assert (ours.coef_ == 0).any()  # the penalty removed some coefficients, exactly


def test_matches_saga_with_sample_weights():
    X, y = _data(2)
    s = np.random.default_rng(1).uniform(0.2, 3.0, N)
    ours = LogisticRegression(0.02, l1_ratio=1.0, tol=1e-10).fit(X, y, sample_weight=s)
    # scikit-learn's objective sums the weighted losses: C = 1 / (alpha * sum(s))
    ref = SkLogistic(
        C=1 / (0.02 * s.sum()), l1_ratio=1.0, solver="saga", tol=1e-10, max_iter=1_000_000
    ).fit(X, y, sample_weight=s)
    _agrees(ours, ref, X, y, 0.02, 1.0, s)


def test_matches_saga_without_intercept():
    X, y = _data(2)
    ours = LogisticRegression(0.02, l1_ratio=1.0, fit_intercept=False, tol=1e-10).fit(X, y)
    ref = _saga(X, y, 0.02, 1.0, fit_intercept=False)
    assert ours.intercept_.tolist() == [0.0]
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-5)


@pytest.mark.slow  # skglm compiles its numba kernels on first use (about a minute)
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_matches_skglm(l1_ratio):
    skglm = pytest.importorskip("skglm")
    from skglm.datafits import Logistic
    from skglm.penalties import L1, L1_plus_L2
    from skglm.solvers import ProxNewton

    X, y = _data(2)
    alpha = 0.02
    penalty = L1(alpha) if l1_ratio == 1 else L1_plus_L2(alpha, l1_ratio)
    ref = skglm.GeneralizedLinearEstimator(Logistic(), penalty, ProxNewton(tol=1e-12, max_iter=200))
    ref.fit(X, 2.0 * y - 1)
    ours = LogisticRegression(alpha, l1_ratio=l1_ratio, tol=1e-10).fit(X, y)
    _agrees(ours, ref, X, y, alpha, l1_ratio)


def test_l1_ratio_zero_is_the_ridge_model_bit_for_bit():
    X, y = _data(3)
    ridge = LogisticRegression(0.1).fit(X, y)
    same = LogisticRegression(0.1, l1_ratio=0.0).fit(X, y)
    assert np.array_equal(ridge.coef_, same.coef_)
    assert np.array_equal(ridge.intercept_, same.intercept_)


def test_solver_cd_at_l1_ratio_zero_reaches_the_ridge_optimum():
    X, y = _data(2)
    ridge = LogisticRegression(0.1, tol=1e-10).fit(X, y)
    cd = LogisticRegression(0.1, l1_ratio=0.0, solver="cd", tol=1e-10).fit(X, y)
    np.testing.assert_allclose(cd.coef_, ridge.coef_, atol=1e-8)


@pytest.mark.parametrize("solver", ["newton", "lbfgs", "gd"])
def test_other_solvers_refuse_l1(solver):
    X, y = _data(2)
    message = (
        f"solver='{solver}' does not support l1_ratio > 0 (got l1_ratio=0.5): use solver='cd' "
        "(or 'auto', the default), proximal Newton with coordinate descent."
    )
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        LogisticRegression(1.0, l1_ratio=0.5, solver=solver).fit(X, y)


@pytest.mark.parametrize("l1_ratio", [-0.1, 1.5])
def test_l1_ratio_outside_0_1_is_refused(l1_ratio):
    X, y = _data(2)
    with pytest.raises(ValueError, match=rf"`l1_ratio` must be in \[0.0, 1.0\]. Got {l1_ratio}"):
        LogisticRegression(1.0, l1_ratio=l1_ratio).fit(X, y)


def test_large_alpha_removes_every_coefficient():
    X, y = _data(2)
    model = LogisticRegression(10.0, l1_ratio=1.0, tol=1e-10).fit(X, y)
    assert model.coef_.tolist() == [[0.0] * P]
    np.testing.assert_allclose(model.intercept_, [np.log(y.mean() / (1 - y.mean()))], atol=1e-7)


def test_warm_start_reaches_the_same_solution_in_fewer_steps():
    X, y = _data(2)
    cold = LogisticRegression(0.02, l1_ratio=1.0, tol=1e-10).fit(X, y)
    warm = LogisticRegression(0.021, l1_ratio=1.0, warm_start=True, tol=1e-10).fit(X, y)
    warm.set_params(alpha=0.02).fit(X, y)
    np.testing.assert_allclose(warm.coef_, cold.coef_, atol=1e-8)
    assert warm.n_iter_ < cold.n_iter_


def test_class_weight_is_a_sample_weight():
    X, y = _data(2)
    weights = {0: 1.0, 1: 3.0}
    by_class = LogisticRegression(0.02, l1_ratio=1.0, class_weight=weights, tol=1e-10).fit(X, y)
    by_row = LogisticRegression(0.02, l1_ratio=1.0, tol=1e-10)
    by_row.fit(X, y, sample_weight=np.where(y == 1, 3.0, 1.0))
    np.testing.assert_allclose(by_class.coef_, by_row.coef_, atol=1e-10)


def test_solve_kkt_check_adds_features_left_out_of_the_working_set():
    X, y = _data(2)
    problem = Problem.of(X, y, np.full(N, 1 / N), 2)
    full = solve(problem, 0.01, 1.0, tol=1e-10)
    partial = solve(problem, 0.01, 1.0, tol=1e-10, work=np.array([0]))
    np.testing.assert_allclose(partial.coef, full.coef, atol=1e-9)
    assert partial.violation <= 1e-10


def test_max_iter_too_small_warns():
    X, y = _data(3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        LogisticRegression(0.001, l1_ratio=1.0, max_iter=1, tol=1e-12).fit(X, y)
    assert any("solver='cd' stopped at max_iter=1" in str(w.message) for w in caught)
