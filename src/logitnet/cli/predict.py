"""``logitnet predict``: predictions for a table, streamed in chunks to stdout or a file."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from logitnet.cli._common import Debug, handles_errors
from logitnet.cli._inputs import model_features


@handles_errors
def predict(
    model_path: Annotated[Path, typer.Argument(metavar="MODEL", help="A .safetensors model file.")],
    data: Annotated[
        Path,
        typer.Argument(
            metavar="DATA", help="CSV or Parquet file, folder or glob, with the model's columns."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write a CSV here (atomically) instead of stdout.",
            show_default=False,
        ),
    ] = None,
    proba: Annotated[
        bool, typer.Option("--proba", help="Add one probability column per class.")
    ] = False,
    keep: Annotated[
        list[str] | None,
        typer.Option(
            help="Copy these input columns (e.g. an id) to the output.", show_default=False
        ),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            metavar="T",
            help="Two classes: predict the second where its probability is above T, "
            "instead of the model's own threshold.",
            show_default=False,
        ),
    ] = None,
    chunk_size: Annotated[int, typer.Option(min=1, help="Rows read and predicted at a time.")] = (
        100_000
    ),
    debug: Debug = False,
) -> None:
    """Predict the class of every row; columns the model does not use are ignored."""
    from logitnet._io import atomic_writer
    from logitnet._validation import check_in_range
    from logitnet.persistence import load
    from logitnet.workflow import split_names

    if threshold is not None:
        check_in_range("threshold", threshold, 0.0, 1.0)
    model = load(model_path)
    chunks = _predictions(model, data, chunk_size, proba, threshold, split_names(keep) or [])
    if output is None:
        _write_csv(chunks, sys.stdout)
        return
    with atomic_writer(output) as handle:
        _write_csv(chunks, handle)


def _predictions(
    model: Any, data: Path, chunk_size: int, proba: bool, threshold: float | None, keep: list[str]
) -> Iterator[Any]:
    """One output table per input chunk."""
    from logitnet.preprocessing import select_columns
    from logitnet.workflow import iter_table

    start = 0
    for chunk in iter_table(data, chunk_size):
        rows = f"{data} (rows {start + 1}-{start + len(chunk)})"
        select_columns(chunk, keep, source=str(data))
        X, _ = model_features(model, chunk, source=rows)
        start += len(chunk)
        yield _output_frame(model, X, chunk[keep], proba, threshold)


def _output_frame(model: Any, X: Any, kept: Any, proba: bool, threshold: float | None) -> Any:
    """The kept columns, then ``prediction``, then ``proba_<class>`` columns when asked."""
    from logitnet.serving import predict_table

    frame = kept.reset_index(drop=True).copy()
    labels, probabilities = predict_table(model, X, threshold, proba=proba)
    frame["prediction"] = labels
    if probabilities is not None:
        for i, label in enumerate(model.classes_):
            frame[f"proba_{label}"] = probabilities[:, i]
    return frame


def _write_csv(chunks: Iterator[Any], handle: IO) -> None:
    """Write the chunks as one CSV, with the header once."""
    for i, frame in enumerate(chunks):
        frame.to_csv(handle, header=i == 0, index=False, lineterminator="\n")
        handle.flush()
