"""Tests for the step factory: which step trains, and that both agree and call the hook."""

from __future__ import annotations

import copy

import pytest
import torch
from torch import nn

from logitnet.nn import MLP, FastMLPStep
from logitnet.nn._losses import binary_log_loss, multiclass_log_loss
from logitnet.nn._step import make_step


def _mlp(n_outputs=1, **kwargs):
    return MLP(3, (6,), n_outputs, generator=torch.Generator().manual_seed(0), **kwargs)


def _adam(model):
    return torch.optim.Adam(model.parameters(), lr=0.05)


def _batch(n_outputs, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(32, 3, generator=g)
    y = torch.randint(0, max(n_outputs, 2), (32,), generator=g)
    return X, (y.float() if n_outputs == 1 else y)


@pytest.mark.parametrize(
    ("n_outputs", "criterion"),
    [
        (1, binary_log_loss),
        (1, nn.BCEWithLogitsLoss()),
        (3, multiclass_log_loss),
        (3, nn.CrossEntropyLoss()),
    ],
)
def test_auto_takes_the_fast_step_for_the_mlp_and_a_plain_log_loss(n_outputs, criterion):
    model = _mlp(n_outputs)
    assert isinstance(make_step(model, criterion, _adam(model)), FastMLPStep)
    assert isinstance(make_step(model, criterion, _adam(model), kind="fast"), FastMLPStep)
    assert not isinstance(make_step(model, criterion, _adam(model), kind="autograd"), FastMLPStep)


class _Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(3, 1)

    def forward(self, x):
        return self.linear(x)


@pytest.mark.parametrize(
    ("model", "criterion", "match"),
    [
        (_Tiny(), binary_log_loss, "the model is a _Tiny, not logitnet's built-in MLP"),
        (_mlp(activation="gelu"), binary_log_loss, "activation 'gelu' has no hand-written"),
        (_mlp(dropout=0.2), binary_log_loss, "the MLP has dropout 0.2"),
        (_mlp(), nn.BCEWithLogitsLoss(pos_weight=torch.tensor(2.0)), "not the plain mean binary"),
        (_mlp(), nn.BCEWithLogitsLoss(reduction="sum"), "not the plain mean binary"),
        (_mlp(3), nn.CrossEntropyLoss(label_smoothing=0.1), "not the plain mean multiclass"),
        (_mlp(3), nn.CrossEntropyLoss(weight=torch.ones(3)), "not the plain mean multiclass"),
        (_mlp(3), binary_log_loss, "not the plain mean multiclass"),
        (_mlp(1), nn.MSELoss(), "not the plain mean binary"),
    ],
)
def test_auto_falls_back_to_autograd_where_fast_is_refused(model, criterion, match):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    assert not isinstance(make_step(model, criterion, optimizer), FastMLPStep)
    with pytest.raises(ValueError, match=f"step='fast' cannot be used: .*{match}.*'autograd'"):
        make_step(model, criterion, optimizer, kind="fast")


def test_an_unknown_kind_lists_the_valid_ones():
    model = _mlp()
    with pytest.raises(
        ValueError, match="`step` must be one of 'auto', 'autograd', 'fast'. Got 'fastest'"
    ):
        make_step(model, binary_log_loss, _adam(model), kind="fastest")


@pytest.mark.parametrize("n_outputs", [1, 3])
def test_both_steps_train_alike_with_weights(n_outputs):
    fast_model = _mlp(n_outputs)
    slow_model = copy.deepcopy(fast_model)
    loss = binary_log_loss if n_outputs == 1 else multiclass_log_loss
    fast = make_step(fast_model, loss, _adam(fast_model), kind="fast")
    slow = make_step(slow_model, loss, _adam(slow_model), kind="autograd")
    X, y = _batch(n_outputs)
    w = torch.rand(32, generator=torch.Generator().manual_seed(4))
    for _ in range(5):
        torch.testing.assert_close(fast(X, y, w), slow(X, y, w), atol=1e-5, rtol=0)
    for p, q in zip(fast_model.parameters(), slow_model.parameters(), strict=True):
        torch.testing.assert_close(p, q, atol=1e-5, rtol=0)


@pytest.mark.parametrize("kind", ["fast", "autograd"])
def test_the_hook_sees_the_gradients_before_the_update(kind):
    model = _mlp()
    reference = copy.deepcopy(model)
    X, y = _batch(1)
    binary_log_loss(reference(X), y).backward()
    seen = {}

    def hook(loss):
        seen["loss"] = loss
        seen["grads"] = [p.grad.clone() for p in model.parameters()]
        seen["weights"] = [p.detach().clone() for p in model.parameters()]

    loss = make_step(model, binary_log_loss, _adam(model), kind=kind, on_grad_computed=hook)(X, y)
    assert seen["loss"] is loss
    refs = list(reference.parameters())
    for grad, weight, ref in zip(seen["grads"], seen["weights"], refs, strict=True):
        torch.testing.assert_close(grad, ref.grad, atol=1e-6, rtol=1e-5)
        assert torch.equal(weight, ref.detach())  # not yet stepped


@pytest.mark.parametrize("kind", ["fast", "autograd"])
def test_changing_the_gradients_in_the_hook_changes_the_update(kind):
    model = _mlp()
    before = [p.detach().clone() for p in model.parameters()]

    def zero(loss):
        for p in model.parameters():
            p.grad.zero_()

    sgd = torch.optim.SGD(model.parameters(), lr=0.5)
    make_step(model, binary_log_loss, sgd, kind=kind, on_grad_computed=zero)(*_batch(1))
    for p, q in zip(model.parameters(), before, strict=True):
        assert torch.equal(p, q)


def test_the_device_argument_moves_the_batches_for_either_step():
    for kind in ("fast", "autograd"):
        model = _mlp()
        step = make_step(model, binary_log_loss, _adam(model), kind=kind, device="cpu")
        assert step(*_batch(1)).shape == ()
