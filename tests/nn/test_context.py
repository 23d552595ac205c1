"""Tests for the training context that the loop shares with its callbacks."""

from __future__ import annotations

import torch

from logitnet.nn import MLP, History, TrainingContext
from logitnet.nn._context import TrainingContext as Defined


def test_a_fresh_context_is_before_the_first_batch():
    model = MLP(2, (3,), 1)
    ctx = TrainingContext(model, torch.optim.SGD(model.parameters(), lr=0.1), History(), 4)
    assert TrainingContext is Defined
    assert (ctx.n_batches, ctx.epoch, ctx.batch, ctx.batch_loss, ctx.stop) == (4, 0, 0, None, False)
