"""Tests for the model file: metadata, atomic replacement, and damaged or foreign files."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest
import safetensors.torch
import torch
from sklearn.datasets import make_classification

import logitnet
from logitnet import LogisticRegression, ModelFileError, NeuralNetClassifier
from logitnet.persistence import FORMAT_VERSION, read_metadata

X_BIN, Y_BIN = make_classification(n_samples=80, n_features=4, random_state=0)


def test_read_metadata_names_versions_and_class(saved):
    doc = read_metadata(saved)
    assert doc["format_version"] == FORMAT_VERSION
    assert doc["logitnet_version"] == logitnet.__version__
    assert doc["model"]["class"] == "LogisticRegression"
    assert doc["tensors"]["coef_"]["shape"] == [1, 4]


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


def test_network_with_wrong_weight_shapes(tmp_path):
    model = NeuralNetClassifier(
        hidden_layer_sizes=(4,), epochs=3, batch_size=20, lr=0.05, random_state=0
    ).fit(X_BIN, Y_BIN)
    path = logitnet.save(model, tmp_path / "n.safetensors")
    _rewrite(path, lambda doc: doc["model"]["params"].update(hidden_layer_sizes={"__tuple__": [5]}))
    _expect_error(path, r"size mismatch")


# --------------------------------------------------------------------------- tensor backends


def test_numpy_arrays_are_written_without_torch_dtypes(saved):
    doc = read_metadata(saved)
    assert doc["tensors"] == {
        "coef_": {"dtype": "float64", "shape": [1, 4]},
        "intercept_": {"dtype": "float64", "shape": [1]},
    }


def test_a_file_written_through_torch_loads_the_same(saved, binary_model):
    loaded = logitnet.load(_rewrite(saved, lambda doc: None))
    np.testing.assert_array_equal(loaded.coef_, binary_model.coef_)
    loaded.coef_[0, 0] = 0.0  # the arrays are writable copies, not views of the file


class _Bfloat16Scale(torch.nn.Module):
    """A network with a bfloat16 buffer, which numpy cannot hold."""

    def __init__(self, n_features: int, n_outputs: int) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(n_features, n_outputs)
        self.register_buffer("scale", torch.full((n_features,), 0.5, dtype=torch.bfloat16))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x * self.scale.float())


def test_a_dtype_numpy_lacks_is_read_through_torch(tmp_path):
    model = NeuralNetClassifier(module=_Bfloat16Scale, epochs=2, batch_size=20, random_state=0)
    path = logitnet.save(model.fit(X_BIN, Y_BIN), tmp_path / "bf16.safetensors")
    assert read_metadata(path)["tensors"]["module.scale"]["dtype"] == "bfloat16"
    loaded = logitnet.load(path, module=_Bfloat16Scale)
    assert loaded.module_.scale.dtype == torch.bfloat16
    np.testing.assert_array_equal(loaded.predict_proba(X_BIN), model.predict_proba(X_BIN))
