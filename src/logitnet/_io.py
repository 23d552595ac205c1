"""Atomic writes: a temporary file or folder beside the target, then one rename over it.

A reader sees either the old file or the complete new one, never half a file. The new file gets
the permissions an ordinary ``open`` would give it (``0o666`` less the umask), not the private
``0o600`` of :func:`tempfile.mkstemp`. A folder is written the same way: into a staging folder
beside it, then swapped into place (:func:`atomic_folder`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = ["atomic_folder", "atomic_writer", "current_umask", "swap_folder", "write_atomic"]


def current_umask() -> int:
    """The process umask, read without changing it for good."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _open(fd: int, binary: bool) -> IO:
    """A file object over ``fd``: bytes, or UTF-8 text with newlines written as given."""
    if binary:
        return os.fdopen(fd, "wb")
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike, *, binary: bool = False) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success it replaces ``path`` in one rename.

    If the block raises, the temporary file is removed and ``path`` is left as it was.

    Parameters
    ----------
    path : str or path-like
        The file to write; its folder must exist.
    binary : bool, default=False
        Open the temporary file for bytes instead of UTF-8 text.

    Yields
    ------
    IO
        The open temporary file.

    Examples
    --------
    >>> with atomic_writer("predictions.csv") as f:
    ...     _ = f.write("prediction\\n")
    >>> Path("predictions.csv").read_text()
    'prediction\\n'
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with _open(fd, binary) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_atomic(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file, then rename).

    Parameters
    ----------
    path : str or path-like
        The file to write; its folder must exist.
    data : bytes or str
        The whole content; a ``str`` is written as UTF-8.

    Returns
    -------
    Path
        ``path``.
    """
    with atomic_writer(path, binary=isinstance(data, bytes)) as handle:
        handle.write(data)
    return Path(path)


def check_folder_target(path: Path, replace: bool) -> None:
    """Refuse a file at ``path`` always, and an existing folder unless ``replace``."""
    if path.exists() and not path.is_dir():
        raise FileExistsError(f"{path}: exists and is not a folder")
    if path.exists() and not replace:
        raise FileExistsError(f"{path}: the folder exists; pass --force to replace it")


def swap_folder(staging: str | os.PathLike, path: str | os.PathLike, *, replace: bool) -> Path:
    """Rename the folder ``staging`` to ``path``; an old ``path`` is removed only after the swap.

    Parameters
    ----------
    staging : str or path-like
        A complete folder, on the same file system as ``path`` (beside it).
    path : str or path-like
        Where it goes.
    replace : bool
        Replace an existing folder at ``path``; without it, an existing one is an error.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    FileExistsError
        When ``path`` is a file, or a folder and ``replace`` is false; ``staging`` is kept.
    """
    staging, path = Path(staging), Path(path)
    check_folder_target(path, replace)
    if not path.exists():
        staging.rename(path)
        return path
    old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.old."))
    path.rename(old / path.name)
    try:
        staging.rename(path)
    except BaseException:
        (old / path.name).rename(path)
        old.rmdir()
        raise
    shutil.rmtree(old, ignore_errors=True)
    return path


@contextlib.contextmanager
def atomic_folder(path: str | os.PathLike, *, replace: bool = False) -> Iterator[Path]:
    """Yield a fresh staging folder beside ``path``; on success it is swapped into ``path``.

    If the block raises, the staging folder is removed and ``path`` is left as it was. The new
    folder gets the permissions of an ordinary ``mkdir`` (``0o777`` less the umask).

    Parameters
    ----------
    path : str or path-like
        The folder to write; its parent is created when missing.
    replace : bool, default=False
        Replace an existing folder at ``path``.

    Yields
    ------
    Path
        The staging folder to write into.

    Raises
    ------
    FileExistsError
        Before anything is written, when ``path`` is a file, or a folder and not ``replace``.

    Examples
    --------
    >>> with atomic_folder("run1", replace=True) as folder:
    ...     _ = (folder / "metrics.json").write_text("{}")
    >>> sorted(path.name for path in Path("run1").iterdir())
    ['metrics.json']
    """
    path = Path(path)
    check_folder_target(path, replace)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}."))
    try:
        yield staging
        os.chmod(staging, 0o777 & ~current_umask())
        swap_folder(staging, path, replace=replace)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
