"""examples/distributed_fit.py: under torchrun, fit(scan) shards by rank and trains the model of one
process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.distributed

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _run(script: str, *args: str) -> str:
    """Run an example script and return what it printed."""
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_distributed_fit_under_torchrun_prints_the_model_of_one_process(tmp_path):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    X = rng.normal(size=(90, 3))
    label = np.where(X @ [1.0, -1.0, 0.5] + rng.normal(size=90) > 0, "yes", "no")
    data = tmp_path / "rows.csv"
    pd.DataFrame({"a": X[:, 0], "b": X[:, 1], "c": X[:, 2], "label": label}).to_csv(
        data, index=False
    )
    alone = _run("distributed_fit.py", str(data), "label")
    torchrun = subprocess.run(
        [
            sys.executable,
            "-m",
            "torch.distributed.run",
            "--standalone",
            "--nproc-per-node",
            "2",
            str(EXAMPLES / "distributed_fit.py"),
            str(data),
            "label",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert torchrun.returncode == 0, torchrun.stderr
    assert "rank 0 of 1: trained on 90 rows" in alone
    assert "rank 1 of 2: trained on 45 rows" in torchrun.stdout
    coef = [line for line in alone.splitlines() if line.startswith(("coef", "accuracy"))]
    assert coef == [
        line for line in torchrun.stdout.splitlines() if line.startswith(("coef", "accuracy"))
    ]
