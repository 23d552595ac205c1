"""The safetensors writer: model files and training checkpoints both go through it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from logitnet._io import write_atomic

if TYPE_CHECKING:  # pragma: no cover
    import torch

__all__ = ["save_weights", "write_safetensors"]


def write_safetensors(
    path: str | os.PathLike,
    tensors: dict[str, torch.Tensor],
    metadata: dict[str, str] | None = None,
) -> Path:
    """Write ``tensors`` (and string ``metadata``) as one safetensors file, atomically.

    Parameters
    ----------
    path : str or path-like
        The file to write; an existing file is replaced only once the new one is complete.
    tensors : dict of str to torch.Tensor
        Contiguous CPU tensors that share no memory.
    metadata : dict of str to str, optional
        Stored in the file's header.

    Returns
    -------
    Path
        ``path``.
    """
    from safetensors.torch import save

    return write_atomic(path, save(tensors, metadata=metadata))


def save_weights(
    model: torch.nn.Module, path: str | os.PathLike, metadata: dict[str, str] | None = None
) -> Path:
    """Write ``model``'s state dict to a safetensors file, atomically.

    The file holds the weights only; read it with ``safetensors.torch.load_file`` and
    ``model.load_state_dict``.

    Parameters
    ----------
    model : torch.nn.Module
        Any module; its tensors are copied to the CPU.
    path : str or path-like
        Where to write the ``.safetensors`` file.
    metadata : dict of str to str, optional
        Stored in the file's header, e.g. ``{"epoch": "3"}``.

    Returns
    -------
    Path
        ``path``.
    """
    tensors = {k: v.detach().cpu().contiguous().clone() for k, v in model.state_dict().items()}
    return write_safetensors(path, tensors, metadata)
