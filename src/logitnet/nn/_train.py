"""The training loop: epochs of optimizer steps over batches, with callbacks and a history."""

from __future__ import annotations

import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
from torch import nn

from logitnet._group import in_group
from logitnet._validation import check_int
from logitnet.history import History
from logitnet.nn._batching import Batches, InMemoryBatches, to_tensor
from logitnet.nn._callbacks import Callback, EpochPrinter, ProgressBar
from logitnet.nn._context import TrainingContext
from logitnet.nn._evaluate import evaluate
from logitnet.nn._step import GradHook, Step, autograd_step, make_step

if TYPE_CHECKING:
    from logitnet._typing import TrainData

__all__ = [
    "TrainingContext",
    "autograd_step",
    "evaluate",
    "grad_hook",
    "make_step",
    "run_epochs",
    "train",
    "train_on_batches",
]

_FLOAT_TARGET_LOSSES = (nn.BCEWithLogitsLoss, nn.BCELoss, nn.MSELoss, nn.L1Loss, nn.SmoothL1Loss)


def train(
    model: nn.Module,
    criterion: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    optimizer: torch.optim.Optimizer,
    data: TrainData,
    *,
    epochs: int = 5,
    valid_data: TrainData | None = None,
    callbacks: Sequence[Callback] = (),
    device: torch.device | str | None = None,
    verbose: bool = True,
    batch_size: int = 50,
    shuffle: bool = True,
    random_state: int | None = None,
    step: str = "autograd",
) -> History:
    """Train ``model`` for ``epochs`` epochs and return the per-epoch history.

    The lecture's loop, made general: for each batch it clears the gradients,
    computes ``criterion(model(X), y)``, back-propagates and steps the optimizer.
    An output of shape (n, 1) is flattened to match a 1-D target, as the lecture does.
    Ctrl-C stops training after the current batch, with a warning; the model keeps
    its weights and the history of the completed epochs is returned.

    Parameters
    ----------
    model : torch.nn.Module
        The network; it outputs logits.
    criterion : callable
        The loss, e.g. ``nn.BCEWithLogitsLoss()`` or ``nn.CrossEntropyLoss()``.
    optimizer : torch.optim.Optimizer
        An optimizer over ``model.parameters()``.
    data : DataLoader or (X, y)
        Any iterable of ``(X_batch, y_batch)`` with a length, or a pair of arrays or
        tensors that are batched in memory (``batch_size``, ``shuffle``, ``random_state``).
        For a pair, ``y`` becomes float32 for BCE-style losses and int64 otherwise.
    epochs : int, default=5
        Number of passes over ``data``.
    valid_data : DataLoader or (X, y), optional
        Data on which ``valid_loss`` and ``valid_acc`` are computed after every epoch.
    callbacks : sequence of Callback, default=()
        E.g. :class:`EarlyStopping`, :class:`Checkpoint`, :class:`LRScheduler`.
    device : torch.device or str, optional
        Move the model and every batch there.
    verbose : bool, default=True
        Print ``epoch: 1, loss: 0.6842`` after every epoch, or show a progress bar
        when standard output is a terminal.
    batch_size, shuffle, random_state
        How an in-memory pair is batched.
    step : {"autograd", "auto", "fast"}, default="autograd"
        ``"autograd"`` is the lecture's step. ``"fast"`` is the hand-written forward and
        backward pass of the built-in :class:`MLP` without dropout, for
        ``BCEWithLogitsLoss()`` on one logit or ``CrossEntropyLoss()`` on several (default
        settings; results agree with autograd to about 1e-5); ``"auto"`` takes it where it is
        valid, autograd elsewhere.

    Returns
    -------
    History
        One record per completed epoch.

    Examples
    --------
    >>> import torch
    >>> from logitnet.nn import MLP, train
    >>> X, y = torch.randn(100, 2), (torch.rand(100) > 0.5).float()
    >>> model = MLP(2, (5,), 1)
    >>> opt = torch.optim.Adam(model.parameters(), lr=0.1)
    >>> history = train(model, torch.nn.BCEWithLogitsLoss(), opt, (X, y), epochs=2, verbose=False)
    >>> len(history)
    2
    """
    check_int("epochs", epochs)
    if device is not None:
        model.to(device)
    generator = None if random_state is None else torch.Generator().manual_seed(random_state)
    batches = _as_batches(data, criterion, device, batch_size, shuffle, generator)
    valid = None if valid_data is None else _as_batches(valid_data, criterion, device, 4096, False)
    callbacks = [*callbacks, *verbose_callbacks(verbose)]
    return train_on_batches(
        model,
        criterion,
        optimizer,
        batches,
        epochs=epochs,
        valid=valid,
        callbacks=callbacks,
        step=step,
        device=device,
    )


def train_on_batches(
    model: nn.Module,
    criterion: Callable[..., torch.Tensor],
    optimizer: torch.optim.Optimizer,
    batches: Batches,
    *,
    epochs: int,
    history: History | None = None,
    valid: Iterable[Any] | None = None,
    callbacks: Sequence[Callback] = (),
    step: str = "autograd",
    device: torch.device | str | None = None,
) -> History:
    """The loop of :func:`train` and ``NeuralNetClassifier``: step, evaluation and callbacks.

    ``batches`` and ``valid`` yield ``(X, y)`` or ``(X, y, w)`` tensors; ``history`` (a new
    one by default) gets one record per epoch; ``step`` is a kind of :func:`make_step`.
    """
    history = History() if history is None else history
    ctx = TrainingContext(model, optimizer, history, n_batches=len(batches))
    hook = grad_hook(ctx, callbacks)
    step_fn = make_step(
        model, criterion, optimizer, kind=step, device=device, on_grad_computed=hook
    )
    scores = None if valid is None else partial(evaluate, model, criterion, valid, device)
    return run_epochs(step_fn, batches, ctx, epochs=epochs, evaluate=scores, callbacks=callbacks)


def grad_hook(ctx: TrainingContext, callbacks: Sequence[Callback]) -> GradHook | None:
    """The step's ``on_grad_computed`` hook for ``callbacks``; None when none of them has one."""
    hooked = [cb for cb in callbacks if _overrides(cb, "on_grad_computed")]
    if not hooked:
        return None

    def hook(loss: torch.Tensor) -> None:
        ctx.batch_loss = loss
        for callback in hooked:
            callback.on_grad_computed(ctx)

    return hook


def _overrides(callback: Any, name: str) -> bool:
    """Whether ``callback`` has its own ``name`` hook, not :class:`Callback`'s empty one."""
    return getattr(type(callback), name, None) not in (None, getattr(Callback, name))


def verbose_callbacks(verbose: bool | int) -> list[Callback]:
    """A progress bar on a terminal, epoch lines otherwise, nothing when not verbose."""
    if not verbose:
        return []
    return [ProgressBar()] if sys.stdout.isatty() else [EpochPrinter()]


def _as_batches(
    data: Any,
    criterion: Any,
    device: Any,
    batch_size: int,
    shuffle: bool,
    generator: torch.Generator | None = None,
) -> Batches:
    """A DataLoader as it is, or an (X, y) pair as in-memory batches on ``device``."""
    if not (isinstance(data, tuple | list) and len(data) == 2):
        if not hasattr(data, "__iter__") or not hasattr(data, "__len__"):
            raise TypeError(
                "`data` must be a DataLoader (an iterable of batches with a length) or a pair "
                f"(X, y). Got {type(data).__name__} instead."
            )
        return data
    X = to_tensor(data[0], torch.float32, device)
    y = to_tensor(data[1], _target_dtype(criterion, data[1]), device)
    return InMemoryBatches((X, y), batch_size=batch_size, shuffle=shuffle, generator=generator)


def _target_dtype(criterion: Any, y: Any) -> torch.dtype:
    """float32 targets for BCE-style losses and float labels, int64 class indices otherwise."""
    if isinstance(criterion, _FLOAT_TARGET_LOSSES):
        return torch.float32
    if isinstance(y, torch.Tensor):
        is_float = y.dtype.is_floating_point
    else:
        is_float = np.asarray(y).dtype.kind == "f"
    return torch.float32 if is_float else torch.int64


def run_epochs(
    step: Step,
    batches: Iterable[Any],
    ctx: TrainingContext,
    *,
    epochs: int,
    evaluate: Callable[[], dict] | None = None,
    callbacks: Sequence[Callback] = (),
) -> History:
    """Run up to ``epochs`` epochs of ``step`` over ``batches``, appending to ``ctx.history``."""
    _notify(callbacks, "on_train_begin", ctx)
    try:
        with _DeferredInterrupt() as interrupt:
            for _ in range(epochs):
                if not _run_epoch(step, batches, ctx, evaluate, callbacks, interrupt):
                    break
    finally:
        _notify(callbacks, "on_train_end", ctx)
    return ctx.history


def _run_epoch(
    step: Step,
    batches: Iterable[Any],
    ctx: TrainingContext,
    evaluate: Callable[[], dict] | None,
    callbacks: Sequence[Callback],
    interrupt: _DeferredInterrupt,
) -> bool:
    """One epoch: its batches, its record and the callbacks; False when training must stop."""
    ctx.epoch = len(ctx.history) + 1
    _notify(callbacks, "on_epoch_begin", ctx)
    start = time.perf_counter()
    train_loss = _run_batches(step, batches, ctx, callbacks, interrupt)
    if train_loss is None:
        _warn_interrupted(ctx)
        return False
    record = {"epoch": ctx.epoch, "train_loss": train_loss}
    record.update(evaluate() if evaluate is not None else {})
    record["dur"] = time.perf_counter() - start
    ctx.history.append(record)
    _notify(callbacks, "on_epoch_end", ctx)
    return not ctx.stop


def _run_batches(
    step: Step,
    batches: Iterable[Any],
    ctx: TrainingContext,
    callbacks: Sequence[Callback],
    interrupt: _DeferredInterrupt,
) -> float | None:
    """Step over every batch; return the mean batch loss, or None when interrupted."""
    ctx.model.train()
    total, n_batches = None, 0
    try:
        for n_batches, batch in enumerate(batches, 1):
            ctx.batch = n_batches
            ctx.batch_loss = step(*batch)
            total = ctx.batch_loss.double() if total is None else total.add_(ctx.batch_loss)
            for callback in callbacks:
                callback.on_batch_end(ctx)
            if interrupt.requested:
                raise KeyboardInterrupt
    except KeyboardInterrupt:
        return None
    if total is None:
        raise ValueError("The training data gave no batches.")
    return float(total) / n_batches


def _warn_interrupted(ctx: TrainingContext) -> None:
    """Say where training stopped and what was kept."""
    warnings.warn(
        f"Training interrupted (KeyboardInterrupt) in epoch {ctx.epoch} after batch {ctx.batch}. "
        f"The model keeps its current weights; the history holds the {len(ctx.history)} "
        "completed epochs.",
        UserWarning,
        stacklevel=4,
    )


def _notify(callbacks: Sequence[Callback], hook: str, ctx: TrainingContext) -> None:
    """Call ``hook`` on every callback."""
    for callback in callbacks:
        getattr(callback, hook)(ctx)


class _DeferredInterrupt:
    """Turn the first Ctrl-C into a request to stop after the current batch (main thread only).

    Not in a process group: there every rank gets the Ctrl-C at its own point of the epoch,
    and a rank that stopped after its batch would leave the others waiting in the next
    all-reduce. A rank keeps the handler its launcher gave it.
    """

    def __init__(self) -> None:
        self.requested = False
        self._previous: Any = None
        self._installed = False

    def _handle(self, signum: int, frame: Any) -> None:
        """Record the request; a second Ctrl-C interrupts at once."""
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True

    def __enter__(self) -> _DeferredInterrupt:
        if threading.current_thread() is threading.main_thread() and not in_group():
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            previous = self._previous if self._previous is not None else signal.default_int_handler
            signal.signal(signal.SIGINT, previous)
