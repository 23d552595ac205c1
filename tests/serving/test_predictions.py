"""The prediction path ``logitnet predict`` and ``serve`` share."""

from __future__ import annotations

import numpy as np
import pytest

import logitnet
from logitnet.preprocessing import make_pipeline, prepare_table
from logitnet.serving import predict_features, predict_table, split_model


@pytest.fixture
def model(table):
    prepared = prepare_table(table, "label")
    pipe = make_pipeline(logitnet.LogisticRegression(threshold=0.4), prepared.plan)
    return pipe.fit(prepared.X, prepared.y)


def test_predict_table_is_the_pipelines_predict(model, table):
    labels, proba = predict_table(model, table)
    assert np.array_equal(labels, model.predict(table))
    assert np.array_equal(proba, model.predict_proba(table))
    labels, none = predict_table(model, table, proba=False)
    assert none is None and np.array_equal(labels, model.predict(table))


def test_a_threshold_overrides_the_models(model, table):
    labels, proba = predict_table(model, table, 0.9)
    assert labels.tolist() == np.where(proba[:, 1] > 0.9, "yes", "no").tolist()
    assert np.array_equal(labels, logitnet.tuning.predict_with_threshold(model, table, 0.9))


def test_split_model(model):
    preprocess, final = split_model(model)
    assert final is model.steps[-1][1] and len(preprocess.steps) == 1
    assert split_model(final) == (None, final)


def test_threshold_needs_two_classes(table):
    X, y = table[["x1", "x2"]].to_numpy(), table["colour"]
    model = logitnet.LogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match="a threshold applies to two classes; this model has 3"):
        predict_features(model, X, 0.5)
