"""Tests of logitnet.linear._binary: the lecture's functions of (w, X, y)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import check_grad, minimize
from scipy.special import expit
from sklearn.metrics import log_loss as sk_log_loss

from logitnet.linear import (
    add_intercept,
    log_loss,
    log_loss_and_grad,
    log_loss_grad,
    predict_logistic,
)

RNG = np.random.default_rng(0)
X = add_intercept(RNG.normal(size=(30, 2)))
Y = (X[:, 1] + 0.5 * RNG.normal(size=30) > 0).astype(int)
W = np.array([0.3, -1.2, 0.7])


def test_add_intercept_puts_ones_first():
    np.testing.assert_array_equal(add_intercept([[5.0], [3.0]]), [[1, 5], [1, 3]])


def test_add_intercept_keeps_float32():
    assert add_intercept(np.ones((2, 2), dtype=np.float32)).dtype == np.float32


def test_predict_logistic_soft_is_sigmoid_of_x_w():
    np.testing.assert_allclose(predict_logistic(X, W), expit(X @ W), rtol=1e-14)


def test_predict_logistic_hard_uses_strict_threshold():
    X1 = add_intercept([[0.0], [1.0], [-1.0]])
    np.testing.assert_array_equal(predict_logistic(X1, [0.0, 1.0], "hard"), [0, 1, 0])
    np.testing.assert_array_equal(predict_logistic(X1, [0.0, 1.0], "hard", 0.3), [1, 1, 0])


def test_predict_logistic_rejects_unknown_output():
    with pytest.raises(ValueError, match=r"`output` must be one of 'soft', 'hard'.*'sotf'"):
        predict_logistic(X, W, output="sotf")


def test_predict_logistic_rejects_threshold_out_of_range():
    with pytest.raises(ValueError, match=r"`threshold` must be in \[0.0, 1.0\]. Got 1.5"):
        predict_logistic(X, W, output="hard", threshold=1.5)


def test_log_loss_matches_sklearn():
    assert log_loss(W, X, Y) == pytest.approx(sk_log_loss(Y, expit(X @ W)), rel=1e-12)


def test_log_loss_grad_matches_finite_differences():
    assert check_grad(log_loss, log_loss_grad, W, X, Y) < 1e-7


def test_log_loss_and_grad_returns_both_from_one_call():
    loss, grad = log_loss_and_grad(W, X, Y)
    assert loss == pytest.approx(log_loss(W, X, Y), rel=1e-15)
    np.testing.assert_allclose(grad, log_loss_grad(W, X, Y), rtol=1e-15)


def test_log_loss_is_finite_for_huge_weights():
    loss, grad = log_loss_and_grad(W * 1e6, X, Y)
    assert np.isfinite(loss) and np.all(np.isfinite(grad))
    assert loss > 1e5  # misclassified points cost |z|, not log(0)


def test_log_loss_keeps_float32_gradient():
    grad = log_loss_grad(W.astype(np.float32), X.astype(np.float32), Y)
    assert grad.dtype == np.float32


def test_functions_plug_into_scipy_minimize():
    w_sep = minimize(log_loss, np.zeros(3), jac=log_loss_grad, args=(X, Y)).x
    w_joint = minimize(log_loss_and_grad, np.zeros(3), jac=True, args=(X, Y)).x
    np.testing.assert_allclose(w_joint, w_sep, atol=1e-5)
    assert np.abs(log_loss_grad(w_sep, X, Y)).max() < 1e-5


@settings(max_examples=50)
@given(
    arrays(np.float64, 3, elements=st.floats(-50, 50, allow_nan=False)),
    st.integers(0, 2**32 - 1),
)
def test_log_loss_is_non_negative(w, seed):
    y = np.random.default_rng(seed).integers(0, 2, len(Y))
    y[:2] = [0, 1]
    assert log_loss(w, X, y) >= 0


BAD_X = [
    (np.where(np.eye(30, 3) == 1, np.nan, X), ValueError, "X contains NaN"),
    (np.where(np.eye(30, 3) == 1, np.inf, X), ValueError, "X contains infinity"),
    (np.zeros((0, 3)), ValueError, "0 sample"),
    (X[:, 0], ValueError, "Expected 2D array"),
    (X[None], ValueError, "dim 3"),
    (np.full((30, 3), "a"), TypeError, "X must hold numbers only"),
]


@pytest.mark.parametrize("function", [log_loss, log_loss_grad, log_loss_and_grad])
@pytest.mark.parametrize(("bad_X", "error", "match"), BAD_X)
def test_loss_functions_reject_bad_x(function, bad_X, error, match):
    with pytest.raises(error, match=match):
        function(W, bad_X, Y)


@pytest.mark.parametrize(("bad_X", "error", "match"), BAD_X)
def test_predict_logistic_and_add_intercept_reject_bad_x(bad_X, error, match):
    with pytest.raises(error, match=match):
        predict_logistic(bad_X, W)
    with pytest.raises(error, match=match):
        add_intercept(bad_X)


@pytest.mark.parametrize(
    ("y", "match"),
    [
        (np.ones(30), "at least 2 classes; it has only one class"),
        (Y[:-1], "y must have 30 labels"),
        (np.full(30, 2), "y must hold only 0 and 1"),
    ],
)
@pytest.mark.parametrize("function", [log_loss, log_loss_grad, log_loss_and_grad])
def test_loss_functions_reject_bad_y(function, y, match):
    with pytest.raises(ValueError, match=match):
        function(W, X, y)


def test_loss_functions_reject_w_of_the_wrong_length():
    with pytest.raises(ValueError, match=r"w must have 3 weights \(one per column of X\). Got 2"):
        log_loss(W[:2], X, Y)
