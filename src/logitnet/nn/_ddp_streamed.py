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

from logitnet._group import rank, share_of, world_size
from logitnet.nn._batching import TensorBatches
from logitnet.nn._ddp import Resume, fewest, refuse_early_stopping, run_group_epochs
from logitnet.streaming import ShuffledBatches


def fit_network_scan(model: Any, scan: Any, rows: Callable, resume: Resume | None = None) -> Any:
    """Train the initialized ``model`` on this rank's share of ``scan`` for its epochs.

    ``rows`` turns a scan batch into ``(X, codes[, weights])`` arrays. ``resume`` may load a
    checkpoint and gives the callbacks that write the next ones (see
    :func:`~logitnet.nn._ddp.fit_ddp`).
    """
    refuse_early_stopping(model)
    saving = [] if resume is None else resume(model)
    size = max(1, -(-model.batch_size // world_size()))
    shuffled = ShuffledBatches(share_of(scan), rows, size, model._seed + 7919 * rank())
    steps = fewest(-(-shuffled.n_rows // size))
    if steps == 0:
        raise ValueError(
            f"A process has no training rows: {scan.n_rows} rows for {world_size()} processes."
        )
    reseed = partial(setattr, shuffled, "epoch")
    seed = model._seed + 7919 * rank() + len(model.history_)
    return run_group_epochs(model, TensorBatches(shuffled, model), steps, reseed, saving, seed)
