"""``logitnet evaluate``: metrics and the confusion matrix of a saved model on a table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from logitnet.cli._common import Debug, handles_errors, show
from logitnet.exceptions import DataError


@handles_errors
def evaluate(
    model_path: Annotated[Path, typer.Argument(metavar="MODEL", help="A .safetensors model file.")],
    data: Annotated[
        Path,
        typer.Argument(
            metavar="DATA", help="CSV or Parquet file, folder or glob, with the target column."
        ),
    ],
    target: Annotated[str, typer.Option("--target", "-t", help="The column with the true class.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
    dropna: Annotated[
        bool, typer.Option("--dropna", help="Drop rows with missing values.")
    ] = False,
    debug: Debug = False,
) -> None:
    """Score a saved model on a labelled table: metrics and the confusion matrix."""
    from logitnet.cli._tables import confusion_table, metrics_table
    from logitnet.persistence import load

    model = load(model_path)
    result, n_rows = _streamed_metrics(model, data, target, dropna)
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    show(metrics_table(result, title=f"Metrics on {data} ({n_rows} rows)"))
    show(confusion_table(result))


def _streamed_metrics(model: Any, data: Path, target: str, dropna: bool) -> tuple[dict, int]:
    """The metrics from one streaming pass over ``data`` (a file, a folder or a glob)."""
    from logitnet.cli._inputs import model_columns
    from logitnet.streaming import scan
    from logitnet.workflow import streamed_metrics

    table = scan(data, target=target)
    columns = model_columns(model)
    if columns is not None:
        try:
            table = table.select(columns)
        except DataError as exc:
            raise DataError(f"{exc}; the model was trained on {columns}") from None
    if dropna:
        table = table.dropping_missing([*table.features, target])
    result = streamed_metrics(model, table)
    return result, result["metrics"]["n_samples"]
