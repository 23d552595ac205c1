"""Which rows each rank trains on."""

from __future__ import annotations

import numpy as np


def shard_rows(n_rows: int, rank: int, world: int) -> np.ndarray:
    """Positions of rank ``rank``'s contiguous block of ``n_rows`` rows (sizes differ by <= 1)."""
    from logitnet._validation import check_int

    check_int("world", world, min_value=1)
    check_int("rank", rank, min_value=0)
    if rank >= world:
        raise ValueError(f"`rank` must be below world={world}. Got {rank!r} instead.")
    bounds = np.linspace(0, n_rows, world + 1).round().astype(np.int64)
    return np.arange(bounds[rank], bounds[rank + 1])
