"""``logitnet train``: fit a model on a table, and write it with its metrics, history and report.

The command only parses its options into a :class:`logitnet.TrainConfig`, calls
:func:`logitnet.run_training` and prints what it returns.
"""

from __future__ import annotations

import contextlib
import enum
import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from logitnet._group import launched
from logitnet.cli._common import (
    Debug,
    err,
    fail,
    handles_errors,
    note,
    out,
    parse_alpha,
    parse_hidden,
    show,
)


class ModelKind(str, enum.Enum):
    """The models ``train`` can fit."""

    logistic = "logistic"
    mlp = "mlp"


class Impute(str, enum.Enum):
    """How ``--impute`` fills in missing values."""

    mean = "mean"
    median = "median"
    most_frequent = "most_frequent"


class Calibration(str, enum.Enum):
    """How ``--calibrate`` maps scores to probabilities."""

    sigmoid = "sigmoid"
    isotonic = "isotonic"


class CI(str, enum.Enum):
    """How ``--ci`` finds the intervals of the coefficient table."""

    wald = "wald"
    profile = "profile"


_MLP = "Options of the mlp"
_PROBA = "Probabilities and threshold"
_LOGISTIC = "Options of the logistic model"
_PROCESSES = "Several processes"


def _parse_reference(values: list[str] | None) -> dict[str, str] | None:
    """``["student=Yes"]`` -> ``{"student": "Yes"}``; a value without ``=`` is a usage error."""
    if not values:
        return None
    pairs = {}
    for value in values:
        column, sep, level = value.partition("=")
        if not sep or not column.strip():
            raise fail(f"--reference: expected COLUMN=LEVEL, like student=Yes. Got {value!r}.", 2)
        pairs[column.strip()] = level.strip()
    return pairs


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
    alpha: Annotated[
        str,
        typer.Option(
            metavar="A",
            help="Penalty strength (>= 0), or 'cv' to choose it by cross-validation "
            "(logistic; see --cv-folds, --cv-select).",
            callback=parse_alpha,
        ),
    ] = "0.0",
    l1_ratio: Annotated[
        float,
        typer.Option(
            metavar="R",
            help="Logistic: share of the L1 part of the penalty, in [0, 1] (0 ridge, 1 lasso).",
            rich_help_panel=_LOGISTIC,
        ),
    ] = 0.0,
    cv_select: Annotated[
        str,
        typer.Option(
            help="--alpha cv: 'min' (best mean deviance) or '1se' (the largest alpha within one "
            "standard error of it).",
            rich_help_panel=_LOGISTIC,
        ),
    ] = "1se",
    cv_folds: Annotated[
        int, typer.Option(help="--alpha cv: folds.", rich_help_panel=_LOGISTIC)
    ] = 10,
    class_weight: Annotated[
        str | None,
        typer.Option(
            help="'balanced': weight each class by n_rows / (n_classes * its rows).",
            show_default=False,
        ),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            metavar="T",
            help="Two classes: predict the second where its probability is above T (0.5).",
            show_default=False,
            rich_help_panel=_PROBA,
        ),
    ] = None,
    tune_threshold: Annotated[
        str | None,
        typer.Option(
            metavar="OBJECTIVE",
            help="Two classes: choose the threshold by 5-fold cross-validation for f1, "
            "balanced_accuracy, precision:P (the most recall at precision >= P) or recall:R.",
            show_default=False,
            rich_help_panel=_PROBA,
        ),
    ] = None,
    calibrate: Annotated[
        Calibration | None,
        typer.Option(
            help="Calibrate the probabilities (CalibratedClassifierCV, 5 folds).",
            show_default=False,
            rich_help_panel=_PROBA,
        ),
    ] = None,
    solver: Annotated[
        str,
        typer.Option(
            help="auto (cd when --l1-ratio > 0, else newton), newton, lbfgs, gd or cd.",
            rich_help_panel=_LOGISTIC,
        ),
    ] = "auto",
    hidden: Annotated[
        str,
        typer.Option(
            help="Hidden layer sizes, e.g. 64,64.", callback=parse_hidden, rich_help_panel=_MLP
        ),
    ] = "64",
    activation: Annotated[
        str, typer.Option(help="relu, tanh, sigmoid, ...", rich_help_panel=_MLP)
    ] = "relu",
    dropout: Annotated[
        float, typer.Option(help="Dropout probability, in [0, 1).", rich_help_panel=_MLP)
    ] = 0.0,
    optimizer: Annotated[
        str, typer.Option(help="adam, adamw or sgd.", rich_help_panel=_MLP)
    ] = "adam",
    epochs: Annotated[int, typer.Option(help="Training epochs.", rich_help_panel=_MLP)] = 50,
    lr: Annotated[float, typer.Option(help="Learning rate.", rich_help_panel=_MLP)] = 0.01,
    batch_size: Annotated[int, typer.Option(help="Mini-batch size.", rich_help_panel=_MLP)] = 50,
    early_stopping: Annotated[
        bool,
        typer.Option(
            "--early-stopping",
            help="Hold out --validation-fraction of the training rows; stop when their loss "
            "has not improved for --patience epochs, and keep the best epoch's weights.",
            rich_help_panel=_MLP,
        ),
    ] = False,
    validation_fraction: Annotated[
        float, typer.Option(help="Share held out by --early-stopping.", rich_help_panel=_MLP)
    ] = 0.1,
    patience: Annotated[
        int, typer.Option(help="Epochs without improvement before stopping.", rich_help_panel=_MLP)
    ] = 10,
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
            help="Share of rows held out (stratified) for the metrics; 0 fits on every row "
            "(as R's glm) and reports the training metrics."
        ),
    ] = 0.2,
    reference: Annotated[
        list[str] | None,
        typer.Option(
            metavar="COLUMN=LEVEL",
            help="Logistic: code COLUMN against LEVEL (repeat). Default: each text column's "
            "first level in sorted order, as R.",
            show_default=False,
            rich_help_panel=_LOGISTIC,
        ),
    ] = None,
    ci: Annotated[
        CI,
        typer.Option(
            help="Intervals of the coefficient table and odds ratios: wald, or profile "
            "(profile likelihood, as R's confint; binary models).",
            rich_help_panel=_LOGISTIC,
        ),
    ] = CI.wald,
    odds_ratios: Annotated[
        bool,
        typer.Option(
            "--odds-ratios",
            help="Also print exp(estimate) and its interval for each coefficient.",
            rich_help_panel=_LOGISTIC,
        ),
    ] = False,
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
    batch_rows: Annotated[int, typer.Option(help="Rows read at a time when streaming.")] = 65_536,
    processes: Annotated[
        int,
        typer.Option(
            help="Worker processes on this machine, forked by torch's elastic launcher from "
            "this one once it has imported torch; each trains on its share of the rows (gloo "
            "on CPUs, NCCL on GPUs). Under torchrun, "
            "leave it at 1: the command joins torchrun's group.",
            rich_help_panel=_PROCESSES,
        ),
    ] = 1,
    max_restarts: Annotated[
        int,
        typer.Option(
            help="Restart the workers up to this many times when one fails; they resume from "
            "the checkpoint of the last epoch (mlp) or solver iteration (logistic).",
            rich_help_panel=_PROCESSES,
        ),
    ] = 0,
    debug: Debug = False,
) -> None:
    """Train a model on a table; write it with its metrics, history and report to --out.

    The folder gets model.safetensors, metrics.json (test-split metrics and the settings),
    history.json (loss per epoch or solver iteration) and report.html. A binary logistic
    model also gets its coefficient table (standard errors, z, p-values; numeric columns are
    standardized, so their coefficients are per standard deviation), printed and saved.
    """
    # every option but --out and --debug is the TrainConfig field of the same name
    settings = {k: v for k, v in locals().items() if k not in ("out_dir", "debug", "odds_ratios")}
    config = _config(**settings, out=out_dir)
    if config.processes > 1 and not launched():
        _launch(config)
        return
    result = _run(config)
    from logitnet.distributed import launched_by_us

    if launched_by_us() or _env_rank() != 0:
        return  # the launcher, or rank 0 under torchrun, prints
    show(_metrics_table(result.metrics))
    show(_confusion_table(result.metrics))
    if "threshold" in result.metrics:
        out.print(_threshold_line(result))
    penalty = result.metrics.get("regularization")
    if penalty is not None:  # the chosen alpha and the kept coefficients
        from logitnet.workflow import regularization_lines

        out.print("\n" + "\n".join(regularization_lines(penalty)), markup=False, soft_wrap=True)
    if result.inference is not None:  # a logistic model: R's coefficient table
        out.print(f"\n{_statistics_text(result, odds_ratios)}\n", markup=False, soft_wrap=True)
    names = ", ".join(path.name for path in result.files)
    out.print(f"wrote {names} to {result.out}/")


def _env_rank() -> int:
    """This process's rank under torchrun (0 without it)."""

    return int(os.environ.get("RANK", "0"))


# What a worker of ``--processes`` imports, loaded once in the launching process: its workers,
# forked from it, start with them (a fresh Python would take seconds to import them again)
WORKER_MODULES = (
    "pyarrow.parquet",
    "sklearn.metrics",
    "plotly.graph_objects",
    "logitnet.workflow._run",
    "logitnet.workflow._stream",
    "logitnet.linear",
    "logitnet.streaming",
    "logitnet.report",
    "logitnet.plotting",
    "logitnet.persistence",
    "logitnet.distributed._fit",
)


def _launch(config: Any) -> None:
    """Run ``config`` in ``config.processes`` workers forked from here; print rank 0's results."""
    from logitnet._io import check_folder_target
    from logitnet.distributed import WorkerFailedError, launch

    check_folder_target(config.out, config.force)
    preload = (*WORKER_MODULES, "logitnet.nn") if config.model == "mlp" else WORKER_MODULES
    try:
        launch(
            _work,
            config.processes,
            max_restarts=config.max_restarts,
            args=(config,),
            preload=preload,
        )
    except WorkerFailedError as exc:
        raise fail(str(exc)) from None
    document = json.loads((config.out / "metrics.json").read_text())
    show(_metrics_table(document))
    show(_confusion_table(document))
    names = ", ".join(sorted(path.name for path in config.out.iterdir()))
    out.print(f"wrote {names} to {config.out}/ ({config.processes} processes)")


def _config(**options: Any) -> Any:
    """The TrainConfig of the options; a bad value is a usage error (exit 2), in one line."""
    from logitnet.workflow import TrainConfig

    for name in ("model", "impute", "calibrate", "ci"):
        option = options[name]
        options[name] = option.value if isinstance(option, enum.Enum) else option
    options["reference"] = _parse_reference(options["reference"])
    try:
        return TrainConfig(**options)
    except (ValueError, TypeError) as exc:
        raise fail(str(exc), 2) from None


def _run(config: Any) -> Any:
    """Run the workflow: a progress bar for a network, a spinner for a logistic model.

    A worker of a process group shows them on rank 0 only, and records its error where the
    launcher reads it; a worker of ``--processes`` then exits quietly, and the launcher says
    in one line which rank failed and why.
    """
    from logitnet.distributed import launched_by_us, record_error

    try:
        return _run_here(config, quiet=_env_rank() != 0)
    except Exception as exc:
        record_error(exc)
        if launched_by_us():
            raise typer.Exit(1) from None
        raise


def _work(config: Any) -> None:
    """One worker of ``--processes``: the workflow, with the progress bars on rank 0 only."""
    _run_here(config, quiet=_env_rank() != 0)


def _run_here(config: Any, *, quiet: bool) -> Any:
    """The workflow with a progress bar (network), a spinner (logistic) and a bar with rows per
    second for each streaming pass, unless ``quiet``."""
    from logitnet.workflow import run_training

    if quiet:
        return run_training(config)
    if config.streams():
        from logitnet.workflow import PassProgress

        with PassProgress(err, "pass") as progress:
            callbacks = [_progress_callback()] if config.model == "mlp" else []
            return run_training(config, callbacks=callbacks, on_note=note, progress=progress)
    if config.model == "mlp":
        return run_training(config, callbacks=[_progress_callback()], on_note=note)
    with err.status("training...") if err.is_terminal else contextlib.nullcontext():
        return run_training(config, on_note=note)


def _progress_callback() -> Any:
    """A progress bar with each epoch's loss on a terminal; plain lines otherwise."""
    from logitnet.nn import EpochPrinter, ProgressBar

    return ProgressBar() if out.is_terminal else EpochPrinter()


def _statistics_text(result: Any, odds_ratios: bool) -> str:
    """The coefficient table; the odds ratios when asked; the analysis of deviance when the
    model has a text column (a term of several indicators)."""
    parts = [str(result.inference)]
    if odds_ratios:
        parts.append(result.inference.odds_ratios_text())
    deviance = result.metrics.get("analysis_of_deviance")
    if deviance is not None:
        from logitnet.linear import DevianceTable

        parts.append(str(DevianceTable.from_dict(deviance)))
    return "\n\n".join(parts)


def _metrics_table(document: dict) -> Any:
    """The test metrics of a metrics document as a table (training metrics when nothing was
    held out)."""
    from logitnet.cli._tables import metrics_table

    if document.get("evaluated_on") == "train":  # --test-size 0
        table = metrics_table(document, title=f"Training metrics ({document['n_train']} rows)")
        table.caption = "none held out"
        return table
    return metrics_table(document, title=f"Test metrics ({document['n_test']} rows)")


def _threshold_line(result: Any) -> str:
    """Which threshold the saved model predicts with, and where it came from."""
    objective = result.config.tune_threshold
    how = f"tuned for {objective} by 5-fold cross-validation" if objective else "as given"
    if not objective and result.config.threshold is None:
        how = "the default"
    return f"threshold: {result.metrics['threshold']:.4g} ({how})"


def _confusion_table(document: dict) -> Any:
    """The test confusion matrix of a metrics document as a table."""
    from logitnet.cli._tables import confusion_table

    return confusion_table(document)
