"""Tests of logitnet.datasets."""

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_blobs, make_circles

from logitnet import DataError
from logitnet.datasets import (
    balance_classes,
    load_pokemon,
    make_lecture_blobs,
    make_lecture_circles,
)

TINY_CSV = "name,attack,legendary\rBulbasaur,49,0\rMew,100,1\rPikachu,55,0\r"


@pytest.fixture
def tiny_csv(tmp_path):
    """A three-row table written like the lecture's file: UTF-8 BOM, CR-only line endings."""
    path = tmp_path / "tiny.csv"
    path.write_bytes(b"\xef\xbb\xbf" + TINY_CSV.encode())
    return path


def test_load_pokemon_handles_bom_and_carriage_returns(tiny_csv):
    df = load_pokemon(tiny_csv)
    assert df.index.name == "name"
    assert df.index.tolist() == ["Bulbasaur", "Mew", "Pikachu"]
    assert df.columns.tolist() == ["attack", "legendary"]
    assert df.loc["Mew", "attack"] == 100


def test_load_pokemon_keeps_the_columns_asked_for_in_order(tiny_csv):
    assert load_pokemon(tiny_csv, ["legendary", "attack"]).columns.tolist() == [
        "legendary",
        "attack",
    ]


def test_load_pokemon_names_a_missing_file(tmp_path):
    missing = tmp_path / "nope.csv"
    with pytest.raises(FileNotFoundError, match=r"nope\.csv.*no such file"):
        load_pokemon(missing)


def test_load_pokemon_names_an_unknown_column(tiny_csv):
    with pytest.raises(
        DataError, match=r"Column 'atack' is not in tiny.csv.*Did you mean 'attack'"
    ):
        load_pokemon(tiny_csv, ["atack"])


def test_load_pokemon_reads_the_lecture_table(pokemon_path):
    df = load_pokemon(pokemon_path)
    assert df.shape == (801, 11) and df.index.name == "name"
    assert df["legendary"].sum() == 70
    assert df.loc["Bulbasaur", "defense"] == 49


def test_balance_classes_reproduces_the_lecture_sample(pokemon_path):
    df = load_pokemon(pokemon_path, ["attack", "defense", "speed", "legendary"])
    sample = balance_classes(df, "legendary", random_state=123)
    assert len(sample) == 140
    assert sample.index[:5].tolist() == ["Roggenrola", "Gible", "Gastly", "Minun", "Marill"]
    assert sample["legendary"].tolist() == [0] * 70 + [1] * 70
    assert sample.loc["Roggenrola"].tolist() == [75, 85, 15, 0]


def test_balance_classes_puts_larger_classes_first_in_sorted_order():
    df = pd.DataFrame({"y": ["b"] * 5 + ["c"] * 2 + ["a"] * 4}, index=range(100, 111))
    sample = balance_classes(df, "y", random_state=0)
    assert sample["y"].tolist() == ["a", "a", "b", "b", "c", "c"]
    assert set(sample.index[:2]) <= set(range(107, 111))  # rows drawn from class "a"
    assert sample.index[-2:].tolist() == [105, 106]  # the smallest class, as it is


def test_balance_classes_is_reproducible_and_matches_dataframe_sample():
    df = pd.DataFrame({"y": [0] * 10 + [1] * 3})
    first = balance_classes(df, "y", random_state=7)
    np.testing.assert_array_equal(first.index, balance_classes(df, "y", random_state=7).index)
    expected = df[df["y"] == 0].sample(3, random_state=7).index
    np.testing.assert_array_equal(first.index[:3], expected)


def test_balance_classes_names_an_unknown_target():
    with pytest.raises(DataError, match="Column 'legendry' is not in the DataFrame"):
        balance_classes(pd.DataFrame({"legendary": [0, 1]}), "legendry")


def test_balance_classes_needs_two_classes():
    with pytest.raises(ValueError, match="must hold at least 2 classes. Got 1"):
        balance_classes(pd.DataFrame({"y": [1, 1]}), "y")


def test_lecture_circles_are_sklearns_make_circles():
    X, y = make_lecture_circles()
    X_ref, y_ref = make_circles(n_samples=300, factor=0.5, noise=0.1, random_state=2020)
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(y, y_ref)


def test_lecture_blobs_are_the_lectures_make_blobs():
    X, y = make_lecture_blobs()
    X_ref, y_ref = make_blobs(
        n_samples=200,
        centers=4,
        center_box=(-1.2, 1.2),
        cluster_std=[0.15, 0.15, 0.15, 0.15],
        random_state=12345,
    )
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(y, y_ref)
    assert X.shape == (200, 2) and set(y) == {0, 1, 2, 3}
