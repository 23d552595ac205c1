"""Tests of logitnet.linear._multinomial: the softmax model as functions of (w, X, y)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import check_grad, minimize
from scipy.special import softmax as scipy_softmax
from sklearn.metrics import log_loss as sk_log_loss

from logitnet.linear import (
    add_intercept,
    log_loss,
    multinomial_loss,
    multinomial_loss_and_grad,
    multinomial_loss_grad,
)

RNG = np.random.default_rng(1)
X = add_intercept(RNG.normal(size=(40, 3)))
Y = RNG.integers(0, 4, 40)
W = RNG.normal(size=(4, 4))  # (n_features, n_classes)


def test_multinomial_loss_matches_sklearn():
    expected = sk_log_loss(Y, scipy_softmax(X @ W, axis=1), labels=range(4))
    assert multinomial_loss(W, X, Y) == pytest.approx(expected, rel=1e-12)


def test_flat_w_is_the_raveled_matrix():
    assert multinomial_loss(W.ravel(), X, Y) == multinomial_loss(W, X, Y)


def test_gradient_comes_back_in_the_shape_of_w():
    assert multinomial_loss_grad(W, X, Y).shape == (4, 4)
    assert multinomial_loss_grad(W.ravel(), X, Y).shape == (16,)


def test_multinomial_gradient_matches_finite_differences():
    assert check_grad(multinomial_loss, multinomial_loss_grad, W.ravel(), X, Y) < 1e-6


def test_multinomial_loss_and_grad_agree_with_the_separate_functions():
    loss, grad = multinomial_loss_and_grad(W, X, Y)
    assert loss == multinomial_loss(W, X, Y)
    np.testing.assert_array_equal(grad, multinomial_loss_grad(W, X, Y))


def test_two_class_softmax_equals_the_binary_log_loss():
    y = (Y > 1).astype(int)
    W2 = np.column_stack([np.zeros(4), W[:, 0]])
    assert multinomial_loss(W2, X, y) == pytest.approx(log_loss(W[:, 0], X, y), rel=1e-12)


def test_multinomial_loss_is_finite_for_huge_weights():
    loss, grad = multinomial_loss_and_grad(W * 1e6, X, Y)
    assert np.isfinite(loss) and np.all(np.isfinite(grad))


def test_multinomial_keeps_float32_gradient():
    grad = multinomial_loss_grad(W.astype(np.float32), X.astype(np.float32), Y)
    assert grad.dtype == np.float32


def test_minimize_recovers_a_stationary_point():
    w = minimize(multinomial_loss_and_grad, np.zeros(16), jac=True, args=(X, Y)).x
    assert np.abs(multinomial_loss_grad(w, X, Y)).max() < 1e-5


@pytest.mark.parametrize(
    ("bad_X", "error", "match"),
    [
        (np.where(np.eye(40, 4) == 1, np.nan, X), ValueError, "X contains NaN"),
        (np.where(np.eye(40, 4) == 1, -np.inf, X), ValueError, "X contains infinity"),
        (np.zeros((0, 4)), ValueError, "0 sample"),
        (X[:, 0], ValueError, "Expected 2D array"),
        (X[None], ValueError, "dim 3"),
        (X.astype(str).astype(object) + "x", TypeError, "X must hold numbers only"),
    ],
)
@pytest.mark.parametrize(
    "function", [multinomial_loss, multinomial_loss_grad, multinomial_loss_and_grad]
)
def test_multinomial_functions_reject_bad_x(function, bad_X, error, match):
    with pytest.raises(error, match=match):
        function(W, bad_X, Y)


@pytest.mark.parametrize(
    ("y", "match"),
    [
        (np.zeros(40, dtype=int), "at least 2 classes; it has only one class"),
        (Y[:-1], "y must have 40 labels"),
        (np.full(40, 4), r"integer class codes in \[0, 3\]"),
        (Y + 0.5, "integer class codes"),
    ],
)
def test_multinomial_functions_reject_bad_y(y, match):
    with pytest.raises(ValueError, match=match):
        multinomial_loss(W, X, y)


@pytest.mark.parametrize(
    ("w", "match"),
    [
        (np.zeros(15), r"\(n_features, n_classes\) = \(4, K\)"),
        (np.zeros((3, 4)), "w must have 4 rows"),
        (np.zeros((4, 1)), "at least 2 classes"),
        (np.full((4, 4), np.nan), "w must be finite"),
    ],
)
def test_multinomial_functions_reject_bad_w(w, match):
    with pytest.raises(ValueError, match=match):
        multinomial_loss(w, X, Y)


@settings(max_examples=50)
@given(arrays(np.float64, (4, 4), elements=st.floats(-50, 50, allow_nan=False)))
def test_multinomial_loss_is_non_negative(w):
    assert multinomial_loss(w, X, Y) >= 0
