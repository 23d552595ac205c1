"""Training on a stream end to end: split, column handling, fit, and metrics on the test part."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from logitnet._phases import phase
from logitnet.streaming import Scan
from logitnet.workflow._stream_metrics import streamed_metrics
from logitnet.workflow._stream_preprocess import prepare_scan


@dataclass
class StreamedTraining:
    """What :func:`train_on_scan` produced."""

    pipeline: Any  # Pipeline([("preprocess", ...), ("model", ...)]), fitted
    metrics: dict  # test-part metrics (streamed_metrics's document)
    train: Scan  # the training rows, as the model read them
    test: Scan  # the test rows (raw columns)
    plan: Any  # the ColumnPlan
    n_train: int  # training rows the model read
    notes: list[str] = field(default_factory=list)


def train_on_scan(
    scan: Scan,
    estimator: Any,
    *,
    features: Sequence[str] | None = None,
    drop: Sequence[str] | None = None,
    dropna: bool = False,
    impute: str | None = None,
    test_size: float = 0.2,
    seed: int = 0,
    fit: Callable[[Any, Scan], Any] | None = None,
) -> StreamedTraining:
    """Fit ``estimator`` on the training part of ``scan`` and score it on the test part.

    The split is the seeded rule on row positions (:meth:`Scan.split`); the preprocessing's
    statistics come from one pass over the training part; the estimator then streams its own
    passes or epochs (``fit(estimator, training scan)``, by default ``estimator.fit(scan)``);
    the metrics come from one pass over the test part. In a process group, each rank reads
    its own share in every pass, and the sums, counts and samples are merged over the ranks.
    """
    from sklearn.pipeline import Pipeline

    train, test = scan.split(test_size, seed)
    with phase("statistics", scan.progress):  # the classes are counted in the same pass
        table = prepare_scan(train, features=features, drop=drop, dropna=dropna, impute=impute)
    with phase("fit", scan.progress):
        (fit or _fit)(estimator, table.scan)
    pipeline = Pipeline([("preprocess", table.preprocessor), ("model", estimator)])
    test = test.dropping_missing(table.scan.required)
    with phase("test", scan.progress):
        metrics = streamed_metrics(pipeline, test)
    return StreamedTraining(
        pipeline, metrics, table.scan, test, table.plan, table.rows, table.notes
    )


def _fit(estimator: Any, scan: Scan) -> Any:
    """``estimator.fit(scan)``."""
    return estimator.fit(scan)
