"""Tests for the training loop, including the lecture's runs through a DataLoader."""

from __future__ import annotations

import os
import signal

import numpy as np
import pytest
import torch
from sklearn.datasets import make_blobs, make_circles
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from logitnet.nn import MLP, Callback, History, train

CIRCLES = make_circles(300, factor=0.5, noise=0.1, random_state=2020)
BLOBS = make_blobs(200, centers=4, center_box=(-1.2, 1.2), cluster_std=0.15, random_state=12345)
PROBES = torch.tensor([[0.0, 0.0], [-1.0, -1.0]])


def _loader(X, y, y_dtype):
    dataset = TensorDataset(torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=y_dtype))
    return DataLoader(dataset, batch_size=50, shuffle=True)


def _lecture_circles(seed):
    torch.manual_seed(seed)
    model = MLP(2, (5,), 1)
    opt = torch.optim.Adam(model.parameters(), lr=0.1)
    loader = _loader(*CIRCLES, torch.float32)
    history = train(model, nn.BCEWithLogitsLoss(), opt, loader, epochs=20, verbose=False)
    return history, torch.sigmoid(model(PROBES).detach()).flatten()


@pytest.mark.slow
def test_lecture_circles_over_20_seeds():
    runs = [_lecture_circles(seed) for seed in range(20)]
    losses = [h[-1]["train_loss"] for h, _ in runs]
    agree = sum(bool(p[0] > 0.9 and p[1] < 0.1) for _, p in runs)
    assert np.median(losses) <= 0.25  # the lecture got 0.151
    assert agree >= 10


@pytest.mark.slow
def test_lecture_blobs_over_20_seeds():
    losses, agree = [], 0
    for seed in range(20):
        torch.manual_seed(seed)
        model = MLP(2, (5,), 4)
        opt = torch.optim.Adam(model.parameters(), lr=0.2)
        h = train(
            model,
            nn.CrossEntropyLoss(),
            opt,
            _loader(*BLOBS, torch.int64),
            epochs=10,
            verbose=False,
        )
        losses.append(h[-1]["train_loss"])
        agree += int(model(PROBES[1:]).argmax()) == 1
    assert np.median(losses) <= 0.05  # the lecture got 0.0016
    assert agree >= 16


def test_loss_is_the_lectures_mean_batch_loss():
    torch.manual_seed(0)
    model = MLP(2, (5,), 1)
    reference = MLP(2, (5,), 1)
    reference.load_state_dict(model.state_dict())
    X, y = torch.randn(30, 2), (torch.rand(30) > 0.5).float()
    history = train(
        model,
        nn.BCEWithLogitsLoss(),
        torch.optim.SGD(model.parameters(), lr=0.1),
        (X, y),
        epochs=1,
        batch_size=10,
        shuffle=False,
        verbose=False,
    )
    opt = torch.optim.SGD(reference.parameters(), lr=0.1)
    losses = []
    for start in range(0, 30, 10):
        opt.zero_grad()
        loss = nn.BCEWithLogitsLoss()(
            reference(X[start : start + 10]).flatten(), y[start : start + 10]
        )
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert history["train_loss"][0] == pytest.approx(np.mean(losses), rel=1e-6)
    for p, q in zip(model.parameters(), reference.parameters(), strict=True):
        assert torch.equal(p, q)


def test_verbose_prints_the_lectures_lines(capsys):
    model = MLP(2, (5,), 1)
    X, y = CIRCLES
    train(
        model,
        nn.BCEWithLogitsLoss(),
        torch.optim.Adam(model.parameters(), lr=0.1),
        (X, y),
        epochs=3,
        valid_data=(X, y),
    )
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("epoch: 1, loss: 0.")
    assert ", valid_loss: " in lines[2] and ", valid_acc: " in lines[2]


def test_pair_targets_get_the_right_dtype_and_validation_is_recorded():
    model = MLP(2, (5,), 4)
    X, y = BLOBS
    h = train(
        model,
        nn.CrossEntropyLoss(),
        torch.optim.Adam(model.parameters(), lr=0.2),
        (X, y),
        epochs=5,
        valid_data=(X, y),
        verbose=False,
        random_state=0,
    )
    assert isinstance(h, History)
    assert list(h[0]) == ["epoch", "train_loss", "valid_loss", "valid_acc", "dur"]
    assert h["epoch"] == [1, 2, 3, 4, 5]
    assert h[-1]["valid_acc"] > 0.9
    assert h[-1]["valid_loss"] < h[0]["valid_loss"]


def test_random_state_makes_pair_training_reproducible():
    def weights():
        model = MLP(2, (5,), 1, generator=torch.Generator().manual_seed(0))
        train(
            model,
            nn.BCEWithLogitsLoss(),
            torch.optim.Adam(model.parameters(), lr=0.1),
            CIRCLES,
            epochs=2,
            verbose=False,
            random_state=5,
        )
        return torch.cat([p.detach().flatten() for p in model.parameters()])

    assert torch.equal(weights(), weights())


class _InterruptAt(Callback):
    def __init__(self, batch, how):
        self.batch, self.how, self.weights = batch, how, None

    def on_batch_end(self, ctx):
        if ctx.epoch == 2 and ctx.batch == self.batch:
            self.weights = [p.detach().clone() for p in ctx.model.parameters()]
            if self.how == "signal":
                os.kill(os.getpid(), signal.SIGINT)
            else:
                raise KeyboardInterrupt


def _another_handler(signum, frame):  # pragma: no cover - train() must not call it
    raise AssertionError("train() called the SIGINT handler it replaced")


@pytest.mark.parametrize(
    "found",
    [None, signal.default_int_handler, signal.SIG_IGN, _another_handler],
    ids=["as-started", "default", "ignored", "another"],
)
@pytest.mark.parametrize("how", ["signal", "raise"])
def test_ctrl_c_stops_after_the_current_batch_and_keeps_the_history(how, found):
    started = signal.getsignal(signal.SIGINT)  # SIG_IGN in a shell's background job
    if found is not None:
        signal.signal(signal.SIGINT, found)
    expected = signal.getsignal(signal.SIGINT)
    try:
        model = MLP(2, (5,), 1)
        stopper = _InterruptAt(3, how)
        with pytest.warns(
            UserWarning, match="interrupted.*epoch 2 after batch 3.*1 completed epochs"
        ):
            h = train(
                model,
                nn.BCEWithLogitsLoss(),
                torch.optim.Adam(model.parameters(), lr=0.1),
                CIRCLES,
                epochs=5,
                callbacks=[stopper],
                verbose=False,
            )
        assert len(h) == 1
        for p, q in zip(model.parameters(), stopper.weights, strict=True):
            assert torch.equal(p, q)  # no step after the interrupted batch
        assert signal.getsignal(signal.SIGINT) is expected  # the handler train() found
    finally:
        if started is not None:
            signal.signal(signal.SIGINT, started)


def test_callbacks_see_every_hook_in_order():
    calls = []

    class Recorder(Callback):
        def on_train_begin(self, ctx):
            calls.append("train_begin")

        def on_epoch_begin(self, ctx):
            calls.append(f"epoch_begin {ctx.epoch}")

        def on_batch_end(self, ctx):
            calls.append("batch")

        def on_epoch_end(self, ctx):
            calls.append(f"epoch_end {ctx.history[-1]['epoch']}")

        def on_train_end(self, ctx):
            calls.append("train_end")

    model = MLP(2, (3,), 1)
    X, y = torch.randn(20, 2), torch.ones(20)
    train(
        model,
        nn.BCEWithLogitsLoss(),
        torch.optim.SGD(model.parameters(), lr=0.1),
        (X, y),
        epochs=2,
        batch_size=10,
        callbacks=[Recorder()],
        verbose=False,
    )
    assert calls == [
        "train_begin",
        "epoch_begin 1",
        "batch",
        "batch",
        "epoch_end 1",
        "epoch_begin 2",
        "batch",
        "batch",
        "epoch_end 2",
        "train_end",
    ]


def test_bad_data_and_epochs():
    model = MLP(2, (3,), 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(TypeError, match="`data` must be a DataLoader .* or a pair"):
        train(model, nn.BCEWithLogitsLoss(), opt, 42, verbose=False)
    with pytest.raises(ValueError, match="`epochs` must be an int >= 1. Got 0"):
        train(model, nn.BCEWithLogitsLoss(), opt, CIRCLES, epochs=0, verbose=False)


def test_device_argument_moves_the_model():
    model = MLP(2, (3,), 1)
    train(
        model,
        nn.BCEWithLogitsLoss(),
        torch.optim.SGD(model.parameters(), lr=0.1),
        CIRCLES,
        epochs=1,
        device="cpu",
        verbose=False,
    )
    assert next(model.parameters()).device.type == "cpu"


class _GradRecorder(Callback):
    """Check, at every hook, that on_grad_computed comes before the step of the same batch."""

    def __init__(self):
        self.calls, self.loss, self.weights = [], None, None

    def on_grad_computed(self, ctx):
        self.calls.append(("grad", ctx.epoch, ctx.batch))
        assert all(p.grad is not None for p in ctx.model.parameters())
        self.loss = ctx.batch_loss
        self.weights = [p.detach().clone() for p in ctx.model.parameters()]

    def on_batch_end(self, ctx):
        self.calls.append(("batch", ctx.epoch, ctx.batch))
        assert ctx.batch_loss is self.loss
        pairs = zip(ctx.model.parameters(), self.weights, strict=True)
        assert all(not torch.equal(p, q) for p, q in pairs)


@pytest.mark.parametrize("step", ["autograd", "fast"])
def test_on_grad_computed_comes_between_the_gradients_and_the_step(step):
    model = MLP(2, (3,), 1, generator=torch.Generator().manual_seed(0))
    X, y = torch.randn(20, 2), (torch.rand(20) > 0.5).float()
    recorder = _GradRecorder()
    train(
        model,
        nn.BCEWithLogitsLoss(),
        torch.optim.Adam(model.parameters(), lr=0.1),
        (X, y),
        epochs=2,
        batch_size=10,
        callbacks=[recorder],
        verbose=False,
        step=step,
    )
    expected = [(kind, e, b) for e in (1, 2) for b in (1, 2) for kind in ("grad", "batch")]
    assert recorder.calls == expected


@pytest.mark.parametrize(
    ("n_outputs", "criterion", "data"),
    [(1, nn.BCEWithLogitsLoss(), CIRCLES), (4, nn.CrossEntropyLoss(), BLOBS)],
)
def test_the_fast_step_trains_as_autograd_does(n_outputs, criterion, data):
    def weights(step):
        model = MLP(2, (5,), n_outputs, generator=torch.Generator().manual_seed(0))
        opt = torch.optim.Adam(model.parameters(), lr=0.05)
        history = train(
            model,
            criterion,
            opt,
            data,
            epochs=3,
            valid_data=data,
            verbose=False,
            random_state=1,
            step=step,
        )
        return torch.cat([p.detach().flatten() for p in model.parameters()]), history

    (fast, h_fast), (slow, h_slow) = weights("fast"), weights("autograd")
    torch.testing.assert_close(fast, slow, atol=1e-5, rtol=0)
    assert h_fast["valid_loss"] == pytest.approx(h_slow["valid_loss"], abs=1e-5)
    auto, _ = weights("auto")
    assert torch.equal(auto, fast)


def test_train_refuses_the_fast_step_where_it_is_not_valid():
    model = MLP(2, (3,), 1, activation="gelu")
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match="step='fast' cannot be used: activation 'gelu'"):
        train(model, nn.BCEWithLogitsLoss(), opt, CIRCLES, verbose=False, step="fast")
    with pytest.raises(ValueError, match="`step` must be one of 'auto', 'autograd', 'fast'"):
        train(model, nn.BCEWithLogitsLoss(), opt, CIRCLES, verbose=False, step="quick")
