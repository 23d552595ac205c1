"""run_training's coefficient table: binary logistic models only, kept in metrics and model file."""

from __future__ import annotations

import numpy as np
import pandas as pd

import logitnet
from logitnet import TrainConfig, inference, run_training
from logitnet.persistence import read_metadata


def _numeric_csv(tmp_path, items):
    """The table without its text column (one-hot columns with every category are collinear)."""
    path = tmp_path / "numeric.csv"
    items.drop(columns=["colour"]).to_csv(path, index=False)
    return path


def test_binary_logistic_run_holds_the_table_of_its_training_rows(tmp_path, items):
    result = run_training(TrainConfig(_numeric_csv(tmp_path, items), "label", out=tmp_path / "r"))
    split = result.split
    expected = inference(result.model, split.X_train, split.y_train)
    pd.testing.assert_frame_equal(result.inference.table, expected.table)
    assert result.inference.table.index.tolist() == ["(Intercept)", "x1", "x2"]
    assert result.metrics["coefficients"] == expected.to_dict()
    assert result.metrics["coefficients"]["note"].endswith("per standard deviation.")
    meta = read_metadata(tmp_path / "r" / "model.safetensors")
    assert meta["extra"]["inference"] == result.metrics["coefficients"]


def test_collinear_one_hot_columns_leave_a_note_instead(items_csv):
    notes: list[str] = []
    result = run_training(TrainConfig(items_csv, "label"), on_note=notes.append)
    assert result.inference is None and "coefficients" not in result.metrics
    assert notes[-1].startswith("no coefficient table: The information matrix is singular")
    assert "'colour_blue', 'colour_green', 'colour_red'" in notes[-1]


def test_a_penalty_makes_the_one_hot_columns_identified(items_csv):
    result = run_training(TrainConfig(items_csv, "label", alpha=0.01))
    names = result.inference.table.index.tolist()
    assert names == ["(Intercept)", "x1", "x2", "colour_blue", "colour_green", "colour_red"]
    assert result.inference.alpha == 0.01


def test_networks_and_multiclass_models_have_no_table(tmp_path, items):
    numeric = _numeric_csv(tmp_path, items)
    mlp = run_training(TrainConfig(numeric, "label", model="mlp", hidden=(3,), epochs=2))
    assert mlp.inference is None and "coefficients" not in mlp.metrics
    three = items.drop(columns=["label"]).assign(label=np.arange(len(items)) % 3)
    three.to_csv(tmp_path / "three.csv", index=False)
    multi = run_training(TrainConfig(tmp_path / "three.csv", "colour", features=["x1", "x2"]))
    assert multi.inference is None and "coefficients" not in multi.metrics


def test_a_saved_model_without_a_table_has_no_extra(tmp_path, items_csv):
    run_training(TrainConfig(items_csv, "label", out=tmp_path / "r"))
    assert "extra" not in read_metadata(tmp_path / "r" / "model.safetensors")
    assert logitnet.load(tmp_path / "r" / "model.safetensors") is not None
