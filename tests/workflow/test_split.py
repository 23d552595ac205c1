"""Tests for the stratified train/test split."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

from logitnet.exceptions import DataError
from logitnet.workflow import Split
from logitnet.workflow._split import split_table


def test_the_split_is_scikit_learn_s_stratified_split():
    X = pd.DataFrame({"x": np.arange(40.0)})
    y = pd.Series(["a"] * 30 + ["b"] * 10)
    split = split_table(X, y, test_size=0.25, seed=4)
    expected = train_test_split(X, y, test_size=0.25, random_state=4, stratify=y)
    assert isinstance(split, Split)
    for got, want in zip(
        (split.X_train, split.X_test, split.y_train, split.y_test), expected, strict=True
    ):
        assert got.index.equals(want.index)
    assert (split.n_train, split.n_test) == (30, 10)
    assert split.y_test.value_counts().to_dict() == {"a": 8, "b": 2}


def test_a_class_with_one_row_cannot_be_stratified():
    X, y = pd.DataFrame({"x": range(10)}), pd.Series(["a"] * 9 + ["b"])
    with pytest.raises(DataError, match="cannot make a stratified split with test_size=0.2: "):
        split_table(X, y, test_size=0.2, seed=0)
