"""Collinear columns and separating features, named from the design matrix."""

from __future__ import annotations

import numpy as np

from logitnet.linear._diagnostics import collinear_columns, separating_columns


def _design(X: np.ndarray) -> np.ndarray:
    """``[1, X]``."""
    return np.column_stack([np.ones(len(X)), X])


def test_an_invertible_information_names_nothing():
    A = _design(np.random.default_rng(0).normal(size=(50, 3)))
    assert collinear_columns(A.T @ A, ["(Intercept)", "a", "b", "c"]) == []


def test_collinear_columns_are_named_whatever_their_scale():
    X = np.random.default_rng(0).normal(size=(50, 3))
    a, c = X[:, 0] * 1e6, X[:, 2] * 1e-4  # very different units
    X = np.column_stack([a, X[:, 1], c, a - 3e10 * c])
    A = _design(X)
    names = ["(Intercept)", "a", "b", "c", "d"]
    assert collinear_columns(A.T @ A, names) == ["a", "c", "d"]


def test_a_zero_column_is_named():
    X = np.column_stack([np.random.default_rng(0).normal(size=20), np.zeros(20)])
    A = _design(X)
    assert collinear_columns(A.T @ A, ["(Intercept)", "a", "z"]) == ["z"]


def test_one_separating_feature_is_found_among_noise():
    rng = np.random.default_rng(1)
    X = np.column_stack([rng.normal(size=30), np.arange(30.0), rng.normal(size=30)])
    y = (X[:, 1] >= 15).astype(float)
    assert separating_columns(_design(X), y, np.ones(30), 1) == [2]


def test_overlapping_classes_are_not_separated():
    X = np.arange(10.0)[:, None]
    y = np.array([0, 0, 1, 0, 1, 0, 1, 1, 0, 1], dtype=float)
    assert separating_columns(_design(X), y, np.ones(10), 1) == []


def test_zero_weight_rows_do_not_count():
    X = np.arange(10.0)[:, None]
    y = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 0], dtype=float)  # the last row spoils it
    weights = np.r_[np.ones(9), 0.0]
    assert separating_columns(_design(X), y, np.ones(10), 1) == []
    assert separating_columns(_design(X), y, weights, 1) == [1]
