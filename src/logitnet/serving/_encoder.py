"""The model's preprocessing, applied to request columns with numpy: no DataFrame per request.

:func:`make_encoder` reads the fitted statistics of the preprocessor that
:func:`logitnet.preprocessing.make_preprocessor` builds (imputation, standardization, one-hot
coding) and applies the same float operations in the same order, so the features equal the
preprocessor's ``transform`` bit for bit. A preprocessor of another shape is applied as it is,
through a DataFrame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np

from logitnet.serving._errors import RequestError

__all__ = ["Column", "Encoder", "make_encoder"]

NUMBER, TEXT = "number", "text"
_SHOWN = 3  # rows listed in an error message
_NUMBER_OR_NONE = {int, float, type(None)}


@dataclass
class Column:
    """One input column: its name, kind, fill value for missing cells and categories."""

    name: str
    kind: str  # "number" or "text"
    fill: Any = None  # the imputed value; None: a missing value is an error
    imputes: bool = False
    categories: dict[str, int] = field(default_factory=dict)  # text: category -> position

    def positions(self, values: list[str]) -> np.ndarray:
        """The position of each value among the categories; -1 for one unseen in training."""
        get = self.categories.get
        return np.fromiter(map(get, values, repeat(-1)), dtype=np.intp, count=len(values))

    def describe(self) -> dict:
        """The column as ``/metadata`` shows it."""
        doc: dict[str, Any] = {"name": self.name, "type": self.kind}
        doc["missing"] = f"filled in with {self.fill!r}" if self.imputes else "error"
        if self.kind == TEXT:
            doc["categories"] = list(self.categories)
        return doc


def _row_list(rows: Sequence[int]) -> str:
    """``row 3`` or ``rows 3, 7, 9 and 4 more`` (1-based)."""
    shown = ", ".join(str(r + 1) for r in rows[:_SHOWN])
    more = f" and {len(rows) - _SHOWN} more" if len(rows) > _SHOWN else ""
    return f"row{'s' if len(rows) > 1 else ''} {shown}{more}"


def _missing(column: Column, rows: Sequence[int]) -> RequestError:
    """The error for missing values in a column the model does not fill in."""
    return RequestError(
        f"column {column.name!r} has a missing value in {_row_list(rows)}, and this model "
        "fills in no missing values (it was trained without imputation)"
    )


def _is_missing(value: Any) -> bool:
    """None or a float NaN (JSON null, CSV empty cell)."""
    return value is None or (type(value) is float and value != value)


def numbers(column: Column, values: Sequence[Any]) -> np.ndarray:
    """The values of a number column as float64, missing ones filled in or refused.

    ``values`` is a sequence of Python numbers and None (JSON), or a float64 array with NaN
    for the missing cells (CSV).
    """
    if isinstance(values, np.ndarray) and values.dtype == np.float64:
        array = values.copy()
    elif set(map(type, values)) <= _NUMBER_OR_NONE:  # numbers and nulls: numpy reads None as NaN
        try:
            array = np.array(values, dtype=np.float64)
        except OverflowError:
            array = _numbers_one_by_one(column, values)
    else:
        array = _numbers_one_by_one(column, values)
    if np.isinf(array).any():
        row = int(np.flatnonzero(np.isinf(array))[0])
        raise RequestError(
            f"column {column.name!r} holds numbers; row {row + 1} has {_shown(values[row])!r}, "
            "which is not finite"
        )
    missing = np.isnan(array)
    if missing.any():
        if not column.imputes:
            raise _missing(column, np.flatnonzero(missing).tolist())
        array[missing] = column.fill
    return array


def _shown(value: Any) -> Any:
    """A value as a client sent it (a numpy scalar as its Python number)."""
    return value.item() if isinstance(value, np.generic) else value


def _numbers_one_by_one(column: Column, values: Sequence[Any]) -> np.ndarray:
    """The slow path for a column with missing cells or a wrong value: check each one."""
    out = np.empty(len(values), dtype=np.float64)
    for i, value in enumerate(values):
        if value is None:
            out[i] = np.nan
        elif isinstance(value, int | float) and not isinstance(value, bool):
            try:
                out[i] = float(value)
            except OverflowError:
                raise RequestError(
                    f"column {column.name!r} holds numbers; row {i + 1} has {value!r}, "
                    "which is too large for a float"
                ) from None
        else:
            shown = "text" if isinstance(value, str) else f"a {type(value).__name__}"
            raise RequestError(
                f"column {column.name!r} holds numbers; row {i + 1} has {shown} {value!r}"
            )
    return out


def texts(column: Column, values: Sequence[Any]) -> list[str]:
    """The values of a text column as strings (as ``as_text`` makes them), missing ones filled
    in or refused."""
    if set(map(type, values)) == {str}:
        return list(values)
    out, missing = [], []
    for i, value in enumerate(values):
        if _is_missing(value):
            missing.append(i)
            out.append(column.fill)
        elif isinstance(value, list | dict):
            raise RequestError(
                f"column {column.name!r} holds text; row {i + 1} has a {type(value).__name__}"
            )
        else:
            out.append(str(value))
    if missing and not column.imputes:
        raise _missing(column, missing)
    return out


class Encoder:
    """Request columns -> the feature matrix the model's classifier takes.

    Parameters
    ----------
    columns : list of Column
        The input columns, in the model's order.
    blocks : list of (kind, columns, offset arrays)
        Numeric blocks are ``("number", names, (mean, scale))``; categorical blocks are
        ``("text", names, (widths, dropped))``, ``dropped`` the one-hot columns that reference
        coding leaves out (a column's reference level); in the preprocessor's output order.
    """

    def __init__(self, columns: list[Column], blocks: list[tuple[str, list[str], Any]]) -> None:
        self.columns = columns
        self.by_name = {c.name: c for c in columns}
        self.blocks = blocks
        self.width = sum(_block_width(kind, names, part) for kind, names, part in blocks)
        self._spans = _spans(blocks)

    @property
    def names(self) -> list[str]:
        """The input column names, in the model's order."""
        return [c.name for c in self.columns]

    def encode(self, table: dict[str, Sequence[Any]], n_rows: int) -> tuple[np.ndarray, list[str]]:
        """The features of ``table`` (``{column: values}``) and notes on unseen categories.

        Each block is written in place into one matrix, in the preprocessor's output order.
        """
        Xt = np.zeros((n_rows, self.width), dtype=np.float64)
        notes: list[str] = []
        for (kind, names, part), (start, stop, lookups) in zip(
            self.blocks, self._spans, strict=True
        ):
            block = Xt[:, start:stop]
            if kind == NUMBER:
                self._numeric_block(block, table, names, part)
            else:
                notes += self._text_block(block, table, names, lookups)
        return Xt, notes

    def _numeric_block(self, block: np.ndarray, table: dict, names: list[str], part: Any) -> None:
        """Numbers, filled in, then standardized as StandardScaler.transform does."""
        mean, scale = part
        for j, name in enumerate(names):
            block[:, j] = numbers(self.by_name[name], table[name])
        if mean is not None:
            block -= mean
        if scale is not None:
            block /= scale

    def _text_block(
        self, block: np.ndarray, table: dict, names: list[str], lookups: list[np.ndarray]
    ) -> list[str]:
        """One-hot columns; an unseen category sets none of its column's (scikit-learn's
        ``handle_unknown="ignore"``); a reference level's column is left out (``drop``)."""
        notes = []
        rows = np.arange(block.shape[0])
        for name, lookup in zip(names, lookups, strict=True):
            column = self.by_name[name]
            index = column.positions(texts(column, table[name]))
            target = lookup[index]  # the output column of each row's category; -1: none
            hot = target >= 0
            block[rows[hot], target[hot]] = 1.0
            unseen = index < 0
            if unseen.any():
                notes.append(_unseen_note(column, table[name], np.flatnonzero(unseen)))
        return notes


def _spans(blocks: list[tuple[str, list[str], Any]]) -> list[tuple[int, int, list[np.ndarray]]]:
    """Each block's output columns ``start:stop``; for a text block, one lookup per column:
    category position -> output column within the block, -1 for a dropped reference level,
    and a last entry -1 for an unseen category (position -1)."""
    spans, start = [], 0
    for kind, names, part in blocks:
        stop = start + _block_width(kind, names, part)
        lookups = []
        if kind == TEXT:
            widths, dropped = part
            kept = np.ones(sum(widths), dtype=bool)
            kept[list(dropped)] = False
            place = np.where(kept, np.cumsum(kept) - 1, -1)
            offset = 0
            for width in widths:
                lookups.append(np.append(place[offset : offset + width], -1).astype(np.intp))
                offset += width
        spans.append((start, stop, lookups))
        start = stop
    return spans


def _unseen_note(column: Column, values: Sequence[Any], rows: np.ndarray) -> str:
    """``column 'colour': 'purple' (row 2) was not seen in training; it counts as none``."""
    first = int(rows[0])
    return (
        f"column {column.name!r}: {values[first]!r} ({_row_list(rows.tolist())}) was not seen "
        "in training; it counts as no category"
    )


def _block_width(kind: str, names: list[str], part: Any) -> int:
    """Output columns of a block."""
    return len(names) if kind == NUMBER else sum(part[0]) - len(part[1])


class FrameEncoder:
    """Any other preprocessor: request columns -> DataFrame -> its own ``transform``."""

    def __init__(self, columns: list[Column], preprocess: Any) -> None:
        self.columns = columns
        self.preprocess = preprocess
        self.by_name = {c.name: c for c in columns}

    @property
    def names(self) -> list[str]:
        """The input column names, in the model's order."""
        return [c.name for c in self.columns]

    def encode(self, table: dict[str, Sequence[Any]], n_rows: int) -> tuple[Any, list[str]]:
        """``preprocess.transform`` of the table as a DataFrame (the values unchecked)."""
        import pandas as pd

        frame = pd.DataFrame({name: list(table[name]) for name in self.names})
        try:
            return self.preprocess.transform(frame), []
        except (ValueError, TypeError) as exc:
            raise RequestError(f"the model's preprocessing refused the rows: {exc}") from None


def make_encoder(preprocess: Any, final: Any) -> Encoder | FrameEncoder:
    """The encoder of a saved model's preprocessing (None for a bare classifier)."""
    if preprocess is None:
        return _bare_encoder(final)
    steps = getattr(preprocess, "steps", [])
    transformer = steps[0][1] if len(steps) == 1 else None
    blocks = _blocks(transformer) if transformer is not None else None
    if blocks is None:
        names = getattr(preprocess, "feature_names_in_", None)
        if names is None:
            raise ValueError("the model's preprocessing does not record its input columns")
        return FrameEncoder([Column(str(n), "any") for n in names], preprocess)
    columns, parts = blocks
    return Encoder(columns, parts)


def _bare_encoder(final: Any) -> Encoder:
    """A classifier fitted without preprocessing: its columns are numbers, passed as they are."""
    names = getattr(final, "feature_names_in_", None)
    if names is None:
        names = [f"x{i}" for i in range(int(final.n_features_in_))]
    columns = [Column(str(n), NUMBER) for n in names]
    return Encoder(columns, [(NUMBER, [c.name for c in columns], (None, None))])


def _blocks(transformer: Any) -> tuple[list[Column], list] | None:
    """The columns and blocks of a fitted make_preprocessor ColumnTransformer; None for any
    other shape."""
    if type(transformer).__name__ != "ColumnTransformer":
        return None
    columns: list[Column] = []
    blocks: list = []
    for name, pipe, names in transformer.transformers_:
        if pipe == "drop" or (name == "remainder" and not len(names)):
            continue
        steps = dict(getattr(pipe, "named_steps", {}))
        names = [str(n) for n in names]
        if set(steps) <= {"impute", "scale"} and "scale" in steps:
            block = _numeric_block(names, steps, columns)
        elif set(steps) in ({"text", "onehot"}, {"text", "impute", "onehot"}):
            block = _text_block(names, steps, columns)
        else:
            return None
        if block is None:
            return None
        blocks.append(block)
    return (columns, blocks) if blocks else None


def _numeric_block(names: list[str], steps: dict, columns: list[Column]) -> tuple | None:
    """``("number", names, (mean, scale))``, the Columns appended."""
    scaler, imputer = steps["scale"], steps.get("impute")
    if imputer is not None and getattr(imputer, "add_indicator", False):
        return None
    for i, name in enumerate(names):
        fill = None if imputer is None else float(imputer.statistics_[i])
        columns.append(Column(name, NUMBER, fill, imputes=imputer is not None))
    mean = scaler.mean_ if scaler.with_mean else None
    scale = scaler.scale_ if scaler.with_std else None
    return (NUMBER, names, (mean, scale))


def _text_block(names: list[str], steps: dict, columns: list[Column]) -> tuple | None:
    """``("text", names, widths)``, the Columns appended with their categories."""
    from logitnet.preprocessing import as_text

    encoder, imputer = steps["onehot"], steps.get("impute")
    if getattr(steps["text"], "func", None) is not as_text:
        return None
    if getattr(encoder, "_infrequent_enabled", False) or encoder.handle_unknown != "ignore":
        return None
    widths: list[int] = []
    dropped: list[int] = []
    drop_idx = getattr(encoder, "drop_idx_", None)
    for i, name in enumerate(names):
        fill = None if imputer is None else str(imputer.statistics_[i])
        categories = {str(c): j for j, c in enumerate(encoder.categories_[i])}
        columns.append(Column(name, TEXT, fill, imputer is not None, categories))
        if drop_idx is not None and drop_idx[i] is not None:
            dropped.append(sum(widths) + int(drop_idx[i]))
        widths.append(len(categories))
    return (TEXT, names, (widths, dropped))
