"""LogisticRegression against scikit-learn: same coefficients, and scikit-learn's own checks."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from logitnet import LogisticRegression

# Every check of scikit-learn's suite passes; none is marked as an expected failure.
EXPECTED_FAILURES: dict[str, str] = {}


def _standardized(X, y):
    return StandardScaler().fit_transform(X), y


def breast_cancer_5():
    data = load_breast_cancer()
    return _standardized(data.data[:, :5], data.target)


def iris_versicolor_virginica():
    data = load_iris()
    keep = data.target > 0
    return _standardized(data.data[keep], data.target[keep])


def wine_two_cultivars():
    data = load_wine()
    keep = data.target < 2
    return _standardized(data.data[keep][:, :3], data.target[keep])


def wine_4():
    data = load_wine()
    return _standardized(data.data[:, :4], data.target)


def digits_0_to_2():
    data = load_digits()
    keep = data.target < 3
    return _standardized(data.data[keep][:, [20, 21, 28, 36]], data.target[keep])


def iris():
    data = load_iris()
    return _standardized(data.data, data.target)


def breast_cancer():
    data = load_breast_cancer()
    return _standardized(data.data, data.target)


# alpha = 0 needs data that is not separable, so that a finite optimum exists.
UNPENALIZED = [
    breast_cancer_5,
    iris_versicolor_virginica,
    wine_two_cultivars,
    wine_4,
    digits_0_to_2,
]
PENALIZED = [breast_cancer, iris_versicolor_virginica, wine_two_cultivars, iris, wine_4]


def sklearn_fit(X, y, alpha):
    """scikit-learn's solution to a tight tolerance, with ``C = 1 / (alpha * n)``."""
    C = np.inf if alpha == 0 else 1.0 / (alpha * len(X))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its own convergence chatter at tol=1e-10
        return SkLogisticRegression(C=C, tol=1e-10, max_iter=10_000).fit(X, y)


def assert_same_model(ours, theirs):
    """Coefficients within 1e-4 relative / 1e-6 absolute; multinomial ones centered."""
    coef, intercept = theirs.coef_, theirs.intercept_
    if len(theirs.classes_) > 2:  # a softmax model is fixed only up to a shift per feature
        coef, intercept = coef - coef.mean(axis=0), intercept - intercept.mean()
    np.testing.assert_allclose(ours.coef_, coef, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(ours.intercept_, intercept, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("solver", ["newton", "lbfgs"])
@pytest.mark.parametrize("load", UNPENALIZED)
def test_unpenalized_fit_matches_sklearn(load, solver):
    X, y = load()
    ours = LogisticRegression(solver=solver, tol=1e-10, max_iter=1000).fit(X, y)
    assert_same_model(ours, sklearn_fit(X, y, 0.0))


@pytest.mark.parametrize("solver", ["newton", "lbfgs"])
@pytest.mark.parametrize("alpha", [1e-3, 0.1])
@pytest.mark.parametrize("load", PENALIZED)
def test_penalized_fit_matches_sklearn(load, alpha, solver):
    X, y = load()
    ours = LogisticRegression(alpha, solver=solver, tol=1e-10, max_iter=1000).fit(X, y)
    assert_same_model(ours, sklearn_fit(X, y, alpha))


def test_gd_matches_sklearn_on_a_well_conditioned_problem():
    X, y = iris_versicolor_virginica()
    ours = LogisticRegression(0.1, solver="gd", learning_rate=2.0, tol=1e-10, max_iter=5000)
    assert_same_model(ours.fit(X, y), sklearn_fit(X, y, 0.1))


def test_weighted_fit_matches_sklearn():
    X, y = wine_4()
    sw = np.random.default_rng(0).uniform(0.2, 3.0, len(y))
    ours = LogisticRegression(0.01, class_weight="balanced", tol=1e-10)
    totals = np.bincount(y, weights=sw)
    C = 1.0 / (0.01 * np.sum(sw * sw.sum() / (3 * totals[y])))  # sum of the combined weights
    theirs = SkLogisticRegression(C=C, class_weight="balanced", tol=1e-10, max_iter=10_000)
    assert_same_model(ours.fit(X, y, sample_weight=sw), theirs.fit(X, y, sample_weight=sw))


def _expected_failed_checks(estimator):
    return EXPECTED_FAILURES


@parametrize_with_checks([LogisticRegression()], expected_failed_checks=_expected_failed_checks)
def test_sklearn_estimator_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # separable toy data: the expected ConvergenceWarning
        check(estimator)
