"""A rich progress bar for streaming passes, with rows per second."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.progress import TaskID


class PassProgress:
    """One bar per pass over a scan: rows read, rows per second, time left.

    Give it to :meth:`Scan.with_progress`; use it as a context manager around the passes.
    """

    def __init__(self, console: Any, label: str = "pass") -> None:
        console.is_terminal  # noqa: B018 - a lazy console makes its rich Console here
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self.label, self.passes, self.started = label, 0, False
        self.task: TaskID | None = None
        console = getattr(console, "_console", console) if console is not None else None
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,.0f}/{task.total:,.0f} rows"),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )

    def __enter__(self) -> PassProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.started:
            self.bar.stop()

    def phase(self, name: str) -> None:
        """The passes from now on are of the phase ``name`` (``statistics``, ``fit``, ``test``),
        numbered from 1."""
        self.label, self.passes = name, 0

    def begin(self, rows: int) -> None:
        """A new pass over ``rows`` rows (the bar appears with the first one)."""
        if not self.started:
            self.bar.start()
            self.started = True
        if self.task is not None:
            self.bar.remove_task(self.task)
        self.passes += 1
        description = f"{self.label}: pass {self.passes}"
        self.task = self.bar.add_task(description, total=rows, rate="")

    def advance(self, rows: int) -> None:
        """``rows`` more rows read."""
        assert self.task is not None, "begin() comes first"
        self.bar.advance(self.task, rows)
        speed = self.bar.tasks[-1].speed
        self.bar.update(self.task, rate=f"{speed:,.0f} rows/s" if speed else "")
