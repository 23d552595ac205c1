"""``Scan``: a lazy table over Parquet or CSV files, read in chunks of bounded size."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from logitnet import _phases as phases
from logitnet._validation import check_in_range, check_int, suggest
from logitnet.exceptions import DataError
from logitnet.streaming._arrays import (
    Batch,
    complete_rows,
    is_numeric,
    labels,
    numeric_matrix,
    weights,
)
from logitnet.streaming._sources import Chunk, Source, resolve_paths
from logitnet.streaming._split import held_out

if TYPE_CHECKING:
    import os

    import pandas as pd

    from logitnet._typing import ScanProgress

BATCH_ROWS = 65_536
BALANCE = 0.8  # a share by whole chunks is even enough when the least is >= 80% of the most


def _identity(value: np.ndarray) -> np.ndarray:
    """The default ``reduce``: one process holds every chunk."""
    return value


@dataclass(frozen=True)
class Scan:
    """A table that stays on disk: its rows are read in batches, only the columns needed.

    Build one with :func:`logitnet.scan`. Every method that derives a new scan (``split``,
    ``shard``, ``with_transform``) returns a new object; nothing is read until rows are needed.

    Attributes
    ----------
    target : str or None
        The label column (None for a scan to predict on).
    features : tuple of str
        The feature columns, in order.
    weight : str or None
        The sample-weight column.
    batch_rows : int
        Most rows per batch handed to a model.
    """

    source: Source = field(repr=False)
    target: str | None
    features: tuple[str, ...]
    weight: str | None = None
    batch_rows: int = BATCH_ROWS
    chunk_ids: tuple[int, ...] | None = None  # the chunks of this shard; None: all
    share: tuple[int, int] | None = None  # (rank, world): that slice of each chunk's rows
    parts: tuple[tuple[str, float, int], ...] = ()  # ("train" | "test", test_size, seed) rules
    required: tuple[str, ...] = ()  # rows missing a value in one of these are left out
    transform: Callable[[Any], np.ndarray] | None = field(default=None, repr=False)
    reduce: Callable[[np.ndarray], np.ndarray] = field(default=_identity, repr=False)
    progress: ScanProgress | None = field(default=None, repr=False, compare=False)
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def path(self) -> str:
        """The first file, or ``first (+ N more)``, for messages and metrics."""
        files = self.source.files
        return str(files[0]) + (f" (+ {len(files) - 1} more)" if len(files) > 1 else "")

    @property
    def chunks(self) -> list[Chunk]:
        """The chunks this scan reads, in file order."""
        every = self.source.chunks
        if self.share is not None:  # only the chunks that hold rows of this slice
            low, high = self._slice()
            return [c for c in every if c.start < high and c.start + c.rows > low]
        return every if self.chunk_ids is None else [every[i] for i in self.chunk_ids]

    def _slice(self) -> tuple[int, int]:
        """``[low, high)``: the global row positions of this share's slice (``share`` set)."""
        assert self.share is not None  # only a share made by a slice has one
        rank, world = self.share
        total = sum(c.rows for c in self.source.chunks)
        return total * rank // world, total * (rank + 1) // world

    @property
    def columns(self) -> list[str]:
        """Every column read: the features, the target and weight, and the ``required`` ones."""
        extra = [c for c in (self.target, self.weight, *self.required) if c is not None]
        return list(dict.fromkeys([*self.features, *extra]))

    @property
    def sharded(self) -> bool:
        """Whether this scan is one process's share (:meth:`shard`)."""
        return self.chunk_ids is not None or self.share is not None

    @property
    def n_rows(self) -> int:
        """Rows in this scan (after the split and the share), from the files' metadata."""
        if not (self.parts or self.share):
            return sum(c.rows for c in self.chunks)
        return int(sum(self._keep(c).sum() for c in self.chunks))

    def split(self, test_size: float, seed: int = 0) -> tuple[Scan, Scan]:
        """Train and test parts: a row is a test row when a seeded hash of its position says so.

        The rule depends only on each row's global position, so it picks the same rows on every
        run, in any reading order, and for any number of processes. A part can be split again
        (a validation part of the training part) with another seed.
        """
        check_in_range("test_size", test_size, 0.0, 1.0, closed="neither")
        rule = (float(test_size), int(seed))
        if any(part[1:] == rule for part in self.parts):
            raise ValueError(
                f"This scan is already split with test_size={test_size} and seed={seed}; "
                "split it again with another seed."
            )
        return (
            dataclasses.replace(self, parts=(*self.parts, ("train", *rule))),
            dataclasses.replace(self, parts=(*self.parts, ("test", *rule))),
        )

    def shard(self, rank: int, world: int) -> Scan:
        """Process ``rank``'s share of the rows, out of ``world`` processes.

        Each process reads every ``world``-th chunk when that shares the rows out evenly (no
        process gets less than :data:`BALANCE` of the most any gets); otherwise (fewer chunks
        than processes, or a few of uneven size) each process reads every chunk and keeps its
        contiguous ``1/world`` slice of the table's rows, and decodes only the chunks that
        slice touches (a chunk on a slice's edge is decoded by both of its processes). Either
        way every row is in exactly one share, and the split rule, on global row positions,
        picks the same rows.
        """
        check_int("world", world, min_value=1)
        check_int("rank", rank, min_value=0)
        if rank >= world:
            raise ValueError(f"`rank` must be below world={world}. Got {rank!r} instead.")
        if self.sharded:
            raise ValueError("This scan is already one process's share; shard the whole scan.")
        ids = tuple(range(len(self.source.chunks)))
        if _balanced([self.source.chunks[i].rows for i in ids], world):
            return dataclasses.replace(self, chunk_ids=ids[rank::world])
        return dataclasses.replace(self, share=(rank, world))

    def select(self, features: Sequence[str]) -> Scan:
        """This scan reading the feature columns ``features`` (checked) instead."""
        names = list(self.source.schema.names)
        _check_known(list(features), names, self.source)
        self.source.check_columns(list(features))
        return dataclasses.replace(self, features=tuple(features))

    @property
    def n_features(self) -> int:
        """Columns of the feature matrix (through ``transform``: from the first batch)."""
        if self.transform is None:
            return len(self.features)
        if "n_features" not in self._cache:
            first = next(self.batches(), None)
            if first is None:
                raise DataError(f"{self.path}: no rows")
            self._cache["n_features"] = first.X.shape[1]
        return self._cache["n_features"]

    def with_transform(self, transform: Callable[[Any], np.ndarray] | None) -> Scan:
        """This scan with ``transform(feature DataFrame) -> float matrix`` applied to each batch."""
        return dataclasses.replace(self, transform=transform)

    def with_class_counts(self, counts: dict[Any, list[float]]) -> Scan:
        """This scan knowing its classes from ``{label: [rows, weight]}``: no pass counts them.

        For a pass that counted the target already (the streamed preparation's, over every rank).
        """
        known = dataclasses.replace(self)
        known._cache["classes"] = known._classes_from(counts)
        return known

    def dropping_missing(self, columns: Sequence[str]) -> Scan:
        """This scan leaving out the rows with a missing value (null or NaN) in ``columns``."""
        return dataclasses.replace(self, required=tuple(columns))

    def with_progress(self, progress: ScanProgress | None) -> Scan:
        """This scan reporting each pass to ``progress`` (``begin(rows)``, ``advance(rows)``)."""
        return dataclasses.replace(self, progress=progress)

    def with_reduce(self, reduce: Callable[[np.ndarray], np.ndarray]) -> Scan:
        """This scan with ``reduce`` summing a pass's totals across processes (an all-reduce)."""
        return dataclasses.replace(self, reduce=reduce)

    def _keep(self, chunk: Chunk) -> np.ndarray:
        """Which rows of ``chunk`` belong to this scan's part of every split."""
        keep = np.ones(chunk.rows, dtype=bool)
        if self.share is not None:
            low, high = self._slice()
            keep[: max(0, low - chunk.start)] = False
            keep[max(0, high - chunk.start) :] = False
        for part, test_size, seed in self.parts:
            test = held_out(seed, test_size, chunk.start, chunk.rows)
            keep &= test if part == "test" else ~test
        return keep

    def record_batches(
        self, columns: Sequence[str] | None = None, order: Sequence[Chunk] | None = None
    ) -> Iterator[tuple[Chunk, Any]]:
        """``(chunk, pyarrow RecordBatch)`` of ``columns``, only this part's rows."""
        for chunk, _, batch in self.positioned_batches(columns, order):
            yield chunk, batch

    def positioned_batches(
        self, columns: Sequence[str] | None = None, order: Sequence[Chunk] | None = None
    ) -> Iterator[tuple[Chunk, np.ndarray, Any]]:
        """``(chunk, global row positions, pyarrow RecordBatch)``, only this part's rows.

        The positions are the rows' places in the whole table, the same however the chunks
        are shared out: a seeded rule on them (a sample, say) picks the same rows for any
        number of processes.
        """
        columns = self.columns if columns is None else list(columns)
        chunks = self.chunks if order is None else list(order)
        if self.progress is not None:
            self.progress.begin(sum(c.rows for c in chunks))
        phases.pass_begins()
        offset, previous, keep = 0, None, None
        for chunk, batch in self.source.read_many(chunks, columns, self.batch_rows):
            if chunk is not previous:  # the chunk's rows to keep, hashed once per chunk
                offset, previous = 0, chunk
                keep = self._keep(chunk) if self.parts or self.share else None
            phases.rows_read(len(batch))
            if self.progress is not None:
                self.progress.advance(len(batch))
            start, offset = offset, offset + len(batch)
            positions = np.arange(chunk.start + start, chunk.start + offset, dtype=np.int64)
            if keep is not None:
                batch, positions = batch.filter(keep[start:offset]), positions[keep[start:offset]]
            if self.required:
                mask = complete_rows(batch, self.required)
                batch, positions = batch.filter(mask), positions[np.asarray(mask)]
            if len(batch):
                yield chunk, positions, batch

    def batches(self, order: Sequence[Chunk] | None = None) -> Iterator[Batch]:
        """The rows as NumPy :class:`Batch` es: features, labels and weights."""
        self._check_numeric()
        fmt = self.source.fmt
        for chunk, positions, batch in self.positioned_batches(order=order):
            where = chunk.where(fmt)
            yield Batch(
                X=self._features(batch, where),
                y=None if self.target is None else labels(batch, self.target, where),
                w=None if self.weight is None else weights(batch, self.weight, where),
                where=where,
                positions=positions,
            )

    def _features(self, batch: Any, where: str) -> np.ndarray:
        """The feature matrix of ``batch``: through ``transform`` when set."""
        if self.transform is None:
            return numeric_matrix(batch, self.features, where)
        frame = batch.select(list(self.features)).to_pandas()
        X = np.asarray(self.transform(frame), dtype=np.float64)
        if not np.isfinite(X).all():
            raise DataError(
                f"{where}: missing or infinite values in the features; drop those rows or fill "
                "them in (the CLI's --dropna or --impute)"
            )
        return X

    def _check_numeric(self) -> None:
        """Without a transform, every feature must be a number column."""
        if self.transform is not None:
            return
        schema = self.source.schema
        text = [n for n in self.features if not is_numeric(schema.field(n).type)]
        if text:
            raise DataError(
                f"{self.path}: column {text[0]!r} is {schema.field(text[0]).type}, not numbers; "
                "pass features= with number columns only, or use the CLI, which one-hot "
                "encodes text columns"
            )

    def class_totals(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(classes, counts, weight sums)`` of the target, from one pass (cached).

        In a process group, each rank reads its own share and the counts are summed.

        Raises a :class:`~logitnet.DataError` when the target holds a single class.
        """
        if "classes" not in self._cache:
            from logitnet.streaming._sharded import merged_classes, my_share

            counts = merged_classes(my_share(self)._count_classes())
            self._cache["classes"] = self._classes_from(counts)
        return self._cache["classes"]

    def _count_classes(self) -> dict[Any, list[float]]:
        """``{label: [rows, weight]}`` from one pass over the target (and weight) column."""
        if self.target is None:
            raise ValueError("This scan has no target column; pass target= to logitnet.scan.")
        counts: dict[Any, list[float]] = {}
        columns = [c for c in (self.target, self.weight) if c is not None]
        for chunk, batch in self.record_batches(columns):
            where = chunk.where(self.source.fmt)
            y = labels(batch, self.target, where)
            w = np.ones(len(y)) if self.weight is None else weights(batch, self.weight, where)
            found, inverse = np.unique(y, return_inverse=True)
            for label, n, total in zip(
                found.tolist(), np.bincount(inverse), np.bincount(inverse, weights=w), strict=True
            ):
                entry = counts.setdefault(label, [0, 0.0])
                entry[0] += int(n)
                entry[1] += float(total)
        return counts

    def _classes_from(self, counts: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sorted classes and their totals; one class (or none) is an error."""
        if not counts:
            raise DataError(f"{self.path}: no rows to train on")
        if len(counts) < 2:
            (label,) = counts
            raise DataError(
                f"{self.path}: the target {self.target!r} has a single class ({label!r}); need two"
            )
        classes = np.array(sorted(counts))
        totals = np.array([counts[c] for c in classes.tolist()], dtype=np.float64)
        return classes, totals[:, 0].astype(np.int64), totals[:, 1]

    def to_pandas(self) -> pd.DataFrame:
        """Every row of :attr:`columns` in one pandas DataFrame (for tables that fit in memory)."""
        import pyarrow as pa

        batches = [batch for _, batch in self.record_batches()]
        if not batches:
            raise DataError(f"{self.path}: no rows")
        return pa.Table.from_batches(batches).to_pandas()


def scan(
    path: str | os.PathLike[str],
    target: str | None = None,
    features: Sequence[str] | None = None,
    *,
    weight: str | None = None,
    batch_rows: int = BATCH_ROWS,
) -> Scan:
    """A lazy table over a Parquet file, a folder of Parquet files, a glob, or a CSV file.

    Only the footers (Parquet) or the first block (CSV) are read here. The rows are read later,
    in batches of at most ``batch_rows`` rows and only the columns needed, by whatever consumes
    the scan: ``LogisticRegression.fit(scan)``, ``NeuralNetClassifier.fit(scan)``,
    ``predict(scan)``, ``score(scan)``.

    Parameters
    ----------
    path : str or Path
        A ``.parquet``/``.pq`` file, a folder holding such files (searched recursively, in sorted
        order), a glob such as ``"data/part-*.parquet"``, or one ``.csv`` file.
    target : str, optional
        The label column; the classes come from a first pass over it. None for a table to predict.
    features : sequence of str, optional
        The feature columns; default every column but ``target`` and ``weight``.
    weight : str, optional
        A column of non-negative sample weights.
    batch_rows : int, default=65536
        Most rows read at a time; memory use grows with it, not with the table.

    Returns
    -------
    Scan

    Raises
    ------
    DataError
        For a path that names no file, an unreadable or empty Parquet file, an unknown column, or
        a later file whose columns differ from the first file's (naming the file).

    Examples
    --------
    >>> data = logitnet.scan("events/", target="clicked")  # doctest: +SKIP
    >>> model = logitnet.LogisticRegression(alpha=1e-4).fit(data)  # doctest: +SKIP
    """
    check_int("batch_rows", batch_rows, min_value=1)
    source = Source(*resolve_paths(path))
    names = list(source.schema.names)
    _check_known([c for c in (target, weight) if c is not None], names, source)
    chosen = _features(names, target, weight, features, source)
    source.check_columns([*chosen, *(c for c in (target, weight) if c is not None)])
    return Scan(source, target, tuple(chosen), weight, batch_rows)


def _balanced(rows: Sequence[int], world: int) -> bool:
    """Whether every ``world``-th chunk gives each process about as many rows as any other."""
    totals = [sum(rows[rank::world]) for rank in range(world)]
    return min(totals) >= BALANCE * max(totals) and min(totals) > 0


def _features(names, target, weight, features, source) -> list[str]:
    """``features``, checked; or every column but the target and the weight."""
    if features is None:
        return [n for n in names if n not in (target, weight)]
    chosen = [str(f) for f in features]
    _check_known(chosen, names, source)
    if target in chosen or (weight is not None and weight in chosen):
        raise DataError(f"the target or weight column cannot also be a feature: {chosen}")
    if not chosen:
        raise DataError("features= is empty; name at least one feature column")
    return chosen


def _check_known(columns: Sequence[str], names: Sequence[str], source: Source) -> None:
    """Raise a DataError naming a column the first file does not have."""
    for name in columns:
        if name not in names:
            raise DataError(
                f"{source.files[0]}: has no column {name!r}.{suggest(name, names)} "
                f"Its columns: {list(names)}"
            )
