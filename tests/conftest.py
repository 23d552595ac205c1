"""Shared fixtures (a seeded run, the Pokemon table from ../shared) and the xdist groups."""

from __future__ import annotations

import os
import random
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
POKEMON_CSV = ROOT.parent / "shared" / "data" / "pokemon.csv"


# Under pytest-xdist (`make test`), the tests of each of these kinds run one after another in one
# worker: a distributed test starts two or more processes of its own, and two such jobs at once
# would overload a 2-core machine; the browser tests share one Chromium and one playground server.
SERIAL_KINDS = ("distributed", "browser")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put each distributed test in xdist group "distributed", each browser test in "browser"."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        kind = next((k for k in SERIAL_KINDS if item.get_closest_marker(k)), None)
        if kind is not None:
            item.add_marker(pytest.mark.xdist_group(kind))


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
