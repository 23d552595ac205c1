"""Shared pieces of the distributed tests: small tables and a way to run real workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

WORKER = Path(__file__).with_name("_worker.py")
TIMEOUT = 240  # seconds for one launched job on a busy machine; a hang fails, never blocks


def make_table(n: int = 240, n_classes: int = 2, seed: int = 0) -> pd.DataFrame:
    """Four numeric features and a text label with ``n_classes`` classes (overlapping)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4))
    score = X @ np.array([1.5, -2.0, 0.5, 0.0]) + rng.normal(scale=0.8, size=n)
    edges = np.quantile(score, np.linspace(0, 1, n_classes + 1)[1:-1])
    label = np.array([f"c{k}" for k in range(n_classes)])[np.digitize(score, edges)]
    frame = pd.DataFrame(X.round(4), columns=["a", "b", "c", "d"])
    frame["label"] = label
    return frame


@pytest.fixture
def table_csv(tmp_path: Path) -> Path:
    """A binary table as a CSV file."""
    path = tmp_path / "table.csv"
    make_table().to_csv(path, index=False)
    return path


def run(args: list[str], timeout: int = TIMEOUT) -> subprocess.CompletedProcess:
    """Run ``python args...`` with this tree on the path; its output as text."""
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=timeout, env=env
    )


def train_args(data: Path, out: Path, *options: str) -> list[str]:
    """The arguments of ``python -m logitnet train DATA --target label --out OUT options...``."""
    return ["-m", "logitnet", "train", str(data), "--target", "label", "--out", str(out), *options]


def run_train(data: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    """``python -m logitnet train DATA --target label --out OUT options...``."""
    return run(train_args(data, out, *options))


def one_and_two_processes(data: Path, folder: Path, *options: str) -> dict[int, dict]:
    """``train DATA options...`` on 1 and on 2 processes: by process count, the test metrics
    plus ``final_loss`` (the last epoch's training loss) and ``epochs`` (the epochs recorded)."""
    scores = {}
    for processes in (1, 2):
        out = folder / f"p{processes}"
        done = run_train(data, out, *options, "--processes", str(processes))
        assert done.returncode == 0, done.stderr
        scores[processes] = json.loads((out / "metrics.json").read_text())["metrics"]
        history = json.loads((out / "history.json").read_text())
        scores[processes]["final_loss"] = history[-1]["train_loss"]
        scores[processes]["epochs"] = [record["epoch"] for record in history]
    return scores


def launch_worker(processes: int, *args: str, restarts: int = 0) -> subprocess.CompletedProcess:
    """Launch ``_worker.py args...`` in ``processes`` workers through the elastic launcher."""
    return run([str(WORKER), "launch", str(processes), str(restarts), *args])


def parent_pid(pid: int) -> int:
    """The parent of process ``pid`` (from /proc; its name may hold spaces and parentheses)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


def find_worker(launcher: int, rank: int) -> int | None:
    """The pid of the worker of ``rank`` that ``launcher`` forked, or None (not yet, or gone).

    A forked worker keeps its launcher's command line and environment; it names itself
    ``logitnet-rank<R>`` (its /proc/PID/comm).
    """
    name = f"logitnet-rank{rank}"
    for entry in Path("/proc").iterdir():
        try:
            if (
                entry.name.isdigit()
                and parent_pid(int(entry.name)) == launcher
                and (entry / "comm").read_text().strip() == name
            ):
                return int(entry.name)
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
    return None


def final_model(folder: Path):
    """The estimator at the end of the pipeline saved in ``folder``."""
    import logitnet
    from logitnet._pipeline import final_estimator

    return final_estimator(logitnet.load(folder / "model.safetensors"))


@pytest.fixture(name="launch_worker")
def _launch_worker_fixture():
    """:func:`launch_worker`, for the tests."""
    return launch_worker


@pytest.fixture(name="run_train")
def _run_train_fixture():
    """:func:`run_train`, for the tests."""
    return run_train


@pytest.fixture(name="find_worker")
def _find_worker_fixture():
    """:func:`find_worker`, for the tests."""
    return find_worker


@pytest.fixture(name="final_model")
def _final_model_fixture():
    """:func:`final_model`, for the tests."""
    return final_model


@pytest.fixture
def multiclass_csv(tmp_path: Path) -> Path:
    """A table with three classes as a CSV file."""
    path = tmp_path / "three.csv"
    make_table(n_classes=3).to_csv(path, index=False)
    return path


@pytest.fixture(name="make_table")
def _make_table_fixture():
    """:func:`make_table`, for the tests."""
    return make_table


@pytest.fixture(name="run_python")
def _run_fixture():
    """:func:`run`, for the tests."""
    return run
