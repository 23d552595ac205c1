"""Callbacks: code the training loop calls at the start and end of training, epochs and batches."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch

from logitnet._safetensors import save_weights
from logitnet._validation import check_in_range, check_int, check_option
from logitnet.nn._context import TrainingContext

if TYPE_CHECKING:
    from logitnet._typing import Scheduler

__all__ = [
    "Callback",
    "Checkpoint",
    "EarlyStopping",
    "EpochPrinter",
    "GradientClipping",
    "LRScheduler",
    "ProgressBar",
]

_MODES = ("auto", "min", "max")


class Callback:
    """Base class: override any of the hooks; each gets the loop's :class:`TrainingContext`.

    A callback stops training by setting ``ctx.stop = True``.
    """

    def on_train_begin(self, ctx: TrainingContext) -> None:
        """Called once before the first epoch."""

    def on_epoch_begin(self, ctx: TrainingContext) -> None:
        """Called before each epoch; ``ctx.epoch`` is 1-based."""

    def on_grad_computed(self, ctx: TrainingContext) -> None:
        """Called after each batch's gradients are computed, before the optimizer step.

        The gradients are in each parameter's ``.grad`` (with the hand-written step too), and
        changing them in place changes the update. ``ctx.batch`` is the batch and
        ``ctx.batch_loss`` its loss tensor.
        """

    def on_batch_end(self, ctx: TrainingContext) -> None:
        """Called after each optimizer step; ``ctx.batch_loss`` is that batch's loss tensor."""

    def on_epoch_end(self, ctx: TrainingContext) -> None:
        """Called after each epoch, once its record is in ``ctx.history``."""

    def on_train_end(self, ctx: TrainingContext) -> None:
        """Called once after the last epoch, also after an interruption."""


def _is_better(value: float, best: float, mode: str, min_delta: float) -> bool:
    """Whether ``value`` improves on ``best`` by more than ``min_delta``."""
    if mode == "min":
        return value < best - min_delta
    return value > best + min_delta


def _resolve_mode(mode: str, monitor: str) -> str:
    """``auto`` minimizes losses and maximizes everything else."""
    check_option("mode", mode, _MODES)
    if mode != "auto":
        return mode
    return "min" if "loss" in monitor else "max"


def _monitored(ctx: TrainingContext, monitor: str, owner: str) -> float:
    """Return the monitored value of the last epoch, or explain why there is none."""
    value = ctx.history[-1].get(monitor)
    if value is None:
        keys = ", ".join(repr(k) for k in ctx.history[-1])
        raise ValueError(
            f"{owner} monitors {monitor!r}, but the history has no such value; it has {keys}. "
            "Pass validation data to monitor 'valid_loss' or 'valid_acc'."
        )
    return float(value)


def _state_copy(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """A detached copy of the model's state dict."""
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


class EarlyStopping(Callback):
    """Stop when the monitored value has not improved for ``patience`` epochs.

    Parameters
    ----------
    monitor : str, default="valid_loss"
        A key of the history records.
    patience : int, default=5
        Epochs without improvement before stopping.
    min_delta : float, default=0.0
        The smallest change that counts as an improvement.
    restore_best : bool, default=True
        Load the weights of the best epoch back into the model when training ends.
    mode : {"auto", "min", "max"}, default="auto"
        ``auto`` minimizes keys containing "loss" and maximizes the others.

    Attributes
    ----------
    best_epoch_ : int or None
        The 1-based epoch with the best value.
    best_value_ : float
        That value.
    stopped_epoch_ : int or None
        The epoch at which training stopped, if it stopped early.
    """

    def __init__(
        self,
        monitor: str = "valid_loss",
        patience: int = 5,
        min_delta: float = 0.0,
        restore_best: bool = True,
        mode: str = "auto",
    ) -> None:
        self.monitor = monitor
        self.patience = check_int("patience", patience)
        self.min_delta = check_in_range("min_delta", min_delta, 0.0)
        self.restore_best = restore_best
        self.mode = _resolve_mode(mode, monitor)

    def on_train_begin(self, ctx: TrainingContext) -> None:
        self.best_value_ = math.inf if self.mode == "min" else -math.inf
        self.best_epoch_: int | None = None
        self.stopped_epoch_: int | None = None
        self._wait = 0
        self._best_state: dict[str, torch.Tensor] | None = None

    def on_epoch_end(self, ctx: TrainingContext) -> None:
        value = _monitored(ctx, self.monitor, "EarlyStopping")
        if _is_better(value, self.best_value_, self.mode, self.min_delta):
            self.best_value_, self.best_epoch_, self._wait = value, ctx.epoch, 0
            if self.restore_best:
                self._best_state = _state_copy(ctx.model)
            return
        self._wait += 1
        if self._wait >= self.patience:
            self.stopped_epoch_ = ctx.epoch
            ctx.stop = True

    def on_train_end(self, ctx: TrainingContext) -> None:
        if self.restore_best and self._best_state is not None:
            ctx.model.load_state_dict(self._best_state)


class EpochPrinter(Callback):
    """Print each epoch's mean batch loss in the lecture's form: ``epoch: 1, loss: 0.6842``."""

    def on_epoch_end(self, ctx: TrainingContext) -> None:
        print(_epoch_line(ctx.history[-1]), flush=True)


def _epoch_line(record: dict[str, Any]) -> str:
    """``epoch: 3, loss: 0.6097`` plus the validation figures when present."""
    line = f"epoch: {record['epoch']}, loss: {record['train_loss']:.4f}"
    if record.get("valid_loss") is not None:
        line += f", valid_loss: {record['valid_loss']:.4f}, valid_acc: {record['valid_acc']:.4f}"
    return line


class ProgressBar(Callback):
    """A rich progress bar over the batches of each epoch, with the last epoch's losses."""

    def on_train_begin(self, ctx: TrainingContext) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[info]}"),
            transient=False,
        )
        self._progress.start()
        self._task = self._progress.add_task("epoch", total=ctx.n_batches, info="")

    def on_epoch_begin(self, ctx: TrainingContext) -> None:
        self._progress.reset(self._task, total=ctx.n_batches, description=f"epoch {ctx.epoch}")

    def on_batch_end(self, ctx: TrainingContext) -> None:
        self._progress.advance(self._task)

    def on_epoch_end(self, ctx: TrainingContext) -> None:
        info = _epoch_line(ctx.history[-1]).split(", ", 1)[1]
        self._progress.update(self._task, info=info)
        self._progress.console.print(_epoch_line(ctx.history[-1]))

    def on_train_end(self, ctx: TrainingContext) -> None:
        self._progress.stop()


class Checkpoint(Callback):
    """Save the model's weights to a safetensors file, every epoch or when ``monitor`` improves.

    The file is written atomically (a temporary file in the same folder, then a rename).

    Parameters
    ----------
    path : str or PathLike
        Where to write the ``.safetensors`` file.
    monitor : str or None, default="valid_loss"
        Save only when this history key improves; None saves after every epoch.
    mode : {"auto", "min", "max"}, default="auto"
        As in :class:`EarlyStopping`.

    Attributes
    ----------
    saved_epochs_ : list of int
        The epochs at which the file was written.
    """

    def __init__(
        self, path: str | os.PathLike[str], monitor: str | None = "valid_loss", mode: str = "auto"
    ) -> None:
        self.path = Path(path)
        self.monitor = monitor
        self.mode = _resolve_mode(mode, monitor or "loss")

    def on_train_begin(self, ctx: TrainingContext) -> None:
        self._best = math.inf if self.mode == "min" else -math.inf
        self.saved_epochs_: list[int] = []

    def on_epoch_end(self, ctx: TrainingContext) -> None:
        if self.monitor is not None:
            value = _monitored(ctx, self.monitor, "Checkpoint")
            if not _is_better(value, self._best, self.mode, 0.0):
                return
            self._best = value
        save_weights(ctx.model, self.path, {"epoch": str(ctx.epoch)})
        self.saved_epochs_.append(ctx.epoch)


class GradientClipping(Callback):
    """Clip the norm of all the gradients before every optimizer step.

    Calls ``torch.nn.utils.clip_grad_norm_`` on the model's parameters in
    :meth:`Callback.on_grad_computed`, with the hand-written step as with autograd.

    Parameters
    ----------
    max_norm : float
        The largest norm the gradients may have together.
    norm_type : float, default=2.0
        The p of the p-norm; ``math.inf`` for the largest absolute value.

    Examples
    --------
    >>> from logitnet import NeuralNetClassifier
    >>> clf = NeuralNetClassifier((8,), callbacks=[GradientClipping(1.0)])
    """

    def __init__(self, max_norm: float, norm_type: float = 2.0) -> None:
        self.max_norm = check_in_range("max_norm", max_norm, 0.0, closed="neither")
        self.norm_type = check_in_range("norm_type", norm_type, 0.0, closed="neither")

    def on_grad_computed(self, ctx: TrainingContext) -> None:
        torch.nn.utils.clip_grad_norm_(ctx.model.parameters(), self.max_norm, self.norm_type)


class LRScheduler(Callback):
    """Step a torch learning-rate scheduler every epoch (or every batch).

    Parameters
    ----------
    scheduler : torch scheduler, or its class
        An instance bound to the optimizer, or a class (or factory) that is called
        as ``scheduler(optimizer, **kwargs)`` when training begins.
    step_every : {"epoch", "batch"}, default="epoch"
        When to call ``scheduler.step()``.
    monitor : str, default="valid_loss"
        For ``ReduceLROnPlateau``: the history key passed to ``step``; the
        training loss is used when the key is missing.
    **kwargs
        Arguments for the scheduler class.

    Examples
    --------
    >>> from torch.optim.lr_scheduler import StepLR
    >>> cb = LRScheduler(StepLR, step_size=10, gamma=0.5)
    """

    def __init__(
        self,
        scheduler: Scheduler,
        step_every: str = "epoch",
        monitor: str = "valid_loss",
        **kwargs: Any,
    ) -> None:
        self.scheduler = scheduler
        self.step_every = check_option("step_every", step_every, ("epoch", "batch"))
        self.monitor = monitor
        self.kwargs = kwargs

    def on_train_begin(self, ctx: TrainingContext) -> None:
        if isinstance(self.scheduler, type) or not hasattr(self.scheduler, "step"):
            self.scheduler_ = self.scheduler(ctx.optimizer, **self.kwargs)
        else:
            self.scheduler_ = self.scheduler

    def on_batch_end(self, ctx: TrainingContext) -> None:
        if self.step_every == "batch":
            self.scheduler_.step()

    def on_epoch_end(self, ctx: TrainingContext) -> None:
        if self.step_every != "epoch":
            return
        if isinstance(self.scheduler_, torch.optim.lr_scheduler.ReduceLROnPlateau):
            record = ctx.history[-1]
            value = record.get(self.monitor)
            self.scheduler_.step(record["train_loss"] if value is None else value)
        else:
            self.scheduler_.step()
