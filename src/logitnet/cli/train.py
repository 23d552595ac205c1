"""``logitnet train``: fit a model on a table, and write it with its metrics, history and report."""

from __future__ import annotations

import contextlib
import enum
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from logitnet.cli._common import (
    Debug,
    err,
    handles_errors,
    note,
    open_fraction,
    out,
    parse_hidden,
    read_table,
    show,
    split_names,
)
from logitnet.exceptions import DataError


class ModelKind(str, enum.Enum):
    """The models ``train`` can fit."""

    logistic = "logistic"
    mlp = "mlp"


class Impute(str, enum.Enum):
    """How ``--impute`` fills in missing values."""

    mean = "mean"
    median = "median"
    most_frequent = "most_frequent"


FILES = ("model.safetensors", "metrics.json", "history.json", "report.html")


@handles_errors
def train(
    data: Annotated[
        Path,
        typer.Argument(
            metavar="DATA", help="CSV or Parquet file (.parquet, .pq), a folder of them, or a glob."
        ),
    ],
    target: Annotated[str, typer.Option("--target", "-t", help="The column to predict.")],
    features: Annotated[
        list[str] | None,
        typer.Option(
            help="Use only these columns (repeat, or comma-separated).", show_default=False
        ),
    ] = None,
    drop: Annotated[
        list[str] | None,
        typer.Option(help="Columns not to use (repeat, or comma-separated).", show_default=False),
    ] = None,
    model: Annotated[ModelKind, typer.Option(help="Which model to fit.")] = ModelKind.logistic,
    hidden: Annotated[
        str, typer.Option(help="Hidden layer sizes of the mlp, e.g. 64,64.", callback=parse_hidden)
    ] = "64",
    epochs: Annotated[int, typer.Option(min=1, help="Training epochs (mlp).")] = 50,
    lr: Annotated[float, typer.Option(min=0.0, help="Learning rate (mlp).")] = 0.01,
    batch_size: Annotated[int, typer.Option(min=1, help="Mini-batch size (mlp).")] = 50,
    alpha: Annotated[float, typer.Option(min=0.0, help="L2 penalty strength.")] = 0.0,
    balance: Annotated[
        bool, typer.Option("--balance", help="Undersample every class to the smallest one's size.")
    ] = False,
    dropna: Annotated[
        bool, typer.Option("--dropna", help="Drop rows with missing values.")
    ] = False,
    impute: Annotated[
        Impute | None, typer.Option(help="Fill in missing feature values.", show_default=False)
    ] = None,
    test_size: Annotated[
        float,
        typer.Option(
            callback=open_fraction, help="Share of rows held out (stratified) for the metrics."
        ),
    ] = 0.2,  # fmt: skip
    seed: Annotated[
        int, typer.Option(help="Random seed for the split, sampling and training.")
    ] = 0,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder to write.")] = Path("model"),
    force: Annotated[bool, typer.Option("--force", help="Replace --out if it exists.")] = False,
    stream: Annotated[
        bool, typer.Option("--stream", help="Stream the table from disk, whatever its size.")
    ] = False,
    memory_limit: Annotated[
        str | None,
        typer.Option(
            help="Stream when the table would take more memory than this (e.g. 4GB). "
            "Default: a quarter of RAM.",
            show_default=False,
        ),
    ] = None,
    batch_rows: Annotated[
        int, typer.Option(min=1, help="Rows read at a time when streaming.")
    ] = 65_536,
    debug: Debug = False,
) -> None:
    """Train a model on a table; write it with its metrics, history and report to --out.

    The folder gets model.safetensors, metrics.json (test-split metrics), history.json (loss per
    epoch or solver iteration) and report.html.
    """
    _check_out_dir(out_dir, force)
    if _streams(data, stream, memory_limit):
        from logitnet.cli._stream import train_streamed

        estimator = _estimator(model, hidden, epochs, lr, batch_size, alpha, seed)
        options = dict(
            features=split_names(features),
            drop=split_names(drop),
            dropna=dropna,
            impute=impute.value if impute else None,
            test_size=test_size,
            seed=seed,
        )
        result, summary = train_streamed(data, target, estimator, balance, batch_rows, options)
        summary["model"] = model.value
        _write_outputs(out_dir, force, result.pipeline, summary, result.report_rows)
        out.print(f"wrote {', '.join(_written(out_dir))} to {out_dir}/")
        return
    table = _load_table(data, target, features, drop, dropna, impute, balance, seed)
    split = _split(table, test_size, seed)
    estimator = _estimator(model, hidden, epochs, lr, batch_size, alpha, seed)
    pipeline = _fit(estimator, table.plan, impute, split)
    result = _evaluate(pipeline, split)
    summary = _metrics_document(result, data, target, model, table, split, seed)
    _write_outputs(out_dir, force, pipeline, summary, split)
    out.print(f"wrote {', '.join(_written(out_dir))} to {out_dir}/")


def _streams(data: Path, stream: bool, memory_limit: str | None) -> bool:
    """``--stream``, a folder or glob, or a table larger than ``--memory-limit``."""
    from logitnet.streaming._memory import parse_size, should_stream

    try:
        limit = None if memory_limit is None else parse_size(memory_limit)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--memory-limit") from None
    return should_stream(data, stream or data.is_dir() or "*" in str(data), limit)


def _check_out_dir(out_dir: Path, force: bool) -> None:
    """Refuse an existing --out unless --force; refuse a file in its place always."""
    if out_dir.exists() and not out_dir.is_dir():
        raise DataError(f"{out_dir}: exists and is not a folder")
    if out_dir.exists() and not force:
        raise DataError(f"{out_dir}: the folder exists; pass --force to replace it")


def _load_table(data, target, features, drop, dropna, impute, balance, seed) -> Any:
    """Read, select, check and (optionally) balance the table."""
    from logitnet.preprocessing import prepare_table

    df = read_table(data)
    strategy = impute.value if impute is not None else None
    table = prepare_table(
        df, target, features=split_names(features), drop=split_names(drop), dropna=dropna,
        impute=strategy,
    )  # fmt: skip
    for line in table.notes:
        note(line)
    if balance:
        table = _balanced(table, target, seed)
    return table


def _balanced(table: Any, target: str, seed: int) -> Any:
    """Undersample every class to the smallest, the lecture's way."""
    from logitnet.datasets import balance_classes

    frame = balance_classes(table.X.assign(**{target: table.y}), target, random_state=seed)
    note(f"balanced the classes: {len(table.y)} -> {len(frame)} rows")
    table.X, table.y = frame[table.plan.features], frame[target]
    return table


def _split(table: Any, test_size: float, seed: int) -> dict:
    """A stratified train/test split of the table."""
    from sklearn.model_selection import train_test_split

    try:
        X_tr, X_te, y_tr, y_te = train_test_split(
            table.X, table.y, test_size=test_size, random_state=seed, stratify=table.y
        )
    except ValueError as exc:
        raise DataError(
            f"cannot make a stratified split with --test-size {test_size}: {exc}"
        ) from None
    return {"X_train": X_tr, "X_test": X_te, "y_train": y_tr, "y_test": y_te}


def _estimator(kind, hidden, epochs, lr, batch_size, alpha, seed) -> Any:
    """The unfitted estimator for ``--model``."""
    if kind is ModelKind.logistic:
        from logitnet.linear import LogisticRegression

        return LogisticRegression(alpha=alpha, max_iter=1000)
    from logitnet.nn import NeuralNetClassifier

    return NeuralNetClassifier(
        hidden, lr=lr, batch_size=batch_size, epochs=epochs, weight_decay=alpha,
        random_state=seed, callbacks=[_progress_callback()],
    )  # fmt: skip


def _progress_callback() -> Any:
    """A progress bar with each epoch's loss on a terminal; plain lines otherwise."""
    from logitnet.nn import EpochPrinter, ProgressBar

    return ProgressBar() if out.is_terminal else EpochPrinter()


def _fit(estimator: Any, plan: Any, impute: Impute | None, split: dict) -> Any:
    """Chain the preprocessor and the estimator, and fit them on the training rows."""
    from logitnet.preprocessing import make_pipeline

    strategy = impute.value if impute is not None else None
    pipeline = make_pipeline(estimator, plan, impute=strategy)
    spinner = err.is_terminal and not hasattr(estimator, "callbacks")  # networks have a bar
    with err.status("training...") if spinner else contextlib.nullcontext():
        pipeline.fit(split["X_train"], split["y_train"])
    return pipeline


def _evaluate(pipeline: Any, split: dict) -> dict:
    """Metrics on the test rows, printed as tables."""
    from logitnet.cli._metrics import classification_metrics, confusion_table, metrics_table

    result = classification_metrics(pipeline, split["X_test"], split["y_test"])
    show(metrics_table(result, title=f"Test metrics ({len(split['y_test'])} rows)"))
    show(confusion_table(result))
    return result


def _metrics_document(result, data, target, kind, table, split, seed) -> dict:
    """What metrics.json holds: the figures and how they were obtained."""
    return {
        "data": str(data),
        "target": target,
        "model": kind.value,
        "features": table.plan.features,
        "n_train": len(split["y_train"]),
        "n_test": len(split["y_test"]),
        "seed": seed,
        "notes": table.notes,
        **result,
    }


def _history(pipeline: Any) -> list[dict]:
    """Per-epoch records of the network, or the logistic objective per iteration."""
    model = pipeline.steps[-1][1]
    if getattr(model, "history_", None) is not None:
        return model.history_.to_list()
    return [{"iteration": i + 1, "loss": float(v)} for i, v in enumerate(model.loss_curve_)]


def _write_outputs(out_dir: Path, force: bool, pipeline: Any, summary: dict, split: dict) -> None:
    """Write everything into a fresh folder beside ``out_dir``, then swap it into place."""
    from logitnet._io import current_umask
    from logitnet.persistence import save

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}."))
    try:
        save(pipeline, staging / "model.safetensors")
        (staging / "metrics.json").write_text(json.dumps(summary, indent=2) + "\n")
        (staging / "history.json").write_text(json.dumps(_history(pipeline), indent=2) + "\n")
        _write_report(staging / "report.html", pipeline, split)
        os.chmod(staging, 0o777 & ~current_umask())
        _swap_into_place(staging, out_dir, force)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write_report(path: Path, pipeline: Any, split: dict) -> None:
    """The HTML report, when logitnet has a report writer; a failure there only warns."""
    try:
        from logitnet import write_report
    except ImportError:
        return
    history = getattr(pipeline.steps[-1][1], "history_", None)
    try:
        write_report(
            path, pipeline, split["X_test"], split["y_test"], history=history,
            title="logitnet train", X_train=split["X_train"], y_train=split["y_train"],
        )  # fmt: skip
    except Exception as exc:  # the model and metrics are still worth keeping
        err.print(f"warning: report.html not written: {type(exc).__name__}: {exc}", markup=False)


def _swap_into_place(staging: Path, out_dir: Path, force: bool) -> None:
    """Rename ``staging`` to ``out_dir``; an old ``out_dir`` is removed only after the swap."""
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    _check_out_dir(out_dir, force)
    old = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.old."))
    out_dir.rename(old / out_dir.name)
    try:
        staging.rename(out_dir)
    except BaseException:
        (old / out_dir.name).rename(out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _written(out_dir: Path) -> list[str]:
    """The output files that exist, in the usual order."""
    return [name for name in FILES if (out_dir / name).exists()]
