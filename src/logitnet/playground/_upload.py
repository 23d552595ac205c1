"""Uploaded tables: received in chunks, capped in size, kept in memory, read by pandas/pyarrow.

The file's name only chooses the format (``.parquet``/``.pq`` or CSV); nothing is ever opened by
a name a client sent.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from logitnet.exceptions import DataError

__all__ = ["DEFAULT_MAX_UPLOAD", "Upload", "UploadBuffer", "read_upload"]

DEFAULT_MAX_UPLOAD = 50 * 1024 * 1024  # 50 MB
_PARQUET = (".parquet", ".pq")
MAX_CLASSES = 10


def _megabytes(n: int) -> str:
    """``52428800`` -> ``"50 MB"``."""
    return f"{n / 1024 / 1024:.3g} MB"


@dataclass
class UploadBuffer:
    """The bytes of one upload as they arrive; refuses to grow past ``limit``."""

    name: str
    limit: int
    chunks: list[bytes] = field(default_factory=list)
    size: int = 0

    def start(self, declared: Any) -> None:
        """Refuse at once an upload whose declared size is over the limit."""
        if not isinstance(declared, int) or isinstance(declared, bool) or declared < 0:
            raise ValueError(f"upload size must be a whole number of bytes; got {declared!r}")
        self._check(declared)

    def add(self, chunk: bytes) -> None:
        """Keep ``chunk``; DataError once the total passes the limit."""
        self._check(self.size + len(chunk))
        self.chunks.append(chunk)
        self.size += len(chunk)

    def _check(self, size: int) -> None:
        """DataError naming the file, its size and the limit."""
        if size > self.limit:
            raise DataError(
                f"{self.name!r} is too large: over {_megabytes(self.limit)} (the upload limit); "
                f"it is at least {_megabytes(size)}"
            )

    def data(self) -> bytes:
        """All the bytes received."""
        return b"".join(self.chunks)


@dataclass
class Upload:
    """A table read from an upload, with the columns the pickers may offer."""

    name: str
    frame: Any  # pandas.DataFrame
    numeric: list[str]  # candidate map axes

    def describe(self) -> dict:
        """The message the page fills its pickers from."""
        columns = [str(c) for c in self.frame.columns]
        return {
            "type": "columns",
            "name": self.name,
            "columns": columns,
            "numeric": self.numeric,
            "rows": len(self.frame),
        }


def _read_frame(name: str, data: bytes) -> Any:
    """Parse ``data`` as Parquet or CSV by the name's suffix; DataError if it is not a table."""
    import pandas as pd

    if not data:
        raise DataError(f"{name!r} is empty")
    try:
        if name.lower().endswith(_PARQUET):
            return pd.read_parquet(io.BytesIO(data))
        return pd.read_csv(io.BytesIO(data))
    except (ValueError, UnicodeDecodeError, OSError) as exc:  # pandas and pyarrow errors
        kind = "Parquet" if name.lower().endswith(_PARQUET) else "CSV"
        detail = " ".join(str(exc).split())[:200]
        raise DataError(f"{name!r} is not a table: cannot read it as {kind} ({detail})") from None


def read_upload(name: str, data: bytes) -> Upload:
    """Read an uploaded file and find the numeric columns the map can show.

    Raises
    ------
    DataError
        When the file is not a table, or has fewer than two numeric feature columns.
    """
    from logitnet.preprocessing import plan_columns

    frame = _read_frame(name, data)
    frame.columns = [str(c) for c in frame.columns]
    if frame.shape[1] < 3 or len(frame) < 4:
        raise DataError(
            f"{name!r} is not a usable table: it has {len(frame)} rows and {frame.shape[1]} "
            "columns; the playground needs two numeric features and a target, and some rows"
        )
    plan = plan_columns(frame)
    if len(plan.numeric) < 2:
        found = ", ".join(repr(c) for c in plan.numeric) or "none"
        raise DataError(
            f"{name!r} has no usable pair of features: the map needs two numeric columns "
            f"(found {found}; {'; '.join(plan.notes) or 'the others hold text'})"
        )
    return Upload(name=name, frame=frame, numeric=list(plan.numeric))
