"""Fixtures shared by the persistence tests: a fitted binary model and its saved file."""

from __future__ import annotations

import pytest
from sklearn.datasets import make_classification

import logitnet
from logitnet import LogisticRegression

X_BIN, Y_BIN = make_classification(n_samples=80, n_features=4, random_state=0)


@pytest.fixture
def binary_model():
    return LogisticRegression(alpha=0.5).fit(X_BIN, Y_BIN)


@pytest.fixture
def saved(tmp_path, binary_model):
    return logitnet.save(binary_model, tmp_path / "model.safetensors")
