"""Tests for ``logitnet evaluate``: exact metrics, JSON output, and label problems."""

from __future__ import annotations

import json

import pytest
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    brier_score_loss,
    confusion_matrix,
    f1_score,
    log_loss,
    roc_auc_score,
)
from typer.testing import CliRunner

import logitnet
from logitnet.cli import app

runner = CliRunner()


@pytest.fixture
def saved(tmp_path, table):
    X, y = table[["x1", "x2"]], table["label"]
    model = logitnet.LogisticRegression().fit(X, y)
    table.to_csv(tmp_path / "t.csv", index=False)
    return logitnet.save(model, tmp_path / "m.safetensors"), model, X, y


def test_json_output_matches_scikit_learn(saved, tmp_path):
    path, model, X, y = saved
    result = runner.invoke(
        app, ["evaluate", str(path), str(tmp_path / "t.csv"), "-t", "label", "--json"]
    )
    assert result.exit_code == 0, result.stderr
    got = json.loads(result.stdout)
    pred = model.predict(X)
    assert got["metrics"]["accuracy"] == accuracy_score(y, pred)
    assert got["metrics"]["f1_macro"] == f1_score(y, pred, average="macro")
    # evaluate streams the file: the matrix products run on batches read by pyarrow
    assert got["metrics"]["log_loss"] == pytest.approx(
        log_loss(y, model.predict_proba(X)), rel=1e-13
    )
    p_yes = model.predict_proba(X)[:, 1]
    assert got["metrics"]["roc_auc"] == pytest.approx(roc_auc_score(y, p_yes), rel=1e-12)
    assert got["metrics"]["average_precision"] == pytest.approx(
        average_precision_score(y, p_yes, pos_label="yes"), rel=1e-12
    )
    assert got["metrics"]["brier_score"] == pytest.approx(
        brier_score_loss(y, p_yes, pos_label="yes"), rel=1e-12
    )
    assert 0.0 <= got["metrics"]["expected_calibration_error"] <= 1.0
    assert got["confusion_matrix"] == {
        "labels": ["no", "yes"],
        "counts": confusion_matrix(y, pred).tolist(),
    }


def test_tables_by_default(saved, tmp_path):
    path = saved[0]
    result = runner.invoke(app, ["evaluate", str(path), str(tmp_path / "t.csv"), "-t", "label"])
    assert result.exit_code == 0
    assert "accuracy" in result.stdout and "Confusion matrix" in result.stdout


def test_unknown_labels_are_named(saved, tmp_path, table):
    table.loc[0, "label"] = "maybe"
    table.to_csv(tmp_path / "t.csv", index=False)
    result = runner.invoke(app, ["evaluate", str(saved[0]), str(tmp_path / "t.csv"), "-t", "label"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"logitnet: error: {tmp_path / 't.csv'}, block 0: the target has labels the model never "
        "saw: 'maybe' (the model knows 'no', 'yes')\n"
    )
