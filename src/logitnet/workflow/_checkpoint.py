"""Where a run in a process group keeps its checkpoint, and the settings it belongs to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from logitnet.workflow._config import TrainConfig

if TYPE_CHECKING:
    from logitnet.distributed import Checkpointing


def checkpoint_folder(out: Path) -> Path:
    """Where a run in a process group keeps its checkpoint: beside ``out``."""
    return out.with_name(out.name + ".checkpoint")


def checkpointing(
    config: TrainConfig, on_note: Callable[[str], None] | None = None
) -> Checkpointing | None:
    """The checkpoint folder, the settings it belongs to and where to say that a run resumed
    (None without ``out``)."""
    if config.out is None:
        return None
    from logitnet.distributed import Checkpointing, world_size

    settings = config.to_dict()
    for name in ("processes", "max_restarts", "force"):
        settings.pop(name)
    folder = checkpoint_folder(Path(config.out))
    if on_note is None:
        return Checkpointing(folder, {**settings, "world": world_size()})
    return Checkpointing(folder, {**settings, "world": world_size()}, on_note)
