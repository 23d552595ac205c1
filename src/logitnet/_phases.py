"""Where a run's time goes: wall seconds per phase, and the pass bar told of each phase.

A streamed run times its phases (``statistics``, ``fit``, ``test``, ``report``, ``write``)
and counts the passes each makes over a scan and the rows they decode. With
``LOGITNET_PHASES`` set to a file name, rank 0 writes them there as JSON at the end of the
run, with the wall-clock times at which the run began and ended; the benchmarks read it.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

PHASES_ENV = "LOGITNET_PHASES"  # a JSON file that rank 0 writes its phase times to

_times: dict[str, float] = {}
_inner: list[float] = []  # per open phase, the seconds its inner phases took
_open: list[str] = []  # the names of the open phases, innermost last
_reads: dict[str, list[int]] = {}  # per phase: [passes over a scan, rows decoded]


def begin() -> None:
    """Forget earlier phases; the run begins now."""
    _times.clear()
    _reads.clear()
    _times["began"] = time.time()


def pass_begins() -> None:
    """A pass over a scan begins (counted for the innermost open phase)."""
    if _open:
        _reads.setdefault(_open[-1], [0, 0])[0] += 1


def rows_read(rows: int) -> None:
    """``rows`` more rows decoded by the pass under way."""
    if _open:
        _reads.setdefault(_open[-1], [0, 0])[1] += rows


@contextmanager
def phase(name: str, progress: Any = None) -> Iterator[None]:
    """Time the phase ``name``, and name it on the pass bar ``progress`` (when it has one).

    A phase inside another counts for itself alone: the outer one's time leaves it out.
    """
    if hasattr(progress, "phase"):
        progress.phase(name)
    start = time.perf_counter()
    _inner.append(0.0)
    _open.append(name)
    try:
        yield
    finally:
        _open.pop()
        took = time.perf_counter() - start
        _times[name] = _times.get(name, 0.0) + took - _inner.pop()
        if _inner:
            _inner[-1] += took


def end() -> None:
    """Write the phases where ``LOGITNET_PHASES`` says (rank 0 only; nothing without it)."""
    from logitnet._group import rank
    from logitnet._io import write_atomic

    path = os.environ.get(PHASES_ENV)
    if path and rank() == 0:
        write_atomic(path, json.dumps({**_times, "ended": time.time(), "reads": _reads}))
