"""Tests for the evaluation of a model over batches."""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from logitnet.nn import MLP
from logitnet.nn import _evaluate as evaluation
from logitnet.nn._evaluate import evaluate, forward_in_chunks
from logitnet.nn._losses import binary_log_loss, multiclass_log_loss


def _data(n_outputs, n=45, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 3, generator=g)
    y = torch.randint(0, max(n_outputs, 2), (n,), generator=g)
    return X, (y.float() if n_outputs == 1 else y), torch.rand(n, generator=g)


def test_loss_and_accuracy_over_loader_batches_are_row_averages():
    model = MLP(3, (5,), 4, generator=torch.Generator().manual_seed(1))
    X, y, _ = _data(4)
    loader = DataLoader(TensorDataset(X, y), batch_size=20)  # 20, 20 and 5 rows
    scores = evaluate(model, nn.CrossEntropyLoss(), loader)
    with torch.no_grad():
        logits = model(X)
    assert scores["valid_loss"] == pytest.approx(float(nn.CrossEntropyLoss()(logits, y)), rel=1e-6)
    assert scores["valid_acc"] == float((logits.argmax(1) == y).double().mean())


@pytest.mark.parametrize("n_outputs", [1, 3])
def test_weighted_batches_give_the_weighted_loss_of_the_classifier(n_outputs):
    model = MLP(3, (5,), n_outputs, generator=torch.Generator().manual_seed(2))
    loss = binary_log_loss if n_outputs == 1 else multiclass_log_loss
    X, y, w = _data(n_outputs)
    scores = evaluate(model, loss, [(X, y, w)])
    with torch.no_grad():
        expected = loss(model(X), y, w)
        labels = (model(X)[:, 0] > 0).long() if n_outputs == 1 else model(X).argmax(1)
    assert scores["valid_loss"] == float(expected)  # one batch: exactly the classifier's loss
    assert scores["valid_acc"] == float((labels == y.long()).double().mean())


def test_the_model_keeps_its_mode():
    model = MLP(3, (5,), 1, dropout=0.5)
    X, y, _ = _data(1)
    model.train()
    evaluate(model, binary_log_loss, [(X, y)])
    assert model.training
    model.eval()
    evaluate(model, binary_log_loss, [(X, y)])
    assert not model.training


def test_large_batches_are_forwarded_in_chunks(monkeypatch):
    monkeypatch.setattr(evaluation, "PREDICT_ROWS", 7)
    model = MLP(3, (5,), 2, generator=torch.Generator().manual_seed(3))
    sizes = []
    model.register_forward_hook(lambda module, args, out: sizes.append(len(args[0])))
    X, _, _ = _data(2, n=20)
    with torch.no_grad():
        torch.testing.assert_close(forward_in_chunks(model, X), model(X), atol=1e-6, rtol=0)
    assert sizes == [7, 7, 6, 20]
