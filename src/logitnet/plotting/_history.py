"""Read a training history in any of the shapes users hold it in, as columns of floats."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from logitnet.history import history_of

# The per-epoch records that are drawn: loss keys on the first panel, accuracy on the second.
LOSS_KEYS = ("train_loss", "valid_loss")
ACCURACY_KEYS = ("train_acc", "valid_acc")
KNOWN_KEYS = (*LOSS_KEYS, *ACCURACY_KEYS)


def _column(values: Iterable[Any]) -> np.ndarray:
    """Return values as floats, with ``None`` (not recorded that epoch) as NaN."""
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def _from_mapping(table: Mapping) -> dict[str, np.ndarray]:
    """Return the known columns of a dict of lists."""
    columns = {key: _column(table[key]) for key in KNOWN_KEYS if key in table}
    if not columns:
        valid = ", ".join(repr(k) for k in KNOWN_KEYS)
        raise ValueError(f"A history dict must hold at least one of {valid}. Got {list(table)}.")
    if "epoch" in table:
        columns["epoch"] = _column(table["epoch"])
    return columns


def _from_rows(rows: list[Mapping]) -> dict[str, np.ndarray]:
    """Return the columns of a list of per-epoch dicts; a missing entry becomes NaN."""
    keys = [k for k in ("epoch", *KNOWN_KEYS) if any(k in row for row in rows)]
    return _from_mapping({key: [row.get(key) for row in rows] for key in keys})


def _unwrap(history: Any) -> Any:
    """Return a fitted estimator's history (``history_of``); anything else as it is."""
    found = history_of(history)
    return history if found is None else found


def _is_number(value: Any) -> bool:
    """Return whether ``value`` is a real number (a loss)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def history_columns(history: Any) -> dict[str, np.ndarray]:
    """Return ``{"epoch": ..., "train_loss": ..., ...}`` as float arrays of equal length.

    Accepts a History (a list-like of per-epoch dicts), a fitted estimator's ``history_`` or
    ``loss_curve_``, a list of per-epoch dicts, a dict of lists, or a plain list of losses.
    """
    source = _unwrap(history)
    if isinstance(source, Mapping):
        columns = _from_mapping(source)
    elif isinstance(source, (str, bytes)) or not isinstance(source, Iterable):
        raise TypeError(
            "`history` must be a History, a fitted estimator with history_ or loss_curve_, "
            f"a list of per-epoch dicts, a dict of lists or a list of losses. Got {source!r}."
        )
    else:
        columns = _from_sequence(list(source))
    columns.setdefault("epoch", np.arange(1.0, len(next(iter(columns.values()))) + 1))
    return columns


def _from_sequence(items: list[Any]) -> dict[str, np.ndarray]:
    """Return the columns of a list of per-epoch dicts or of a list of losses."""
    if not items:
        raise ValueError("`history` is empty: there is no epoch to plot.")
    if all(isinstance(item, Mapping) for item in items):
        return _from_rows(items)
    if all(_is_number(item) for item in items):
        return {"train_loss": _column(items)}
    raise TypeError(
        "A history list must hold per-epoch dicts or losses (numbers), not a mix. "
        f"Got {items[:3]!r}..."
    )
