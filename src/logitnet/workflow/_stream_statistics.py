"""Column statistics gathered in one streaming pass, batch by batch, in bounded memory.

Numbers: count, mean and sum of squared deviations (merged across batches as Chan et al. do),
missing cells, value counts while there are at most ``MAX_DISTINCT`` distinct values, and a
seeded sample of at most about ``SAMPLE_ROWS`` values for the median beyond that. The sample
keeps a row when a seeded hash of its global position says so, so it holds the same rows
however the rows are read or shared among processes. Text: value counts while there are at
most ``MAX_DISTINCT`` distinct values.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from logitnet.streaming import uniform_of

MAX_DISTINCT = 65_536  # distinct values counted per column; beyond, a column is "high-cardinality"
SAMPLE_ROWS = 1_000_000  # values kept per numeric column for a median of a longer column
SAMPLE_SEED = 0x5A3D1E  # the seed of the hash of row positions that picks the sample


@dataclass
class ValueCounts:
    """Distinct values, sorted, and how often each occurs: merged batch by batch in NumPy."""

    values: np.ndarray = field(default_factory=lambda: np.empty(0))
    tallies: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    @classmethod
    def of(cls, values: np.ndarray, tallies: np.ndarray | None = None) -> ValueCounts:
        """The counts of ``values`` (each seen ``tallies`` times; default once)."""
        found, inverse = np.unique(values, return_inverse=True)
        weights = None if tallies is None else np.asarray(tallies, dtype=np.float64)
        counted = np.bincount(inverse.ravel(), weights=weights, minlength=len(found))
        return cls(found, np.rint(counted).astype(np.int64))

    def add(self, other: ValueCounts) -> ValueCounts:
        """These counts and ``other``'s together."""
        return ValueCounts.of(
            np.concatenate([self.values, other.values]),
            np.concatenate([self.tallies, other.tallies]),
        )

    def __len__(self) -> int:
        return len(self.values)

    def items(self) -> list[tuple[float, int]]:
        """``(value, count)`` pairs, by value."""
        return list(zip(self.values.tolist(), self.tallies.tolist(), strict=True))


@dataclass
class NumberStats:
    """Running statistics of one numeric column."""

    integer: bool
    rate: float = 1.0  # share of values kept in the sample (0: none kept)
    n: int = 0
    mean: float = 0.0
    m2: float = 0.0
    missing: int = 0
    counts: ValueCounts | None = field(default_factory=ValueCounts)
    all_distinct: bool = True  # every value seen so far differs (for identifier columns)
    sample: list = field(default_factory=list)

    def update(self, values: np.ndarray, positions: np.ndarray | None = None) -> None:
        """Add a batch of values (NaN marks a missing cell) at their global row ``positions``
        (default: after the rows seen so far)."""
        if positions is None:
            seen = self.n + self.missing
            positions = np.arange(seen, seen + len(values), dtype=np.int64)
        where = ~np.isnan(values)
        present = values[where]
        self.missing += len(values) - len(present)
        if not len(present):
            return
        self._merge(
            len(present), float(present.mean()), float(((present - present.mean()) ** 2).sum())
        )
        self._count(present)
        if self.rate > 0:  # 0: no sample wanted
            self.sample.append(
                present
                if self.rate >= 1
                else present[uniform_of(SAMPLE_SEED, positions[where]) < self.rate]
            )

    def _merge(self, n: int, mean: float, m2: float) -> None:
        """Chan's update of (count, mean, M2) with another batch's."""
        total = self.n + n
        delta = mean - self.mean
        self.m2 += m2 + delta * delta * self.n * n / total
        self.mean += delta * n / total
        self.n = total

    def _count(self, present: np.ndarray) -> None:
        """Value counts while the column has few distinct values."""
        if self.counts is None:
            return
        self.counts = self.counts.add(ValueCounts.of(present))
        self.all_distinct = self.all_distinct and len(self.counts) == self.n
        if len(self.counts) > MAX_DISTINCT:
            self.counts = None

    def fill_value(self, strategy: str) -> float:
        """The value ``SimpleImputer(strategy)`` would fill in."""
        if strategy == "mean":
            return self.mean
        if self.counts is not None:
            return _from_counts(self.counts, strategy)
        values = np.concatenate(self.sample)
        if strategy == "median":
            return float(np.median(values))
        return _from_counts(ValueCounts.of(values), strategy)

    def scaled(self, fill: float | None) -> tuple[float, float, int]:
        """``(mean, variance, rows)`` after the missing cells are set to ``fill``."""
        if fill is None or not self.missing:
            return self.mean, self.m2 / max(self.n, 1), self.n
        total = self.n + self.missing
        mean = (self.n * self.mean + self.missing * fill) / total
        m2 = self.m2 + self.n * (self.mean - mean) ** 2 + self.missing * (fill - mean) ** 2
        return mean, m2 / total, total


def _from_counts(counts: ValueCounts, strategy: str) -> float:
    """Median or most frequent value from exact value counts (ties: the smallest value)."""
    values, weights = counts.values, counts.tallies
    if strategy == "most_frequent":
        return float(values[int(np.argmax(weights))])
    cumulative = np.cumsum(weights)
    total = int(cumulative[-1])

    def at(i: int) -> float:
        return float(values[np.searchsorted(cumulative, i, side="right")])

    return at(total // 2) if total % 2 else (at(total // 2 - 1) + at(total // 2)) / 2


@dataclass
class TextStats:
    """Value counts of one text, categorical or boolean column (as text)."""

    missing: int = 0
    n: int = 0
    counts: Counter | None = field(default_factory=Counter)

    def update(self, values: np.ndarray) -> None:
        """Add a batch of strings (``None``/NaN marks a missing cell)."""
        present = [v for v in values.tolist() if isinstance(v, str)]
        self.missing += len(values) - len(present)
        self.n += len(present)
        if self.counts is not None:
            self.counts.update(present)
            if len(self.counts) > MAX_DISTINCT:
                self.counts = None

    @property
    def categories(self) -> list[str]:
        """The distinct values, sorted (as ``OneHotEncoder`` lists them)."""
        return sorted(self.counts or ())

    def most_frequent(self) -> str:
        """The most frequent value; ties go to the smallest, as SimpleImputer does."""
        assert self.counts is not None, "too many distinct values to count"
        top = max(self.counts.values())
        return min(v for v, c in self.counts.items() if c == top)
