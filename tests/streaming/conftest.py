"""Small Parquet and CSV tables written into tmp_path for the streaming tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest


def make_frame(n: int = 1200, seed: int = 0) -> pd.DataFrame:
    """Four numeric features, a binary and a 3-class target, and a weight column."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4))
    noisy = X[:, 0] + 0.5 * X[:, 1] + rng.normal(size=n)
    frame = pd.DataFrame(X, columns=["p", "q", "r", "s"])
    frame["kind"] = np.array(["a", "b", "c"])[(noisy > 0).astype(int) + (X[:, 2] > 0.5)]
    frame["flag"] = X[:, 0] + rng.normal(size=n) > 0
    frame["w"] = rng.uniform(0.0, 2.0, size=n)
    return frame


def write_parquet(frame: pd.DataFrame, path: Path, row_group_size: int = 250) -> Path:
    """Write ``frame`` as one Parquet file with row groups of ``row_group_size`` rows."""
    pq.write_table(
        pa.Table.from_pandas(frame, preserve_index=False), path, row_group_size=row_group_size
    )
    return path


@pytest.fixture
def frame() -> pd.DataFrame:
    """The table the files hold."""
    return make_frame()


@pytest.fixture
def parquet_dir(tmp_path: Path, frame: pd.DataFrame) -> Path:
    """``frame`` split over three Parquet files (700, 300, 200 rows) in one folder."""
    folder = tmp_path / "parts"
    folder.mkdir()
    bounds = [0, 700, 1000, len(frame)]
    for i, (lo, hi) in enumerate(zip(bounds, bounds[1:], strict=False)):
        write_parquet(frame.iloc[lo:hi], folder / f"part-{i}.parquet")
    return folder


@pytest.fixture
def csv_file(tmp_path: Path, frame: pd.DataFrame) -> Path:
    """``frame`` as one CSV file."""
    path = tmp_path / "table.csv"
    frame.to_csv(path, index=False)
    return path
