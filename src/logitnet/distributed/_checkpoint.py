"""A network's checkpoint at each epoch: weights and optimizer state, for a restarted worker.

Rank 0 writes ``checkpoint.safetensors`` (the module's and the optimizer's tensors) and
``checkpoint.json`` (the history, the optimizer's other state and the settings it belongs to)
into a staging folder that replaces the checkpoint folder whole, so a worker killed while
writing leaves the previous checkpoint intact. A restarted worker resumes from it only when
the settings are the same, and every rank must find the same checkpoint (the folder must be
on a file system that every rank sees). The batches of each epoch are seeded by the seed, the
rank and the epoch, so a resumed run trains on the same batches as one never interrupted.
A logistic fit keeps its own checkpoint (:mod:`logitnet.distributed._solver_checkpoint`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch

from logitnet._group import rank
from logitnet._io import atomic_folder, write_atomic
from logitnet.distributed._resume import Checkpointing, agree, prepare
from logitnet.nn import Callback

TENSORS, DOCUMENT = "checkpoint.safetensors", "checkpoint.json"


class Checkpoint(Callback):
    """Write the checkpoint of ``estimator`` into ``folder`` at each epoch's end (rank 0)."""

    def __init__(self, folder: Path, estimator: Any, settings: dict) -> None:
        self.folder, self.estimator, self.settings = Path(folder), estimator, settings

    def on_epoch_end(self, ctx: Any) -> None:
        if rank() == 0:
            save_checkpoint(self.folder, self.estimator, self.settings)


def checkpoint_callbacks(estimator: Any, checkpoint: Checkpointing | None) -> list:
    """Resume ``estimator`` from ``checkpoint`` when it fits; the callback that writes the next.

    Call it on every rank once ``estimator`` is initialized, before training. The ranks check
    that they resumed from the same epoch, and ``checkpoint.on_note`` is told of a resume.

    Parameters
    ----------
    estimator : NeuralNetClassifier
        Initialized (module, optimizer, empty history).
    checkpoint : Checkpointing or None
        None: no checkpoint, no callback.

    Returns
    -------
    list of Callback
        ``[Checkpoint(...)]``, or ``[]`` without ``checkpoint``.

    Raises
    ------
    RuntimeError
        When the ranks found different checkpoints.
    """
    plan = checkpoint
    if plan is None:
        return []
    prepare(plan.folder)
    epochs = len(estimator.history_) if resume(plan.folder, estimator, plan.settings) else 0
    agree(epochs, plan.folder, "epoch")
    if epochs:
        plan.on_note(f"resumed from the checkpoint of epoch {epochs} in {plan.folder}")
    return [Checkpoint(plan.folder, estimator, plan.settings)]


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
    groups = [_tuples(group) for group in document["param_groups"]]
    return {"state": state, "param_groups": groups}


def _tuples(group: dict) -> dict:
    """A param group with its JSON lists (Adam's ``betas``) as the tuples they were."""
    return {k: tuple(v) if isinstance(v, list) and k != "params" else v for k, v in group.items()}
