"""Tests for ``logitnet predict``: streaming in chunks, stdout and files, kept columns."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import logitnet
from logitnet.cli import app
from logitnet.preprocessing import make_pipeline, prepare_table

runner = CliRunner()


@pytest.fixture
def model_path(tmp_path, table):
    prepared = prepare_table(table, "label")
    pipe = make_pipeline(logitnet.LogisticRegression(), prepared.plan)
    return logitnet.save(pipe.fit(prepared.X, prepared.y), tmp_path / "m.safetensors")


def _predict(model_path, data, *args):
    return runner.invoke(app, ["predict", str(model_path), str(data), *args])


def test_chunks_give_the_same_output_as_one_pass(model_path, tmp_path, table):
    table.to_csv(tmp_path / "t.csv", index=False)
    whole = _predict(model_path, tmp_path / "t.csv", "--proba")
    chunked = _predict(model_path, tmp_path / "t.csv", "--proba", "--chunk-size", "7")
    assert whole.exit_code == chunked.exit_code == 0
    assert chunked.stdout == whole.stdout
    got = pd.read_csv(io.StringIO(whole.stdout))
    model = logitnet.load(model_path)
    assert got["prediction"].tolist() == model.predict(table).tolist()
    np.testing.assert_allclose(got[["proba_no", "proba_yes"]], model.predict_proba(table))


def test_keep_copies_columns_and_output_is_atomic(model_path, tmp_path, table):
    table.to_parquet(tmp_path / "t.parquet")
    out = tmp_path / "pred.csv"
    result = _predict(model_path, tmp_path / "t.parquet", "--keep", "id", "-o", str(out),
                      "--chunk-size", "25")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    got = pd.read_csv(out)
    assert list(got.columns) == ["id", "prediction"] and got["id"].tolist() == table["id"].tolist()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.safetensors", "pred.csv", "t.parquet"]


def test_missing_values_name_the_rows(model_path, tmp_path, table):
    table.loc[12, "x1"] = np.nan
    table.to_csv(tmp_path / "t.csv", index=False)
    out = tmp_path / "pred.csv"
    result = _predict(model_path, tmp_path / "t.csv", "--chunk-size", "10", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"logitnet: error: {tmp_path / 't.csv'} (rows 11-20) has 1 missing values in 1 column: "
        "'x1' (1)."
    )
    assert not out.exists()


def test_not_a_model_file(tmp_path, table):
    table.to_csv(tmp_path / "t.csv", index=False)
    result = _predict(tmp_path / "t.csv", tmp_path / "t.csv")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"logitnet: error: {tmp_path / 't.csv'}: cannot load the model")
