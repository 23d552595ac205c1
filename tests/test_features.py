"""InputFeatures: each feature is its formula, bad input is named, and a pipeline saves."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import make_circles
from sklearn.pipeline import Pipeline

import logitnet
from logitnet.features import INPUT_FEATURES, InputFeatures
from logitnet.linear import LogisticRegression

X = np.array([[0.5, -2.0], [1.5, 3.0]])


def test_each_feature_is_its_formula_in_the_order_given():
    names = ("sinx2", "x1x2", "x2sq", "x1sq", "sinx1", "x2", "x1")
    got = InputFeatures(names).fit_transform(X)
    x1, x2 = X[:, 0], X[:, 1]
    expected = np.column_stack([np.sin(x2), x1 * x2, x2**2, x1**2, np.sin(x1), x2, x1])
    np.testing.assert_array_equal(got, expected)
    assert list(InputFeatures(names).fit(X).get_feature_names_out()) == list(names)
    assert set(INPUT_FEATURES) == set(names)


@pytest.mark.parametrize(
    ("features", "data", "message"),
    [
        ((), X, "features must name at least one input feature; got none"),
        (("x1", "x3"), X, "`features` must be one of 'x1', 'x2', 'x1sq'"),
        (("x1", "x1"), X, r"features must not repeat a name; got \['x1', 'x1'\]"),
        (("x1",), np.zeros((2, 3)), r"X must have two columns \(x1, x2\); got shape \(2, 3\)"),
    ],
)
def test_bad_input_is_named(features, data, message):
    with pytest.raises(ValueError, match=message):
        InputFeatures(features).fit(data)


def test_a_pipeline_with_features_saves_and_predicts_from_the_raw_columns(tmp_path):
    X_c, y_c = make_circles(200, factor=0.5, noise=0.2, random_state=0)
    model = Pipeline(
        [("features", InputFeatures(("x1sq", "x2sq"))), ("model", LogisticRegression(alpha=0.01))]
    ).fit(X_c, y_c)
    path = logitnet.save(model, tmp_path / "circles.safetensors")
    loaded = logitnet.load(path)
    assert loaded.named_steps["features"].features == ("x1sq", "x2sq")
    np.testing.assert_array_equal(loaded.predict_proba(X_c), model.predict_proba(X_c))
    assert loaded.score(X_c, y_c) == model.score(X_c, y_c) >= 0.85  # noise 0.2: circles overlap
