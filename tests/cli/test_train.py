"""Tests for ``logitnet train`` (in-process, through Typer's runner)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

import logitnet
from logitnet.cli import app

runner = CliRunner()


@pytest.fixture
def csv(tmp_path, table):
    path = tmp_path / "items.csv"
    table.to_csv(path, index=False)
    return path


def _train(csv, *args):
    out = csv.parent / "out"
    result = runner.invoke(app, ["train", str(csv), "-t", "label", "--out", str(out), *args])
    return result, out


def test_mlp_writes_model_metrics_history_and_report(csv):
    result, out = _train(csv, "--model", "mlp", "--hidden", "4,3", "--epochs", "3", "--lr", "0.05")
    assert result.exit_code == 0, result.stderr
    assert "epoch: 3, loss:" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "history.json", "metrics.json", "model.safetensors", "report.html",
    ]  # fmt: skip
    history = json.loads((out / "history.json").read_text())
    assert [r["epoch"] for r in history] == [1, 2, 3]
    model = logitnet.load(out / "model.safetensors")
    net = model.named_steps["model"]
    assert net.hidden_layer_sizes == (4, 3) and net.epochs == 3 and net.random_state == 0
    assert len(net.history_.to_list()) == 3


def test_same_seed_same_model(csv, table):
    args = ("--model", "mlp", "--hidden", "3", "--epochs", "2", "--seed", "5")
    first, out = _train(csv, *args)
    proba = logitnet.load(out / "model.safetensors").predict_proba(table)
    again, _ = _train(csv, *args, "--force")
    assert first.exit_code == again.exit_code == 0
    np.testing.assert_array_equal(
        logitnet.load(out / "model.safetensors").predict_proba(table), proba
    )


def test_features_and_drop_options(csv):
    result, out = _train(csv, "--features", "x1,colour")
    assert result.exit_code == 0, result.stderr
    assert json.loads((out / "metrics.json").read_text())["features"] == ["x1", "colour"]
    result, out = _train(csv, "--drop", "colour", "--drop", "x2", "--force")
    assert json.loads((out / "metrics.json").read_text())["features"] == ["x1"]


def test_unknown_feature_is_named(csv):
    result, _ = _train(csv, "--features", "x1,colr")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "logitnet: error: the table has no column 'colr'. Did you mean 'colour'?"
    )


def test_impute_keeps_every_row(csv, table):
    table.loc[[1, 2], "x2"] = np.nan
    table.to_csv(csv, index=False)
    result, out = _train(csv, "--impute", "median")
    assert result.exit_code == 0, result.stderr
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["n_train"] + metrics["n_test"] == 60
    assert logitnet.load(out / "model.safetensors").predict(table).shape == (60,)


def test_balance_undersamples_the_larger_class(csv, table):
    counts = table["label"].value_counts()
    result, out = _train(csv, "--balance")
    assert result.exit_code == 0, result.stderr
    assert f"balanced the classes: 60 -> {2 * counts.min()} rows" in result.stderr
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["n_train"] + metrics["n_test"] == 2 * counts.min()


def test_bad_test_size_is_a_usage_error(csv):
    result, _ = _train(csv, "--test-size", "1.5")
    assert result.exit_code == 2
    assert "between 0 and 1 (exclusive)" in result.stderr


def test_out_path_that_is_a_file(csv):
    (csv.parent / "out").write_text("not a folder")
    result, _ = _train(csv)
    assert result.exit_code == 1
    assert result.stderr.endswith("out: exists and is not a folder\n")
