"""Train a NeuralNetClassifier with DistributedDataParallel on this rank's rows.

``batch_size`` is the rows of one optimizer step, over every process: each of N ranks draws
``ceil(batch_size / N)`` rows from its own share, and DDP averages their gradients. So
``--processes N`` takes about as many steps per epoch, of about as many rows, as one process,
and trains to about the same model; to give each process ``B`` rows per step, pass
``batch_size = B * N``. Every rank runs the same number of steps per epoch,
the smallest number of batches of any rank (all-reduced), so uneven shards never leave a rank
waiting in an all-reduce that the others will not join. The streamed fit in a group
(:mod:`logitnet.nn._ddp_streamed`) runs its epochs through the same set-up,
:func:`run_group_epochs`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from itertools import islice
from typing import Any

import numpy as np
import torch

from logitnet._group import all_reduce, rank, world_size
from logitnet._validation import validate_X_y
from logitnet.nn._batching import InMemoryBatches
from logitnet.nn._callbacks import Callback
from logitnet.nn._ddp_step import group_step
from logitnet.nn._random import local_torch_rng
from logitnet.nn._train import TrainingContext, grad_hook, run_epochs

Resume = Callable[[Any], list[Callback]]  # (initialized network) -> callbacks that checkpoint it


def fit_ddp(
    estimator: Any, X: Any, y: Any, classes: np.ndarray, resume: Resume | None = None
) -> Any:
    """Fit ``estimator`` (a NeuralNetClassifier) on this rank's rows through DDP (alone in
    its group, without it: see :func:`~logitnet.nn._ddp_step.group_step`).

    The weights start the same on every rank (the same ``random_state``; DDP also broadcasts
    rank 0's), the batches differ (a generator seeded by the seed, the rank and the epoch).
    ``resume(estimator)``, called once the network is initialized, may load a checkpoint into
    it and returns the callbacks that write the next ones (``logitnet.distributed``'s
    ``checkpoint_callbacks``).
    """
    refuse_early_stopping(estimator)
    X, y = validate_X_y(estimator, X, y, reset=True, dtype=(np.float64, np.float32))
    estimator.initialize(X.shape[1], classes)
    saving = [] if resume is None else resume(estimator)
    y_index = estimator._encode(y)
    data = estimator._tensors(X, y_index, estimator._sample_weight(X, y_index, None))
    batches = _batches(estimator, data)
    steps = fewest(len(batches))
    return run_group_epochs(estimator, batches, steps, _seeded(batches, estimator), saving)


def refuse_early_stopping(model: Any) -> None:
    """ValueError under ``early_stopping``: the ranks hold no common validation rows."""
    if model.early_stopping:
        raise ValueError("early_stopping is not supported with several processes; turn it off.")


def fewest(n_batches: int) -> int:
    """The fewest batches of any rank: the steps that every rank takes in each epoch."""
    return int(all_reduce(np.array([n_batches]), "min")[0])


def run_group_epochs(
    model: Any,
    batches: Iterable[Any],
    steps: int,
    reseed: Callable[[int], None],
    saving: list[Callback],
    seed: int | None = None,
) -> Any:
    """The epochs of a fit in a process group, in memory or streamed, that ``model`` lacks.

    Each epoch takes the first ``steps`` of ``batches``, ordered by ``reseed(epoch)``
    (:class:`FirstSteps`), through :func:`~logitnet.nn._ddp_step.group_step`; the history
    records the training loss averaged over the ranks (:class:`MeanLoss`); the callbacks are
    ``saving`` (checkpoints) and the model's own. Under ``seed``, torch's global generator is
    seeded for the epochs (dropout) and restored after.
    """
    ctx = TrainingContext(model.module_, model.optimizer_, model.history_, steps)
    callbacks = [MeanLoss(), *saving, *(model.callbacks or [])]
    epochs = model.epochs - len(model.history_)
    if epochs > 0:
        order = FirstSteps(batches, steps, reseed, model)
        with nullcontext() if seed is None else local_torch_rng(seed):
            step = group_step(model, grad_hook(ctx, callbacks))
            run_epochs(step, order, ctx, epochs=epochs, callbacks=callbacks)
    model.n_epochs_, model.best_epoch_ = len(model.history_), None
    return model


def _batches(estimator: Any, data: tuple[torch.Tensor, ...]) -> InMemoryBatches:
    """This rank's batches: ``ceil(batch_size / world)`` rows each."""
    size = max(1, min(-(-estimator.batch_size // world_size()), len(data[0])))
    return InMemoryBatches(
        data, batch_size=size, shuffle=estimator.shuffle, generator=torch.Generator()
    )


class FirstSteps:
    """The first ``steps`` batches of each epoch, the epoch's order seeded by its number.

    ``reseed(epoch)`` sets the order of epoch ``epoch`` (counted from 0) before each pass over
    ``batches``; the epoch is the number of records in ``model.history_``. Seeding each epoch
    by its number makes a run resumed from a checkpoint draw the same batches as one that was
    never interrupted.
    """

    def __init__(
        self, batches: Iterable[Any], steps: int, reseed: Callable[[int], None], model: Any
    ) -> None:
        self.batches, self.steps, self.reseed, self.model = batches, steps, reseed, model

    def __len__(self) -> int:
        return self.steps

    def __iter__(self) -> Iterator[Any]:
        self.reseed(len(self.model.history_))
        return islice(iter(self.batches), self.steps)


def _seeded(batches: InMemoryBatches, estimator: Any) -> Callable[[int], None]:
    """Seed ``batches``' shuffling by the estimator's seed, this rank and the epoch."""

    def reseed(epoch: int) -> None:
        assert batches.generator is not None  # _batches made it
        batches.generator.manual_seed(estimator._seed + 7919 * rank() + 104729 * epoch)

    return reseed


class MeanLoss(Callback):
    """Replace each epoch's training loss by its mean over the ranks."""

    def on_epoch_end(self, ctx: TrainingContext) -> None:
        record = ctx.history[-1]
        total = all_reduce(np.array([record["train_loss"]]))[0]
        record["train_loss"] = float(total) / world_size()
