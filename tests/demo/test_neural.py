"""Tests for the neural-network part of the demo."""

from __future__ import annotations

import numpy as np
import pytest

from logitnet.demo import DemoResult
from logitnet.demo.neural import neural_demo
from logitnet.nn import History, NeuralNetClassifier


def test_neural_demo_reproduces_the_lecture():
    circles, blobs = neural_demo()
    assert [r.name for r in (circles, blobs)] == ["circles", "blobs"]
    for result in (circles, blobs):
        assert isinstance(result, DemoResult)
        assert isinstance(result.estimator, NeuralNetClassifier)
        assert isinstance(result.history, History)
        assert all(row.agrees for row in result.rows), [r for r in result.rows if not r.agrees]
    assert circles.X.shape == (300, 2) and blobs.X.shape == (200, 2)
    assert len(circles.history) == 20 and len(blobs.history) == 10
    assert [row.reference for row in circles.rows[:3]] == ["0.1510", "0.9929", "1.19e-05"]
    assert [row.reference for row in blobs.rows[:3]] == ["0.0016", "1", "3"]


@pytest.mark.slow
def test_neural_demo_is_deterministic():
    first, second = neural_demo(), neural_demo()
    for a, b in zip(first, second, strict=True):
        assert [r.logitnet for r in a.rows] == [r.logitnet for r in b.rows]
        np.testing.assert_array_equal(
            a.estimator.predict_proba(a.X), b.estimator.predict_proba(b.X)
        )
