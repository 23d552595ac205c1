"""Column statistics merged over batches equal those of the whole column."""

from __future__ import annotations

import numpy as np
import pytest

from logitnet.workflow import _stream_statistics as _statistics
from logitnet.workflow._stream_statistics import NumberStats, TextStats


def test_number_statistics_over_batches():
    rng = np.random.default_rng(1)
    values = rng.normal(5.0, 2.0, size=1001)
    values[[3, 50, 700]] = np.nan
    stats = NumberStats(integer=False)
    for piece in np.array_split(values, 7):
        stats.update(piece)
    present = values[~np.isnan(values)]
    assert stats.missing == 3 and stats.n == 998
    assert stats.mean == pytest.approx(present.mean(), rel=1e-14)
    assert stats.m2 / stats.n == pytest.approx(present.var(), rel=1e-12)
    assert stats.fill_value("median") == np.median(present)
    mean, var, n = stats.scaled(np.median(present))
    filled = np.where(np.isnan(values), np.median(present), values)
    assert (mean, n) == (pytest.approx(filled.mean(), rel=1e-14), 1001)
    assert var == pytest.approx(filled.var(), rel=1e-12)


@pytest.mark.parametrize("values", [[1, 2, 2, 3], [4, 1, 1, 7, 7, 9], [5]])
def test_median_and_mode_from_counts(values):
    stats = NumberStats(integer=True)
    stats.update(np.array(values, dtype=float))
    assert stats.fill_value("median") == np.median(values)
    assert stats.fill_value("most_frequent") == min(
        v for v in values if values.count(v) == max(map(values.count, values))
    )


def test_past_the_distinct_limit_the_median_comes_from_the_sample(monkeypatch):
    monkeypatch.setattr(_statistics, "MAX_DISTINCT", 10)
    stats = NumberStats(integer=False)
    stats.update(np.arange(101, dtype=float))
    assert stats.counts is None and stats.all_distinct
    assert stats.fill_value("median") == 50.0


def test_text_counts_and_most_frequent():
    stats = TextStats()
    stats.update(np.array(["b", "a", np.nan, "b", "a"], dtype=object))
    assert (stats.missing, stats.n, stats.categories) == (1, 4, ["a", "b"])
    assert stats.most_frequent() == "a"  # a tie goes to the smallest, as SimpleImputer


def test_rate_zero_keeps_no_sample_and_the_same_moments():
    values = np.random.default_rng(2).normal(size=5000)
    kept, bare = NumberStats(integer=False), NumberStats(integer=False, rate=0.0)
    for piece in np.array_split(values, 5):
        kept.update(piece)
        bare.update(piece)
    assert bare.sample == [] and sum(len(s) for s in kept.sample) == 5000
    assert (bare.n, bare.mean, bare.m2) == (kept.n, kept.mean, kept.m2)


def test_value_counts_merged_batch_by_batch_equal_a_counter_of_every_value():
    from collections import Counter

    from logitnet.workflow._stream_statistics import ValueCounts

    rng = np.random.default_rng(4)
    pieces = [rng.integers(-3, 9, size=n).astype(float) for n in (40, 1, 0, 77)]
    counts = ValueCounts()
    for piece in pieces:
        counts = counts.add(ValueCounts.of(piece))
    expected = Counter(np.concatenate(pieces).tolist())
    assert counts.items() == sorted(expected.items())
    assert len(counts) == len(expected) and counts.tallies.dtype == np.int64
