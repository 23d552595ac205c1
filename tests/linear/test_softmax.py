"""Tests of logitnet.linear._softmax."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.special import log_softmax as scipy_log_softmax
from scipy.special import softmax as scipy_softmax

from logitnet.linear import softmax
from logitnet.linear._softmax import log_softmax

logits = arrays(
    np.float64,
    st.tuples(st.integers(1, 8), st.integers(1, 6)),
    elements=st.floats(-1e4, 1e4, allow_nan=False),
)


def test_softmax_matches_scipy():
    Z = np.array([[1.0, 2.0, 3.0], [-1e4, 0.0, 1e4], [5.0, 5.0, 5.0]])
    np.testing.assert_allclose(softmax(Z), scipy_softmax(Z, axis=1), rtol=1e-14)


def test_softmax_of_1d_vector():
    np.testing.assert_allclose(softmax([0.0, np.log(3.0)]), [0.25, 0.75])


def test_softmax_is_stable_at_1e4():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = softmax([[1e4, -1e4], [-1e4, -1e4]])
    np.testing.assert_array_equal(out, [[1.0, 0.0], [0.5, 0.5]])


def test_softmax_keeps_float32():
    assert softmax(np.ones((2, 3), dtype=np.float32)).dtype == np.float32


@given(logits)
def test_softmax_rows_sum_to_one_and_are_probabilities(Z):
    P = softmax(Z)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all((P >= 0) & (P <= 1))


@given(logits)
def test_log_softmax_matches_scipy(Z):
    np.testing.assert_allclose(log_softmax(Z), scipy_log_softmax(Z, axis=1), atol=1e-9)


@pytest.mark.parametrize(
    ("Z", "match"),
    [
        (np.zeros((2, 2, 2)), "1-D or 2-D"),
        (np.zeros((0, 3)), "non-empty"),
        ([[np.nan, 1.0]], "Z must be finite"),
    ],
)
def test_softmax_rejects_bad_input(Z, match):
    with pytest.raises(ValueError, match=match):
        softmax(Z)
