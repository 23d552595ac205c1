"""A worker killed with SIGKILL mid-training: the launcher restarts the group, which resumes
from the last checkpoint (``logitnet train --processes 2 --max-restarts 1``, real workers)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from logitnet import TrainConfig, run_training
from logitnet._pipeline import final_estimator

from .conftest import train_args

pytestmark = pytest.mark.distributed

GUARD = 240  # seconds: a hang fails the test, it never blocks the suite


def _count(folder: Path, key: str) -> int:
    """Epochs (``history``) or iterations (``n_iter``) of the checkpoint in ``folder`` (or 0)."""
    try:
        value = json.loads((folder / "checkpoint.json").read_text())[key]
    except (OSError, ValueError, KeyError):
        return 0
    return len(value) if isinstance(value, list) else int(value)


def _start(data: Path, out: Path, options: list[str]) -> subprocess.Popen:
    """``logitnet train DATA --target label --out OUT --processes 2 options...``, started; its
    output goes to files beside ``out``."""
    command = [sys.executable, *train_args(data, out, "--processes", "2", *options)]
    with _log(out, "stdout").open("w") as stdout, _log(out, "stderr").open("w") as stderr:
        return subprocess.Popen(
            command,
            stdout=stdout,
            stderr=stderr,
            text=True,
            env={**os.environ, "OMP_NUM_THREADS": "1"},
        )


def _log(out: Path, name: str) -> Path:
    return out.with_name(f"{out.name}.{name}")


def _finish(job: subprocess.Popen, out: Path) -> subprocess.CompletedProcess:
    """Wait for ``job``; its exit code and output (the files removed)."""
    job.wait(timeout=GUARD)
    texts = [_log(out, name).read_text() for name in ("stdout", "stderr")]
    for name in ("stdout", "stderr"):
        _log(out, name).unlink()
    return subprocess.CompletedProcess(job.args, job.returncode, *texts)


def _train_and_kill(data: Path, out: Path, options: list[str], key: str, rank: int, find):
    """``logitnet train --processes 2 --max-restarts 1``; once its checkpoint holds an epoch or
    an iteration, SIGKILL the worker of ``rank``. The finished job, and the count it saw."""
    job = _start(data, out, [*options, "--max-restarts", "1"])
    seen = _kill_after_checkpoint(job, out.with_name(out.name + ".checkpoint"), key, rank, find)
    return _finish(job, out), seen


def _kill_after_checkpoint(job: subprocess.Popen, folder: Path, key: str, rank: int, find) -> int:
    """Find the worker of ``rank`` (``find(launcher, rank)``); once a checkpoint is in
    ``folder``, SIGKILL it at once."""
    deadline = time.monotonic() + GUARD
    pid = None
    while job.poll() is None and time.monotonic() < deadline:
        pid = pid or find(job.pid, rank)
        seen = _count(folder, key) if pid else 0
        if seen >= 1:
            os.kill(pid, signal.SIGKILL)
            return seen
        time.sleep(0.01)
    job.kill()
    pytest.fail(f"no checkpoint or no worker of rank {rank} to kill (exit code {job.poll()})")


def _note(stderr: str, unit: str) -> int:
    """The epoch or iteration of the one ``resumed from the checkpoint`` note."""
    found = re.findall(rf"note: resumed from the checkpoint of {unit} (\d+) in ", stderr)
    assert len(found) == 1, stderr
    return int(found[0])


def _no_leftovers(folder: Path, *names: str) -> None:
    """``folder`` holds only ``names``: no checkpoint, no staging folder."""
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


def test_a_network_worker_killed_mid_training_resumes_from_the_last_epoch_checkpoint(
    tmp_path, make_table, final_model, find_worker
):
    data = tmp_path / "table.csv"
    make_table(n=2000, seed=1).to_csv(data, index=False)
    options = ["--model", "mlp", "--hidden", "16", "--epochs", "20", "--batch-size", "64"]
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    reference = _start(data, whole, options)  # the same job, never stopped, meanwhile
    done, seen = _train_and_kill(data, resumed, options, "history", 1, find_worker)
    assert done.returncode == 0, done.stderr
    assert _finish(reference, whole).returncode == 0
    assert not re.search(r"^error", done.stderr, re.MULTILINE), done.stderr
    start = _note(done.stderr, "epoch")
    assert 1 <= seen <= start < 20  # the last checkpoint before the kill, mid-training
    # rank 0 prints each epoch: the first attempt up to the kill, the second from the checkpoint
    epochs = [int(e) for e in re.findall(r"^epoch: (\d+),", done.stdout, re.MULTILINE)]
    first = len(epochs) - (20 - start)  # epochs printed before the kill
    assert first >= start - 1, epochs  # (the checkpoint is written before the line is printed)
    assert epochs == [*range(1, first + 1), *range(start + 1, 21)]  # 1..start not run again
    _no_leftovers(tmp_path, "table.csv", "whole", "resumed")
    _no_leftovers(resumed, *(p.name for p in whole.iterdir()))
    a, b = (json.loads((f / "metrics.json").read_text())["metrics"] for f in (whole, resumed))
    assert b["accuracy"] == pytest.approx(a["accuracy"], abs=0.01)
    losses = [
        json.loads((f / "history.json").read_text())[-1]["train_loss"] for f in (whole, resumed)
    ]
    assert losses[1] == pytest.approx(losses[0], rel=0.03)
    # the batches of each epoch are seeded by seed, rank and epoch: the same model, in fact
    x, y = final_model(whole).module_.state_dict(), final_model(resumed).module_.state_dict()
    for name in x:
        np.testing.assert_allclose(y[name].numpy(), x[name].numpy(), atol=1e-6, err_msg=name)


def _classes_table(n: int, n_features: int, n_classes: int) -> pd.DataFrame:
    """Overlapping classes ``c0..`` from a softmax of random directions (seeded)."""
    rng = np.random.default_rng(7)
    X = rng.normal(size=(n, n_features))
    scores = X @ rng.normal(scale=0.4, size=(n_features, n_classes)) + rng.gumbel(
        size=(n, n_classes)
    )
    frame = pd.DataFrame(X.round(5), columns=[f"x{i}" for i in range(n_features)])
    frame["label"] = np.array([f"c{k}" for k in range(n_classes)])[scores.argmax(axis=1)]
    return frame


@pytest.mark.parametrize("stream", [False, True], ids=["in_memory", "streamed"])
def test_a_logistic_worker_killed_mid_fit_resumes_from_the_last_iterate(
    tmp_path, stream, final_model, find_worker
):
    data = tmp_path / "table.parquet"
    _classes_table(60_000, 30, 5).to_parquet(data)
    out = tmp_path / "resumed"
    options = ["--solver", "newton", *(["--stream"] if stream else [])]
    done, seen = _train_and_kill(data, out, options, "n_iter", 0, find_worker)
    assert done.returncode == 0, done.stderr
    start = _note(done.stderr, "iteration")
    assert 1 <= seen <= start  # rank 0 was killed: its last checkpoint, or the one after
    _no_leftovers(tmp_path, "table.parquet", "resumed")
    whole = run_training(TrainConfig(data, "label", solver="newton", stream=stream))  # one process
    a, b = final_estimator(whole.model), final_model(out)
    assert b.n_iter_ == a.n_iter_ == len(b.history_) > start  # killed mid-fit
    assert np.abs(b.coef_ - a.coef_).max() <= 1e-6
    assert np.abs(b.intercept_ - a.intercept_).max() <= 1e-6
