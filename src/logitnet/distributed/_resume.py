"""What the checkpoints of a network and of a solver share: where, for which settings, and
how a restarted group starts from one.

A run in a process group keeps its checkpoint in a folder beside ``--out``, written by rank 0
into a staging folder that then replaces it whole (:func:`logitnet._io.atomic_folder`). A
worker stopped while writing (``kill -9``, or the launcher's SIGTERM once another rank failed)
can leave that staging folder behind, or, between the two renames of the swap, only the
previous checkpoint in its ``.old`` folder: :func:`prepare` tidies both up before a restarted
group reads the checkpoint. This module does not import torch.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from logitnet._group import all_reduce, barrier, rank


def _ignore(line: str) -> None:
    """Drop a note."""


@dataclass(frozen=True)
class Checkpointing:
    """Where a run keeps its checkpoint, the settings it belongs to, and where notes go.

    A checkpoint is resumed only by a run with equal ``settings`` (JSON values); ``on_note``
    is told, in one line, when a run resumes from one.
    """

    folder: Path
    settings: dict
    on_note: Callable[[str], None] = field(default=_ignore, compare=False)


def prepare(folder: Path) -> None:
    """On rank 0, put back a checkpoint left mid-swap and remove leftover staging folders;
    then wait for every rank, so that none reads the folder while it changes."""
    if rank() == 0:
        _tidy(Path(folder))
    barrier()


def _tidy(folder: Path) -> None:
    """Restore ``folder`` from a swap stopped half-way; remove the staging folders beside it."""
    leftovers = sorted(p for p in folder.parent.glob(f".{folder.name}.*") if p.is_dir())
    if not folder.exists():
        kept = [p / folder.name for p in leftovers if (p / folder.name).is_dir()]
        if kept:
            kept[0].rename(folder)
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)


def agree(count: int, folder: Path, unit: str) -> None:
    """Raise unless every rank resumed from the same ``count`` (epochs, iterations).

    Ranks that disagree would run different numbers of steps and wait for each other forever.

    Raises
    ------
    RuntimeError
        When the ranks read different checkpoints (a folder not every rank sees).
    """
    low, high = (int(all_reduce(np.array([count]), op)[0]) for op in ("min", "max"))
    if low != high:
        raise RuntimeError(
            f"The ranks found different checkpoints in {folder} (from {unit} {low} to {high}): "
            "put --out on a file system that every rank sees."
        )
