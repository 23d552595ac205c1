"""Which files a path names, their chunks, and one clear line for each bad file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from logitnet.exceptions import DataError
from logitnet.streaming import scan
from logitnet.streaming._sources import resolve_paths

from .conftest import write_parquet


def test_a_folder_is_its_parquet_files_in_sorted_order(parquet_dir):
    files, fmt = resolve_paths(parquet_dir)
    assert fmt == "parquet"
    assert [f.name for f in files] == ["part-0.parquet", "part-1.parquet", "part-2.parquet"]


def test_a_glob_picks_the_matching_files(parquet_dir):
    files, _ = resolve_paths(parquet_dir / "part-[12].parquet")
    assert [f.name for f in files] == ["part-1.parquet", "part-2.parquet"]


def test_chunks_are_row_groups_with_global_positions(parquet_dir):
    chunks = scan(parquet_dir, target="kind").chunks
    assert [(c.path.name, c.index, c.start, c.rows) for c in chunks] == [
        ("part-0.parquet", 0, 0, 250),
        ("part-0.parquet", 1, 250, 250),
        ("part-0.parquet", 2, 500, 200),
        ("part-1.parquet", 0, 700, 250),
        ("part-1.parquet", 1, 950, 50),
        ("part-2.parquet", 0, 1000, 200),
    ]


def test_csv_chunks_are_blocks_found_by_one_pass(csv_file, monkeypatch):
    monkeypatch.setattr("logitnet.streaming._sources.CSV_BLOCK_BYTES", 20_000)
    chunks = scan(csv_file, target="kind").chunks
    assert len(chunks) > 3
    assert sum(c.rows for c in chunks) == 1200
    assert [c.start for c in chunks[1:]] == list(np.cumsum([c.rows for c in chunks[:-1]]))


@pytest.mark.parametrize(
    ("name", "message"),
    [("nowhere", "no such file or folder"), ("*.nothing", "no file matches this pattern")],
)
def test_a_path_that_names_nothing(tmp_path, name, message):
    with pytest.raises(DataError, match=message):
        scan(tmp_path / name, target="y")


def test_a_folder_without_parquet_files(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(DataError, match="the folder holds no Parquet file"):
        scan(tmp_path, target="y")


def test_a_later_file_without_a_column_is_named(parquet_dir, frame):
    write_parquet(frame.drop(columns="q").iloc[:10], parquet_dir / "part-3.parquet")
    with pytest.raises(DataError, match=r"part-3\.parquet: has no column 'q', which the first"):
        scan(parquet_dir, target="kind")


def test_a_later_file_with_another_type_is_named(parquet_dir, frame):
    write_parquet(frame.assign(r=frame["r"].astype(str)).iloc[:10], parquet_dir / "part-3.parquet")
    with pytest.raises(
        DataError,
        match=r"part-3\.parquet: column 'r' is (large_)?string, but double in the first file",
    ):
        scan(parquet_dir, target="kind")


def test_string_and_large_string_are_the_same_type(parquet_dir):
    table = pa.table({k: [1.0] for k in "pqrs"} | {"kind": pa.array(["a"], pa.string())})
    pq.write_table(table, parquet_dir / "part-3.parquet")
    assert scan(parquet_dir, target="kind", features=list("pqrs")).n_rows == 1201


def test_an_empty_file_is_named(parquet_dir):
    (parquet_dir / "part-3.parquet").write_bytes(b"")
    with pytest.raises(DataError, match=r"part-3\.parquet: not a readable Parquet file"):
        scan(parquet_dir, target="kind")


def test_a_file_with_no_rows_is_named(parquet_dir, frame):
    write_parquet(frame.iloc[:0], parquet_dir / "part-3.parquet")
    with pytest.raises(DataError, match=r"part-3\.parquet: the Parquet file has no rows"):
        scan(parquet_dir, target="kind")


def test_a_file_that_is_not_parquet_is_named(parquet_dir):
    (parquet_dir / "part-3.parquet").write_bytes(b"this is not parquet at all" * 10)
    with pytest.raises(DataError, match=r"part-3\.parquet: not a readable Parquet file \("):
        scan(parquet_dir, target="kind")


def test_a_corrupt_row_group_is_named_when_read(tmp_path):
    path = tmp_path / "corrupt.parquet"
    table = pa.table({"a": np.arange(1000.0), "y": np.arange(1000) % 2})
    pq.write_table(table, path, row_group_size=500)
    column = pq.ParquetFile(path).metadata.row_group(1).column(0)
    data = bytearray(path.read_bytes())
    offset = column.dictionary_page_offset or column.data_page_offset
    data[offset : offset + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    with pytest.raises(DataError, match=r"corrupt\.parquet, row group 1: cannot be read \("):
        list(scan(path, target="y").batches())


def test_a_csv_block_that_does_not_parse_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr("logitnet.streaming._sources.CSV_BLOCK_BYTES", 1 << 10)
    path = tmp_path / "late.csv"
    frame = pd.DataFrame({"a": np.arange(2000), "y": np.arange(2000) % 2})
    frame.to_csv(path, index=False)
    path.write_text(path.read_text() + "oops,1\n")
    with pytest.raises(DataError, match=r"late\.csv, block \d+: cannot be read \("):
        scan(path, target="y").class_totals()


def test_csv_and_parquet_do_not_mix(parquet_dir, frame):
    frame.to_csv(parquet_dir / "extra.csv", index=False)
    with pytest.raises(DataError, match="a scan reads Parquet files, or one CSV file"):
        scan(parquet_dir / "*", target="kind")


def test_a_pass_leaves_nothing_in_the_arrow_pool(tmp_path, frame):
    path = write_parquet(pd.concat([frame] * 4, ignore_index=True), tmp_path / "long.parquet")
    data = scan(path, target="kind", batch_rows=100)
    before = pa.total_allocated_bytes()
    rows = sum(len(batch.X) for batch in data.batches())
    assert rows == 4 * len(frame)
    assert pa.total_allocated_bytes() == before
