"""The safetensors writer: model files and training checkpoints both go through it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from logitnet._io import write_atomic

if TYPE_CHECKING:  # pragma: no cover
    import torch

__all__ = ["save_weights", "serialize", "write_safetensors"]


def serialize(arrays: dict[str, Any], metadata: dict[str, str] | None = None) -> bytes:
    """The safetensors bytes of ``arrays``; torch is imported only when some are torch tensors."""
    if all(isinstance(a, np.ndarray) for a in arrays.values()):
        import safetensors.numpy

        contiguous = {key: np.ascontiguousarray(a) for key, a in arrays.items()}
        return safetensors.numpy.save(contiguous, metadata=metadata)
    import safetensors.torch

    return safetensors.torch.save(_to_torch(arrays), metadata=metadata)


def _to_torch(arrays: dict[str, Any]) -> dict:
    """Torch tensors for safetensors: numpy arrays are wrapped without changing their bits."""
    import torch

    return {
        key: torch.from_numpy(np.ascontiguousarray(a)) if isinstance(a, np.ndarray) else a
        for key, a in arrays.items()
    }


def write_safetensors(
    path: str | os.PathLike,
    tensors: dict[str, Any],
    metadata: dict[str, str] | None = None,
) -> Path:
    """Write ``tensors`` (and string ``metadata``) as one safetensors file, atomically.

    Parameters
    ----------
    path : str or path-like
        The file to write; an existing file is replaced only once the new one is complete.
    tensors : dict of str to ndarray or torch.Tensor
        CPU arrays or tensors that share no memory; all-numpy data is written without torch.
    metadata : dict of str to str, optional
        Stored in the file's header.

    Returns
    -------
    Path
        ``path``.
    """
    return write_atomic(path, serialize(tensors, metadata))


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
