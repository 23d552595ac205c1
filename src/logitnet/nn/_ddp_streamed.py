"""A NeuralNetClassifier trained by streamed epochs inside a process group, through DDP.

Each rank streams its own share of the scan's rows (:func:`share_of`) through its own shuffle
buffer, seeded by the seed and the rank, in mini-batches of ``ceil(batch_size / world)`` rows,
as in memory (:mod:`logitnet.nn._ddp`). Every rank takes the same number of steps
per epoch: the fewest batches any rank's share holds (all-reduced), so uneven shares never
leave a rank waiting in an all-reduce that the others will not join.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from logitnet._group import all_reduce, rank, share_of, world_size
from logitnet.nn._batching import TensorBatches
from logitnet.nn._context import TrainingContext
from logitnet.nn._ddp import FirstSteps, MeanLoss, Resume
from logitnet.nn._ddp_step import group_step
from logitnet.nn._random import local_torch_rng
from logitnet.nn._train import grad_hook, run_epochs
from logitnet.streaming._shuffle import ShuffledBatches


def fit_network_scan(model: Any, scan: Any, rows: Callable, resume: Resume | None = None) -> Any:
    """Train the initialized ``model`` on this rank's share of ``scan`` for its epochs.

    ``rows`` turns a scan batch into ``(X, codes[, weights])`` arrays. ``resume`` may load a
    checkpoint and gives the callbacks that write the next ones (see
    :func:`~logitnet.nn._ddp.fit_ddp`).
    """
    if model.early_stopping:
        raise ValueError("early_stopping is not supported with several processes; turn it off.")
    saving = [] if resume is None else resume(model)
    size = max(1, -(-model.batch_size // world_size()))
    shuffled = ShuffledBatches(share_of(scan), rows, size, model._seed + 7919 * rank())
    steps = int(all_reduce(np.array([-(-shuffled.n_rows // size)]), "min")[0])
    if steps == 0:
        raise ValueError(
            f"A process has no training rows: {scan.n_rows} rows for {world_size()} processes."
        )
    ctx = TrainingContext(model.module_, model.optimizer_, model.history_, steps)
    batches = FirstSteps(
        TensorBatches(shuffled, model), steps, partial(setattr, shuffled, "epoch"), model
    )
    callbacks = [MeanLoss(), *saving, *(model.callbacks or [])]
    epochs = model.epochs - len(model.history_)
    if epochs > 0:
        with local_torch_rng(model._seed + 7919 * rank() + len(model.history_)):
            step = group_step(model, grad_hook(ctx, callbacks))
            run_epochs(step, batches, ctx, epochs=epochs, callbacks=callbacks)
    model.n_epochs_, model.best_epoch_ = len(model.history_), None
    return model
