"""Tests for reading and preparing the table a TrainConfig names."""

from __future__ import annotations

import pytest

from logitnet.datasets import balance_classes
from logitnet.exceptions import DataError
from logitnet.workflow import TrainConfig
from logitnet.workflow._prepare import load_table, split_names


def test_split_names_accepts_repeats_and_commas():
    assert split_names(["a,b", " c ", "d,"]) == ["a", "b", "c", "d"]
    assert split_names(None) is None


def test_features_and_drop_choose_the_columns(items_csv):
    assert load_table(TrainConfig(items_csv, "label", features=["x1,colour"])).plan.features == [
        "x1",
        "colour",
    ]
    table = load_table(TrainConfig(items_csv, "label", drop=["colour", "x2"]))
    assert table.plan.features == ["x1"]


def test_balance_is_the_lecture_s_undersampling(items_csv, items):
    table = load_table(TrainConfig(items_csv, "label", balance=True, seed=7))
    expected = balance_classes(items, "label", random_state=7)
    assert list(table.y.index) == list(expected.index)
    assert table.notes[-1] == f"balanced the classes: 60 -> {len(expected)} rows"


def test_an_unknown_target_is_named(items_csv):
    with pytest.raises(DataError, match="lable"):
        load_table(TrainConfig(items_csv, "lable"))
