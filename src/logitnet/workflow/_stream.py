"""``run_training`` on a table streamed from disk: the same result, in bounded memory."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from logitnet import _phases as phases
from logitnet.exceptions import DataError
from logitnet.workflow._checkpoint import checkpointing
from logitnet.workflow._config import TrainConfig
from logitnet.workflow._outputs import json_params, write_run
from logitnet.workflow._result import TrainResult
from logitnet.workflow._split import Split

REPORT_ROWS = 5_000  # rows of each part read into memory for the HTML report's figures


def run_streamed(
    config: TrainConfig, callbacks: Iterable[Any], on_note: Callable[[str], None], progress: Any
) -> TrainResult:
    """Scan, split by row position, prepare from one pass, fit by streaming, score, write.

    In a process group, every rank makes the statistics pass and the test pass over every row
    (so every rank holds the same preprocessing and the same figures), and fits on its own
    share of the training rows; rank 0 writes ``config.out`` once every rank is done.
    """
    from logitnet.distributed import fit_scan
    from logitnet.history import history_of
    from logitnet.streaming import scan
    from logitnet.workflow._stream_training import train_on_scan

    if config.balance:
        raise DataError("balance needs the table in memory; it does not work with streaming")
    if config.test_size == 0:
        raise DataError("test_size=0 needs the table in memory; it does not work with streaming")
    phases.begin()
    data = scan(config.data, target=config.target, batch_rows=config.batch_rows)
    on_note(f"streaming {data.n_rows:,} rows from {data.path} in batches of {config.batch_rows:,}")
    trained = train_on_scan(
        data.with_progress(progress),
        config.estimator(callbacks),
        features=config.features,
        drop=config.drop,
        dropna=config.dropna,
        impute=config.impute,
        test_size=config.test_size,
        seed=config.seed,
        fit=partial(fit_scan, checkpoint=checkpointing(config, on_note)),
    )
    for line in trained.notes:
        on_note(line)
    history = history_of(trained.pipeline)
    with phases.phase("report"):
        split = _report_rows(trained, config.target)
    result = TrainResult(
        config=config,
        model=trained.pipeline,
        metrics=_document(config, trained),
        history=[] if history is None else history.to_list(),
        split=split,
        notes=list(trained.notes),
    )
    if config.out is not None:
        result.out = Path(config.out)
        with phases.phase("write"):  # the report's figures are timed apart, as "report"
            result.files = write_run(config, result, result.split)
    phases.end()
    return result


def _document(config: TrainConfig, trained: Any) -> dict:
    """What metrics.json holds for a streamed run (``split`` says how the test rows were held)."""
    from logitnet._pipeline import final_estimator
    from logitnet.workflow._regularization import regularization_document

    penalty = regularization_document(trained.pipeline)
    return {
        "data": str(config.data),
        "target": config.target,
        "model": config.model,
        "features": trained.plan.features,
        "n_train": trained.n_train,
        "n_test": trained.metrics["metrics"]["n_samples"],
        "seed": config.seed,
        "split": "streamed: a seeded hash of each row's position",
        "notes": list(trained.notes),
        **trained.metrics,
        "config": config.to_dict(),
        "params": json_params(final_estimator(trained.pipeline)),
        **({} if penalty is None else {"regularization": penalty}),
    }


def _report_rows(trained: Any, target: str) -> Split:
    """The first ``REPORT_ROWS`` rows of the training and test parts, for the report."""
    parts = {}
    for name, part in (("train", trained.train), ("test", trained.test)):
        frame = _head(part.with_progress(None).with_transform(None), REPORT_ROWS)
        parts[name] = (frame[list(trained.plan.features)], frame[target])
    return Split(parts["train"][0], parts["test"][0], parts["train"][1], parts["test"][1])


def _head(part: Any, rows: int) -> Any:
    """Up to ``rows`` rows of ``part`` as a DataFrame."""
    import pyarrow as pa

    batches, held = [], 0
    for _, batch in part.record_batches():
        batches.append(batch.slice(0, rows - held))
        held += len(batches[-1])
        if held >= rows:
            break
    return pa.Table.from_batches(batches).to_pandas()
