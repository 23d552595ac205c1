"""Tests for logitnet.save / logitnet.load: exact round trips, atomic writes, and damaged files."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import safetensors.torch
import torch
from sklearn.datasets import load_iris, make_classification
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

import logitnet
from logitnet import LogisticRegression, ModelFileError, NeuralNetClassifier, NotFittedError
from logitnet.persistence import FORMAT_VERSION, read_metadata
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


@pytest.fixture
def binary_model():
    return LogisticRegression(alpha=0.5).fit(X_BIN, Y_BIN)


@pytest.fixture
def saved(tmp_path, binary_model):
    return logitnet.save(binary_model, tmp_path / "model.safetensors")


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


def test_read_metadata_names_versions_and_class(saved):
    doc = read_metadata(saved)
    assert doc["format_version"] == FORMAT_VERSION
    assert doc["logitnet_version"] == logitnet.__version__
    assert doc["model"]["class"] == "LogisticRegression"
    assert doc["tensors"]["coef_"]["shape"] == [1, 4]


# --------------------------------------------------------------------------- atomic save


def test_save_replaces_a_file_only_when_complete(tmp_path, binary_model, saved, monkeypatch):
    before = saved.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", crash)
    with pytest.raises(OSError, match="disk full"):
        logitnet.save(LogisticRegression().fit(X_BIN, 1 - Y_BIN), saved)
    assert saved.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.safetensors"]


# --------------------------------------------------------------------------- damaged files


def _rewrite(path: Path, change) -> Path:
    """Re-save ``path`` with its logitnet document changed by ``change(doc)``."""
    data = path.read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    doc = json.loads(json.loads(data[8 : 8 + n])["__metadata__"]["logitnet"])
    change(doc)
    tensors = safetensors.torch.load(data)
    path.write_bytes(safetensors.torch.save(tensors, metadata={"logitnet": json.dumps(doc)}))
    return path


def _expect_error(path: Path, match: str) -> None:
    with pytest.raises(ModelFileError, match=match) as info:
        logitnet.load(path)
    assert isinstance(info.value, ValueError) and str(path) in str(info.value)


def test_missing_file(tmp_path):
    _expect_error(tmp_path / "nope.safetensors", "no such model file")


@pytest.mark.parametrize("keep", [5, 100, -10])
def test_truncated_file(saved, keep):
    saved.write_bytes(saved.read_bytes()[:keep])
    _expect_error(saved, r"too short|truncated|cannot be read|checksum")


def test_truncated_header_says_truncated(saved):
    saved.write_bytes(saved.read_bytes()[:100])
    _expect_error(saved, r"header claims \d+ bytes but the file has 100: it is truncated")


def test_wrong_format_version(saved):
    _rewrite(saved, lambda doc: doc.update(format_version=99))
    _expect_error(saved, r"format version 99; this logitnet .* reads version 1")


def test_tampered_shape_in_metadata(saved):
    _rewrite(saved, lambda doc: doc["tensors"]["coef_"].update(shape=[1, 5]))
    _expect_error(saved, r"tensor 'coef_' has shape \[1, 4\] but the metadata says \[1, 5\]")


def test_tampered_header_bytes(saved):
    data = saved.read_bytes()
    saved.write_bytes(data.replace(b'"F64"', b'"F32"', 1))
    _expect_error(saved, r"tensor data cannot be read")


def test_tampered_header_json(saved):
    data = saved.read_bytes()
    saved.write_bytes(data[:8] + b"[" + data[9:])
    _expect_error(saved, r"not a safetensors file \(no JSON header\)")


def test_tampered_tensor_data(saved):
    data = bytearray(saved.read_bytes())
    data[-3] ^= 0xFF
    saved.write_bytes(bytes(data))
    _expect_error(saved, r"does not match its checksum")


def test_unknown_estimator_class(saved):
    _rewrite(saved, lambda doc: doc["model"].update({"class": "os.system"}))
    _expect_error(saved, r"estimator class 'os\.system' is not one logitnet loads")


def test_pickle_file_is_refused(tmp_path):
    path = tmp_path / "model.pkl"
    path.write_bytes(b"\x80\x04K\x01.")  # the pickle of the int 1, written by hand
    _expect_error(path, r"it is a pickle file, which logitnet never loads")


def test_torch_save_archive_is_refused(tmp_path):
    path = tmp_path / "model.pt"
    path.write_bytes(b"PK\x03\x04" + bytes(200))
    _expect_error(path, r"zip archive \(torch\.save\?\)")


def test_random_file(tmp_path):
    path = tmp_path / "random.safetensors"
    path.write_bytes(np.random.default_rng(0).bytes(4096))
    _expect_error(path, r"truncated or not a safetensors file|no JSON header")


def test_safetensors_file_without_logitnet_metadata(tmp_path):
    path = tmp_path / "weights.safetensors"
    path.write_bytes(safetensors.torch.save({"w": torch.zeros(2)}))
    _expect_error(path, r"not a logitnet model \(no logitnet metadata\)")


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


def test_network_with_wrong_weight_shapes(tmp_path):
    model = _network(hidden_layer_sizes=(4,)).fit(X_BIN, Y_BIN)
    path = logitnet.save(model, tmp_path / "n.safetensors")
    _rewrite(path, lambda doc: doc["model"]["params"].update(hidden_layer_sizes={"__tuple__": [5]}))
    _expect_error(path, r"size mismatch")
