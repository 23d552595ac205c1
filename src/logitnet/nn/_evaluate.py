"""Evaluation: the loss and accuracy of a model over batches, without gradients."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import torch
from torch import nn

from logitnet.nn._losses import match_output, predicted_labels

__all__ = ["PREDICT_ROWS", "evaluate", "forward_in_chunks"]

PREDICT_ROWS = 65_536  # rows per forward pass when evaluating or predicting


def forward_in_chunks(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    """``model(X)``, computed ``PREDICT_ROWS`` rows at a time."""
    if len(X) <= PREDICT_ROWS:
        return model(X)
    return torch.cat([model(chunk) for chunk in X.split(PREDICT_ROWS)])


@torch.no_grad()
def evaluate(
    model: nn.Module,
    criterion: Callable[..., torch.Tensor],
    data: Iterable[Any],
    device: torch.device | str | None = None,
) -> dict[str, float]:
    """Return ``{"valid_loss", "valid_acc"}`` of ``model`` over ``data``, averaged over rows.

    Parameters
    ----------
    model : torch.nn.Module
        The network; it outputs logits. It is evaluated in ``eval`` mode, and left in the
        mode it was in.
    criterion : callable
        The loss, called as ``criterion(output, y)``, or ``criterion(output, y, w)`` for
        batches of three tensors ``(X, y, w)``; an (n, 1) output is flattened for a 1-D ``y``.
    data : iterable of batches
        ``(X, y)`` or ``(X, y, w)`` tuples of tensors, e.g. a DataLoader.
    device : torch.device or str, optional
        Move every batch there.

    Returns
    -------
    dict
        The loss (each batch's mean loss, weighted by its rows) and the accuracy.
    """
    was_training = model.training
    model.eval()
    loss_sum, correct, n_rows = 0.0, 0.0, 0
    for batch in data:
        if device is not None:
            batch = tuple(t.to(device) for t in batch)
        X, y, *weight = batch
        out = match_output(forward_in_chunks(model, X), y)
        loss_sum += float(criterion(out, y, *weight)) * len(y)
        correct += float((predicted_labels(out) == y.to(torch.int64)).sum())
        n_rows += len(y)
    model.train(was_training)
    return {"valid_loss": loss_sum / n_rows, "valid_acc": correct / n_rows}
