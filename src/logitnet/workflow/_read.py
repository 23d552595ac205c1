"""Reading a CSV or Parquet table, whole or in chunks, with one clear error per problem."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from logitnet.exceptions import DataError

PARQUET_SUFFIXES = (".parquet", ".pq")


def is_parquet(path: Path) -> bool:
    """True for ``.parquet`` / ``.pq`` files; everything else is read as CSV."""
    return Path(path).suffix.lower() in PARQUET_SUFFIXES


def read_table(path: Path) -> Any:
    """Read a whole CSV or Parquet file into a DataFrame, with clear errors.

    Parameters
    ----------
    path : Path
        A ``.parquet`` / ``.pq`` file (read through pyarrow), or CSV.

    Returns
    -------
    DataFrame

    Raises
    ------
    DataError
        When the file is missing, a folder, empty, or cannot be parsed.
    """
    import pandas as pd

    path = Path(path)
    _check_readable(path)
    if is_parquet(path):
        return _read_parquet(path)
    try:
        return pd.read_csv(path)
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: the file is empty") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read it as {_kind(path)} ({exc})") from None


def _read_parquet(path: Path) -> Any:
    """A whole Parquet file through pyarrow; a DataError when it is not one."""
    import pandas as pd
    import pyarrow as pa

    try:
        return pd.read_parquet(path)
    except pa.ArrowException as exc:
        raise DataError(f"{path}: cannot read it as Parquet ({exc})") from None


def iter_table(path: Path, chunk_size: int) -> Iterator[Any]:
    """Yield a CSV or Parquet file as DataFrames of at most ``chunk_size`` rows."""
    import pandas as pd

    path = Path(path)
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


def _check_readable(path: Path) -> None:
    """A clear error for a missing path or a folder."""
    if not path.exists():
        raise DataError(f"{path}: no such file")
    if path.is_dir():
        raise DataError(f"{path}: is a folder, not a data file")
