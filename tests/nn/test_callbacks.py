"""Tests for the callbacks."""

from __future__ import annotations

import pytest
import torch
from safetensors.torch import load_file
from sklearn.datasets import make_circles
from torch import nn

from logitnet.nn import (
    MLP,
    Checkpoint,
    EarlyStopping,
    GradientClipping,
    LRScheduler,
    ProgressBar,
    train,
)

CIRCLES = make_circles(300, factor=0.5, noise=0.1, random_state=2020)


def _fit(callbacks, epochs=30, valid=True, lr=0.1):
    model = MLP(2, (5,), 1, generator=torch.Generator().manual_seed(0))
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    history = train(
        model,
        nn.BCEWithLogitsLoss(),
        opt,
        CIRCLES,
        epochs=epochs,
        callbacks=callbacks,
        valid_data=CIRCLES if valid else None,
        verbose=False,
        random_state=0,
    )
    return model, opt, history


def test_early_stopping_stops_after_patience_epochs_without_improvement():
    stopper = EarlyStopping(monitor="train_loss", patience=2, min_delta=0.05)
    _, _, history = _fit([stopper], epochs=100)
    losses = history["train_loss"]
    assert len(history) < 100
    assert stopper.stopped_epoch_ == len(history)
    assert len(history) - stopper.best_epoch_ == 2
    assert stopper.best_value_ == losses[stopper.best_epoch_ - 1]


def test_early_stopping_restores_the_weights_of_the_best_epoch(tmp_path):
    saver = Checkpoint(tmp_path / "best.safetensors", monitor="valid_loss")
    stopper = EarlyStopping(patience=3)
    model, _, history = _fit([saver, stopper], epochs=200, lr=0.5)
    best = int(torch.tensor(history["valid_loss"]).argmin()) + 1
    assert stopper.best_epoch_ == best == saver.saved_epochs_[-1]
    saved = load_file(tmp_path / "best.safetensors")
    for name, value in model.state_dict().items():
        assert torch.equal(saved[name], value)


def test_early_stopping_can_keep_the_last_weights():
    stopper = EarlyStopping(monitor="valid_acc", patience=1, restore_best=False)
    assert stopper.mode == "max"
    _fit([stopper], epochs=50)
    assert stopper.stopped_epoch_ is not None


def test_monitoring_a_missing_key_explains_itself():
    with pytest.raises(
        ValueError, match="EarlyStopping monitors 'valid_loss'.*Pass validation data"
    ):
        _fit([EarlyStopping()], epochs=2, valid=False)


def test_checkpoint_every_epoch_writes_safetensors_atomically(tmp_path):
    path = tmp_path / "weights.safetensors"
    saver = Checkpoint(path, monitor=None)
    model, _, _ = _fit([saver], epochs=3, valid=False)
    assert saver.saved_epochs_ == [1, 2, 3]
    assert set(load_file(path)) == set(model.state_dict())
    assert [p.name for p in tmp_path.iterdir()] == ["weights.safetensors"]


def test_lr_scheduler_from_a_class_and_from_an_instance():
    cb = LRScheduler(torch.optim.lr_scheduler.StepLR, step_size=2, gamma=0.5)
    _, opt, _ = _fit([cb], epochs=4, valid=False)
    assert opt.param_groups[0]["lr"] == pytest.approx(0.1 * 0.25)
    model = MLP(2, (5,), 1)
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: 1 / (step + 1))
    train(
        model,
        nn.BCEWithLogitsLoss(),
        opt,
        CIRCLES,
        epochs=1,
        batch_size=100,
        callbacks=[LRScheduler(sched, step_every="batch")],
        verbose=False,
    )
    assert opt.param_groups[0]["lr"] == pytest.approx(1 / 4)  # 3 batches


def test_lr_scheduler_on_plateau_gets_the_monitored_value():
    cb = LRScheduler(torch.optim.lr_scheduler.ReduceLROnPlateau, factor=0.5, patience=0)
    _, opt, history = _fit([cb], epochs=40, lr=0.5)
    assert opt.param_groups[0]["lr"] < 0.5
    with pytest.raises(ValueError, match="`step_every` must be one of 'epoch', 'batch'"):
        LRScheduler(cb, step_every="step")


def test_progress_bar_reports_each_epoch(capsys):
    _fit([ProgressBar()], epochs=2, valid=False)
    out = capsys.readouterr().out
    assert "epoch: 1, loss: " in out and "epoch: 2, loss: " in out


def _clipped_manual_loop(model, optimizer, X, y, max_norm, epochs):
    """The lecture's loop with ``clip_grad_norm_`` between backward and step."""
    for _ in range(epochs):
        for start in range(0, len(X), 10):
            optimizer.zero_grad(set_to_none=True)
            out = model(X[start : start + 10]).flatten()
            nn.BCEWithLogitsLoss()(out, y[start : start + 10]).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
            optimizer.step()


def _clipping_run(step, fused, max_norm):
    """Weights after train() with GradientClipping, and after the manual clipped loop."""
    model = MLP(2, (5,), 1, generator=torch.Generator().manual_seed(0))
    reference = MLP(2, (5,), 1, generator=torch.Generator().manual_seed(0))
    X, y = (torch.tensor(a, dtype=torch.float32) for a in CIRCLES)
    opt = torch.optim.Adam(model.parameters(), lr=0.1, fused=fused)
    callbacks = [] if max_norm is None else [GradientClipping(max_norm)]
    train(
        model,
        nn.BCEWithLogitsLoss(),
        opt,
        (X, y),
        epochs=3,
        batch_size=10,
        shuffle=False,
        callbacks=callbacks,
        verbose=False,
        step=step,
    )
    ref_opt = torch.optim.Adam(reference.parameters(), lr=0.1, fused=fused)
    _clipped_manual_loop(reference, ref_opt, X, y, 0.05, epochs=3)
    flat = [torch.cat([p.detach().flatten() for p in m.parameters()]) for m in (model, reference)]
    return flat[0], flat[1]


@pytest.mark.parametrize("fused", [False, True])
def test_gradient_clipping_with_autograd_equals_a_manual_clipped_loop(fused):
    ours, manual = _clipping_run("autograd", fused, 0.05)
    assert torch.equal(ours, manual)
    unclipped, _ = _clipping_run("autograd", fused, None)
    assert (unclipped - manual).abs().max() > 0.1  # the clipping did change the training


@pytest.mark.parametrize("fused", [False, True])
def test_gradient_clipping_with_the_fast_step_agrees_with_the_manual_loop(fused):
    ours, manual = _clipping_run("fast", fused, 0.05)
    torch.testing.assert_close(ours, manual, atol=1e-5, rtol=0)


def test_gradient_clipping_checks_its_arguments():
    with pytest.raises(ValueError, match=r"`max_norm` must be in \(0.0, inf\). Got 0"):
        GradientClipping(0)
    with pytest.raises(TypeError, match="`max_norm` must be a real number. Got 'big'"):
        GradientClipping("big")
    with pytest.raises(ValueError, match=r"`norm_type` must be in \(0.0, inf\). Got -1"):
        GradientClipping(1.0, norm_type=-1)
