"""A scan inside a process group: this rank's share of the rows, with the ranks' all-reduce."""

from __future__ import annotations

from typing import Any

from logitnet._group._process import active, all_reduce, rank, world_size


def in_group() -> bool:
    """Whether this process is one of several in an active process group."""
    return active() and world_size() > 1


def share_of(scan: Any) -> Any:
    """This rank's share of ``scan`` (:meth:`Scan.shard`), summing its passes over the ranks.

    Outside a group of several processes, ``scan`` itself. Every pass a model makes over the
    share ends in one all-reduce of its sums, so every rank holds the sums of every row.

    Raises
    ------
    ValueError
        For a scan already sharded: in a group, ``fit`` shards the whole scan itself.
    """
    if not in_group():
        return scan
    if scan.sharded:
        raise ValueError(
            "fit(scan) inside a process group shards the scan by rank itself; pass the whole "
            "scan, not scan.shard(...)."
        )
    return scan.shard(rank(), world_size()).with_reduce(all_reduce)
