"""In-memory batching: whole batches sliced from shuffled chunks, never sample by sample."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import numpy as np
import torch

from logitnet._validation import check_int

__all__ = ["Batches", "InMemoryBatches", "TensorBatches", "as_tensors", "to_tensor"]

CHUNK_ROWS = 32_768  # rows gathered at a time when shuffling: bounded memory, few operations


def to_tensor(
    data: Any, dtype: torch.dtype, device: torch.device | str | None = None
) -> torch.Tensor:
    """Convert an array, DataFrame or tensor to a ``dtype`` tensor on ``device``, copying once."""
    if isinstance(data, torch.Tensor):
        return data.to(device=device, dtype=dtype)
    array = np.asarray(data)
    if array.dtype == object:
        raise TypeError(f"Expected numeric data; got an array of dtype object: {array[:3]!r}.")
    return torch.tensor(array, dtype=dtype, device=device)


class InMemoryBatches:
    """Iterate over batches of tensors that are already in memory.

    Each epoch draws one permutation (from ``generator``), gathers the rows chunk by
    chunk into a reused buffer and yields contiguous slices of it. A yielded batch is
    a view that is valid until the next batch is drawn.

    Parameters
    ----------
    tensors : sequence of torch.Tensor
        Tensors with the same first dimension, e.g. ``(X, y)`` or ``(X, y, w)``.
    batch_size : int, default=50
        Rows per batch; the last batch may be smaller.
    shuffle : bool, default=True
        Draw a new order every epoch.
    generator : torch.Generator, optional
        Source of the permutations.

    Examples
    --------
    >>> import torch
    >>> X, y = torch.arange(10.0).reshape(5, 2), torch.arange(5)
    >>> [len(yb) for _, yb in InMemoryBatches((X, y), batch_size=2)]
    [2, 2, 1]
    """

    def __init__(
        self,
        tensors: Sequence[torch.Tensor],
        batch_size: int = 50,
        shuffle: bool = True,
        generator: torch.Generator | None = None,
    ) -> None:
        self.tensors = tuple(tensors)
        self.n_rows = _common_length(self.tensors)
        self.batch_size = check_int("batch_size", batch_size)
        self.shuffle = shuffle
        self.generator = generator
        self._buffers: tuple[torch.Tensor, ...] | None = None

    def __len__(self) -> int:
        return math.ceil(self.n_rows / self.batch_size)

    def __iter__(self) -> Iterator[tuple[torch.Tensor, ...]]:
        if not self.shuffle:
            yield from _slices(self.tensors, 0, self.n_rows, self.batch_size)
            return
        device = self.tensors[0].device
        order = torch.randperm(self.n_rows, generator=self.generator).to(device)
        chunk = max(self.batch_size, CHUNK_ROWS // self.batch_size * self.batch_size)
        for start in range(0, self.n_rows, chunk):
            rows = self._gather(order[start : start + chunk])
            yield from _slices(rows, 0, len(rows[0]), self.batch_size)

    def _gather(self, index: torch.Tensor) -> tuple[torch.Tensor, ...]:
        """Copy the rows ``index`` of every tensor into the reused buffers."""
        if self._buffers is None or len(self._buffers[0]) < len(index):
            self._buffers = tuple(t.new_empty((len(index), *t.shape[1:])) for t in self.tensors)
        out = tuple(b[: len(index)] for b in self._buffers)
        for tensor, buffer in zip(self.tensors, out, strict=True):
            torch.index_select(tensor, 0, index, out=buffer)
        return out


def _slices(
    tensors: Sequence[torch.Tensor], start: int, stop: int, size: int
) -> Iterator[tuple[torch.Tensor, ...]]:
    """Yield ``tensors[i : i + size]`` for consecutive ``i`` in ``[start, stop)``."""
    for i in range(start, stop, size):
        yield tuple(t[i : min(i + size, stop)] for t in tensors)


def _common_length(tensors: Sequence[torch.Tensor]) -> int:
    """The shared first dimension of ``tensors``, or a ValueError naming the lengths."""
    if not tensors:
        raise ValueError("InMemoryBatches needs at least one tensor.")
    lengths = [len(t) for t in tensors]
    if len(set(lengths)) != 1:
        raise ValueError(f"All tensors must have the same number of rows. Got {lengths} instead.")
    if lengths[0] == 0:
        raise ValueError("Cannot batch empty tensors (0 rows).")
    return lengths[0]


class Batches(Protocol):
    """Mini-batches that know how many there are: what the training loop runs over."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Any]: ...


class TensorBatches:
    """Mini-batches of arrays as tensors on the model's device, in its target dtype."""

    def __init__(self, batches: Batches, model: Any) -> None:
        self.batches, self.device = batches, model.device_
        self.y_dtype = torch.float32 if model._n_outputs() == 1 else torch.int64

    def __len__(self) -> int:
        return len(self.batches)

    def __iter__(self):
        for rows in self.batches:
            yield as_tensors(rows, self.y_dtype, self.device)


def as_tensors(rows: tuple, y_dtype: torch.dtype, device: Any) -> tuple[torch.Tensor, ...]:
    """``(X, y[, w])`` arrays as tensors."""
    X, codes, *weights = rows
    out = [torch.from_numpy(X), torch.from_numpy(codes).to(y_dtype)]
    out += [torch.from_numpy(w) for w in weights]
    return tuple(t.to(device) for t in out)
