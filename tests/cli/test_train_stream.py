"""``logitnet train`` on streamed tables: one line per bad input, and nothing written."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from logitnet.cli import app

from ..streaming.conftest import make_frame, write_parquet

runner = CliRunner()


@pytest.fixture
def folder(tmp_path):
    frame = make_frame(600, seed=6)
    path = tmp_path / "data"
    path.mkdir()
    write_parquet(frame.iloc[:400], path / "a.parquet", 200)
    write_parquet(frame.iloc[400:], path / "b.parquet", 200)
    return path, frame


def _train(data, out, *args):
    return runner.invoke(app, ["train", str(data), "-t", "kind", "--out", str(out), *args])


@pytest.mark.slow
def test_train_streams_a_folder_and_evaluate_and_predict_read_it(folder, tmp_path):
    path, _ = folder
    out = tmp_path / "run"
    result = _train(path, out, "--drop", "w")
    assert result.exit_code == 0, result.stderr
    assert "streaming 600 rows" in result.stderr
    model = str(out / "model.safetensors")
    scored = runner.invoke(app, ["evaluate", model, str(path / "*.parquet"), "-t", "kind"])
    assert scored.exit_code == 0 and "Metrics on" in scored.stdout
    predicted = runner.invoke(app, ["predict", model, str(path)])
    assert predicted.exit_code == 0
    assert len(predicted.stdout.strip().splitlines()) == 601


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("schema", r"c\.parquet: has no column 'q', which the first file"),
        ("type", r"c\.parquet: column 'r' is (large_)?string, but double"),
        ("empty", r"c\.parquet: not a readable Parquet file"),
        ("rows", r"c\.parquet: the Parquet file has no rows"),
        ("one class", r"the target 'kind' has a single class \('a'\)"),
    ],
)
def test_bad_input_is_one_line_and_nothing_is_written(folder, tmp_path, damage, message):
    path, frame = folder
    extra = path / "c.parquet"
    if damage == "schema":
        write_parquet(frame.drop(columns="q").iloc[:5], extra)
    elif damage == "type":
        write_parquet(frame.assign(r=frame["r"].astype(str)).iloc[:5], extra)
    elif damage == "empty":
        extra.write_bytes(b"")
    elif damage == "rows":
        write_parquet(frame.iloc[:0], extra)
    else:
        for name in ("a", "b"):
            table = pq.read_table(path / f"{name}.parquet")
            kind = pa.array(np.full(len(table), "a"))
            table = table.set_column(table.schema.get_field_index("kind"), "kind", kind)
            pq.write_table(table, path / f"{name}.parquet")
    out = tmp_path / "run"
    result = _train(path, out)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 or "note:" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("logitnet: error: ")
    import re

    assert re.search(message, result.stderr)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["data"]


@pytest.mark.slow
def test_evaluate_names_a_label_the_model_never_saw(folder, tmp_path):
    path, frame = folder
    out = tmp_path / "run"
    assert _train(path, out, "--drop", "w").exit_code == 0
    other = tmp_path / "other"
    other.mkdir()
    write_parquet(frame.assign(kind="zebra").iloc[:5], other / "x.parquet")
    result = runner.invoke(
        app, ["evaluate", str(out / "model.safetensors"), str(other), "-t", "kind"]
    )
    assert result.exit_code == 1
    assert "x.parquet, row group 0: the target has labels the model never saw: 'zebra'" in (
        result.stderr
    )


def test_a_bad_memory_limit_is_a_usage_error(folder, tmp_path):
    path, _ = folder
    result = _train(path / "a.parquet", tmp_path / "run", "--memory-limit", "lots")
    assert result.exit_code == 2
    assert "a memory size must be a number" in result.stderr
