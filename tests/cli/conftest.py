"""Shared pieces of the CLI tests: a small generated table and the installed command."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest


@pytest.fixture(scope="session")
def logitnet_command() -> str:
    """Path of the installed ``logitnet`` console script."""
    beside_python = Path(sys.executable).parent / "logitnet"
    found = str(beside_python) if beside_python.exists() else shutil.which("logitnet")
    if found is None:
        pytest.fail("the logitnet command is not installed (pip install -e .)")
    return found


def make_table(n: int = 60, seed: int = 0) -> pd.DataFrame:
    """A table with an id, a name, two numeric columns, a colour and a string target."""
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=n), rng.normal(size=n)
    colour = rng.choice(["red", "green", "blue"], size=n)
    score = 2 * x1 - x2 + (colour == "red") + rng.normal(scale=0.5, size=n)
    return pd.DataFrame(
        {
            "id": np.arange(1000, 1000 + n),
            "name": [f"item{i}" for i in range(n)],
            "x1": x1.round(3),
            "x2": x2.round(3),
            "colour": colour,
            "label": np.where(score > 0, "yes", "no"),
        }
    )


@pytest.fixture(scope="session")
def table_maker():
    """The function that generates test tables, for module-scoped fixtures."""
    return make_table


@pytest.fixture
def table() -> pd.DataFrame:
    """A fresh copy of the generated table."""
    return make_table()
