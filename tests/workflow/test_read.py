"""Tests for reading tables: CSV and Parquet, whole or in chunks, with one clear error."""

from __future__ import annotations

import pandas as pd
import pytest

from logitnet.exceptions import DataError
from logitnet.workflow import iter_table, read_table
from logitnet.workflow._read import is_parquet


def test_csv_and_parquet_read_the_same_table(tmp_path, items):
    items.to_csv(tmp_path / "t.csv", index=False)
    items.to_parquet(tmp_path / "t.PQ", index=False)
    pd.testing.assert_frame_equal(read_table(tmp_path / "t.csv"), items)
    pd.testing.assert_frame_equal(read_table(tmp_path / "t.PQ"), items)


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_chunks_add_up_to_the_table(tmp_path, items, suffix):
    path = tmp_path / f"t.{suffix}"
    items.to_csv(path, index=False) if suffix == "csv" else items.to_parquet(path, index=False)
    chunks = list(iter_table(path, 25))
    assert [len(c) for c in chunks] == [25, 25, 10]
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), items)


def test_is_parquet():
    assert is_parquet("a.parquet") and is_parquet("b.Pq") and not is_parquet("c.csv")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("none.csv", None, r"none.csv: no such file$"),
        ("empty.csv", "", r"empty.csv: the file is empty$"),
        ("bad.parquet", "not parquet", r"bad.parquet: cannot read it as Parquet \("),
        ("bad.csv", 'a,b\n1,"2\n', r"bad.csv: cannot read it as CSV \("),
    ],
)
def test_unreadable_files_are_data_errors(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(DataError, match=message):
        read_table(path)


def test_a_folder_is_not_a_data_file(tmp_path):
    with pytest.raises(DataError, match="is a folder, not a data file"):
        read_table(tmp_path)
    with pytest.raises(DataError, match="is a folder, not a data file"):
        next(iter_table(tmp_path, 10))
