"""Shared fixtures: a seeded run, and the lecture's Pokemon table from ../shared."""

from __future__ import annotations

import os
import random
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
POKEMON_CSV = ROOT.parent / "shared" / "data" / "pokemon.csv"


@pytest.fixture(autouse=True)
def _seeded() -> None:
    """Seed every random generator so each test is reproducible."""
    random.seed(0)
    np.random.seed(0)  # noqa: NPY002 - seeds the legacy global state that some libraries use
    try:
        import torch
    except ImportError:  # pragma: no cover
        return
    torch.manual_seed(0)


@pytest.fixture(scope="session")
def pokemon_path() -> Path:
    """Path to ../shared/data/pokemon.csv; skip where it is absent, fail on CI."""
    if not POKEMON_CSV.exists():
        msg = f"the lecture's Pokemon table is not at {POKEMON_CSV}"
        if os.environ.get("CI"):
            pytest.fail(f"{msg}; CI must have ../shared beside the clone")
        pytest.skip(msg)
    return POKEMON_CSV


@pytest.fixture(scope="session")
def islp_data() -> Path:
    """The folder of ISLR's tables (Default, Carseats, ...) in the installed ISLP package.

    ``make test`` installs ISLP (without its dependencies, see the Makefile); skip where it is
    absent, fail on CI.
    """
    import importlib.util

    spec = importlib.util.find_spec("ISLP")
    if spec is None or not spec.submodule_search_locations:
        msg = "the ISLP package (ISLR's tables) is not installed: pip install --no-deps ISLP"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return Path(next(iter(spec.submodule_search_locations))) / "data"
