"""What the training loop shares with its step and its callbacks."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from logitnet.history import History

__all__ = ["TrainingContext"]


@dataclass
class TrainingContext:
    """What the loop shares with its callbacks."""

    model: nn.Module
    optimizer: torch.optim.Optimizer
    history: History
    n_batches: int  # batches per epoch
    epoch: int = 0  # the current epoch, 1-based
    batch: int = 0  # the current batch, 1-based
    batch_loss: torch.Tensor | None = None  # the last batch's loss (a tensor: no sync per batch)
    stop: bool = False  # set by a callback to end training after this epoch
