"""Tests of logitnet.linear._metrics."""

import numpy as np
import pytest
from sklearn.metrics import accuracy_score

from logitnet.linear import accuracy


@pytest.mark.parametrize(
    ("y", "y_hat"),
    [
        ([0, 1, 1, 0, 1], [0, 1, 0, 0, 0]),
        (["cat", "dog", "cat"], ["cat", "cat", "cat"]),
        ([True, False], [True, False]),
    ],
)
def test_accuracy_matches_sklearn(y, y_hat):
    assert accuracy(y, y_hat) == accuracy_score(y, y_hat)


def test_accuracy_is_a_python_float():
    assert isinstance(accuracy(np.array([1, 0]), np.array([1, 1])), float)


def test_accuracy_rejects_different_lengths():
    with pytest.raises(ValueError, match="same length. Got 3 and 2"):
        accuracy([0, 1, 1], [0, 1])


def test_accuracy_rejects_empty_input():
    with pytest.raises(ValueError, match="y must not be empty"):
        accuracy([], [])


def test_accuracy_rejects_2d_labels():
    with pytest.raises(ValueError, match=r"y_hat must be 1-D. Got an array of shape \(2, 1\)"):
        accuracy([0, 1], [[0], [1]])


def test_accuracy_rejects_nan_labels():
    with pytest.raises(ValueError, match="y must be finite"):
        accuracy([0.0, np.nan], [0.0, 1.0])
