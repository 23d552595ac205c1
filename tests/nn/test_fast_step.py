"""The hand-written step must agree with autograd to 1e-5."""

from __future__ import annotations

import copy

import pytest
import torch

from logitnet.nn import MLP, FastMLPStep
from logitnet.nn._fast_step import FAST_ACTIVATIONS, supports_fast_step
from logitnet.nn._losses import binary_log_loss, multiclass_log_loss


def _data(n_outputs, weighted, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(40, 4, generator=g)
    y = torch.randint(0, max(n_outputs, 2), (40,), generator=g)
    y = y.float() if n_outputs == 1 else y
    w = torch.rand(40, generator=g) if weighted else None
    return X, y, w


def _batches(X, y, w):
    for start in (0, 16, 32):  # the last batch is smaller
        sl = slice(start, start + 16)
        yield X[sl], y[sl], None if w is None else w[sl]


@pytest.mark.parametrize("activation", list(FAST_ACTIVATIONS))
@pytest.mark.parametrize("n_outputs", [1, 3])
@pytest.mark.parametrize("weighted", [False, True])
def test_fast_step_matches_autograd(activation, n_outputs, weighted):
    net = MLP(4, (8, 6), n_outputs, activation, generator=torch.Generator().manual_seed(1))
    ref = copy.deepcopy(net)
    fast = FastMLPStep(net, torch.optim.Adam(net.parameters(), lr=0.01, weight_decay=1e-3))
    opt = torch.optim.Adam(ref.parameters(), lr=0.01, weight_decay=1e-3)
    loss_fn = binary_log_loss if n_outputs == 1 else multiclass_log_loss
    X, y, w = _data(n_outputs, weighted)
    for _ in range(10):
        for Xb, yb, wb in _batches(X, y, w):
            loss = fast(Xb, yb, wb)
            opt.zero_grad()
            ref_loss = loss_fn(ref(Xb), yb, wb)
            ref_loss.backward()
            opt.step()
            assert loss.item() == pytest.approx(ref_loss.item(), abs=1e-5)
    for p, q in zip(net.parameters(), ref.parameters(), strict=True):
        torch.testing.assert_close(p, q, atol=1e-5, rtol=0)


def test_first_gradients_match_autograd_exactly_enough():
    net = MLP(4, (8,), 1, generator=torch.Generator().manual_seed(2))
    ref = copy.deepcopy(net)
    sgd = torch.optim.SGD(net.parameters(), lr=0.0)  # keeps the weights, so grads are comparable
    X, y, _ = _data(1, False)
    FastMLPStep(net, sgd)(X, y)
    binary_log_loss(ref(X), y).backward()
    for p, q in zip(net.parameters(), ref.parameters(), strict=True):
        torch.testing.assert_close(p.grad, q.grad, atol=1e-6, rtol=1e-5)


def test_unsupported_networks_are_refused():
    assert not supports_fast_step(MLP(2, (3,), 1, activation="gelu"))
    assert not supports_fast_step(MLP(2, (3,), 1, dropout=0.2))
    assert not supports_fast_step(torch.nn.Linear(2, 1))
    with pytest.raises(ValueError, match="FastMLPStep needs an MLP without dropout"):
        FastMLPStep(MLP(2, (3,), 1, dropout=0.2), None)


def test_the_hook_runs_between_the_gradients_and_the_update():
    net = MLP(4, (8,), 3, generator=torch.Generator().manual_seed(3))
    ref = copy.deepcopy(net)
    X, y, w = _data(3, True)
    multiclass_log_loss(ref(X), y, w).backward()
    seen = []

    def hook(loss):
        seen.append(loss)
        for p, q in zip(net.parameters(), ref.parameters(), strict=True):
            torch.testing.assert_close(p.grad, q.grad, atol=1e-6, rtol=1e-5)
            assert torch.equal(p, q)  # not updated yet

    loss = FastMLPStep(net, torch.optim.Adam(net.parameters(), lr=0.1), on_grad_computed=hook)(
        X, y, w
    )
    assert seen == [loss]
    assert not torch.equal(net.linears[0].weight, ref.linears[0].weight)
