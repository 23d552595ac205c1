"""A scan in a process group: this rank's share of it, and the labels of every rank's share.

Never imports torch outside a group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from logitnet._group import in_group, rank, world_size

if TYPE_CHECKING:
    from logitnet.streaming._scan import Scan


def my_share(scan: Scan) -> Scan:
    """This rank's share of ``scan`` in a process group; ``scan`` itself otherwise."""
    if not in_group() or scan.sharded:
        return scan
    return scan.shard(rank(), world_size())


def merged_classes(counts: dict) -> dict:
    """``{label: [rows, weight]}`` summed over the ranks (a set union of the labels)."""
    if not in_group():
        return counts
    from logitnet._group import all_gather_json

    merged: dict = {}
    for part in all_gather_json([[label, *totals] for label, totals in counts.items()]):
        for label, rows, weight in part:
            entry = merged.setdefault(label, [0, 0.0])
            entry[0] += int(rows)
            entry[1] += float(weight)
    return merged
