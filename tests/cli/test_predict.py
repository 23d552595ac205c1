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
    result = _predict(
        model_path, tmp_path / "t.parquet", "--keep", "id", "-o", str(out), "--chunk-size", "25"
    )
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


def test_the_saved_threshold_is_used_and_threshold_overrides_it(tmp_path, table):
    prepared = prepare_table(table, "label")
    pipe = make_pipeline(logitnet.LogisticRegression(threshold=0.8), prepared.plan)
    path = logitnet.save(pipe.fit(prepared.X, prepared.y), tmp_path / "m.safetensors")
    table.to_csv(tmp_path / "t.csv", index=False)
    p_yes = pipe.predict_proba(table)[:, 1]
    saved = pd.read_csv(io.StringIO(_predict(path, tmp_path / "t.csv").stdout))
    assert saved["prediction"].tolist() == np.where(p_yes > 0.8, "yes", "no").tolist()
    result = _predict(path, tmp_path / "t.csv", "--threshold", "0.2")
    assert result.exit_code == 0, result.stderr
    overridden = pd.read_csv(io.StringIO(result.stdout))
    assert overridden["prediction"].tolist() == np.where(p_yes > 0.2, "yes", "no").tolist()
    assert (overridden["prediction"] == "yes").sum() > (saved["prediction"] == "yes").sum()


def test_a_threshold_outside_zero_one_is_a_clear_error(model_path, tmp_path, table):
    table.to_csv(tmp_path / "t.csv", index=False)
    result = _predict(model_path, tmp_path / "t.csv", "--threshold", "1.5")
    assert result.exit_code == 1
    assert result.stderr == (
        "logitnet: error: `threshold` must be in [0.0, 1.0]. Got 1.5 instead.\n"
    )


def test_a_threshold_on_a_multiclass_model_is_a_clear_error(tmp_path, table):
    prepared = prepare_table(table, "colour")
    pipe = make_pipeline(logitnet.LogisticRegression(), prepared.plan)
    path = logitnet.save(pipe.fit(prepared.X, prepared.y), tmp_path / "m.safetensors")
    table.to_csv(tmp_path / "t.csv", index=False)
    result = _predict(path, tmp_path / "t.csv", "--threshold", "0.3")
    assert result.exit_code == 1
    assert "a threshold applies to two classes; this model has 3: blue, green, red" in result.stderr


def test_an_unseen_level_of_a_reference_coded_model_counts_as_the_reference(tmp_path, table):
    prepared = prepare_table(table, "label")
    reference = {"colour": "blue"}
    pipe = make_pipeline(logitnet.LogisticRegression(), prepared.plan, reference=reference)
    path = logitnet.save(pipe.fit(prepared.X, prepared.y), tmp_path / "ref.safetensors")
    new = table.head(3).assign(colour=["purple", "blue", "purple"])
    new.to_csv(tmp_path / "new.csv", index=False)
    result = _predict(path, tmp_path / "new.csv", "--proba")
    assert result.exit_code == 0, result.stderr
    assert "unknown categories will be encoded as all zeros" in result.stderr
    got = pd.read_csv(io.StringIO(result.stdout))
    as_reference = logitnet.load(path).predict_proba(new.assign(colour="blue"))
    np.testing.assert_allclose(got[["proba_no", "proba_yes"]], as_reference)
