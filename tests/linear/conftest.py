"""ISLR's tables as R codes them: text columns against their first level, raw numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from ..distributed.conftest import (  # noqa: F401 - fixtures of the sharded fit's tests
    _final_model_fixture,
    _launch_worker_fixture,
    _make_table_fixture,
    _run_fixture,
    _run_train_fixture,
    multiclass_csv,
    table_csv,
)


def _indicator(column: pd.Series, level: str) -> pd.Series:
    """1.0 where ``column`` is ``level``: R's treatment coding of one level."""
    return (column == level).astype(float)


@pytest.fixture(scope="session")
def default_design(islp_data):
    """``default ~ student + balance + income`` on ISLR's Default: (X, y), R's column order."""
    df = pd.read_csv(islp_data / "Default.csv")
    X = pd.DataFrame(
        {
            "studentYes": _indicator(df["student"], "Yes"),
            "balance": df["balance"],
            "income": df["income"],
        }
    )
    return X, df["default"]


@pytest.fixture(scope="session")
def carseats(islp_data):
    """ISLR's Carseats, with the lab's ``High = Sales > 8`` as text."""
    df = pd.read_csv(islp_data / "Carseats.csv")
    return df.assign(High=(df["Sales"] > 8).map({True: "Yes", False: "No"}))


@pytest.fixture(scope="session")
def carseats_design(carseats):
    """``High ~ Price + Age + ShelveLoc + Urban + US``: (X, y), R's column order."""
    shelf = carseats["ShelveLoc"]
    X = pd.DataFrame(
        {
            "Price": carseats["Price"],
            "Age": carseats["Age"],
            "ShelveLoc[Good]": _indicator(shelf, "Good"),
            "ShelveLoc[Medium]": _indicator(shelf, "Medium"),
            "Urban[Yes]": _indicator(carseats["Urban"], "Yes"),
            "US[Yes]": _indicator(carseats["US"], "Yes"),
        }
    )
    return X, carseats["High"]
