"""Tests for summary()."""

from __future__ import annotations

import numpy as np
import pytest

from logitnet.exceptions import NotFittedError
from logitnet.nn import MLP, NeuralNetClassifier, summary


def test_module_summary_rows_and_totals():
    s = summary(MLP(2, (5,), 1), input_size=(1, 2))
    assert s.rows == [
        {"layer": "Linear: 2-1", "output_shape": [1, 5], "params": 15},
        {"layer": "ReLU: 2-2", "output_shape": [1, 5], "params": 0},
        {"layer": "Linear: 2-3", "output_shape": [1, 1], "params": 6},
    ]
    assert (s.total_params, s.trainable_params) == (21, 21)
    assert "Total params: 21" in str(s)


def test_fitted_estimator_knows_its_input_size():
    X = np.random.default_rng(0).normal(size=(20, 3))
    clf = NeuralNetClassifier((4,), epochs=1, random_state=0).fit(X, np.arange(20) % 3)
    s = summary(clf)
    assert s.total_params == 3 * 4 + 4 + 4 * 3 + 3
    assert s.rows[-1]["output_shape"] == [1, 3]


def test_errors():
    with pytest.raises(ValueError, match="`input_size` is needed"):
        summary(MLP(2, (5,), 1))
    with pytest.raises(NotFittedError, match="not fitted yet"):
        summary(NeuralNetClassifier())
    with pytest.raises(TypeError, match="must be a torch.nn.Module or a fitted"):
        summary("net")
