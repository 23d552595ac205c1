"""The training step: one factory for the hand-written MLP step and the autograd step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import torch
from torch import nn

from logitnet._validation import check_option
from logitnet.nn._fast_step import FastMLPStep, fast_step_refusal
from logitnet.nn._losses import match_output
from logitnet.nn._mlp import MLP

__all__ = ["STEP_KINDS", "Step", "autograd_step", "make_step"]

Step = Callable[..., torch.Tensor]  # step(X, y) or step(X, y, w) -> the batch's loss, detached
GradHook = Callable[[torch.Tensor], None]  # called with the loss between gradients and update

#: The values of the ``step`` parameter of ``NeuralNetClassifier`` and ``train``.
STEP_KINDS = ("auto", "autograd", "fast")


def make_step(
    model: nn.Module,
    criterion: Callable[..., torch.Tensor],
    optimizer: torch.optim.Optimizer,
    *,
    kind: str = "auto",
    device: torch.device | str | None = None,
    on_grad_computed: GradHook | None = None,
) -> Step:
    """Return the function that trains ``model`` on one batch and returns its loss.

    Parameters
    ----------
    model, criterion, optimizer
        The network (it outputs logits), its loss and its optimizer.
    kind : {"auto", "autograd", "fast"}, default="auto"
        ``"fast"`` is the hand-written forward and backward pass of the built-in MLP
        (:class:`FastMLPStep`); ``"autograd"`` is the lecture's zero_grad, forward, loss,
        backward, step; ``"auto"`` takes the fast step where it is valid, autograd elsewhere.
    device : torch.device or str, optional
        Move every batch there first.
    on_grad_computed : callable, optional
        Called with the batch loss after the gradients are computed and before the
        optimizer step; the gradients are in the parameters' ``.grad`` with either step.

    Raises
    ------
    ValueError
        For an unknown ``kind``, or ``"fast"`` where the fast step cannot train the model.
    """
    check_option("step", kind, STEP_KINDS)
    refusal = fast_step_refusal(model, criterion)
    if kind == "fast" and refusal is not None:
        raise ValueError(f"step='fast' cannot be used: {refusal}. Use step='auto' or 'autograd'.")
    if kind == "autograd" or refusal is not None:
        return autograd_step(model, criterion, optimizer, device, on_grad_computed)
    step = FastMLPStep(cast(MLP, model), optimizer, on_grad_computed=on_grad_computed)
    return step if device is None else _on_device(step, device)


def autograd_step(
    model: nn.Module,
    criterion: Callable[..., torch.Tensor],
    optimizer: Any,
    device: Any = None,
    on_grad_computed: GradHook | None = None,
) -> Step:
    """Return the lecture's step: zero the gradients, forward, loss, backward, update.

    A batch ``(X, y, w)`` calls ``criterion(output, y, w)``; an (n, 1) output is flattened
    for a 1-D ``y``.
    """

    def step(*batch: torch.Tensor) -> torch.Tensor:
        if device is not None:
            batch = tuple(t.to(device, non_blocking=True) for t in batch)
        X, y, *weight = batch
        optimizer.zero_grad(set_to_none=True)
        loss = criterion(match_output(model(X), y), y, *weight)
        loss.backward()
        loss = loss.detach()
        if on_grad_computed is not None:
            on_grad_computed(loss)
        optimizer.step()
        return loss

    return step


def _on_device(step: Step, device: torch.device | str) -> Step:
    """``step`` on batches moved to ``device`` first."""

    def moved(*batch: torch.Tensor) -> torch.Tensor:
        return step(*(t.to(device, non_blocking=True) for t in batch))

    return moved
