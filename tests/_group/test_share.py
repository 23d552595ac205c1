"""``fit`` on a ``logitnet.scan`` inside a process group: each rank reads its own share."""

import json

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import logitnet
from logitnet._group import in_group, share_of


def write_folder(frame, folder, sizes=(700, 500, 250), row_group_size=250):
    """``frame`` over Parquet files of ``sizes`` rows, in row groups of ``row_group_size``."""
    folder.mkdir()
    start = 0
    for i, size in enumerate(sizes):
        part = pa.Table.from_pandas(frame.iloc[start : start + size], preserve_index=False)
        pq.write_table(part, folder / f"part-{i}.parquet", row_group_size=row_group_size)
        start += size
    return folder


@pytest.fixture
def folder(tmp_path, make_table):
    frame = make_table(n=1450, n_classes=3, seed=2)
    frame["flag"] = frame["a"] + frame["c"] > 0
    return write_folder(frame, tmp_path / "parts")


def test_outside_a_group_a_scan_is_its_own_share(folder):
    data = logitnet.scan(folder, target="label")
    assert not in_group() and share_of(data) is data


@pytest.mark.distributed
def test_two_ranks_read_their_own_shares_and_fit_the_model_of_one(folder, tmp_path, launch_worker):
    out = tmp_path / "found"
    out.mkdir()
    done = launch_worker(2, "scan", str(folder), str(out))
    assert done.returncode == 0, done.stderr
    ranks = [json.loads((out / f"rank{r}.json").read_text()) for r in range(2)]
    # 6 row groups (250, 250, 200 | 250, 250 | 250): every other one gives 700 and 750 rows
    assert [found["share_rows"] for found in ranks] == [700, 750]
    for target in ("flag", "label"):
        data = logitnet.scan(folder, target=target, features=list("abcd"), batch_rows=64)
        one = logitnet.LogisticRegression(alpha=1e-3).fit(data)
        for found in ranks:
            assert np.abs(np.array(found[target][0]) - one.coef_).max() <= 1e-6
            assert np.abs(np.array(found[target][1]) - one.intercept_).max() <= 1e-6
    # batches of 32 rows on each rank: 22 of rank 0's 700 rows, 24 of rank 1's 750; both take
    # 22 steps an epoch, so neither waits for the other
    assert [found["steps"] for found in ranks] == [44, 44]
    assert ranks[0]["loss"] == ranks[1]["loss"]  # the mean over the ranks, on each
    assert ranks[0]["sharded"] == (
        "fit(scan) inside a process group shards the scan by rank itself; pass the whole "
        "scan, not scan.shard(...)."
    )
