"""Tests for ``final_estimator``."""

from __future__ import annotations

from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from logitnet import LogisticRegression
from logitnet._pipeline import final_estimator


def test_the_last_step_of_nested_pipelines_or_the_model_itself():
    model = LogisticRegression()
    inner = make_pipeline(StandardScaler(), model)
    assert final_estimator(make_pipeline(StandardScaler(), inner)) is model
    assert final_estimator(inner) is model
    assert final_estimator(model) is model
