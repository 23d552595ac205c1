"""``NeuralNetClassifier.fit(scan)``: epochs streamed from files through a shuffle buffer.

The classes come from a first pass. Each epoch reads the chunks in a seeded random order and
draws mini-batches from a bounded shuffle buffer (:class:`~logitnet.streaming._shuffle.
ShuffledBatches`); early stopping watches a held-out part of the stream, picked by the seeded
rule on row positions. The epochs run through the same loop as in memory (``train_on_batches``).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

from logitnet._group import in_group
from logitnet.nn._batching import TensorBatches, as_tensors
from logitnet.streaming import Scan, ShuffledBatches, check_fit_arguments, encode

if TYPE_CHECKING:
    from logitnet.nn._ddp import Resume


def fit_scan(
    model: Any,
    scan: Scan,
    y: Any,
    sample_weight: Any,
    resume: Resume | None = None,
) -> Any:
    """Initialize ``model`` from the scan's classes and train it for ``model.epochs`` epochs.

    Inside a process group of several processes, each rank trains on its share of the rows
    through DistributedDataParallel (:func:`logitnet.nn._ddp_streamed.fit_network_scan`),
    resuming from a checkpoint with ``resume`` (see :func:`logitnet.nn._ddp.fit_ddp`).
    """
    check_fit_arguments(scan, y, sample_weight)
    classes, counts, _ = scan.class_totals()  # of every row, on every rank
    model.initialize(scan.n_features, classes)
    _set_features(model, scan)
    rows = partial(_rows, classes, _class_multipliers(model.class_weight, classes, counts))
    if in_group():
        from logitnet.nn._ddp_streamed import fit_network_scan

        return fit_network_scan(model, scan, rows, resume)
    train, valid = _parts(model, scan)
    batches = TensorBatches(ShuffledBatches(train, rows, model.batch_size, model._seed), model)
    held_out = None if valid is None else _HeldOut(valid, rows, model)
    model._run_epochs(batches, held_out, model.epochs)
    return model


def fit_scan_resumed(model: Any, scan: Scan, resume: Resume | None) -> Any:
    """``model.fit(scan)``; in a process group, ``resume`` may start it from a checkpoint."""
    return fit_scan(model, scan, None, None, resume)


def _set_features(model: Any, scan: Scan) -> None:
    """``feature_names_in_`` when the scan's columns are the features."""
    if scan.transform is None:
        model.feature_names_in_ = np.asarray(scan.features, dtype=object)
    elif hasattr(model, "feature_names_in_"):
        del model.feature_names_in_


def _parts(model: Any, scan: Scan) -> tuple[Scan, Scan | None]:
    """Training rows, and the held-out validation rows under ``early_stopping``."""
    if not model.early_stopping:
        return scan, None
    return scan.split(model.validation_fraction, seed=model._seed)


def _class_multipliers(class_weight: Any, classes: np.ndarray, counts: np.ndarray):
    """Each class's weight (``"balanced"``: from the counts), or None without class weights."""
    if class_weight is None:
        return None
    from logitnet.linear import class_weights

    return class_weights(class_weight, classes, np.arange(len(classes)), counts)


def _rows(classes: np.ndarray, multipliers: np.ndarray | None, batch: Any) -> tuple:
    """``(X, codes)``, with the row weights third when there are any."""
    codes = encode(classes, batch.y, batch.where)
    weights = None if multipliers is None else multipliers[codes]
    if batch.w is not None:
        weights = batch.w if weights is None else weights * batch.w
    X = batch.X.astype(np.float32)
    return (X, codes) if weights is None else (X, codes, weights.astype(np.float32))


class _HeldOut:
    """The held-out rows as tensor batches, read anew at each evaluation."""

    def __init__(self, valid: Scan, rows: Any, model: Any) -> None:
        self.valid, self.rows, self.device = valid, rows, model.device_
        self.y_dtype = torch.float32 if model._n_outputs() == 1 else torch.int64

    def __iter__(self):
        n_rows = 0
        for batch in self.valid.batches():
            tensors = as_tensors(self.rows(batch), self.y_dtype, self.device)
            n_rows += len(tensors[1])
            yield tensors
        if n_rows == 0:
            raise ValueError(
                "The validation part of the stream is empty; lower validation_fraction."
            )
