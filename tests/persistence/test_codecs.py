"""Tests for the codecs behind logitnet.save / logitnet.load: exact round trips of every class."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.datasets import load_iris, make_classification
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

import logitnet
from logitnet import LogisticRegression, ModelFileError, NeuralNetClassifier, NotFittedError
from logitnet.preprocessing import make_pipeline, make_preprocessor, prepare_table

X_BIN, Y_BIN = make_classification(n_samples=80, n_features=4, random_state=0)
IRIS_X, IRIS_Y = load_iris(return_X_y=True)
IRIS_NAMES = np.array(["setosa", "versicolor", "virginica"])[IRIS_Y]

TABLE = pd.DataFrame(
    {
        "name": [f"p{i}" for i in range(12)],
        "size": [1.0, 2.0, None, 4.0, 5.0, 6.0, 7.5, 8.0, 9.0, 10.0, 11.0, 12.0],
        "colour": ["red", "blue", "red", None, "green", "red", "blue", "red", "blue", "green"]
        + ["red", "blue"],
        "kind": ["cat", "dog"] * 6,
    }
)


def _assert_same_model(a, b, X):
    """Bit-identical predictions and equal parameters."""
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))
    assert a.get_params(deep=False).keys() == b.get_params(deep=False).keys()


def test_logistic_round_trip_is_bit_identical(binary_model, saved):
    loaded = logitnet.load(saved)
    _assert_same_model(binary_model, loaded, X_BIN)
    assert loaded.get_params() == binary_model.get_params()
    np.testing.assert_array_equal(loaded.coef_, binary_model.coef_)
    assert loaded.coef_.dtype == np.float64 and loaded.loss_curve_ == binary_model.loss_curve_
    assert loaded.n_iter_ == binary_model.n_iter_


def test_multinomial_string_labels_and_feature_names(tmp_path):
    X = pd.DataFrame(IRIS_X, columns=["sl", "sw", "pl", "pw"])
    model = LogisticRegression(alpha=0.1, class_weight={"setosa": 2.0}).fit(X, IRIS_NAMES)
    loaded = logitnet.load(logitnet.save(model, tmp_path / "iris.safetensors"))
    _assert_same_model(model, loaded, X)
    assert loaded.get_params() == model.get_params()
    assert loaded.classes_.dtype == model.classes_.dtype
    assert list(loaded.feature_names_in_) == ["sl", "sw", "pl", "pw"]


def test_boolean_labels_keep_their_type(tmp_path):
    model = LogisticRegression().fit(X_BIN, Y_BIN.astype(bool))
    loaded = logitnet.load(logitnet.save(model, tmp_path / "b.safetensors"))
    assert loaded.predict(X_BIN).dtype == bool
    np.testing.assert_array_equal(loaded.predict(X_BIN), model.predict(X_BIN))


def test_pipeline_with_imputer_and_categories_round_trips(tmp_path):
    table = prepare_table(TABLE, "kind", impute="median")
    pipe = make_pipeline(LogisticRegression(alpha=1.0), table.plan, impute="median")
    pipe.fit(table.X, table.y)
    loaded = logitnet.load(logitnet.save(pipe, tmp_path / "pipe.safetensors"))
    new = pd.DataFrame({"colour": ["purple", None, "red"], "size": [3.0, None, 1.0]})
    _assert_same_model(pipe, loaded, new)
    for (name_a, a), (name_b, b) in zip(pipe.steps, loaded.steps, strict=True):
        assert name_a == name_b and type(a) is type(b)
    assert loaded.steps[1][1].get_params() == pipe.steps[1][1].get_params()
    np.testing.assert_array_equal(loaded[0].transform(table.X), pipe[0].transform(table.X))


def test_preprocessor_alone_round_trips(tmp_path):
    ct = make_preprocessor(["size"], ["colour"]).fit(TABLE.dropna())
    loaded = logitnet.load(logitnet.save(ct, tmp_path / "ct.safetensors"))
    np.testing.assert_array_equal(loaded.transform(TABLE.dropna()), ct.transform(TABLE.dropna()))
    onehot = loaded.named_transformers_["categorical"].named_steps["onehot"]
    assert [list(c) for c in onehot.categories_] == [["blue", "green", "red"]]


def test_save_refuses_foreign_and_unfitted_models(tmp_path):
    with pytest.raises(TypeError, match=r"Cannot save a LogisticRegression: logitnet saves"):
        logitnet.save(SkLogisticRegression().fit(X_BIN, Y_BIN), tmp_path / "sk.safetensors")
    with pytest.raises(NotFittedError, match="not fitted yet"):
        logitnet.save(LogisticRegression(), tmp_path / "unfitted.safetensors")
    foreign = make_preprocessor(["size"], []).set_params(remainder="passthrough")
    with pytest.raises(TypeError, match="only preprocessors built by"):
        logitnet.save(foreign.fit(TABLE[["size"]].dropna()), tmp_path / "ct.safetensors")
    assert not list(tmp_path.iterdir())


# --------------------------------------------------------------------------- networks


class TinyNet(torch.nn.Module):
    """A custom network: one hidden layer of ``width`` tanh units."""

    def __init__(self, n_features: int, n_outputs: int, width: int = 3) -> None:
        super().__init__()
        self.body = torch.nn.Sequential(
            torch.nn.Linear(n_features, width), torch.nn.Tanh(), torch.nn.Linear(width, n_outputs)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)


def _network(**params):
    defaults = {"epochs": 3, "batch_size": 20, "lr": 0.05, "random_state": 0}
    return NeuralNetClassifier(**{**defaults, **params})


def test_network_round_trip_is_bit_identical(tmp_path):
    labels = np.array(["a", "b", "c"])[IRIS_Y]
    model = _network(hidden_layer_sizes=(6, 4), optimizer=torch.optim.SGD, early_stopping=True)
    model.fit(IRIS_X, labels)
    loaded = logitnet.load(logitnet.save(model, tmp_path / "net.safetensors"))
    _assert_same_model(model, loaded, IRIS_X)
    assert loaded.get_params() == model.get_params()
    assert loaded.history_.to_list() == model.history_.to_list()
    assert (loaded.n_epochs_, loaded.best_epoch_) == (model.n_epochs_, model.best_epoch_)


def test_network_callbacks_are_not_saved(tmp_path):
    model = _network(callbacks=[logitnet.nn.EarlyStopping(monitor="train_loss")])
    loaded = logitnet.load(logitnet.save(model.fit(X_BIN, Y_BIN), tmp_path / "n.safetensors"))
    assert loaded.callbacks is None
    np.testing.assert_array_equal(loaded.predict_proba(X_BIN), model.predict_proba(X_BIN))


def test_custom_module_is_saved_by_its_weights(tmp_path):
    model = _network(module=TinyNet, module__width=5).fit(X_BIN, Y_BIN)
    path = logitnet.save(model, tmp_path / "custom.safetensors")
    with pytest.raises(ModelFileError, match=r"custom module 'TinyNet'; pass its class"):
        logitnet.load(path)
    loaded = logitnet.load(path, module=TinyNet)
    _assert_same_model(model, loaded, X_BIN)
    assert loaded.get_params() == model.get_params()


def test_network_pipeline_round_trips(tmp_path):
    table = prepare_table(TABLE, "kind", dropna=True)
    pipe = make_pipeline(_network(hidden_layer_sizes=(4,)), table.plan).fit(table.X, table.y)
    loaded = logitnet.load(logitnet.save(pipe, tmp_path / "pipe.safetensors"))
    _assert_same_model(pipe, loaded, table.X)


def test_logistic_history_round_trips(binary_model, saved):
    loaded = logitnet.load(saved)
    assert loaded.history_ == binary_model.history_
    assert loaded.history_.to_list()[0].keys() == {"epoch", "train_loss", "dur"}


# --- thresholds and calibration -------------------------------------------------------------


@pytest.mark.parametrize("model", [LogisticRegression(threshold=0.3), _network(threshold=0.7)])
def test_a_threshold_survives_the_round_trip(tmp_path, model):
    model.fit(X_BIN, Y_BIN)
    loaded = logitnet.load(logitnet.save(model, tmp_path / "model.safetensors"))
    assert loaded.threshold == model.threshold
    _assert_same_model(model, loaded, X_BIN)


@pytest.mark.parametrize("method", ["sigmoid", "isotonic"])
def test_a_calibrated_model_predicts_the_same_after_loading(tmp_path, method):
    model = logitnet.calibrate(LogisticRegression(alpha=0.5), X_BIN, Y_BIN, method=method)
    loaded = logitnet.load(logitnet.save(model, tmp_path / "calibrated.safetensors"))
    _assert_same_model(model, loaded, X_BIN)
    assert type(loaded) is type(model)
    assert (loaded.method, loaded.cv, len(loaded.calibrated_classifiers_)) == (method, 5, 5)
    assert loaded.estimator.get_params() == LogisticRegression(alpha=0.5).get_params()


def test_a_calibrated_multiclass_network_pipeline_round_trips(tmp_path):
    table = prepare_table(TABLE, "colour", dropna=True)
    pipe = make_pipeline(_network(hidden_layer_sizes=(4,)), table.plan)
    model = logitnet.calibrate(pipe, table.X, table.y, method="isotonic", cv=2)
    loaded = logitnet.load(logitnet.save(model, tmp_path / "calibrated.safetensors"))
    _assert_same_model(model, loaded, table.X)
    assert len(loaded.calibrated_classifiers_[0].calibrators) == 3  # one per class


def test_a_tuned_threshold_on_a_calibrated_model_round_trips(tmp_path):
    from sklearn.calibration import CalibratedClassifierCV

    calibrated = CalibratedClassifierCV(LogisticRegression(), cv=3)
    model = logitnet.tune_threshold(calibrated, X_BIN, Y_BIN, objective="f1", cv=3)
    assert type(model).__name__ == "FixedThresholdClassifier"
    loaded = logitnet.load(logitnet.save(model, tmp_path / "fixed.safetensors"))
    _assert_same_model(model, loaded, X_BIN)
    assert loaded.threshold == model.threshold


def test_temperature_calibration_is_refused_by_name():
    from sklearn.calibration import CalibratedClassifierCV

    model = CalibratedClassifierCV(LogisticRegression(), method="temperature").fit(X_BIN, Y_BIN)
    with pytest.raises(TypeError, match="CalibratedClassifierCV with method='temperature'"):
        logitnet.save(model, "never-written.safetensors")


def test_reference_coding_round_trips_with_its_levels(tmp_path):
    table = prepare_table(TABLE.dropna(), "kind")
    reference = {"colour": "red"}
    pipe = make_pipeline(LogisticRegression(alpha=1.0), table.plan, reference=reference)
    pipe.fit(table.X, table.y)
    loaded = logitnet.load(logitnet.save(pipe, tmp_path / "pipe.safetensors"))
    names = ["size", "colour[blue]", "colour[green]"]
    assert list(loaded[0].get_feature_names_out()) == list(pipe[0].get_feature_names_out()) == names
    onehot = loaded[0].named_transformers_["categorical"].named_steps["onehot"]
    assert onehot.drop == ["red"]
    _assert_same_model(pipe, loaded, table.X)
