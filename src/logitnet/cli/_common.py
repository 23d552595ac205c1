"""What every command shares: consoles, error handling, reading tables, option parsing."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from logitnet.exceptions import DataError

#: Results go to stdout; notes, warnings, progress and errors go to stderr.
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

Debug = Annotated[
    bool, typer.Option("--debug", help="Show the full traceback when something goes wrong.")
]

_PARQUET_SUFFIXES = (".parquet", ".pq")
_EXPECTED = (ValueError, TypeError, OSError, LookupError)  # DataError and ModelFileError included


def show(renderable: Any) -> None:
    """Print a table to stdout; off a terminal, as wide as it needs to be (nothing is cut)."""
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
    import os
    import sys

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


def is_parquet(path: Path) -> bool:
    """True for ``.parquet`` / ``.pq`` files; everything else is read as CSV."""
    return path.suffix.lower() in _PARQUET_SUFFIXES


def read_table(path: Path) -> Any:
    """Read a whole CSV or Parquet file into a DataFrame, with clear errors."""
    import pandas as pd

    _check_readable(path)
    try:
        return pd.read_parquet(path) if is_parquet(path) else pd.read_csv(path)
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: the file is empty") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read it as {_kind(path)} ({exc})") from None


def iter_table(path: Path, chunk_size: int) -> Iterator[Any]:
    """Yield a CSV or Parquet file as DataFrames of at most ``chunk_size`` rows."""
    import pandas as pd

    if is_many_files(path):
        from logitnet.streaming import scan

        for _, batch in scan(path, batch_rows=chunk_size).record_batches():
            yield batch.to_pandas()
        return
    _check_readable(path)
    if is_parquet(path):
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=chunk_size):
            yield batch.to_pandas()
        return
    try:
        yield from pd.read_csv(path, chunksize=chunk_size)
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: the file is empty") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read it as {_kind(path)} ({exc})") from None


def _kind(path: Path) -> str:
    """``"Parquet"`` or ``"CSV"``."""
    return "Parquet" if is_parquet(path) else "CSV"


def is_many_files(path: Path) -> bool:
    """True for a folder of Parquet files or a glob: read through :func:`logitnet.scan`."""
    return path.is_dir() or any(c in str(path) for c in "*?[")


def _check_readable(path: Path) -> None:
    """A clear error for a missing path or a folder."""
    if not path.exists():
        raise DataError(f"{path}: no such file")
    if path.is_dir():
        raise DataError(f"{path}: is a folder, not a data file")


def split_names(values: list[str] | None) -> list[str] | None:
    """``["a,b", "c"]`` -> ``["a", "b", "c"]``: options accept repeats and comma lists."""
    if values is None:
        return None
    names = [name.strip() for value in values for name in value.split(",")]
    return [name for name in names if name]


def parse_hidden(value: str) -> tuple[int, ...]:
    """``"64,64"`` -> ``(64, 64)``; a usage error for anything else."""
    try:
        sizes = tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError:
        sizes = ()
    if not sizes or min(sizes) < 1:
        raise typer.BadParameter(f"expected positive layer sizes such as 64,64; got {value!r}")
    return sizes


def open_fraction(value: float) -> float:
    """A number strictly between 0 and 1; a usage error otherwise."""
    if not 0.0 < value < 1.0:
        raise typer.BadParameter(f"must be between 0 and 1 (exclusive); got {value}")
    return value
