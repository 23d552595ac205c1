"""Fixtures of the workflow tests: a small table with text, numbers, an id and a string target."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ..distributed.conftest import (  # noqa: F401 - fixtures of the tests on two ranks
    _final_model_fixture,
    _launch_worker_fixture,
    _make_table_fixture,
    _run_train_fixture,
)
from ..streaming.conftest import frame  # noqa: F401 - the streamed tests' table, a fixture


def make_items(n: int = 60, seed: int = 0) -> pd.DataFrame:
    """An id, two numeric columns, a colour and a ``yes``/``no`` target that depends on them."""
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=n), rng.normal(size=n)
    colour = rng.choice(["red", "green", "blue"], size=n)
    score = 2 * x1 - x2 + (colour == "red") + rng.normal(scale=0.5, size=n)
    return pd.DataFrame(
        {
            "id": np.arange(1000, 1000 + n),
            "x1": x1.round(3),
            "x2": x2.round(3),
            "colour": colour,
            "label": np.where(score > 0, "yes", "no"),
        }
    )


@pytest.fixture
def items() -> pd.DataFrame:
    """A fresh copy of the table."""
    return make_items()


@pytest.fixture
def items_csv(tmp_path, items):
    """The table as a CSV file."""
    path = tmp_path / "items.csv"
    items.to_csv(path, index=False)
    return path
