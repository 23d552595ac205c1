"""``NeuralNetClassifier.fit(scan)``: epochs streamed from files through a shuffle buffer.

The classes come from a first pass. Each epoch reads the chunks in a seeded random order and
draws mini-batches from a bounded shuffle buffer (:class:`~logitnet.streaming._shuffle.
ShuffledBatches`); early stopping watches a held-out part of the stream, picked by the seeded
rule on row positions. The epochs run through the same loop as in memory (``train_on_batches``).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import torch

from logitnet.nn._random import local_torch_rng
from logitnet.nn._train import train_on_batches, verbose_callbacks
from logitnet.streaming._estimators import check_fit_arguments, encode
from logitnet.streaming._scan import Scan
from logitnet.streaming._shuffle import ShuffledBatches


def fit_scan(model: Any, scan: Scan, y: Any, sample_weight: Any, checkpoint: Any = None) -> Any:
    """Initialize ``model`` from the scan's classes and train it for ``model.epochs`` epochs.

    Inside a process group of several processes, each rank trains on its share of the rows
    through DistributedDataParallel (:func:`logitnet.nn._ddp_streamed.fit_network_scan`,
    which takes the ``checkpoint``).
    """
    from logitnet._group import in_group

    check_fit_arguments(scan, y, sample_weight)
    classes, counts, _ = scan.class_totals()  # of every row, on every rank
    model.initialize(scan.n_features, classes)
    _set_features(model, scan)
    rows = partial(_rows, classes, _class_multipliers(model.class_weight, classes, counts))
    if in_group():
        from logitnet.nn._ddp_streamed import fit_network_scan

        return fit_network_scan(model, scan, rows, checkpoint)
    train, valid = _parts(model, scan)
    batches = _Tensors(ShuffledBatches(train, rows, model.batch_size, model._seed), model)
    stopper = model._stopper() if valid is not None else None
    callbacks = [*([stopper] if stopper else []), *(model.callbacks or [])]
    callbacks += verbose_callbacks(model.verbose)
    held_out = None if valid is None else _HeldOut(valid, rows, model)
    with local_torch_rng(model._seed + len(model.history_)):
        train_on_batches(
            model.module_, model._loss(), model.optimizer_, batches, epochs=model.epochs,
            history=model.history_, valid=held_out, callbacks=callbacks, step=model.step,
        )  # fmt: skip
    model.n_epochs_ = len(model.history_)
    model.best_epoch_ = stopper.best_epoch_ if stopper else None
    return model


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
    from logitnet.linear._weights import class_weights

    return class_weights(class_weight, classes, np.arange(len(classes)), counts)


def _rows(classes: np.ndarray, multipliers: np.ndarray | None, batch: Any) -> tuple:
    """``(X, codes)``, with the row weights third when there are any."""
    codes = encode(classes, batch.y, batch.where)
    weights = None if multipliers is None else multipliers[codes]
    if batch.w is not None:
        weights = batch.w if weights is None else weights * batch.w
    X = batch.X.astype(np.float32)
    return (X, codes) if weights is None else (X, codes, weights.astype(np.float32))


class _Tensors:
    """Mini-batches of arrays as tensors on the model's device, in its target dtype."""

    def __init__(self, batches: ShuffledBatches, model: Any) -> None:
        self.batches, self.device = batches, model.device_
        self.y_dtype = torch.float32 if model._n_outputs() == 1 else torch.int64

    def __len__(self) -> int:
        return len(self.batches)

    def __iter__(self):
        for rows in self.batches:
            yield _as_tensors(rows, self.y_dtype, self.device)


def _as_tensors(rows: tuple, y_dtype: torch.dtype, device: Any) -> tuple[torch.Tensor, ...]:
    """``(X, y[, w])`` arrays as tensors."""
    X, codes, *weights = rows
    out = [torch.from_numpy(X), torch.from_numpy(codes).to(y_dtype)]
    out += [torch.from_numpy(w) for w in weights]
    return tuple(t.to(device) for t in out)


class _HeldOut:
    """The held-out rows as tensor batches, read anew at each evaluation."""

    def __init__(self, valid: Scan, rows: Any, model: Any) -> None:
        self.valid, self.rows, self.device = valid, rows, model.device_
        self.y_dtype = torch.float32 if model._n_outputs() == 1 else torch.int64

    def __iter__(self):
        n_rows = 0
        for batch in self.valid.batches():
            tensors = _as_tensors(self.rows(batch), self.y_dtype, self.device)
            n_rows += len(tensors[1])
            yield tensors
        if n_rows == 0:
            raise ValueError(
                "The validation part of the stream is empty; lower validation_fraction."
            )
