"""What a sharded pass sends between ranks besides sums: arrays and JSON, gathered from all.

Sums go through :func:`logitnet._group.all_reduce`. Sets (labels, categories), value
counts and samples of rows have a different size on each rank, so each rank's part is
gathered whole: first every rank's length (one all-reduce), then the parts padded to the
longest (one ``all_gather``). JSON is sent as its UTF-8 bytes; nothing is pickled.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from logitnet._group._process import active, all_reduce, rank, world_size


def all_gather_array(array: np.ndarray) -> list[np.ndarray]:
    """Every rank's 1-D ``array`` (any length, one numeric dtype on all ranks), in rank order."""
    array = np.ascontiguousarray(array).reshape(-1)
    if not active() or world_size() == 1:
        return [array.copy()]
    import torch
    import torch.distributed as dist

    from logitnet._group._process import _device

    lengths = np.zeros(world_size())
    lengths[rank()] = len(array)
    lengths = all_reduce(lengths).astype(np.int64)
    padded = np.zeros(int(lengths.max()), dtype=array.dtype)
    padded[: len(array)] = array
    device = _device()
    mine = torch.from_numpy(padded).to(device)
    parts = [torch.empty_like(mine) for _ in range(world_size())]
    dist.all_gather(parts, mine)
    return [p.cpu().numpy()[:n] for p, n in zip(parts, lengths.tolist(), strict=True)]


def all_gather_json(value: Any) -> list[Any]:
    """Every rank's JSON-able ``value``, in rank order (sent as UTF-8 bytes, not pickled)."""
    data = np.frombuffer(json.dumps(value).encode(), dtype=np.uint8)
    return [json.loads(part.tobytes().decode()) for part in all_gather_array(data)]


def gather_rows(positions: np.ndarray, *columns: np.ndarray) -> tuple[np.ndarray, ...]:
    """Every rank's rows (``positions`` and ``columns`` of one length), in position order.

    The rows of a single process, read in file order, come out in the same order, so sums
    over them are the same to the last bit.
    """
    every = np.concatenate(all_gather_array(positions))
    order = np.argsort(every, kind="stable")
    gathered = [_gather_rows_of(c) for c in columns]
    return (every[order], *(g[order] for g in gathered))


def _gather_rows_of(column: np.ndarray) -> np.ndarray:
    """Every rank's rows of a 1-D or 2-D array, concatenated in rank order."""
    flat = np.concatenate(all_gather_array(column))
    return flat if column.ndim == 1 else flat.reshape(-1, *column.shape[1:])
