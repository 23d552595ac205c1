"""Failures and restarts of real workers under torch's elastic launcher (2 processes, gloo)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import train_args

pytestmark = pytest.mark.distributed

GUARD = 240  # seconds: a hang fails the test, it never blocks the suite


@pytest.fixture
def kept_out(tmp_path):
    """An --out folder that already holds a file, to check that a failed job leaves it."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    return out


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def test_an_exception_in_one_rank_ends_the_job_with_one_line_naming_it(
    table_csv, kept_out, launch_worker
):
    done = launch_worker(2, "train", str(table_csv), str(kept_out), "mlp", "raise")
    assert done.returncode == 1
    assert _error_lines(done.stderr) == ["error: rank 1 failed: RuntimeError: a fault on purpose"]
    assert [p.name for p in kept_out.iterdir()] == ["keep.txt"]


def test_a_rank_killed_with_sigkill_ends_the_job_and_leaves_out_as_it_was(
    table_csv, kept_out, launch_worker
):
    done = launch_worker(2, "train", str(table_csv), str(kept_out), "mlp", "kill")
    assert done.returncode == 1
    assert _error_lines(done.stderr) == ["error: rank 1 failed: killed by SIGKILL (exit code -9)"]
    assert [p.name for p in kept_out.iterdir()] == ["keep.txt"]


@pytest.mark.distributed
def test_a_rank_killed_after_rank_0_wrote_out_leaves_the_restarted_job_its_own_folder(
    table_csv, tmp_path, launch_worker
):
    out = tmp_path / "out"  # not there when the job starts, and no force
    done = launch_worker(
        2, "train", str(table_csv), str(out), "logistic", "after-write", restarts=1
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "history.json",
        "metrics.json",
        "model.safetensors",
        "report.html",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "table.csv"]  # no checkpoint


@pytest.mark.distributed
def test_without_a_restart_left_a_rank_killed_after_the_write_fails_the_job(
    table_csv, tmp_path, launch_worker
):
    out = tmp_path / "out"
    done = launch_worker(2, "train", str(table_csv), str(out), "logistic", "after-write")
    assert done.returncode == 1
    assert _error_lines(done.stderr) == ["error: rank 1 failed: killed by SIGKILL (exit code -9)"]
    assert (out / "metrics.json").exists()  # rank 0's folder stays whole


def test_the_workers_are_forked_from_the_launcher_not_started_afresh(
    tmp_path, table_csv, find_worker
):
    """``--processes 2`` forks its workers from the process that imported torch: each is a
    child of the launcher that kept its command line and its environment (a new program,
    started by exec, would get the environment the launcher gave it, with RANK in it)."""
    job = _train(table_csv, tmp_path / "out")
    workers = {rank: _process_of(pid) for rank, pid in _workers(job, find_worker).items()}
    launcher = _process_of(job.pid)  # alive while its workers are
    _, stderr = job.communicate(timeout=GUARD)
    assert job.returncode == 0, stderr
    assert workers[0] == workers[1] == launcher
    assert not any(entry.startswith(b"RANK=") for entry in launcher[0].split(b"\0"))


@pytest.mark.parametrize("after", [0.0, 3.0], ids=["while-joining", "while-training"])
def test_ctrl_c_stops_the_workers_and_says_interrupted(tmp_path, table_csv, find_worker, after):
    """SIGINT to the job's process group (what Ctrl-C sends) ends every worker, whether they
    are still joining their group or training; the launcher exits with 130 and says so in
    one line, and --out is not written."""
    out = tmp_path / "out"
    job = _train(table_csv, out, epochs=2000)
    pids = _workers(job, find_worker)
    time.sleep(after)
    os.killpg(job.pid, signal.SIGINT)
    _, stderr = job.communicate(timeout=GUARD)
    assert job.returncode == 130, stderr
    assert stderr.decode().splitlines()[-1] == "logitnet: error: interrupted"
    assert not any(Path(f"/proc/{pid}").exists() for pid in pids.values())
    assert not out.exists()


def _train(data: Path, out: Path, epochs: int = 30) -> subprocess.Popen:
    """``logitnet train DATA --processes 2`` of a small network, started in a session of its
    own (a process group, as a terminal's)."""
    command = [
        sys.executable,
        *train_args(data, out, "--processes", "2", "--model", "mlp", "--epochs", str(epochs)),
    ]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
    )


def _workers(job: subprocess.Popen, find_worker) -> dict[int, int]:
    """The pids of ``job``'s workers of rank 0 and 1, once both run."""
    workers: dict[int, int] = {}
    deadline = time.monotonic() + GUARD
    while len(workers) < 2 and job.poll() is None and time.monotonic() < deadline:
        for rank in {0, 1} - set(workers):
            pid = find_worker(job.pid, rank)
            if pid:
                workers[rank] = pid
        time.sleep(0.005)
    assert sorted(workers) == [0, 1], f"workers found: {workers} (exit code {job.poll()})"
    return workers


def _process_of(pid: int) -> list[bytes]:
    """The environment and the command line that process ``pid`` started with."""
    return [Path(f"/proc/{pid}/{name}").read_bytes() for name in ("environ", "cmdline")]
