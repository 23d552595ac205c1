"""``logitnet train`` on a table streamed from disk: the scan, the bar, the metrics document."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from logitnet.cli._common import err, note, show
from logitnet.exceptions import DataError

REPORT_ROWS = 5_000  # rows of each part read into memory for the HTML report's figures


@dataclass
class StreamResult:
    """The fitted pipeline and the rows the report draws."""

    pipeline: Any
    report_rows: dict  # X_train, y_train, X_test, y_test: the first rows of each part


def train_streamed(
    data: Path, target: str, estimator: Any, balance: bool, batch_rows: int, options: dict
) -> tuple[StreamResult, dict]:
    """Fit on the stream with a progress bar; print the metrics; return the result and summary."""
    from logitnet.cli._metrics import confusion_table, metrics_table
    from logitnet.streaming import scan
    from logitnet.streaming._progress import PassProgress
    from logitnet.streaming._training import train_on_scan

    if balance:
        raise DataError("--balance needs the table in memory; it does not work with --stream")
    table = scan(data, target=target, batch_rows=batch_rows)
    note(f"streaming {table.n_rows:,} rows from {table.path} in batches of {batch_rows:,}")
    with PassProgress(err, "pass") as progress:
        result = train_on_scan(table.with_progress(progress), estimator, **options)
    for line in result.notes:
        note(line)
    n_test = result.metrics["metrics"]["n_samples"]
    show(metrics_table(result.metrics, title=f"Test metrics ({n_test} rows)"))
    show(confusion_table(result.metrics))
    summary = {
        "data": str(data),
        "target": target,
        "features": result.plan.features,
        "n_train": result.n_train,
        "n_test": n_test,
        "seed": options["seed"],
        "streamed": True,
        "notes": result.notes,
        **result.metrics,
    }
    rows = _report_rows(result, target)
    return StreamResult(result.pipeline, rows), summary


def _report_rows(result: Any, target: str) -> dict:
    """The first ``REPORT_ROWS`` rows of the training and test parts, in memory."""
    parts = {}
    for name, part in (("train", result.train), ("test", result.test)):
        frame = _head(part.with_progress(None).with_transform(None), REPORT_ROWS)
        parts[f"X_{name}"] = frame[list(result.plan.features)]
        parts[f"y_{name}"] = frame[target]
    return parts


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
