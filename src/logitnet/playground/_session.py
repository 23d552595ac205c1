"""A page's session: its settings, its upload, its run. Each page has its own; none is shared.

Every method here may take a while (reading a table, an epoch, writing a report) and is called on
the session's own worker thread, never on the server's event loop.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from typing import Any

from logitnet.exceptions import DataError
from logitnet.playground._problem import Problem, make_problem
from logitnet.playground._run import Run
from logitnet.playground._settings import Settings, parse_settings
from logitnet.playground._upload import Upload, UploadBuffer, read_upload

__all__ = ["Session"]

_NAME_CHARS = 120


def _download(filename: str, mime: str, data: bytes) -> dict:
    """The ``download`` message: the page saves it as a file."""
    return {
        "type": "download",
        "filename": filename,
        "mime": mime,
        "base64": base64.b64encode(data).decode("ascii"),
    }


def _display_name(name: Any) -> str:
    """The upload's file name as text for messages (never used as a path)."""
    return str(name)[:_NAME_CHARS] if isinstance(name, str) and name else "upload"


class Session:
    """The state behind one open page."""

    def __init__(self, max_upload: int) -> None:
        self.max_upload = max_upload
        self.settings: Settings | None = None
        self.problem: Problem | None = None
        self.run: Run | None = None
        self.upload: Upload | None = None
        self.buffer: UploadBuffer | None = None

    # --- settings and runs --------------------------------------------------------------

    def configure(self, raw: dict) -> list[dict]:
        """Apply new settings: a new problem when the data changed, always a fresh run."""
        settings = parse_settings(raw)
        same_data = self.settings is not None and self.settings.data_key() == settings.data_key()
        problem = self.problem if same_data and self.problem is not None else None
        problem = problem or make_problem(settings, self.upload)
        self.settings, self.problem = settings, problem
        self.run = Run(problem, settings)
        return [problem.describe(), self.run.frame()]

    def _current(self) -> Run:
        """The run, or a DataError when no data set is loaded yet."""
        if self.run is None:
            raise DataError("choose a data set first")
        return self.run

    def step(self) -> dict:
        """One epoch; its frame."""
        return self._current().step()

    def reset(self) -> list[dict]:
        """Start the run again with the same settings and data."""
        run = self._current()
        self.run = Run(run.problem, run.settings, run.surface)
        return [self.run.frame()]

    # --- uploads ------------------------------------------------------------------------

    def upload_start(self, name: Any, size: Any) -> None:
        """Begin receiving a file; refuse it at once if its size is over the limit."""
        self.buffer = None
        buffer = UploadBuffer(_display_name(name), self.max_upload)
        buffer.start(size)
        self.buffer = buffer

    def upload_chunk(self, chunk: bytes) -> None:
        """Keep a chunk of the file; past the limit, drop the whole upload and say so."""
        if self.buffer is None:
            return  # the rest of an upload already refused
        try:
            self.buffer.add(chunk)
        except DataError:
            self.buffer = None
            raise

    def upload_end(self) -> dict:
        """Read the received file as a table; its columns for the pickers."""
        buffer, self.buffer = self.buffer, None
        if buffer is None:
            raise DataError("the upload was refused or interrupted; choose the file again")
        self.upload = read_upload(buffer.name, buffer.data())
        return self.upload.describe()

    # --- exports ------------------------------------------------------------------------

    def export_model(self) -> dict:
        """The current model as a ``.safetensors`` download (safetensors + JSON, no pickle)."""
        from logitnet.persistence import save

        model = self._current().exported()
        with tempfile.TemporaryDirectory() as folder:
            path = save(model, Path(folder) / "model.safetensors")
            data = path.read_bytes()
        return _download(f"{self._stem()}.safetensors", "application/octet-stream", data)

    def export_report(self) -> dict:
        """The HTML report of the current model on the test split."""
        from logitnet.report import write_report

        run = self._current()
        model, raw = run.exported(), run.problem.raw
        with tempfile.TemporaryDirectory() as folder:
            path = write_report(
                Path(folder) / "report.html",
                model,
                raw["X_test"],
                run.problem.y_test,
                history=_report_history(run.records),
                X_train=raw["X_train"],
                y_train=run.problem.y_train,
                title=f"logitnet playground: {self._stem()}",
            )
            data = path.read_bytes()
        return _download(f"{self._stem()}-report.html", "text/html", data)

    def _stem(self) -> str:
        """``"circles-mlp-epoch12"``: names the downloads after the run."""
        run = self._current()
        return f"{run.settings.dataset}-{run.settings.model}-epoch{run.epoch}"


def _report_history(records: list[dict]) -> list[dict]:
    """The run's records in the report's schema (the test split as its second curve)."""
    return [
        {
            "epoch": r["epoch"],
            "train_loss": r["train_loss"],
            "valid_loss": r["test_loss"],
            "train_acc": r["train_acc"],
            "valid_acc": r["test_acc"],
            "dur": r["dur"],
        }
        for r in records
    ]
