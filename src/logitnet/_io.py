"""Atomic file writes: a temporary file beside the target, then one rename over it.

A reader sees either the old file or the complete new one, never half a file. The new file gets
the permissions an ordinary ``open`` would give it (``0o666`` less the umask), not the private
``0o600`` of :func:`tempfile.mkstemp`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = ["atomic_writer", "current_umask", "write_atomic"]


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
    >>> with atomic_writer("predictions.csv") as f:  # doctest: +SKIP
    ...     f.write("prediction\\n")
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
