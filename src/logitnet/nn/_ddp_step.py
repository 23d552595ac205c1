"""The DistributedDataParallel training step: DDP around a module that returns the batch loss.

DDP all-reduces gradients from hooks that autograd calls as it accumulates each parameter's
gradient. The built-in MLP's hand-written forward and backward (:class:`FastMLPStep`, the step
one process takes) builds no autograd graph, so it runs inside one autograd Function whose
backward hands autograd the gradients it computed: DDP then buckets and all-reduces them exactly
as it does autograd's. Other modules, and ``step="autograd"``, run the lecture's forward and
loss under DDP. In a group of one process there is nobody to average with, and
:func:`group_step` takes the single-process step instead (DDP there only costs time: about
1.5 ms a step of the issue's MLP).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from logitnet.nn._fast_step import FastMLPStep, fast_step_refusal
from logitnet.nn._fused_update import optimizer_update
from logitnet.nn._losses import match_output
from logitnet.nn._step import GradHook, Step, make_step

Loss = Callable[..., torch.Tensor]


def group_step(estimator: Any, on_grad_computed: GradHook | None = None) -> Step:
    """The training step of ``estimator`` (initialized) in this process group.

    Several processes: :func:`ddp_step` around :func:`ddp_module`. One process: the step
    ``NeuralNetClassifier.fit`` takes (``make_step`` of ``estimator.step``), which gives the
    same updates, since DDP over one process averages each gradient with itself.
    """
    from logitnet._group import world_size

    if world_size() > 1:
        return ddp_step(ddp_module(estimator), estimator.optimizer_, on_grad_computed)
    return make_step(
        estimator.module_,
        estimator._loss(),
        estimator.optimizer_,
        kind=estimator.step,
        on_grad_computed=on_grad_computed,
    )


def ddp_module(estimator: Any) -> Any:
    """``DistributedDataParallel`` around the loss of ``estimator.module_`` (its ``step``).

    ``gradient_as_bucket_view`` makes the gradients views of DDP's buckets (no copy back
    after the all-reduce).
    """
    from torch.nn.parallel import DistributedDataParallel

    module = LossModule(estimator.module_, estimator._loss(), _fast(estimator))
    return DistributedDataParallel(module, gradient_as_bucket_view=True)


def _fast(estimator: Any) -> FastMLPStep | None:
    """The hand-written forward and backward where ``estimator.step`` allows it, else None."""
    refusal = fast_step_refusal(estimator.module_, estimator._loss())
    if estimator.step == "fast" and refusal is not None:
        raise ValueError(f"step='fast' cannot be used: {refusal}. Use step='auto' or 'autograd'.")
    if estimator.step == "autograd" or refusal is not None:
        return None
    return FastMLPStep(estimator.module_, _NoUpdate())  # type: ignore[arg-type]  # DDP steps


def ddp_step(ddp: nn.Module, optimizer: Any, on_grad_computed: GradHook | None = None) -> Step:
    """Zero the gradients, the loss through DDP, backward (the all-reduce), then the update.

    ``on_grad_computed`` sees the averaged gradients; the update is the optimizer's (the fused
    Adam kernel called directly where it can be, bit-identical to ``optimizer.step``).
    """
    update, params = optimizer_update(optimizer), list(ddp.parameters())

    def step(*batch: torch.Tensor) -> torch.Tensor:
        for p in params:  # zero_grad(set_to_none=True) without the optimizer's bookkeeping
            p.grad = None
        loss = ddp(*batch)
        loss.backward()
        loss = loss.detach()
        if on_grad_computed is not None:
            on_grad_computed(loss)
        update()
        return loss

    return step


class LossModule(nn.Module):
    """The mean loss of ``net`` on a batch ``(X, y)`` or ``(X, y, w)``: what DDP wraps.

    With ``fast`` (a :class:`FastMLPStep` over ``net`` that does not update), the loss and its
    gradients come from the hand-written pass; otherwise from autograd.
    """

    def __init__(self, net: nn.Module, loss: Loss, fast: FastMLPStep | None = None) -> None:
        super().__init__()
        self.net, self.loss, self.fast = net, loss, fast
        self.params = tuple(net.parameters())  # listed once: walking the modules costs a step

    def forward(self, X: torch.Tensor, y: torch.Tensor, w: torch.Tensor | None = None):
        """The batch loss, a 0-dim tensor whose backward gives every parameter's gradient."""
        if self.fast is not None:
            return _HandWritten.apply(self.fast, X, y, w, *self.params)
        return self.loss(match_output(self.net(X), y), y, *([] if w is None else [w]))


class _HandWritten(torch.autograd.Function):
    """Forward: :class:`FastMLPStep`'s loss and gradients; backward: those gradients."""

    @staticmethod
    def forward(ctx: Any, fast: FastMLPStep, X, y, w, *params: torch.Tensor) -> torch.Tensor:
        loss = fast(X, y, w)  # writes each parameter's .grad and does not update
        ctx.grads = [p.grad for p in params]
        for p in params:
            p.grad = None  # autograd sets it again, through DDP's hooks
        return loss

    @staticmethod
    def backward(ctx: Any, grad_loss: torch.Tensor) -> tuple[torch.Tensor | None, ...]:
        grads, ctx.grads = ctx.grads, None
        return (None, None, None, None, *(g.mul_(grad_loss) for g in grads))


class _NoUpdate:
    """An optimizer that does nothing: the hand-written pass's update is the step's own."""

    param_groups: list = []

    def step(self) -> None:
        """Leave the parameters as they are."""
