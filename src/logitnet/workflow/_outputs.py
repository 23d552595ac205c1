"""The output folder: model, metrics, history and report, written atomically."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path
from typing import Any

from logitnet._io import atomic_folder, write_atomic
from logitnet.workflow._checkpoint import checkpoint_folder
from logitnet.workflow._config import TrainConfig
from logitnet.workflow._result import TrainResult
from logitnet.workflow._split import Split

FILES = ("model.safetensors", "metrics.json", "history.json", "report.html")
_PLAIN = (str, int, float, bool, type(None))


def write_outputs(
    folder: Path,
    *,
    model: Any,
    document: dict,
    history: list,
    split: Split,
    replace: bool,
    extra: dict | None = None,
) -> list[Path]:
    """Write every file into a staging folder, then swap it into ``folder``; the files' paths.

    ``extra`` (JSON) is kept in the model file's metadata beside the model.
    """
    from logitnet.persistence import save

    with atomic_folder(folder, replace=replace) as staging:
        save(model, staging / "model.safetensors", extra=extra)
        write_atomic(staging / "metrics.json", json.dumps(document, indent=2) + "\n")
        write_atomic(staging / "history.json", json.dumps(history, indent=2) + "\n")
        write_report(staging / "report.html", model, split)
    return [folder / name for name in FILES if (folder / name).exists()]


def write_report(path: Path, model: Any, split: Split) -> None:
    """The HTML report; a failure there only warns (the model and metrics are kept)."""
    from logitnet._phases import phase
    from logitnet.report import write_report as write

    try:
        with phase("report"):
            write(
                path,
                model,
                split.X_test,
                split.y_test,
                title="logitnet train",
                X_train=split.X_train,
                y_train=split.y_train,
            )
    except Exception as exc:
        warnings.warn(f"report.html not written: {type(exc).__name__}: {exc}", stacklevel=2)


def write_run(config: TrainConfig, result: TrainResult, split: Split) -> list[Path]:
    """Write the output folder: in a process group, rank 0 only, once every rank is done."""
    from logitnet._group import barrier, rank

    barrier()
    if rank() != 0 or config.out is None:
        return []
    files = write_outputs(
        Path(config.out),
        model=result.model,
        document=result.metrics,
        history=result.history,
        split=split,
        replace=config.force or own_folder(),
        extra=_extra(result),
    )
    shutil.rmtree(checkpoint_folder(Path(config.out)), ignore_errors=True)
    return files


def own_folder() -> bool:
    """Whether an existing output folder is this job's own: a worker of ``--processes`` that
    was restarted (after a rank died once rank 0 had written the folder) replaces it."""
    from logitnet.distributed import restarted_by_us

    return restarted_by_us()


STATISTICS = ("odds_ratios", "marginal_effects", "analysis_of_deviance")  # kept in the file


def _extra(result: TrainResult) -> dict[str, Any] | None:
    """What the model file keeps beside the model: the coefficient table and the statistics
    that go with it, when there is one."""
    coefficients = result.metrics.get("coefficients")
    if coefficients is None:
        return None
    kept = {name: result.metrics[name] for name in STATISTICS if name in result.metrics}
    return {"inference": coefficients, **kept}


def json_params(estimator: Any) -> dict[str, Any]:
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
