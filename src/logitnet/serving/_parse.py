"""Request bodies -> ``{column: values}``: MLflow's JSON scoring formats, and CSV.

The JSON formats are those of ``mlflow models serve``:

- ``{"dataframe_split": {"columns": [...], "data": [[...], ...]}}`` (pandas' ``orient="split"``;
  without ``columns``, the values are in the model's column order);
- ``{"dataframe_records": [{"column": value, ...}, ...]}``;
- ``{"instances": ...}`` and ``{"inputs": ...}``: a list of records, a list of rows in the
  model's column order, or ``{"column": [values]}``.

A CSV body (``Content-Type: text/csv``) is read into the values pandas gives as ``logitnet predict``
reads a file (by pyarrow where it reads alike, see :mod:`logitnet.serving._csv`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from logitnet._validation import suggest
from logitnet.serving._csv import arrow_columns
from logitnet.serving._errors import RequestError
from logitnet.serving._json import loads

__all__ = ["FORMATS", "Table", "check_columns", "parse_body"]

FORMATS = ("dataframe_split", "dataframe_records", "instances", "inputs")
JSON_TYPES = ("application/json", "")  # no Content-Type: JSON, as MLflow assumes
CSV_TYPES = ("text/csv", "application/csv")

Table = tuple[dict[str, Sequence[Any]], int]  # {column: values}, number of rows


def parse_body(
    body: bytes, content_type: str, names: list[str], numbers: Collection[str] = ()
) -> Table:
    """The columns and row count of a request body, checked against the model's ``names``.

    ``numbers`` names the model's number columns, which a CSV body gives as float64 arrays.

    Raises
    ------
    RequestError
        For an empty or malformed body, an unknown format or content type, a missing, extra or
        misspelled column, or rows of the wrong length.
    """
    if not body.strip():
        raise RequestError(
            "the request body is empty; send JSON such as "
            '{"dataframe_split": {"columns": [...], "data": [[...]]}} or a CSV table'
        )
    media = content_type.split(";", 1)[0].strip().lower()
    if media in CSV_TYPES:
        return _parse_csv(body, names, numbers)
    if media in JSON_TYPES or media.endswith("+json"):
        return _parse_json(loads(body), names)
    raise RequestError(
        f"unsupported Content-Type {media!r}; send application/json or text/csv", status=415
    )


def _parse_json(doc: Any, names: list[str]) -> Table:
    """Dispatch on the one format key of ``doc``."""
    listed = ", ".join(repr(f) for f in FORMATS)
    if not isinstance(doc, dict) or not doc:
        raise RequestError(f"expected a JSON object with one of the keys {listed}")
    keys = list(doc)
    unknown = [k for k in keys if k not in FORMATS]
    if unknown:
        hint = suggest(unknown[0], FORMATS)
        raise RequestError(f"unknown key {unknown[0]!r}: expected one of {listed}.{hint}")
    if len(keys) > 1:
        raise RequestError(f"give one of {listed}, not {len(keys)} ({', '.join(map(repr, keys))})")
    value = doc[keys[0]]
    if keys[0] == "dataframe_split":
        return _split(value, names)
    if keys[0] == "dataframe_records":
        return _records(value, names, keys[0])
    return _instances(value, names, keys[0])


def check_columns(given: Sequence[Any], names: list[str], where: str = "") -> None:
    """``given`` holds each of ``names`` once and nothing else; "did you mean" for a typo."""
    if list(given) == names:
        return
    expected = set(names)
    seen: set = set()
    for name in given:
        if not isinstance(name, str):
            raise RequestError(f"{where}column names must be text; got {name!r}")
        if name in seen:
            raise RequestError(f"{where}column {name!r} is given twice")
        seen.add(name)
    missing = [n for n in names if n not in seen]
    extra = [n for n in given if n not in expected]
    if extra:
        hint = suggest(extra[0], missing or names)
        raise RequestError(
            f"{where}unknown column {extra[0]!r}.{hint} The model's columns: {names}"
        )
    if missing:
        listed = ", ".join(repr(n) for n in missing)
        plural = "s" if len(missing) > 1 else ""
        raise RequestError(f"{where}missing column{plural} {listed}; the model's columns: {names}")


def _rows_table(rows: Any, columns: list[str], what: str) -> Table:
    """``{column: values}`` from a list of rows, each a list of ``len(columns)`` values."""
    if not isinstance(rows, list):
        raise RequestError(f"{what} must be a list of rows; got {type(rows).__name__}")
    width = len(columns)
    well_formed = set(map(type, rows)) <= {list} and set(map(len, rows)) <= {width}
    for i, row in enumerate([] if well_formed else rows):
        if type(row) is not list or len(row) != width:
            if type(row) is not list:
                raise RequestError(f"{what}: row {i + 1} is not a list ({type(row).__name__})")
            raise RequestError(f"{what}: row {i + 1} has {len(row)} values; expected {width}")
    _check_rows(len(rows))
    if not rows:
        return {}, 0
    return dict(zip(columns, zip(*rows, strict=True), strict=True)), len(rows)


def _check_rows(n_rows: int) -> None:
    """A request must hold at least one row."""
    if n_rows == 0:
        raise RequestError("the request holds no rows")


def _split(value: Any, names: list[str]) -> Table:
    """pandas' ``orient="split"``: ``columns`` and ``data`` (``index`` is ignored)."""
    if not isinstance(value, dict) or "data" not in value:
        raise RequestError('"dataframe_split" must be an object with "columns" and "data"')
    unknown = [k for k in value if k not in ("columns", "data", "index")]
    if unknown:
        raise RequestError(
            f'"dataframe_split" has the unknown key {unknown[0]!r}; '
            'expected "columns", "data" (and "index")'
        )
    columns = value.get("columns", names)
    if not isinstance(columns, list):
        raise RequestError('"dataframe_split": "columns" must be a list of column names')
    check_columns(columns, names)
    return _rows_table(value["data"], columns, '"dataframe_split": "data"')


def _records(value: Any, names: list[str], key: str) -> Table:
    """A list of ``{column: value}`` objects, one per row."""
    if not isinstance(value, list):
        raise RequestError(f'"{key}" must be a list of objects, one per row')
    _check_rows(len(value))
    width = len(names)
    for i, record in enumerate(value):
        if type(record) is not dict:
            raise RequestError(f'"{key}": row {i + 1} is not an object ({type(record).__name__})')
        if len(record) != width or (i == 0 and list(record) != names):
            check_columns(list(record), names, where=f'"{key}": row {i + 1}: ')
    try:
        return {name: [record[name] for record in value] for name in names}, len(value)
    except KeyError:
        for i, record in enumerate(value):
            check_columns(list(record), names, where=f'"{key}": row {i + 1}: ')
        raise


def _instances(value: Any, names: list[str], key: str) -> Table:
    """Records, rows in the model's column order, or ``{column: [values]}``."""
    if isinstance(value, dict):
        return _columnar(value, names, key)
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return _records(value, names, key)
    return _rows_table(value, names, f'"{key}"')


def _columnar(value: dict, names: list[str], key: str) -> Table:
    """``{column: [values]}`` (or one value per column, for one row)."""
    check_columns(list(value), names, where=f'"{key}": ')
    lists = [isinstance(v, list) for v in value.values()]
    if not any(lists):
        return {name: [value[name]] for name in names}, 1
    lengths = {len(v) if isinstance(v, list) else -1 for v in value.values()}
    if len(lengths) != 1:
        raise RequestError(f'"{key}": every column must hold a list of the same length')
    n_rows = lengths.pop()
    _check_rows(n_rows)
    return {name: value[name] for name in names}, n_rows


def _parse_csv(body: bytes, names: list[str], numbers: Collection[str]) -> Table:
    """A CSV table with a header, read into the values pandas gives as ``logitnet predict``
    reads a file: by pyarrow where it reads alike (:mod:`logitnet.serving._csv`), else by
    pandas."""
    import io

    fast = arrow_columns(body, names, numbers)
    if fast is not None:
        return fast

    import pandas as pd

    try:
        frame = pd.read_csv(io.BytesIO(body))
    except pd.errors.EmptyDataError:
        raise RequestError("the CSV body has no header and no rows") from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise RequestError(f"cannot read the body as CSV: {' '.join(str(exc).split())}") from None
    check_columns([str(c) for c in frame.columns], names)
    _check_rows(len(frame))
    return {name: frame[name].tolist() for name in names}, len(frame)
