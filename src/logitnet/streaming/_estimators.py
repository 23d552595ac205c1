"""What both estimators do with a :class:`Scan`: weights, class codes, predictions, scores."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeGuard

import numpy as np

from logitnet.exceptions import DataError
from logitnet.streaming._scan import Scan


def is_scan(X: object) -> TypeGuard[Scan]:
    """True when ``X`` is a :class:`Scan` rather than an in-memory table."""
    return isinstance(X, Scan)


def check_fit_arguments(scan: Scan, y: Any, sample_weight: Any) -> None:
    """A scan brings its own labels and weights: ``y`` and ``sample_weight`` must be None."""
    if y is not None or sample_weight is not None:
        raise TypeError(
            "fit(scan) takes the labels and weights from the scan: pass y=None and "
            "sample_weight=None, and weight= to logitnet.scan for sample weights."
        )
    if scan.target is None:
        raise ValueError("fit(scan) needs a target column: pass target= to logitnet.scan.")


def encode(classes: np.ndarray, y: np.ndarray | None, where: str) -> np.ndarray:
    """Class codes of the labels ``y``; a label not in ``classes`` is a DataError."""
    if y is None:
        raise ValueError(f"{where}: the scan has no target column: pass target= to logitnet.scan.")
    codes = np.searchsorted(classes, y)
    inside = codes < len(classes)
    seen = np.zeros(len(y), dtype=bool)
    seen[inside] = classes[codes[inside]] == y[inside]
    if not seen.all():
        unknown = sorted({_plain(v) for v in y[~seen]}, key=str)
        known = ", ".join(repr(_plain(c)) for c in classes)
        raise DataError(
            f"{where}: the target has labels the model never saw: "
            f"{', '.join(map(repr, unknown))} (the model knows {known})"
        )
    return codes


def _plain(value: Any) -> Any:
    """A NumPy scalar as the plain Python value, for messages."""
    return value.item() if isinstance(value, np.generic) else value


def weighted_batches(
    scan: Scan, classes: np.ndarray, multipliers: np.ndarray, order: Any = None
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """``(X, codes, s)`` per batch, ``s`` the normalized weight of each row."""
    for batch in scan.batches(order=order):
        codes = encode(classes, batch.y, batch.where)
        s = multipliers[codes]
        yield batch.X, codes, s if batch.w is None else s * batch.w


def for_model(model: Any, scan: Scan) -> Scan:
    """The scan's columns that ``model`` was fitted on, in its order."""
    names = getattr(model, "feature_names_in_", None)
    if scan.transform is not None or names is None:
        return scan
    return scan.select([str(n) for n in names])


def stacked(predict: Callable[[np.ndarray], np.ndarray], scan: Scan) -> np.ndarray:
    """``predict`` applied batch by batch, the outputs joined in row order."""
    parts = [predict(batch.X) for batch in scan.batches()]
    if not parts:
        raise DataError(f"{scan.path}: no rows to predict")
    return np.concatenate(parts)


def streamed_accuracy(model: Any, predict: Callable[[np.ndarray], np.ndarray], scan: Scan) -> float:
    """Accuracy of ``predict`` on the scan's labels (weighted by its weight column)."""
    if scan.target is None:
        raise ValueError("score(scan) needs a target column: pass target= to logitnet.scan.")
    right = total = 0.0
    for batch in scan.batches():
        codes = encode(model.classes_, batch.y, batch.where)  # an unknown label is an error
        w = np.ones(len(codes)) if batch.w is None else batch.w
        right += float(w @ (predict(batch.X) == batch.y))
        total += float(w.sum())
    if total == 0:
        raise DataError(f"{scan.path}: no rows to score")
    return right / total
