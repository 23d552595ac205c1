"""Run ``examples/build_notebook.py`` as ``make notebook`` does: a subprocess on this Python."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BUILD_TIMEOUT_S = 900  # a cold kernel, torch and two small networks on a busy 2-core machine


def _build(*args: str) -> subprocess.CompletedProcess:
    """Run the notebook builder with ``args``; return the finished process."""
    command = [sys.executable, str(EXAMPLES / "build_notebook.py"), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)


@pytest.fixture(scope="session")
def build_notebook() -> Callable[..., subprocess.CompletedProcess]:
    """``build_notebook(*args)`` runs ``examples/build_notebook.py`` with ``args``."""
    return _build


@pytest.fixture(scope="session")
def builder_module() -> ModuleType:
    """``examples/build_notebook.py`` imported as a module, for its functions."""
    spec = importlib.util.spec_from_file_location("build_notebook", EXAMPLES / "build_notebook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
