"""Tests for ``logitnet train`` (in-process, through Typer's runner)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from typer.testing import CliRunner

import logitnet
from logitnet import LogisticRegression, NeuralNetClassifier
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
    assert result.stderr == "logitnet: error: `test_size` must be in (0.0, 1.0). Got 1.5 instead.\n"


def test_out_path_that_is_a_file(csv):
    (csv.parent / "out").write_text("not a folder")
    result, _ = _train(csv)
    assert result.exit_code == 1
    assert result.stderr.endswith("out: exists and is not a folder\n")


# --- the estimators' options ------------------------------------------------------------


@pytest.fixture
def imbalanced_csv(tmp_path):
    """1,000 rows, 5% buyers, weakly separated: a plain model predicts that nobody buys."""
    X, y = make_classification(
        n_samples=1000, n_features=4, n_informative=2, n_redundant=0, n_clusters_per_class=1,
        weights=[0.95], class_sep=0.3, flip_y=0, random_state=0,
    )  # fmt: skip
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"]).assign(buys=np.where(y, "yes", "no"))
    path = tmp_path / "insurance.csv"
    frame.to_csv(path, index=False)
    return path


def _metrics(args, csv, out):
    result = runner.invoke(app, ["train", str(csv), "-t", "buys", "--out", str(out), *args])
    assert result.exit_code == 0, result.stderr
    return json.loads((out / "metrics.json").read_text())


def test_class_weight_balanced_finds_the_minority_class(imbalanced_csv, tmp_path):
    plain = _metrics([], imbalanced_csv, tmp_path / "plain")
    assert plain["metrics"]["balanced_accuracy"] == 0.5
    assert [row[1] for row in plain["confusion_matrix"]["counts"]] == [0, 0]  # nobody buys
    weighted = _metrics(["--class-weight", "balanced"], imbalanced_csv, tmp_path / "weighted")
    assert weighted["metrics"]["balanced_accuracy"] > 0.6
    assert weighted["config"]["class_weight"] == weighted["params"]["class_weight"] == "balanced"
    model = logitnet.load(tmp_path / "weighted" / "model.safetensors")
    assert model[-1].class_weight == "balanced"


def test_solver_is_used_and_saved(csv):
    result, out = _train(csv, "--solver", "gd", "--alpha", "0.1")
    assert result.exit_code == 0, result.stderr
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["config"]["solver"] == metrics["params"]["solver"] == "gd"
    model = logitnet.load(out / "model.safetensors")[-1]
    assert model.solver == "gd" and model.alpha == 0.1
    history = json.loads((out / "history.json").read_text())
    assert len(history) == model.n_iter_ and set(history[0]) == {"epoch", "train_loss", "dur"}


def test_network_options_are_used_and_saved(csv):
    result, out = _train(
        csv, "--model", "mlp", "--hidden", "4", "--epochs", "20", "--activation", "tanh",
        "--dropout", "0.2", "--optimizer", "sgd", "--early-stopping", "--validation-fraction",
        "0.3", "--patience", "3", "--class-weight", "balanced",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    expected = {
        "activation": "tanh", "dropout": 0.2, "optimizer": "sgd", "early_stopping": True,
        "validation_fraction": 0.3, "patience": 3, "class_weight": "balanced",
    }  # fmt: skip
    params = json.loads((out / "metrics.json").read_text())["params"]
    assert {k: params[k] for k in expected} == expected
    net = logitnet.load(out / "model.safetensors")[-1]
    assert {k: net.get_params()[k] for k in expected} == expected
    history = json.loads((out / "history.json").read_text())
    assert set(history[0]) == {"epoch", "train_loss", "valid_loss", "valid_acc", "dur"}


@pytest.mark.parametrize(
    ("args", "estimator", "params"),
    [
        (["--class-weight", "balance"], LogisticRegression, {"class_weight": "balance"}),
        (["--solver", "newtn"], LogisticRegression, {"solver": "newtn"}),
        (["--alpha", "-1"], LogisticRegression, {"alpha": -1.0}),
        (["--model", "mlp", "--activation", "relu6"], NeuralNetClassifier, {"activation": "relu6"}),
        (["--model", "mlp", "--dropout", "1"], NeuralNetClassifier, {"dropout": 1.0}),
        (["--model", "mlp", "--optimizer", "adan"], NeuralNetClassifier, {"optimizer": "adan"}),
        (["--model", "mlp", "--patience", "0"], NeuralNetClassifier, {"patience": 0}),
        (["--model", "mlp", "--epochs", "0"], NeuralNetClassifier, {"epochs": 0}),
        (
            ["--model", "mlp", "--validation-fraction", "0"],
            NeuralNetClassifier,
            {"validation_fraction": 0.0},
        ),
    ],
)
def test_bad_options_get_the_estimator_s_message_and_exit_2(csv, args, estimator, params):
    with pytest.raises((ValueError, TypeError)) as info:
        estimator(**params)._check_params()
    result, out = _train(csv, *args)
    assert result.exit_code == 2
    assert result.stderr == f"logitnet: error: {info.value}\n"
    assert not out.exists()
