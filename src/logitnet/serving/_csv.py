"""A CSV request body read by pyarrow, giving the values pandas would give.

``logitnet predict`` reads a CSV file with ``pandas.read_csv``; the server must read a CSV body
into the same values. pyarrow's reader is several times faster, and it parses numbers to the
same float64 (both round correctly). It reads the body here only where its reading is known to
equal pandas': the header names the model's columns once each, every column is inferred as
integers, floats, text or all-missing, and every number column of the model holds numbers. In
every other case :func:`arrow_columns` returns None and the caller reads the body with pandas,
which also gives the usual error messages.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

__all__ = ["PANDAS_NA", "arrow_columns"]

# pandas.read_csv's default na_values: the cells it reads as missing
PANDAS_NA = (
    *("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN"),
    *("<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"),
)


def arrow_columns(
    body: bytes, names: list[str], numbers: Collection[str]
) -> tuple[dict[str, Any], int] | None:
    """``({column: values}, n_rows)`` of a CSV body, or None where pandas must read it.

    Parameters
    ----------
    body : bytes
        The CSV text, a header line first.
    names : list of str
        The model's columns.
    numbers : collection of str
        The model's number columns: read as float64 arrays, NaN for a missing cell. Text
        columns are read as lists of the values pandas gives (str, int, float; None missing).
    """
    import pyarrow as pa
    import pyarrow.csv as pv

    convert = pv.ConvertOptions(
        null_values=list(PANDAS_NA), strings_can_be_null=True, timestamp_parsers=[]
    )
    try:
        table = pv.read_csv(pa.BufferReader(body), convert_options=convert)
    except (pa.ArrowException, ValueError):
        return None
    if sorted(table.column_names) != sorted(names) or table.num_rows == 0:
        return None
    columns: dict[str, Any] = {}
    for name in names:
        column = table.column(name)
        kind = column.type
        if pa.types.is_null(kind) or (pa.types.is_integer(kind) and column.null_count):
            column, kind = column.cast(pa.float64()), pa.float64()  # pandas: NaN, ints as floats
        if name in numbers:
            if not (pa.types.is_int64(kind) or pa.types.is_float64(kind)):
                return None
            columns[name] = column.to_numpy().astype("float64", copy=False)
        elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
            columns[name] = column.to_numpy(zero_copy_only=False)
        elif pa.types.is_int64(kind) or pa.types.is_float64(kind):
            columns[name] = column.to_pylist()
        else:  # booleans, dates, times: pandas reads these otherwise
            return None
    return columns, table.num_rows
