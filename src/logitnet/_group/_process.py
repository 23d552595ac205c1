"""The process group: joined from torchrun's environment, on torch.distributed only.

gloo on CPUs, NCCL when CUDA is available. Sums of NumPy arrays go through one
``all_reduce`` each; nothing here starts processes or opens sockets of its own.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

ENV_VARS = ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT")


def launched() -> bool:
    """Whether this process was started by torchrun or the elastic launcher (its env vars)."""
    return all(name in os.environ for name in ENV_VARS)


def active() -> bool:
    """Whether a default process group is initialized in this process.

    Without torch imported there can be none: this never imports torch itself.
    """
    dist = sys.modules.get("torch.distributed")
    return dist is not None and dist.is_available() and dist.is_initialized()


def backend() -> str:
    """``"nccl"`` when a CUDA device is there, ``"gloo"`` otherwise."""
    import torch

    return "nccl" if torch.cuda.is_available() else "gloo"


def join_from_env() -> bool:
    """Join the group torchrun describes in the environment; False when there is none.

    A group the caller already initialized is kept as it is.
    """
    if active():
        return True
    if not launched():
        return False
    import torch.distributed as dist

    if backend() == "nccl":
        import torch

        torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", "0")))
    dist.init_process_group(backend=backend())
    return True


def leave() -> None:
    """Destroy the default process group, when there is one."""
    if active():
        sys.modules["torch.distributed"].destroy_process_group()


def rank() -> int:
    """This process's rank: 0 outside a group."""
    return sys.modules["torch.distributed"].get_rank() if active() else 0


def world_size() -> int:
    """Processes in the group: 1 outside a group."""
    return sys.modules["torch.distributed"].get_world_size() if active() else 1


def barrier() -> None:
    """Wait for every rank (nothing outside a group)."""
    if active():
        sys.modules["torch.distributed"].barrier()


def all_reduce(value: np.ndarray, op: str = "sum") -> np.ndarray:
    """``value`` summed (or ``"min"``/``"max"``) over every rank, as float64; one all-reduce."""
    import numpy as np  # not at start-up: the CLI asks launched() before any work

    array = np.ascontiguousarray(value, dtype=np.float64)
    if not active():
        return array.copy()
    import torch
    import torch.distributed as dist

    tensor = torch.from_numpy(array.copy())
    device = _device()
    tensor = tensor.to(device)
    dist.all_reduce(tensor, op=getattr(dist.ReduceOp, op.upper()))
    return tensor.cpu().numpy().reshape(array.shape)


def _device():
    """Where the group's tensors must be: the local CUDA device under NCCL, else the CPU."""
    import torch
    import torch.distributed as dist

    if dist.get_backend() == "nccl":
        return torch.device("cuda", torch.cuda.current_device())
    return torch.device("cpu")
