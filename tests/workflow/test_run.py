"""Tests for ``run_training``: the whole training workflow from Python."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.metrics import balanced_accuracy_score, log_loss
from sklearn.model_selection import train_test_split

import logitnet
from logitnet import TrainConfig, TrainResult, run_training
from logitnet.exceptions import DataError
from logitnet.workflow import Split


def test_without_out_nothing_is_written_and_the_result_holds_everything(items_csv):
    before = sorted(p.name for p in items_csv.parent.iterdir())
    result = run_training(TrainConfig(items_csv, "label", alpha=0.01))
    assert sorted(p.name for p in items_csv.parent.iterdir()) == before
    assert isinstance(result, TrainResult) and isinstance(result.split, Split)
    assert result.out is None and result.files == []
    assert (result.split.n_train, result.split.n_test) == (48, 12)
    assert result.metrics["features"] == ["x1", "x2", "colour"]
    assert result.notes == [
        "column 'id' left out: it has a different value in (nearly) every row, like a name or an id"
    ]
    assert [r["epoch"] for r in result.history] == list(range(1, len(result.history) + 1))
    assert set(result.history[0]) == {"epoch", "train_loss", "dur"}


def test_metrics_agree_with_scikit_learn_on_the_same_split(items_csv, items):
    result = run_training(TrainConfig(items_csv, "label", alpha=0.01, seed=3))
    X = items[["x1", "x2", "colour"]]
    X_tr, X_te, y_tr, y_te = train_test_split(
        X, items["label"], test_size=0.2, random_state=3, stratify=items["label"]
    )
    assert result.split.X_test.index.equals(X_te.index)
    proba = result.model.predict_proba(X_te)
    scores = result.scores
    assert scores["log_loss"] == pytest.approx(log_loss(y_te, proba))
    assert scores["balanced_accuracy"] == pytest.approx(
        balanced_accuracy_score(y_te, result.model.predict(X_te))
    )
    # the fitted logistic model is scikit-learn's with C = 1 / (alpha * n)
    Z = result.model[:-1].transform(X_tr)
    sk = SkLogisticRegression(C=1 / (0.01 * len(y_tr)), tol=1e-10, max_iter=1000).fit(Z, y_tr)
    np.testing.assert_allclose(result.model[-1].coef_, sk.coef_, atol=1e-4)


def test_out_folder_holds_the_four_files_with_one_history_schema(items_csv, tmp_path):
    out = tmp_path / "run"
    result = run_training(TrainConfig(items_csv, "label", out=out, solver="lbfgs"))
    assert [p.name for p in result.files] == [
        "model.safetensors",
        "metrics.json",
        "history.json",
        "report.html",
    ]
    assert result.out == out
    history = json.loads((out / "history.json").read_text())
    assert history == result.history and set(history[0]) == {"epoch", "train_loss", "dur"}
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["config"]["solver"] == "lbfgs" and metrics["params"]["solver"] == "lbfgs"
    assert metrics["metrics"] == result.scores
    loaded = logitnet.load(out / "model.safetensors")
    assert loaded[-1].solver == "lbfgs"
    assert loaded[-1].history_.to_list() == history


def test_mlp_options_reach_the_network_metrics_and_model_file(items_csv, tmp_path):
    config = TrainConfig(
        items_csv,
        "label",
        model="mlp",
        hidden=(4,),
        epochs=30,
        lr=0.05,
        activation="tanh",
        dropout=0.1,
        optimizer="adamw",
        early_stopping=True,
        validation_fraction=0.25,
        patience=2,
        class_weight="balanced",
        out=tmp_path / "run",
        seed=1,
    )
    result = run_training(config)
    net = result.model[-1]
    settings = {
        "hidden_layer_sizes": (4,),
        "activation": "tanh",
        "dropout": 0.1,
        "optimizer": "adamw",
        "early_stopping": True,
        "validation_fraction": 0.25,
        "patience": 2,
        "class_weight": "balanced",
        "random_state": 1,
    }
    assert {k: net.get_params()[k] for k in settings} == settings
    assert set(result.history[0]) == {"epoch", "train_loss", "valid_loss", "valid_acc", "dur"}
    saved = json.loads((tmp_path / "run" / "metrics.json").read_text())["params"]
    assert {k: saved[k] for k in settings} == {**settings, "hidden_layer_sizes": [4]}
    loaded = logitnet.load(tmp_path / "run" / "model.safetensors")[-1]
    assert {k: loaded.get_params()[k] for k in settings} == settings


def test_same_seed_same_result(items_csv):
    config = TrainConfig(items_csv, "label", model="mlp", hidden=(3,), epochs=3, seed=5)
    a, b = run_training(config), run_training(config)
    X = a.split.X_test
    np.testing.assert_array_equal(a.model.predict_proba(X), b.model.predict_proba(X))


def test_balance_adds_a_note_and_undersamples(items_csv, items):
    smallest = items["label"].value_counts().min()
    seen = []
    result = run_training(
        TrainConfig(items_csv, "label", balance=True, alpha=0.1), on_note=seen.append
    )
    assert seen == result.notes
    assert seen[-1] == f"balanced the classes: 60 -> {2 * smallest} rows"
    assert result.split.n_train + result.split.n_test == 2 * smallest


def test_an_existing_out_is_refused_before_any_work(items_csv, tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    with pytest.raises(FileExistsError, match="run: the folder exists; pass --force"):
        run_training(TrainConfig(items_csv, "label", out=out))
    assert [p.name for p in out.iterdir()] == ["mine.txt"]


def test_force_replaces_the_whole_folder(items_csv, tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    (out / "mine.txt").write_text("old")
    run_training(TrainConfig(items_csv, "label", out=out, force=True))
    assert sorted(p.name for p in out.iterdir()) == [
        "history.json",
        "metrics.json",
        "model.safetensors",
        "report.html",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["items.csv", "run"]


def test_a_failure_mid_write_leaves_the_old_folder_intact(items_csv, tmp_path, monkeypatch):
    out = tmp_path / "run"
    run_training(TrainConfig(items_csv, "label", out=out, alpha=0.1))
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("logitnet.workflow._outputs.write_report", broken)
    with pytest.raises(OSError, match="No space left on device"):
        run_training(TrainConfig(items_csv, "label", out=out, force=True, alpha=0.1, seed=9))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(os.listdir(tmp_path)) == ["items.csv", "run"]


def test_a_report_failure_only_warns(items_csv, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("no plotly here")

    monkeypatch.setattr("logitnet.report.write_report", broken)
    with pytest.warns(UserWarning, match="report.html not written: RuntimeError: no plotly here"):
        result = run_training(TrainConfig(items_csv, "label", out=tmp_path / "run"))
    assert [p.name for p in result.files] == ["model.safetensors", "metrics.json", "history.json"]


def test_a_class_too_small_to_split_is_a_data_error(tmp_path, items):
    items.loc[0, "label"] = "maybe"
    path = tmp_path / "odd.csv"
    items.to_csv(path, index=False)
    with pytest.raises(DataError, match="cannot make a stratified split with test_size=0.2"):
        run_training(TrainConfig(path, "label"))


def test_config_must_be_a_train_config(items_csv):
    with pytest.raises(TypeError, match="`config` must be a TrainConfig. Got dict instead."):
        run_training({"data": items_csv, "target": "label"})
