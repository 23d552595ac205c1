"""``run_training``: read, prepare, split, fit, evaluate and write, as one library call."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from logitnet.workflow._config import TrainConfig
from logitnet.workflow._outputs import write_outputs
from logitnet.workflow._prepare import load_table
from logitnet.workflow._result import TrainResult
from logitnet.workflow._split import Split, split_table


def run_training(
    config: TrainConfig,
    *,
    callbacks: Iterable[Any] = (),
    on_note: Callable[[str], None] | None = None,
    progress: Any = None,
) -> TrainResult:
    """Train the model ``config`` describes on its table, score it, and write its folder.

    A table too large for ``config.memory_limit`` (or any with ``config.stream``) is streamed
    instead (:func:`logitnet.scan`): the split is a seeded rule on row positions, the column
    statistics come from one pass, and the model streams its own passes or epochs.

    The steps: read the CSV or Parquet file; prepare the table (columns chosen, missing values
    dropped or imputed, identifiers left out); balance the classes when asked; hold out a
    stratified test split; fit a Pipeline of the preprocessor and the estimator on the
    training rows; score it on the test rows (:func:`logitnet.metrics.classification_metrics`);
    for a binary logistic model, compute the coefficient table of the training rows
    (:func:`logitnet.inference`; ``result.inference``, ``metrics["coefficients"]``).
    When ``config.out`` is set, ``model.safetensors``, ``metrics.json``, ``history.json`` and
    ``report.html`` are written into a staging folder that is then swapped into place, so an
    existing folder is either kept whole or replaced whole.

    Parameters
    ----------
    config : TrainConfig
        The settings of the run.
    callbacks : iterable of Callback, default=()
        Callbacks of the network (a progress bar, say); a logistic regression has none.
    on_note : callable, optional
        Called with each note on the data (a column left out, rows balanced) as it is made.
    progress : object, optional
        When the run streams (``config.streams()``): told of each pass over the data, with
        ``begin(rows)`` and ``advance(rows)`` (the CLI's rows-per-second bar).

    Returns
    -------
    TrainResult
        The fitted pipeline, the metrics document, the history, the split and the files.

    Raises
    ------
    DataError
        For a problem with the data (a missing column, missing values, a class too small).
    FileExistsError
        When ``config.out`` exists and ``config.force`` is false; nothing is read or written.

    Examples
    --------
    >>> from logitnet import TrainConfig, run_training
    >>> result = run_training(TrainConfig("pokemon.csv", "legendary"))  # doctest: +SKIP
    >>> result.scores["balanced_accuracy"]  # doctest: +SKIP
    """
    if not isinstance(config, TrainConfig):
        raise TypeError(f"`config` must be a TrainConfig. Got {type(config).__name__} instead.")
    from logitnet.distributed import process_group

    _check_out(config)
    with process_group():
        if config.streams():
            from logitnet.workflow._stream import run_streamed

            return run_streamed(config, callbacks, on_note or _ignore, progress)
        return _train(config, callbacks, on_note)


def _train(config: TrainConfig, callbacks: Iterable[Any], on_note: Callable | None) -> TrainResult:
    """The steps of :func:`run_training`, in or out of a process group."""
    table = load_table(config)
    for line in table.notes:
        (on_note or _ignore)(line)
    split = split_table(table.X, table.y, test_size=config.test_size, seed=config.seed)
    model = _fit(config, table.plan, split, callbacks, on_note or _ignore)
    result = _evaluate(config, table, split, model, on_note or _ignore)
    if config.out is not None:
        result.out = config.out
        result.files = _write(config, result, split)
    return result


def _write(config: TrainConfig, result: TrainResult, split: Split) -> list:
    """Write the output folder: in a process group, rank 0 only, once every rank is done."""
    from logitnet.distributed import barrier, rank

    barrier()
    if rank() != 0:
        return []
    files = write_outputs(
        config.out, model=result.model, document=result.metrics, history=result.history,
        split=split, replace=config.force or _own_folder(), extra=_extra(result),
    )  # fmt: skip
    shutil.rmtree(_checkpoint_folder(config.out), ignore_errors=True)
    return files


def _checkpoint_folder(out: Path) -> Path:
    """Where a run in a process group keeps its checkpoint: beside ``out``."""
    return out.with_name(out.name + ".checkpoint")


def _checkpoint(config: TrainConfig, on_note: Callable[[str], None] | None = None) -> Any:
    """The checkpoint folder, the settings it belongs to and where to say that a run resumed
    (a ``Checkpointing``; None without ``out``)."""
    if config.out is None:
        return None
    from logitnet.distributed import world_size
    from logitnet.distributed._resume import Checkpointing

    settings = config.to_dict()
    for name in ("processes", "max_restarts", "force"):
        settings.pop(name)
    folder = _checkpoint_folder(config.out)
    return Checkpointing(folder, {**settings, "world": world_size()}, on_note or _ignore)


def _ignore(line: str) -> None:
    """Drop a note."""


def _check_out(config: TrainConfig) -> None:
    """Refuse an output folder that cannot be written before any work is done."""
    from logitnet._io import check_folder_target

    if config.out is not None:
        check_folder_target(config.out, config.force or _own_folder())


def _own_folder() -> bool:
    """Whether an existing output folder is this job's own: a worker of ``--processes`` that
    was restarted (after a rank died once rank 0 had written the folder) replaces it."""
    from logitnet.distributed._launch import restarted_by_us

    return restarted_by_us()


def _fit(
    config: TrainConfig, plan: Any, split: Split, callbacks: Iterable[Any],
    on_note: Callable[[str], None] | None = None,
) -> Any:  # fmt: skip
    """The Pipeline of the preprocessor and the estimator, fitted on the training rows; the
    estimator calibrated and its threshold tuned by cross-validation when the config asks."""
    from logitnet.distributed import world_size
    from logitnet.preprocessing import make_pipeline
    from logitnet.tuning import fit_pipeline

    pipeline = make_pipeline(config.estimator(callbacks), plan, impute=config.impute)
    if world_size() > 1:
        from logitnet.distributed._fit import fit_pipeline as fit_shared

        return fit_shared(pipeline, split.X_train, split.y_train, _checkpoint(config, on_note))
    return fit_pipeline(
        pipeline, split.X_train, split.y_train,
        calibrate=config.calibrate, objective=config.tune_threshold,
    )  # fmt: skip


def _evaluate(
    config: TrainConfig, table: Any, split: Split, model: Any, on_note: Callable[[str], None]
) -> TrainResult:
    """Score the model on the test rows, and gather the metrics document, the history and,
    for a binary logistic model, the coefficient table of the training rows."""
    from logitnet.history import history_of
    from logitnet.metrics import classification_metrics
    from logitnet.workflow._coefficients import coefficient_table

    scores = classification_metrics(model, split.X_test, split.y_test)
    history = history_of(model)
    coefficients = coefficient_table(model, split, on_note)
    document = _document(config, table, split, model, scores)
    if coefficients is not None:
        document["coefficients"] = coefficients.to_dict()
    return TrainResult(
        config=config,
        model=model,
        metrics=document,
        history=[] if history is None else history.to_list(),
        split=split,
        notes=list(table.notes),
        inference=coefficients,
    )


def _extra(result: TrainResult) -> dict | None:
    """What the model file keeps beside the model: the coefficient table, when there is one."""
    coefficients = result.metrics.get("coefficients")
    return None if coefficients is None else {"inference": coefficients}


def _document(config: TrainConfig, table: Any, split: Split, model: Any, scores: dict) -> dict:
    """What metrics.json holds: the figures, and how they were obtained."""
    from logitnet._pipeline import final_estimator

    return {
        "data": str(config.data),
        "target": config.target,
        "model": config.model,
        "features": table.plan.features,
        "n_train": split.n_train,
        "n_test": split.n_test,
        "seed": config.seed,
        "notes": list(table.notes),
        **scores,
        **_threshold(model),
        "config": config.to_dict(),
        "params": _json_params(final_estimator(model)),
    }


def _threshold(model: Any) -> dict[str, float]:
    """``{"threshold": t}``, the probability above which a binary model predicts its second
    class; nothing for more classes."""
    from logitnet.tuning._threshold import threshold_in_use

    return {"threshold": threshold_in_use(model)} if len(model.classes_) == 2 else {}


_PLAIN = (str, int, float, bool, type(None))


def _json_params(estimator: Any) -> dict[str, Any]:
    """The estimator's parameters that are plain JSON values (callbacks and modules left out)."""
    params: dict[str, Any] = {}
    for name, value in estimator.get_params(deep=False).items():
        if isinstance(value, tuple | list) and all(isinstance(v, _PLAIN) for v in value):
            params[name] = list(value)
        elif isinstance(value, dict):
            params[name] = {str(k): float(v) for k, v in value.items()}
        elif isinstance(value, _PLAIN):
            params[name] = value
    return params
