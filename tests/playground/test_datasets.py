"""The built-in data sets: shapes, classes, seeds, and the lecture's sets as they are."""

from __future__ import annotations

import numpy as np
import pytest

from logitnet.datasets import make_lecture_blobs, make_lecture_circles
from logitnet.playground._datasets import BUILT_IN, N_SAMPLES, make_dataset


@pytest.mark.parametrize(
    ("name", "classes", "expected"),
    [
        ("circles", 5, 2),
        ("moons", 5, 2),
        ("xor", 5, 2),
        ("blobs", 5, 5),
        ("spiral", 4, 4),
        ("blobs", 2, 2),
        ("spiral", 6, 6),
    ],
)
def test_generated_sets_have_two_features_and_the_right_classes(name, classes, expected):
    X, y = make_dataset(name, classes, 0.1, seed=0)
    assert X.shape == (N_SAMPLES, 2)
    assert X.dtype == np.float64
    assert np.unique(y).tolist() == list(range(expected))


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_the_same_seed_draws_the_same_points_and_another_seed_others(name):
    X1, y1 = make_dataset(name, 3, 0.2, seed=7)
    X2, y2 = make_dataset(name, 3, 0.2, seed=7)
    X3, _ = make_dataset(name, 3, 0.2, seed=8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


def test_xor_puts_as_many_points_in_each_quadrant_and_labels_by_sign():
    X, y = make_dataset("xor", 2, 0.0, seed=1)
    quadrant = (X[:, 0] > 0).astype(int) * 2 + (X[:, 1] > 0)
    assert np.bincount(quadrant).tolist() == [N_SAMPLES // 4] * 4
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] > 0).astype(int))


def test_blobs_sit_on_the_unit_circle():
    X, y = make_dataset("blobs", 4, 0.0, seed=0)
    centres = np.array([X[y == k].mean(axis=0) for k in range(4)])
    np.testing.assert_allclose(np.hypot(*centres.T), 1.0, atol=0.1)


def test_the_lecture_sets_are_logitnets_own():
    X, y = make_dataset("lecture-circles", 3, 0.9, seed=2020)
    X_ref, y_ref = make_lecture_circles(random_state=2020)
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(y, y_ref)
    X, y = make_dataset("lecture-blobs", 3, 0.9, seed=12345)
    np.testing.assert_array_equal(X, make_lecture_blobs(random_state=12345)[0])


def test_an_unknown_data_set_is_named():
    with pytest.raises(ValueError, match=r"`dataset` must be one of .*Got 'cirles'.*'circles'"):
        make_dataset("cirles", 2, 0.1, 0)
