"""Tests for the callbacks."""

from __future__ import annotations

import pytest
import torch
from safetensors.torch import load_file
from sklearn.datasets import make_circles
from torch import nn

from logitnet.nn import MLP, Checkpoint, EarlyStopping, LRScheduler, ProgressBar, train

CIRCLES = make_circles(300, factor=0.5, noise=0.1, random_state=2020)


def _fit(callbacks, epochs=30, valid=True, lr=0.1):
    model = MLP(2, (5,), 1, generator=torch.Generator().manual_seed(0))
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    history = train(
        model, nn.BCEWithLogitsLoss(), opt, CIRCLES, epochs=epochs, callbacks=callbacks,
        valid_data=CIRCLES if valid else None, verbose=False, random_state=0,
    )  # fmt: skip
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
    train(model, nn.BCEWithLogitsLoss(), opt, CIRCLES, epochs=1, batch_size=100,
          callbacks=[LRScheduler(sched, step_every="batch")], verbose=False)  # fmt: skip
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
