"""Losses on logits (means of optionally weighted per-sample log losses), and labels from logits."""

from __future__ import annotations

import torch
from torch.nn import functional

__all__ = ["binary_log_loss", "match_output", "multiclass_log_loss", "predicted_labels"]


def binary_log_loss(
    logits: torch.Tensor, y: torch.Tensor, weight: torch.Tensor | None = None
) -> torch.Tensor:
    """``mean(w * BCE(sigmoid(z), y))`` for logits (n, 1) or (n,), float targets, weights (n,)."""
    return functional.binary_cross_entropy_with_logits(logits.reshape(-1), y, weight=weight)


def multiclass_log_loss(
    logits: torch.Tensor, y: torch.Tensor, weight: torch.Tensor | None = None
) -> torch.Tensor:
    """``mean(w * CE(softmax(z), y))`` for logits (n, K), class indices (n,) and weights (n,)."""
    if weight is None:
        return functional.cross_entropy(logits, y)
    return (functional.cross_entropy(logits, y, reduction="none") * weight).mean()


def match_output(output: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Flatten an (n, 1) output for a 1-D target, as the lecture's ``model(X).flatten()``."""
    if output.ndim == 2 and output.shape[1] == 1 and target.ndim == 1:
        return output[:, 0]
    return output


def predicted_labels(output: torch.Tensor) -> torch.Tensor:
    """Class indices from logits: threshold at 0 for one logit, argmax for several."""
    if output.ndim == 1 or output.shape[1] == 1:
        return (output.reshape(-1) > 0).to(torch.int64)
    return output.argmax(dim=1)
