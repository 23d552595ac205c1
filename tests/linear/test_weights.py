"""Tests of logitnet.linear._weights: sample and class weights."""

import numpy as np
import pytest
from sklearn.utils.class_weight import compute_sample_weight

from logitnet.linear._weights import class_weights, sample_weights

CLASSES = np.array(["a", "b", "c"])
CODES = np.array([0, 0, 0, 1, 2, 2])


def test_no_weights_is_the_plain_mean():
    np.testing.assert_allclose(sample_weights(None, None, CLASSES, CODES), np.full(6, 1 / 6))


def test_balanced_matches_sklearn():
    expected = compute_sample_weight("balanced", CLASSES[CODES])
    np.testing.assert_allclose(
        sample_weights(None, "balanced", CLASSES, CODES), expected / expected.sum()
    )


def test_dict_weights_default_to_one_and_multiply_sample_weight():
    s = sample_weights([1, 1, 1, 1, 2, 0], {"b": 3.0}, CLASSES, CODES)
    np.testing.assert_allclose(s, np.array([1, 1, 1, 3, 2, 0]) / 8)


def test_class_weights_are_in_the_order_of_classes():
    np.testing.assert_array_equal(class_weights({"c": 2.0}, CLASSES, CODES), [1.0, 1.0, 2.0])


@pytest.mark.parametrize(
    ("class_weight", "match"),
    [
        ({"z": 1.0}, r"not classes of y: \['z'\]. The classes are \['a', 'b', 'c'\]"),
        ({"a": -1.0}, "must be finite and >= 0"),
        ("balance", "`class_weight` must be one of 'balanced'. Got 'balance' instead."),
    ],
)
def test_bad_class_weight_is_rejected(class_weight, match):
    with pytest.raises(ValueError, match=match):
        sample_weights(None, class_weight, CLASSES, CODES)


@pytest.mark.parametrize(
    ("sample_weight", "error", "match"),
    [
        ([1, 1, -1, 1, 1, 1], ValueError, "sample_weight must be >= 0"),
        ([1, 1], ValueError, r"sample_weight must have 6 weights \(one per sample\)"),
        ([0] * 6, ValueError, "must not all be zero"),
        ([np.nan] * 6, ValueError, "NaN"),
        (["x"] * 6, TypeError, "sample_weight must hold numbers only"),
    ],
)
def test_bad_sample_weight_is_rejected(sample_weight, error, match):
    with pytest.raises(error, match=match):
        sample_weights(sample_weight, None, CLASSES, CODES)
