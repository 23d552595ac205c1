"""``logitnet evaluate``: metrics and the confusion matrix of a saved model on a table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from logitnet.cli._common import Debug, handles_errors, read_table, show
from logitnet.cli._inputs import model_features


@handles_errors
def evaluate(
    model_path: Annotated[Path, typer.Argument(metavar="MODEL", help="A .safetensors model file.")],
    data: Annotated[
        Path, typer.Argument(metavar="DATA", help="CSV or Parquet file with the target column.")
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
    from logitnet.metrics import classification_metrics
    from logitnet.persistence import load
    from logitnet.preprocessing import check_missing, select_columns

    model = load(model_path)
    df = read_table(data)
    select_columns(df, [target], source=str(data))
    df = df.dropna(subset=[target]) if dropna else df
    check_missing(df, [target], source=str(data))
    X, kept = model_features(model, df, source=str(data), exclude=(target,), dropna=dropna)
    result = classification_metrics(model, X, df.loc[kept, target])
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    show(metrics_table(result, title=f"Metrics on {data} ({len(kept)} rows)"))
    show(confusion_table(result))
