"""``run_training``: read, prepare, split, fit, evaluate and write, as one library call."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from logitnet.workflow._checkpoint import checkpointing
from logitnet.workflow._config import TrainConfig
from logitnet.workflow._outputs import json_params, own_folder, write_run
from logitnet.workflow._prepare import load_table
from logitnet.workflow._result import TrainResult
from logitnet.workflow._split import Split, split_table

if TYPE_CHECKING:
    from logitnet._typing import ScanProgress


def run_training(
    config: TrainConfig,
    *,
    callbacks: Iterable[Any] = (),
    on_note: Callable[[str], None] | None = None,
    progress: ScanProgress | None = None,
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
        result.out = Path(config.out)
        result.files = write_run(config, result, split)
    return result


def _ignore(line: str) -> None:
    """Drop a note."""


def _check_out(config: TrainConfig) -> None:
    """Refuse an output folder that cannot be written before any work is done."""
    from logitnet._io import check_folder_target

    if config.out is not None:
        check_folder_target(Path(config.out), config.force or own_folder())


def _fit(
    config: TrainConfig,
    plan: Any,
    split: Split,
    callbacks: Iterable[Any],
    on_note: Callable[[str], None] | None = None,
) -> Any:
    """The Pipeline of the preprocessor and the estimator, fitted on the training rows; the
    estimator calibrated and its threshold tuned by cross-validation when the config asks."""
    from logitnet.distributed import world_size
    from logitnet.preprocessing import make_pipeline
    from logitnet.tuning import fit_pipeline

    pipeline = make_pipeline(
        config.estimator(callbacks),
        plan,
        impute=config.impute,
        reference=_reference(config, plan, split),
    )
    if world_size() > 1:
        from logitnet.distributed import fit_pipeline as fit_shared

        return fit_shared(pipeline, split.X_train, split.y_train, checkpointing(config, on_note))
    return fit_pipeline(
        pipeline,
        split.X_train,
        split.y_train,
        calibrate=config.calibrate,
        objective=config.tune_threshold,
    )


def _reference(config: TrainConfig, plan: Any, split: Split) -> dict[str, str] | None:
    """A logistic model's reference level of each text column (R's default unless the config
    chooses one), checked on the training rows; None (full one-hot) for a network."""
    from logitnet.preprocessing import reference_levels

    if config.model != "logistic":
        return None
    return reference_levels(split.X_train, plan.categorical, config.reference)


def _evaluate(
    config: TrainConfig, table: Any, split: Split, model: Any, on_note: Callable[[str], None]
) -> TrainResult:
    """Score the model on the test rows, and gather the metrics document, the history and,
    for a binary logistic model, the coefficient table of the training rows."""
    from logitnet.history import history_of
    from logitnet.metrics import classification_metrics
    from logitnet.workflow._coefficients import coefficient_table, statistics_document

    scores = classification_metrics(model, split.X_test, split.y_test)
    history = history_of(model)
    coefficients = coefficient_table(model, split, on_note, ci=config.ci)
    document = _document(config, table, split, model, scores)
    if coefficients is not None:
        document.update(statistics_document(coefficients, bool(table.plan.categorical)))
    return TrainResult(
        config=config,
        model=model,
        metrics=document,
        history=[] if history is None else history.to_list(),
        split=split,
        notes=list(table.notes),
        inference=coefficients,
    )


def _document(config: TrainConfig, table: Any, split: Split, model: Any, scores: dict) -> dict:
    """What metrics.json holds: the figures, and how they were obtained."""
    from logitnet._pipeline import final_estimator
    from logitnet.workflow._regularization import regularization_document

    penalty = regularization_document(model)
    return {
        "data": str(config.data),
        "target": config.target,
        "model": config.model,
        "features": table.plan.features,
        "n_train": split.n_train,
        "n_test": split.n_test,
        "evaluated_on": "test" if split.held_out else "train",
        "seed": config.seed,
        "notes": list(table.notes),
        **scores,
        **_threshold(model),
        "config": config.to_dict(),
        "params": json_params(final_estimator(model)),
        **({} if penalty is None else {"regularization": penalty}),
    }


def _threshold(model: Any) -> dict[str, float]:
    """``{"threshold": t}``, the probability above which a binary model predicts its second
    class; nothing for more classes."""
    from logitnet.tuning import threshold_in_use

    return {"threshold": threshold_in_use(model)} if len(model.classes_) == 2 else {}
