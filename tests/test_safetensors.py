"""Tests for the safetensors writer of weights and checkpoints."""

from __future__ import annotations

import pytest
import torch
from safetensors import safe_open
from safetensors.torch import load_file

from logitnet._safetensors import write_safetensors
from logitnet.nn import MLP
from logitnet.persistence import _file as model_file
from logitnet.persistence import save_weights


def test_save_weights_writes_the_state_dict_and_metadata(tmp_path):
    model = MLP(3, (4,), 2, generator=torch.Generator().manual_seed(0))
    path = save_weights(model, tmp_path / "w.safetensors", {"epoch": "7"})
    assert path == tmp_path / "w.safetensors"
    saved = load_file(path)
    assert saved.keys() == model.state_dict().keys()
    for name, value in model.state_dict().items():
        assert torch.equal(saved[name], value)
    with safe_open(path, "pt") as handle:
        assert handle.metadata() == {"epoch": "7"}


def test_tied_weights_are_copied_so_that_they_can_be_saved(tmp_path):
    model = torch.nn.Sequential(*(torch.nn.Linear(2, 2, bias=False) for _ in range(2)))
    model[1].weight = model[0].weight
    save_weights(model, tmp_path / "tied.safetensors")
    assert torch.equal(load_file(tmp_path / "tied.safetensors")["0.weight"], model[0].weight)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "w.safetensors"
    path.write_bytes(b"old")
    with pytest.raises(Exception, match="non contiguous|contiguous"):
        write_safetensors(path, {"x": torch.ones(3, 2).t()})
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.safetensors"]


def test_model_files_go_through_the_same_writer(tmp_path, monkeypatch):
    from logitnet import LogisticRegression, load, save

    calls = []

    def spy(path, tensors, metadata=None):
        calls.append(sorted(metadata))
        return write_safetensors(path, tensors, metadata)

    monkeypatch.setattr(model_file, "write_safetensors", spy)
    model = LogisticRegression(alpha=1.0).fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])
    save(model, tmp_path / "m.safetensors")
    assert calls == [["logitnet"]]
    assert (load(tmp_path / "m.safetensors").coef_ == model.coef_).all()
