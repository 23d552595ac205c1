"""What every command shares: consoles, error handling, option parsing (and the table readers)."""

from __future__ import annotations

import functools
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from logitnet.cli._console import LazyConsole

#: Results go to stdout; notes, warnings, progress and errors go to stderr.
out = LazyConsole(highlight=False, soft_wrap=False)
err = LazyConsole(stderr=True, highlight=False, soft_wrap=True)

Debug = Annotated[
    bool, typer.Option("--debug", help="Show the full traceback when something goes wrong.")
]

_EXPECTED = (ValueError, TypeError, OSError, LookupError)  # DataError and ModelFileError included


def show(renderable: Any) -> None:
    """Print a table to stdout; off a terminal, as wide as it needs to be (nothing is cut)."""
    from rich.console import Console

    if out.is_terminal:
        out.print(renderable)
        return
    needed = Console(width=10_000).measure(renderable).maximum
    out.print(renderable, width=max(80, needed))


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``logitnet: error: <message>`` as one line to stderr; return the Exit to raise."""
    one_line = " ".join(str(message).split())
    err.print(f"logitnet: error: {one_line}", markup=False, highlight=False)
    return typer.Exit(code)


def note(message: str) -> None:
    """Print a note to stderr."""
    err.print(f"note: {message}", markup=False)


def handles_errors(command: Callable) -> Callable:
    """Turn data and model errors into one stderr line and exit code 1 (traceback with --debug)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = kwargs.get("debug", False) or _global_debug()
        try:
            with _warnings_to_stderr():
                return command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except BrokenPipeError:  # e.g. `logitnet predict ... | head`: the reader has had enough
            _silence_stdout()
            raise typer.Exit(0) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except _EXPECTED as exc:
            if debug:
                raise
            raise fail(_describe(exc)) from None
        except Exception as exc:
            if debug:
                raise
            raise fail(f"unexpected {type(exc).__name__}: {exc} (rerun with --debug)") from None

    return wrapper


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that flushing at exit does not fail again."""

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _describe(exc: BaseException) -> str:
    """The message of an expected error, with its filename for OS errors."""
    if isinstance(exc, FileNotFoundError) and exc.filename:
        return f"{exc.filename}: no such file"
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror}"
    if isinstance(exc, KeyError):
        return f"missing key {exc}"
    return str(exc) or type(exc).__name__


_GLOBAL = {"debug": False}  # set by ``logitnet --debug <command>``, before the command runs


def set_global_debug(value: bool) -> None:
    """Record whether ``logitnet --debug <command>`` was used."""
    _GLOBAL["debug"] = bool(value)


def _global_debug() -> bool:
    """Whether ``logitnet --debug <command>`` was used."""
    return _GLOBAL["debug"]


@contextmanager
def _warnings_to_stderr() -> Iterator[None]:
    """Show each distinct warning once, as one ``warning:`` line on stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            seen: set[str] = set()
            for item in caught:
                text = " ".join(str(item.message).split())
                if text not in seen:
                    seen.add(text)
                    err.print(f"warning: {text}", markup=False)


def parse_hidden(value: str) -> tuple[int, ...]:
    """``"64,64"`` -> ``(64, 64)``; a usage error for anything else."""
    try:
        sizes = tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError:
        sizes = ()
    if not sizes or min(sizes) < 1:
        raise typer.BadParameter(f"expected positive layer sizes such as 64,64; got {value!r}")
    return sizes


def parse_alpha(value: str | float) -> float | str:
    """``"0.1"`` -> ``0.1``, ``"cv"`` -> ``"cv"``; a usage error for anything else."""
    if isinstance(value, float) or value == "cv":
        return value
    try:
        return float(value)
    except ValueError:
        raise typer.BadParameter(f"expected a number >= 0 or 'cv'; got {value!r}") from None
