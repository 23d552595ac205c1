"""When to stream: the memory a table would take in pandas, against a budget."""

from __future__ import annotations

import os
import re

from logitnet.streaming._sources import resolve_paths

_UNITS = {"": 1, "B": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
IN_MEMORY_FACTOR = 3  # a table in pandas plus the copies that preparing and fitting make


def parse_size(text: str) -> int:
    """Bytes from ``"500MB"``, ``"4G"``, ``"2.5GiB"`` or a plain number of bytes."""
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([KMGT]?)(I?B)?\s*", str(text).upper())
    if match is None:
        raise ValueError(
            f"a memory size must be a number with an optional unit (500MB, 4G). Got {text!r}."
        )
    return int(float(match.group(1)) * _UNITS[match.group(2)])


def default_memory_limit() -> int:
    """A quarter of the machine's RAM."""
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4


def in_memory_bytes(path: object) -> int:
    """An estimate of the memory the table at ``path`` would take when read whole."""
    files, fmt = resolve_paths(path)
    if fmt == "csv":
        return IN_MEMORY_FACTOR * files[0].stat().st_size
    import pyarrow.parquet as pq

    total = 0
    for file in files:
        meta = pq.ParquetFile(file).metadata
        total += sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    return IN_MEMORY_FACTOR * total


def should_stream(path: object, stream: bool, memory_limit: int | None) -> bool:
    """``--stream``, or a table whose estimate exceeds the budget (a quarter of RAM)."""
    if stream:
        return True
    budget = default_memory_limit() if memory_limit is None else memory_limit
    return in_memory_bytes(path) > budget
