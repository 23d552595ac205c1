"""``python -m logitnet`` behaves exactly as the ``logitnet`` command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _console_script() -> str:
    """The installed ``logitnet`` command."""
    beside_python = Path(sys.executable).parent / "logitnet"
    found = str(beside_python) if beside_python.exists() else shutil.which("logitnet")
    if found is None:
        pytest.fail("the logitnet command is not installed (pip install -e .)")
    return found


def _run(command: list[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``command``."""
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    ("args", "code"),
    [(["--version"], 0), (["--help"], 0), (["train", "--help"], 0), ([], 2), (["train"], 2)],
    ids=["version", "help", "train help", "no arguments", "usage error"],
)
def test_python_m_logitnet_is_the_logitnet_command(args, code):
    as_module = _run([sys.executable, "-m", "logitnet", *args])
    assert as_module == _run([_console_script(), *args])
    assert as_module[0] == code


def test_python_m_logitnet_names_itself_logitnet():
    code, stdout, stderr = _run([sys.executable, "-m", "logitnet", "train"])
    assert code == 2 and "Usage: logitnet train [OPTIONS]" in stderr and stdout == ""
