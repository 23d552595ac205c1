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
