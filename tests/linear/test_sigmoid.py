"""Tests of logitnet.linear._sigmoid: the stable logistic function."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.special import expit, log_expit

from logitnet.linear import sigmoid
from logitnet.linear._sigmoid import log_sigmoid, sigmoid_terms

finite = st.floats(-1e4, 1e4, allow_nan=False)


def test_sigmoid_matches_scipy_expit_including_extremes():
    z = np.array([-1e4, -745.0, -50.0, -1.0, 0.0, 1e-8, 2.5, 50.0, 745.0, 1e4])
    np.testing.assert_allclose(sigmoid(z), expit(z), rtol=1e-15, atol=1e-300)


def test_sigmoid_at_1e4_has_no_warning_nan_or_overflow():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = sigmoid([-1e4, 1e4])
    np.testing.assert_array_equal(out, [0.0, 1.0])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_keeps_float_dtype(dtype):
    z = np.linspace(-5, 5, 7, dtype=dtype)
    out = sigmoid(z)
    assert out.dtype == dtype
    np.testing.assert_allclose(out, expit(z.astype(np.float64)), rtol=1e-6)


def test_sigmoid_of_ints_is_float64_and_keeps_shape():
    out = sigmoid(np.zeros((2, 3), dtype=int))
    assert out.dtype == np.float64 and out.shape == (2, 3)
    np.testing.assert_array_equal(out, 0.5)


@given(arrays(np.float64, st.integers(1, 30), elements=finite))
def test_sigmoid_is_in_unit_interval_and_monotone(z):
    z = np.sort(z)
    p = sigmoid(z)
    assert np.all((p >= 0) & (p <= 1))
    assert np.all(np.diff(p) >= 0)


@given(arrays(np.float64, st.integers(1, 30), elements=finite))
def test_sigmoid_is_symmetric(z):
    np.testing.assert_allclose(sigmoid(-z), 1 - sigmoid(z), atol=1e-15)


@pytest.mark.parametrize("bad", [[np.nan], [np.inf, 0.0]])
def test_sigmoid_rejects_non_finite(bad):
    with pytest.raises(ValueError, match="z must be finite"):
        sigmoid(bad)


def test_sigmoid_rejects_strings():
    with pytest.raises(TypeError, match="z must hold numbers only"):
        sigmoid(np.array(["a"]))


def test_log_sigmoid_matches_scipy_log_expit():
    z = np.array([-1e4, -30.0, 0.0, 30.0, 1e4])
    np.testing.assert_allclose(log_sigmoid(z), log_expit(z), rtol=1e-14)


def test_sigmoid_terms_give_log_loss_and_residual():
    z, y = np.array([-2.0, 0.5, 1e4, -1e4]), np.array([1.0, 0.0, 1.0, 1.0])
    loss, residual = sigmoid_terms(z, y)
    expected = -(y * log_expit(z) + (1 - y) * log_expit(-z))
    np.testing.assert_allclose(loss, expected, rtol=1e-12)
    np.testing.assert_allclose(residual, expit(z) - y, atol=1e-16)
