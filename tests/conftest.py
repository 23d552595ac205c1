"""Shared fixtures: a seeded run, the Pokemon table from ../shared, one test of a kind at a time."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

# Under pytest-xdist there is one worker per core: each keeps to one thread (OpenMP, BLAS), as
# torchrun's workers do. Two workers that each start a thread per core would contend for the
# cores, and torch's small steps then wait for one another's spinning threads (a 20-seed
# lecture run took 12 s in the suite against 2 s alone). Set before NumPy and torch load.
if "PYTEST_XDIST_WORKER" in os.environ:
    for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_name, "1")

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
POKEMON_CSV = ROOT.parent / "shared" / "data" / "pokemon.csv"


# Under pytest-xdist (`make test`: `--dist worksteal`) an idle worker takes tests from a busy
# one. Two browser tests never run at once: their pages wait for training frames. (xdist_group
# marks would say so, but pytest-xdist 3.8 drops them under pytest 9.2: pytest-dev/pytest-xdist
# #1386.) Distributed tests may overlap: their workers keep to one thread each, and a job
# waiting for its peers leaves a core to the other xdist worker; one at a time, the suite of
# session 7 took 3 min 27 s against 3 min 04 s for the same tests.
ONE_AT_A_TIME = ("browser",)


@pytest.fixture(autouse=True)
def _one_at_a_time(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[None]:
    """Under xdist, hold the run's lock of the test's kind (see above) while the test runs."""
    kind = next((k for k in ONE_AT_A_TIME if request.node.get_closest_marker(k)), None)
    if kind is None or "PYTEST_XDIST_WORKER" not in os.environ:
        yield
        return
    import fcntl  # POSIX; the distributed and browser tests run on Linux

    lock = tmp_path_factory.getbasetemp().parent / f"{kind}.lock"  # shared by the run's workers
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield  # closing the file releases the lock


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
