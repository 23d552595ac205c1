"""Failures and restarts of real workers under torch's elastic launcher (2 processes, gloo)."""

import pytest

pytestmark = pytest.mark.distributed


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
