"""The classifier's losses: mean of (optionally weighted) per-sample log losses on logits."""

from __future__ import annotations

import torch
from torch.nn import functional

__all__ = ["binary_log_loss", "multiclass_log_loss"]


def binary_log_loss(
    logits: torch.Tensor, y: torch.Tensor, weight: torch.Tensor | None = None
) -> torch.Tensor:
    """``mean(w * BCE(sigmoid(z), y))`` for logits (n, 1), float targets (n,) and weights (n,)."""
    return functional.binary_cross_entropy_with_logits(logits[:, 0], y, weight=weight)


def multiclass_log_loss(
    logits: torch.Tensor, y: torch.Tensor, weight: torch.Tensor | None = None
) -> torch.Tensor:
    """``mean(w * CE(softmax(z), y))`` for logits (n, K), class indices (n,) and weights (n,)."""
    if weight is None:
        return functional.cross_entropy(logits, y)
    return (functional.cross_entropy(logits, y, reduction="none") * weight).mean()
