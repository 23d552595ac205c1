"""A network's checkpoint at each epoch: weights and optimizer state, for a restarted worker.

Rank 0 writes ``checkpoint.safetensors`` (the module's and the optimizer's tensors) and
``checkpoint.json`` (the history, the optimizer's other state and the settings it belongs to)
into a staging folder that replaces the checkpoint folder whole, so a worker killed while
writing leaves the previous checkpoint intact. A restarted worker resumes from it only when
the settings are the same.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch

from logitnet._io import atomic_folder, write_atomic
from logitnet.distributed._group import rank
from logitnet.nn._callbacks import Callback

TENSORS, DOCUMENT = "checkpoint.safetensors", "checkpoint.json"


class Checkpoint(Callback):
    """Write the checkpoint of ``estimator`` into ``folder`` at each epoch's end (rank 0)."""

    def __init__(self, folder: Path, estimator: Any, settings: dict) -> None:
        self.folder, self.estimator, self.settings = Path(folder), estimator, settings

    def on_epoch_end(self, ctx: Any) -> None:
        if rank() == 0:
            save_checkpoint(self.folder, self.estimator, self.settings)


def save_checkpoint(folder: Path, estimator: Any, settings: dict) -> None:
    """The module, the optimizer and the history of ``estimator``, written atomically."""
    from safetensors.torch import save_file

    tensors, state = _split_optimizer(estimator.optimizer_.state_dict())
    tensors.update({f"module.{k}": v.contiguous() for k, v in _module_state(estimator).items()})
    document = {"settings": settings, "optimizer": state, "history": estimator.history_.to_list()}
    with atomic_folder(folder, replace=True) as staging:
        save_file({k: v.detach().cpu() for k, v in tensors.items()}, staging / TENSORS)
        write_atomic(staging / DOCUMENT, json.dumps(document) + "\n")


def resume(folder: Path, estimator: Any, settings: dict) -> bool:
    """Load the checkpoint in ``folder`` into ``estimator`` when it has the same settings."""
    from safetensors.torch import load_file

    from logitnet.history import History

    if not (folder / DOCUMENT).is_file():
        return False
    document = json.loads((folder / DOCUMENT).read_text())
    if document["settings"] != settings:
        return False
    tensors = load_file(folder / TENSORS)
    module = {k.removeprefix("module."): v for k, v in tensors.items() if k.startswith("module.")}
    estimator.module_.load_state_dict(module)
    estimator.optimizer_.load_state_dict(_join_optimizer(tensors, document["optimizer"]))
    estimator.history_ = History(document["history"])
    return True


def _module_state(estimator: Any) -> dict[str, torch.Tensor]:
    """The module's parameters and buffers."""
    return estimator.module_.state_dict()


def _split_optimizer(state: dict) -> tuple[dict[str, torch.Tensor], dict]:
    """An optimizer state_dict as tensors ``optim.<param>.<name>`` and a JSON document."""
    tensors: dict[str, torch.Tensor] = {}
    plain: dict[str, dict] = {}
    for index, entries in state["state"].items():
        plain[str(index)] = {}
        for name, value in entries.items():
            if isinstance(value, torch.Tensor):
                tensors[f"optim.{index}.{name}"] = value.contiguous()
            else:
                plain[str(index)][name] = value
    return tensors, {"state": plain, "param_groups": state["param_groups"]}


def _join_optimizer(tensors: dict[str, torch.Tensor], document: dict) -> dict:
    """Inverse of :func:`_split_optimizer`."""
    state: dict[int, dict] = {int(i): dict(v) for i, v in document["state"].items()}
    for key, value in tensors.items():
        if key.startswith("optim."):
            _, index, name = key.split(".", 2)
            state.setdefault(int(index), {})[name] = value
    return {"state": state, "param_groups": document["param_groups"]}
