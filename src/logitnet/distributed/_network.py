"""Train a NeuralNetClassifier with DistributedDataParallel on this rank's rows.

Each rank draws batches of ``batch_size`` rows from its own share, so one optimizer step
averages the gradients of ``batch_size * world`` rows: with N processes, the effective batch
is N times the per-process ``batch_size``. Every rank runs the same number of steps per epoch,
the smallest number of batches of any rank (all-reduced), so uneven shards never leave a rank
waiting in an all-reduce that the others will not join.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

import numpy as np
import torch

from logitnet._validation import validate_X_y
from logitnet.distributed._group import all_reduce, rank, world_size
from logitnet.nn._batching import InMemoryBatches
from logitnet.nn._callbacks import Callback
from logitnet.nn._train import TrainingContext, run_epochs


def fit_network(estimator: Any, X: Any, y: Any, classes: np.ndarray) -> Any:
    """Fit ``estimator`` (a NeuralNetClassifier) on this rank's rows through DDP.

    The weights start the same on every rank (the same ``random_state``; DDP also broadcasts
    rank 0's), the batches differ (a generator seeded by the seed and the rank).
    """
    from torch.nn.parallel import DistributedDataParallel

    if estimator.early_stopping:
        raise ValueError("early_stopping is not supported with several processes; turn it off.")
    X, y = validate_X_y(estimator, X, y, reset=True, dtype=(np.float64, np.float32))
    estimator.initialize(X.shape[1], classes)
    y_index = estimator._encode(y)
    data = estimator._tensors(X, y_index, estimator._sample_weight(X, y_index, None))
    batches = _batches(estimator, data)
    steps = int(all_reduce(np.array([len(batches)]), "min")[0])
    ddp = DistributedDataParallel(estimator.module_)
    ctx = TrainingContext(ddp, estimator.optimizer_, estimator.history_, steps)
    callbacks = [_MeanLoss(), *(estimator.callbacks or [])]
    run_epochs(_step(ddp, estimator.optimizer_, estimator._loss()), _Steps(batches, steps), ctx,
               epochs=estimator.epochs, callbacks=callbacks)  # fmt: skip
    estimator.n_epochs_, estimator.best_epoch_ = len(estimator.history_), None
    return estimator


def _batches(estimator: Any, data: tuple[torch.Tensor, ...]) -> InMemoryBatches:
    """This rank's batches, in an order seeded by the estimator's seed and the rank."""
    generator = torch.Generator().manual_seed(estimator._seed + 7919 * rank())
    size = max(1, min(estimator.batch_size, len(data[0])))
    return InMemoryBatches(data, batch_size=size, shuffle=estimator.shuffle, generator=generator)


class _Steps:
    """The first ``steps`` batches of each epoch of ``batches``."""

    def __init__(self, batches: InMemoryBatches, steps: int) -> None:
        self.batches, self.steps = batches, steps

    def __len__(self) -> int:
        return self.steps

    def __iter__(self) -> Iterator[tuple[torch.Tensor, ...]]:
        return islice(iter(self.batches), self.steps)


def _step(model: Any, optimizer: Any, loss_fn: Any):
    """Zero the gradients, forward through DDP, backward (the all-reduce), update."""

    def step(X: torch.Tensor, y: torch.Tensor, w: torch.Tensor | None = None) -> torch.Tensor:
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(X), y, w)
        loss.backward()
        optimizer.step()
        return loss.detach()

    return step


class _MeanLoss(Callback):
    """Replace each epoch's training loss by its mean over the ranks."""

    def on_epoch_end(self, ctx: TrainingContext) -> None:
        record = ctx.history[-1]
        total = all_reduce(np.array([record["train_loss"]]))[0]
        record["train_loss"] = float(total) / world_size()
