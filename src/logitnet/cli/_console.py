"""A rich Console made on first use: importing rich costs more than the rest of the start-up."""

from __future__ import annotations

from typing import Any


class LazyConsole:
    """Stands for ``rich.console.Console(**options)``, which it makes the first time it is used.

    ``logitnet --version`` and ``--help`` never print through it, so they never import rich's
    console; every command that does sees an ordinary Console.
    """

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Any = None

    def __getattr__(self, name: str) -> Any:
        """Forward to the Console, making it first when needed."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return getattr(self._console, name)
