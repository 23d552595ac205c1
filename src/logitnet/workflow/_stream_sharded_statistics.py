"""The column statistics of a pass shared by the ranks of a process group, merged exactly.

Each rank reads its own share of the rows (:meth:`Scan.shard`); the ranks then exchange their
statistics (:mod:`logitnet._group._gather`, as JSON and arrays, never pickled) and every
rank merges them in rank order:

- rows, dropped rows, missing cells and value counts (labels, categories, few-valued numbers)
  are summed, so they equal one process's counts exactly;
- counts, means and sums of squared deviations merge as Chan et al. do, equal to one process's
  to rounding (about 1e-15 relative);
- the sample behind a median or a mode past ``MAX_DISTINCT`` distinct values is drawn by a
  seeded hash of each row's global position, so the ranks' samples together are the very sample
  one process draws: they are gathered whole, and the median is the same number.

A column has more than ``MAX_DISTINCT`` distinct values when the ranks' values together do.
Whether an integer column's values were all distinct is exact while its values are counted;
past that it is whether each rank's were.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from logitnet._group import in_group
from logitnet.workflow._stream_statistics import MAX_DISTINCT, NumberStats, TextStats, ValueCounts


def merge_pass(pass_: Any) -> None:
    """Replace the statistics of this rank's pass with those of every rank's rows."""
    if not in_group():
        return
    from logitnet._group import all_gather_json

    parts = all_gather_json(_summary(pass_))
    counted = _gathered_counts(pass_, parts)
    pass_.rows = sum(p["rows"] for p in parts)
    pass_.dropped = sum(p["dropped"] for p in parts)
    pass_.target_missing = sum(p["target_missing"] for p in parts)
    pass_.classes = Counter()
    for part in parts:
        pass_.classes.update(dict(part["classes"]))
    for name, stats in pass_.stats.items():
        columns = [part["stats"][name] for part in parts]
        if isinstance(stats, TextStats):
            pass_.stats[name] = _merged_text(columns)
        else:
            pass_.stats[name] = _merged_number(stats, columns, counted[name])


def _summary(pass_: Any) -> dict:
    """This rank's pass as JSON-able values (floats keep every bit through JSON)."""
    stats = {
        name: _text(s) if isinstance(s, TextStats) else _number(s)
        for name, s in pass_.stats.items()
    }
    return {
        "rows": pass_.rows,
        "dropped": pass_.dropped,
        "target_missing": pass_.target_missing,
        "classes": [[label, n] for label, n in pass_.classes.items()],
        "stats": stats,
    }


def _text(stats: TextStats) -> dict:
    """A text column's statistics as JSON."""
    counts = None if stats.counts is None else [[v, n] for v, n in stats.counts.items()]
    return {"missing": stats.missing, "n": stats.n, "counts": counts}


def _number(stats: NumberStats) -> dict:
    """A numeric column's statistics as JSON, its value counts by their number only (they
    are sent as arrays, :func:`_gathered_counts`; its sample stays here until it is needed)."""
    counts = None if stats.counts is None else len(stats.counts)
    return {
        "n": stats.n,
        "mean": stats.mean,
        "m2": stats.m2,
        "missing": stats.missing,
        "all_distinct": stats.all_distinct,
        "counts": counts,
    }


def _gathered_counts(pass_: Any, parts: list[dict]) -> dict[str, list[ValueCounts | None]]:
    """Every rank's value counts of each numeric column (None where a rank had too many),
    gathered as two arrays of all columns together: values (float64) and tallies."""
    from logitnet._group import all_gather_array

    names = [n for n, s in pass_.stats.items() if isinstance(s, NumberStats)]
    mine = [pass_.stats[n].counts for n in names]
    kept = [c for c in mine if c is not None]
    values = all_gather_array(np.concatenate([np.empty(0), *(c.values for c in kept)]))
    tallies = all_gather_array(
        np.concatenate([np.empty(0, dtype=np.int64), *(c.tallies for c in kept)])
    )
    found: dict[str, list[ValueCounts | None]] = {n: [] for n in names}
    for part, part_values, part_tallies in zip(parts, values, tallies, strict=True):
        start = 0
        for name in names:
            length = part["stats"][name]["counts"]
            if length is None:
                found[name].append(None)
                continue
            end = start + length
            found[name].append(ValueCounts(part_values[start:end], part_tallies[start:end]))
            start = end
    return found


def _merged_counts(parts: list[dict]) -> Counter | None:
    """The summed value counts; None when a rank had too many values or all do together."""
    if any(p["counts"] is None for p in parts):
        return None
    merged: Counter = Counter()
    for part in parts:
        merged.update(dict((v, n) for v, n in part["counts"]))
    return None if len(merged) > MAX_DISTINCT else merged


def _merged_text(parts: list[dict]) -> TextStats:
    """A text column's statistics over every rank."""
    merged = TextStats(missing=sum(p["missing"] for p in parts), n=sum(p["n"] for p in parts))
    merged.counts = _merged_counts(parts)
    return merged


def _merged_number(
    mine: NumberStats, parts: list[dict], counted: list[ValueCounts | None]
) -> NumberStats:
    """A numeric column's statistics over every rank (Chan's merge, in rank order); its
    value counts summed from every rank's (``counted``)."""
    merged = NumberStats(integer=mine.integer, rate=mine.rate)
    for part in parts:
        if part["n"]:
            merged._merge(part["n"], part["mean"], part["m2"])
    merged.missing = sum(p["missing"] for p in parts)
    merged.counts = None
    every = [c for c in counted if c is not None]
    if len(every) == len(counted):
        counts = ValueCounts.of(
            np.concatenate([c.values for c in every]), np.concatenate([c.tallies for c in every])
        )
        merged.counts = None if len(counts) > MAX_DISTINCT else counts
    if merged.counts is not None:
        merged.all_distinct = len(merged.counts) == merged.n
    else:
        merged.all_distinct = all(p["all_distinct"] for p in parts)
        merged.sample = _gathered_sample(mine) if mine.rate > 0 else []
    return merged


def _gathered_sample(mine: NumberStats) -> list[np.ndarray]:
    """Every rank's sampled values of a column, together (the sample one process draws)."""
    from logitnet._group import all_gather_array

    values = np.concatenate(mine.sample) if mine.sample else np.empty(0)
    return [np.concatenate(all_gather_array(values))]


def summed_scores(counts: np.ndarray, loss: Any, n: int, kept: Any) -> tuple:
    """A test pass's confusion matrix, log-loss and rows summed over the ranks, and the kept
    rows ``(positions, truth, probabilities)`` of every rank, in position order."""
    if not in_group():
        return counts, loss, n, kept
    from logitnet._group import all_reduce, gather_rows

    sums = all_reduce(np.concatenate([counts.ravel(), [n, 0.0 if loss is None else loss]]))
    counts = np.rint(sums[: counts.size]).astype(np.int64).reshape(counts.shape)
    n, loss = int(round(sums[-2])), None if loss is None else float(sums[-1])
    return counts, loss, n, None if kept is None else gather_rows(*kept)
