"""``logitnet.scan``: columns, classes from a first pass, split and shards, batches."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import logitnet
from logitnet.exceptions import DataError
from logitnet.streaming import Scan, scan

from .conftest import write_parquet


def test_scan_is_exported_and_reads_nothing_but_footers(parquet_dir):
    data = logitnet.scan(parquet_dir, target="kind", weight="w")
    assert isinstance(data, Scan)
    assert data.features == ("p", "q", "r", "s", "flag")
    assert data.columns == ["p", "q", "r", "s", "flag", "kind", "w"]
    assert data.n_rows == 1200


def test_batches_hold_the_rows_in_order_with_at_most_batch_rows(parquet_dir, frame):
    data = scan(parquet_dir, target="kind", features=["p", "s"], weight="w", batch_rows=100)
    batches = list(data.batches())
    assert max(len(b.y) for b in batches) == 100
    np.testing.assert_array_equal(np.vstack([b.X for b in batches]), frame[["p", "s"]])
    np.testing.assert_array_equal(np.concatenate([b.y for b in batches]), frame["kind"])
    np.testing.assert_array_equal(np.concatenate([b.w for b in batches]), frame["w"])


def test_feature_matrices_are_column_major_float64(parquet_dir, frame):
    batch = next(scan(parquet_dir, target="kind", features=["p", "q", "s"]).batches())
    assert batch.X.dtype == np.float64 and batch.X.flags.f_contiguous
    expected = frame[["p", "q", "s"]].to_numpy(float)[: len(batch.X)]
    np.testing.assert_array_equal(batch.X, expected)


def test_csv_batches_match_the_table(csv_file, frame):
    data = scan(csv_file, target="flag", features=["q"], batch_rows=512)
    np.testing.assert_allclose(np.vstack([b.X for b in data.batches()])[:, 0], frame["q"])


def test_class_totals_come_from_one_pass(parquet_dir, frame):
    classes, counts, totals = scan(parquet_dir, target="kind", weight="w").class_totals()
    assert classes.tolist() == ["a", "b", "c"]
    assert counts.tolist() == frame["kind"].value_counts().sort_index().tolist()
    np.testing.assert_allclose(totals, frame.groupby("kind")["w"].sum().to_numpy())


def test_a_target_with_one_class_is_an_error(tmp_path, frame):
    path = write_parquet(frame.assign(kind="a"), tmp_path / "one.parquet")
    with pytest.raises(
        DataError, match=r"one\.parquet: the target 'kind' has a single class \('a'\)"
    ):
        scan(path, target="kind").class_totals()


def test_a_missing_label_names_the_row_group(tmp_path, frame):
    frame = frame.astype({"kind": object})
    frame.loc[600, "kind"] = None
    path = write_parquet(frame, tmp_path / "gap.parquet")
    with pytest.raises(
        DataError, match=r"gap\.parquet, row group 2: the target 'kind' has 1 missing"
    ):
        scan(path, target="kind").class_totals()


def test_a_missing_feature_value_names_the_row_group(tmp_path, frame):
    frame.loc[300, "q"] = np.nan
    path = write_parquet(frame, tmp_path / "gap.parquet")
    with pytest.raises(DataError, match=r"row group 1: column 'q' has 1 missing values"):
        list(scan(path, target="kind").batches())


def test_text_features_need_the_cli_preprocessing(parquet_dir):
    with pytest.raises(DataError, match="column 'kind' is (large_)?string, not numbers"):
        list(scan(parquet_dir, target="flag").batches())


def test_unknown_columns_are_named_with_a_suggestion(parquet_dir):
    with pytest.raises(DataError, match="has no column 'knd'. Did you mean 'kind'?"):
        scan(parquet_dir, target="knd")
    with pytest.raises(DataError, match="cannot also be a feature"):
        scan(parquet_dir, target="kind", features=["p", "kind"])


def test_split_parts_are_disjoint_and_cover_the_rows(parquet_dir):
    train, test = scan(parquet_dir, target="kind", features=["p"]).split(0.25, seed=4)
    rows = {part: np.concatenate([b.X[:, 0] for b in part.batches()]) for part in (train, test)}
    assert len(rows[train]) + len(rows[test]) == 1200 == train.n_rows + test.n_rows
    assert not set(rows[train]) & set(rows[test])
    assert abs(test.n_rows / 1200 - 0.25) < 0.04


def test_the_split_is_the_same_for_any_number_of_shards(parquet_dir):
    data = scan(parquet_dir, target="kind", features=["p"], batch_rows=64)
    whole = np.concatenate([b.X[:, 0] for b in data.split(0.3, 1)[1].batches()])
    for world in (2, 3):
        pieces = [
            np.concatenate([b.X[:, 0] for b in data.shard(rank, world).split(0.3, 1)[1].batches()])
            for rank in range(world)
        ]
        assert sorted(np.concatenate(pieces)) == sorted(whole)


def test_even_chunks_are_shared_out_every_world_th(tmp_path, frame):
    data = scan(write_parquet(frame, tmp_path / "t.parquet", row_group_size=150), target="kind")
    mine = data.shard(1, 4)
    assert [c.start for c in mine.chunks] == [150, 750] and mine.share is None
    assert mine.n_rows == 300 and mine.sharded
    with pytest.raises(ValueError, match="`rank` must be below world=2"):
        data.shard(2, 2)
    with pytest.raises(ValueError, match="already one process's share"):
        mine.shard(0, 2)


def test_uneven_chunks_are_shared_by_a_slice_of_the_table_reading_only_its_chunks(parquet_dir):
    # chunks of 250, 250, 200, 250, 50 and 200 rows: every 4th chunk would give 300, 450,
    # 200 and 250 rows, so each process keeps a quarter of the table's 1200 rows instead
    data = scan(parquet_dir, target="kind", features=["p"], batch_rows=64)
    shares = [data.shard(rank, 4) for rank in range(4)]
    assert [s.share for s in shares] == [(r, 4) for r in range(4)]
    assert [s.n_rows for s in shares] == [300, 300, 300, 300]
    # rows 0-299, 300-599, 600-899 and 900-1199: each reads only the chunks they lie in
    assert [[c.start for c in s.chunks] for s in shares] == [
        [0, 250],
        [250, 500],
        [500, 700],
        [700, 950, 1000],
    ]
    rows = [np.concatenate([b.X[:, 0] for b in s.batches()]) for s in shares]
    assert [len(r) for r in rows] == [s.n_rows for s in shares]
    every = np.concatenate([b.X[:, 0] for b in data.batches()])
    np.testing.assert_array_equal(np.sort(np.concatenate(rows)), np.sort(every))


def test_a_single_chunk_is_shared_by_slices(tmp_path, frame):
    data = scan(write_parquet(frame, tmp_path / "t.parquet", row_group_size=5000), target="kind")
    assert [data.shard(r, 2).n_rows for r in range(2)] == [600, 600]


def test_a_part_splits_again_with_another_seed(parquet_dir):
    train, test = scan(parquet_dir, target="kind").split(0.2, seed=1)
    fit, valid = train.split(0.25, seed=2)
    assert fit.n_rows + valid.n_rows == train.n_rows
    assert fit.n_rows + valid.n_rows + test.n_rows == 1200
    with pytest.raises(ValueError, match="already split with test_size=0.2 and seed=1"):
        train.split(0.2, seed=1)


def test_a_transform_turns_each_batch_into_features(parquet_dir, frame):
    data = scan(parquet_dir, target="kind", features=["p", "flag"]).with_transform(
        lambda df: np.column_stack([df["p"] * 2, df["flag"].astype(float)])
    )
    assert data.n_features == 2
    X = np.vstack([b.X for b in data.batches()])
    np.testing.assert_allclose(X[:, 0], frame["p"] * 2)


def test_to_pandas_reads_the_columns(parquet_dir, frame):
    df = scan(parquet_dir, target="kind", features=["p"]).to_pandas()
    pd.testing.assert_frame_equal(
        df, frame[["p", "kind"]].reset_index(drop=True), check_dtype=False
    )
