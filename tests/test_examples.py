"""The example scripts run and print the lecture's figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _run(script: str, *args: str) -> str:
    """Run an example script and return what it printed."""
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_lecture_logistic_prints_the_lectures_weights(pokemon_path):
    out = _run("lecture_logistic.py", str(pokemon_path))
    assert "0.7142857142857143" in out
    assert "[0.05153269 1.34147091]" in out
    assert "[-0.23259512  1.33705304  0.52029373  1.36780376]" in out


def test_lecture_neural_prints_the_lectures_classes():
    out = _run("lecture_neural.py")
    assert "epoch: 20, loss:" in out and "epoch: 10, loss:" in out
    assert "classes: [1, 3]" in out
