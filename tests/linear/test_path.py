"""The regularization path: its alphas, its solutions, and glmnet's figures on the same data."""

from __future__ import annotations

import re

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression as SkLogistic
from sklearn.preprocessing import StandardScaler

from logitnet import LogisticRegression, regularization_path
from logitnet.linear._elastic_net import Problem, objective

N, P = 300, 8


def _data(n_classes: int = 2, n: int = N, p: int = P, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = StandardScaler().fit_transform(rng.standard_normal((n, p)) @ rng.standard_normal((p, p)))
    W = np.zeros((p, n_classes))
    W[:3] = rng.standard_normal((3, n_classes)) * 1.5
    return X, (X @ W + rng.gumbel(size=(n, n_classes))).argmax(axis=1)


def _breast_cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def test_starts_at_alpha_max_where_every_coefficient_is_zero():
    X, y = _data()
    path = regularization_path(X, y, n_alphas=5)
    assert path.n_nonzero[0] == 0 and path.coef[0].tolist() == [[0.0] * P]
    just_below = LogisticRegression(path.alphas[0] * 0.99, l1_ratio=1.0, tol=1e-10).fit(X, y)
    assert np.count_nonzero(just_below.coef_) == 1


@pytest.mark.parametrize(("n", "p", "ratio"), [(300, 8, 1e-4), (20, 30, 1e-2)])
def test_default_alpha_min_ratio_is_glmnets(n, p, ratio):
    X, y = _data(n=n, p=p)
    path = regularization_path(X, y, n_alphas=10)
    assert path.alphas[-1] / path.alphas[0] == pytest.approx(ratio, rel=1e-12)
    np.testing.assert_allclose(np.diff(np.log(path.alphas)), np.log(ratio) / 9, rtol=1e-12)


def test_shapes_and_counts():
    X, y = _data(n_classes=3)
    path = regularization_path(X, y, n_alphas=7, l1_ratio=0.5)
    assert path.coef.shape == (7, 3, P) and path.intercept.shape == (7, 3)
    assert path.n_nonzero.tolist() == (path.coef != 0).any(axis=1).sum(axis=1).tolist()
    assert np.all(np.diff(path.deviance_ratio) >= -1e-12)  # the fit improves as alpha falls


def test_each_solution_equals_a_standalone_fit():
    X, y = _data(n_classes=3)
    alphas = [0.1, 0.03, 0.01, 0.002]
    path = regularization_path(X, y, alphas=alphas, l1_ratio=0.8, tol=1e-10)
    for a, alpha in enumerate(alphas):
        alone = LogisticRegression(alpha, l1_ratio=0.8, tol=1e-10).fit(X, y)
        np.testing.assert_allclose(path.coef[a], alone.coef_, atol=1e-8)
        np.testing.assert_array_equal(path.coef[a] == 0, alone.coef_ == 0)


def test_every_objective_is_no_higher_than_sagas_warm_started_loop():
    X, y = _data()
    path = regularization_path(X, y, n_alphas=10, alpha_min_ratio=1e-2, tol=1e-10)
    problem = Problem.of(X, y, np.full(N, 1 / N), 2)
    saga = SkLogistic(l1_ratio=1.0, solver="saga", tol=1e-10, max_iter=1_000_000, warm_start=True)
    for a, alpha in enumerate(path.alphas):
        saga.set_params(C=1 / (alpha * N)).fit(X, y)
        ours = objective(problem, path.coef[a], path.intercept[a], alpha, 1.0)
        reference = objective(problem, saga.coef_, saga.intercept_, alpha, 1.0)
        assert ours <= reference * (1 + 1e-12)


def test_matches_glmnet_on_breast_cancer():
    """glmnet 4.1 on the same standardized data and alphas (see the R code below).

    suppressMessages(library(glmnet)); d <- as.matrix(read.csv("bc.csv", header=FALSE))
    x <- d[, 1:30]; y <- d[, 31]; lam <- scan("alphas.csv")
    f <- glmnet(x, y, family="binomial", lambda=lam, standardize=FALSE, thresh=1e-14, maxit=1e7)
    f$dev.ratio[c(1, 10, 20, 30, 40, 50)]; f$df[c(1, 10, 20, 30, 40, 50)]; coef(f)[, 20]

    where bc.csv holds ``_breast_cancer()`` (features, then the label) and alphas.csv this
    path's 50 alphas.
    """
    X, y = _breast_cancer()
    path = regularization_path(X, y, n_alphas=50, tol=1e-10)
    rows = [0, 9, 19, 29, 39, 49]
    expected = [0.0, 0.6735948488, 0.8592132073, 0.9199357166, 0.9443745437, 0.9590274533]
    np.testing.assert_allclose(path.deviance_ratio[rows], expected, atol=2e-10)
    assert path.n_nonzero[rows].tolist() == [0, 4, 9, 17, 23, 27]
    glmnet_20 = [
        0.62821999,
        0.0,
        -0.02156854,
        0,
        0,
        0,
        0,
        0,
        -0.47994196,
        0,
        0,
        -0.68138313,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        -2.79403227,
        -0.89326018,
        0,
        0,
        -0.33588993,
        0,
        -0.12252701,
        -1.08048653,
        -0.23399721,
        0,
    ]
    # the features are highly correlated: a flat valley, where glmnet stops within 2e-6
    np.testing.assert_allclose(path.intercept[19], glmnet_20[:1], atol=2e-6)
    np.testing.assert_allclose(path.coef[19, 0], glmnet_20[1:], atol=2e-6)
    np.testing.assert_array_equal(path.coef[19, 0] == 0, np.array(glmnet_20[1:]) == 0)
    problem = Problem.of(X, y, np.full(len(y), 1 / len(y)), 2)
    glmnet = objective(
        problem, np.array([glmnet_20[1:]]), np.array(glmnet_20[:1]), path.alphas[19], 1.0
    )
    assert objective(problem, path.coef[19], path.intercept[19], path.alphas[19], 1.0) <= glmnet


def test_feature_names_come_from_a_dataframe():
    pd = pytest.importorskip("pandas")
    X, y = _data()
    frame = pd.DataFrame(X, columns=[f"f{j}" for j in range(P)])
    assert regularization_path(frame, y, n_alphas=2).feature_names.tolist() == list(frame.columns)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"l1_ratio": 1.5}, "`l1_ratio` must be in [0.0, 1.0]. Got 1.5 instead."),
        ({"alpha_min_ratio": 1.0}, "`alpha_min_ratio` must be in (0.0, 1.0). Got 1.0 instead."),
        ({"alpha_min_ratio": 0}, "`alpha_min_ratio` must be in (0.0, 1.0). Got 0 instead."),
        (
            {"alphas": [0.1, 0.2]},
            "`alphas` must be strictly decreasing. Got 0.1 then 0.2 at positions 0 and 1.",
        ),
        ({"alphas": [0.1, -0.2]}, "`alphas` must be >= 0. Got -0.2 at position 1."),
        ({"n_alphas": 0}, "`n_alphas` must be an int >= 1. Got 0 instead."),
    ],
)
def test_bad_input_names_the_rule_and_the_value(kwargs, message):
    X, y = _data()
    with pytest.raises(ValueError, match=re.escape(message)):
        regularization_path(X, y, **kwargs)
