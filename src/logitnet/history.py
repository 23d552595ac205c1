"""The training history of every logitnet estimator: one record per epoch or solver iteration.

One schema for both models: ``{"epoch": int, "train_loss": float, "dur": float}`` plus
``"valid_loss"`` and ``"valid_acc"`` when there is validation data. ``"epoch"`` counts from 1; for
:class:`~logitnet.LogisticRegression` it is the solver's iteration and ``"train_loss"`` the
objective, for :class:`~logitnet.NeuralNetClassifier` it is the epoch.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from typing import Any, overload

from logitnet._io import write_atomic

__all__ = ["History", "history_of"]


class History:
    """A list of per-epoch (or per-iteration) records, indexable by position or by key.

    Each record is a dict with ``epoch`` (1-based: an epoch of a network, an iteration of a
    logistic regression solver), ``train_loss`` and ``dur`` (seconds), plus ``valid_loss`` and
    ``valid_acc`` when there is validation data.

    Parameters
    ----------
    records : iterable of dict, optional
        Records to start from.

    Examples
    --------
    >>> h = History([{"epoch": 1, "train_loss": 0.7, "dur": 0.1}])
    >>> h.append({"epoch": 2, "train_loss": 0.5, "dur": 0.1})
    >>> h["train_loss"]
    [0.7, 0.5]
    >>> h[-1]["epoch"], len(h)
    (2, 2)
    """

    def __init__(self, records: Iterable[dict[str, Any]] = ()) -> None:
        self._records: list[dict[str, Any]] = [dict(r) for r in records]

    def append(self, record: dict[str, Any]) -> None:
        """Add one epoch's record."""
        self._records.append(dict(record))

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._records)

    @overload
    def __getitem__(self, key: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, key: str) -> list[Any]: ...
    @overload
    def __getitem__(self, key: slice) -> History: ...

    def __getitem__(self, key: int | str | slice) -> dict[str, Any] | list[Any] | History:
        """``h[i]`` is a record; ``h["train_loss"]`` that value per epoch (None where missing)."""
        if isinstance(key, str):
            return [record.get(key) for record in self._records]
        if isinstance(key, slice):
            return History(self._records[key])
        return self._records[key]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, History):
            return NotImplemented
        return self._records == other._records

    def __repr__(self) -> str:
        last = self._records[-1] if self._records else {}
        return f"History(epochs={len(self)}, last={last})"

    def to_list(self) -> list[dict[str, Any]]:
        """Return a copy of the records as plain dicts."""
        return [dict(r) for r in self._records]

    @classmethod
    def from_list(cls, records: Iterable[dict[str, Any]]) -> History:
        """Build a history from records such as those of :meth:`to_list`."""
        records = list(records)
        for record in records:
            if not isinstance(record, dict):
                raise TypeError(f"Each history record must be a dict. Got {record!r} instead.")
        return cls(records)

    def to_json(self, path: str | os.PathLike[str]) -> None:
        """Write the records to ``path`` as JSON, atomically."""
        write_atomic(path, json.dumps(self.to_list(), indent=1, allow_nan=True))

    @classmethod
    def from_json(cls, path: str | os.PathLike[str]) -> History:
        """Read a history written by :meth:`to_json`."""
        with open(path, encoding="utf-8") as handle:
            records = json.load(handle)
        if not isinstance(records, list):
            raise ValueError(f"A history file must hold a JSON list of records; {path} does not.")
        return cls.from_list(records)


def history_of(model: Any) -> History | None:
    """The training history of a fitted model, or None when it has none.

    A Pipeline gives its last step's. logitnet's estimators give their ``history_``; another
    estimator with a ``loss_curve_`` (scikit-learn's ``MLPClassifier``) gives a History of it,
    one record per entry, without ``dur``.

    Parameters
    ----------
    model : estimator or Pipeline
        A fitted model.

    Returns
    -------
    History or None
    """
    from logitnet._pipeline import final_estimator

    model = final_estimator(model)
    history = getattr(model, "history_", None)
    if history is not None:
        return history
    curve = getattr(model, "loss_curve_", None)
    if curve is None:
        return None
    return History({"epoch": i + 1, "train_loss": float(v)} for i, v in enumerate(curve))
