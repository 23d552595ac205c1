"""The output folder: model, metrics, history and report, written atomically."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

from logitnet._io import atomic_folder, write_atomic
from logitnet.workflow._split import Split

FILES = ("model.safetensors", "metrics.json", "history.json", "report.html")


def write_outputs(
    folder: Path, *, model: Any, document: dict, history: list, split: Split, replace: bool,
    extra: dict | None = None,
) -> list[Path]:  # fmt: skip
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
                path, model, split.X_test, split.y_test, title="logitnet train",
                X_train=split.X_train, y_train=split.y_train,
            )  # fmt: skip
    except Exception as exc:
        warnings.warn(f"report.html not written: {type(exc).__name__}: {exc}", stacklevel=2)
