"""Tests for the shared checks of logitnet._validation (class_weight here)."""

from __future__ import annotations

import numpy as np
import pytest

from logitnet._validation import check_class_weight

CLASSES = np.array(["a", "b"])


@pytest.mark.parametrize("value", [None, "balanced", {"a": 2.0}, {"a": 0, "b": 1}])
def test_valid_class_weights_pass_through(value):
    assert check_class_weight(value, CLASSES) == value


@pytest.mark.parametrize(
    ("value", "kind", "message"),
    [
        (
            "balance",
            ValueError,
            "`class_weight` must be one of 'balanced'. Got 'balance' instead."
            " Did you mean 'balanced'?",
        ),
        (
            [1, 2],
            TypeError,
            "`class_weight` must be None, 'balanced' or a dict {class: weight}. "
            "Got [1, 2] instead.",
        ),
        ({"a": -1.0}, ValueError, "`class_weight` values must be finite and >= 0. Got {'a': -1.0}"),
        ({"a": "x"}, ValueError, "`class_weight` values must be finite and >= 0. Got {'a': 'x'}"),
        ({"a": float("inf")}, ValueError, "values must be finite and >= 0. Got {'a': inf}."),
        (
            {"z": 1.0},
            ValueError,
            "`class_weight` has keys that are not classes of y: ['z']. The classes are ['a', 'b'].",
        ),
    ],
)
def test_bad_class_weights_get_one_message(value, kind, message):
    with pytest.raises(kind) as info:
        check_class_weight(value, CLASSES)
    assert message in str(info.value)


def test_without_classes_the_keys_are_not_checked():
    assert check_class_weight({"z": 1.0}) == {"z": 1.0}


def test_both_estimators_raise_the_same(monkeypatch):
    from logitnet import LogisticRegression, NeuralNetClassifier

    X, y = np.array([[0.0], [1.0], [2.0], [3.0]]), np.array(["a", "b", "a", "b"])
    for value in ("balance", [1, 2], {"z": 1.0}):
        messages = set()
        for estimator in (LogisticRegression, NeuralNetClassifier):
            with pytest.raises((ValueError, TypeError)) as info:
                estimator(class_weight=value).fit(X, y)
            messages.add((info.type, str(info.value)))
        assert len(messages) == 1, messages
