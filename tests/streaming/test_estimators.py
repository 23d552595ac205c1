"""The glue between a scan and an estimator: class weights, codes, predictions, scores."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.utils.class_weight import compute_class_weight

from logitnet.exceptions import DataError
from logitnet.linear._weights import class_multipliers
from logitnet.streaming._estimators import encode


def test_balanced_multipliers_match_scikit_learn():
    codes = np.array([0, 0, 0, 1, 2, 2])
    w = np.array([1.0, 2.0, 0.5, 1.0, 3.0, 1.0])
    expected = compute_class_weight("balanced", classes=np.arange(3), y=codes, sample_weight=w)
    totals = np.bincount(codes, weights=w)
    got = class_multipliers("balanced", np.array(["a", "b", "c"]), totals)
    np.testing.assert_allclose(got, expected / (expected[codes] @ w))


def test_encode_names_an_unknown_label():
    classes = np.array(["a", "b"])
    np.testing.assert_array_equal(encode(classes, np.array(["b", "a"]), "f"), [1, 0])
    with pytest.raises(
        DataError,
        match=r"f, row group 2: the target has labels the model never saw: 'z' \(the model",
    ):
        encode(classes, np.array(["a", "z"]), "f, row group 2")
