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


def test_a_text_column_is_coded_against_its_first_level(items_csv):
    result = run_training(TrainConfig(items_csv, "label"))
    names = result.inference.table.index.tolist()
    assert names == ["(Intercept)", "x1", "x2", "colour[green]", "colour[red]"]
    deviance = result.metrics["analysis_of_deviance"]
    assert deviance["terms"] == ["<none>", "x1", "x2", "colour"]
    assert deviance["df"][1:] == [1.0, 1.0, 2.0]
    expected = result.inference.odds_ratios()
    assert result.metrics["odds_ratios"]["odds_ratio"] == expected["odds_ratio"].tolist()
    assert result.metrics["marginal_effects"]["index"] == names[1:]


def test_a_chosen_reference_level_is_kept(tmp_path, items_csv):
    config = TrainConfig(items_csv, "label", reference={"colour": "red"}, out=tmp_path / "r")
    result = run_training(config)
    assert result.inference.table.index.tolist()[-2:] == ["colour[blue]", "colour[green]"]
    meta = read_metadata(tmp_path / "r" / "model.safetensors")
    assert meta["extra"]["analysis_of_deviance"] == result.metrics["analysis_of_deviance"]
    assert meta["extra"]["odds_ratios"] == result.metrics["odds_ratios"]
    loaded = logitnet.load(tmp_path / "r" / "model.safetensors")
    assert list(loaded[0].get_feature_names_out())[-2:] == ["colour[blue]", "colour[green]"]


def test_collinear_columns_leave_a_note_naming_them(tmp_path, items):
    path = tmp_path / "twice.csv"
    items.assign(x3=2 * items["x1"]).to_csv(path, index=False)
    notes: list[str] = []
    result = run_training(TrainConfig(path, "label"), on_note=notes.append)
    assert result.inference is None and "coefficients" not in result.metrics
    assert notes[-1].startswith("no coefficient table: The information matrix is singular")
    assert "'x1', 'x3'" in notes[-1]


def test_a_network_keeps_every_level_and_has_no_table(tmp_path, items_csv):
    mlp = run_training(TrainConfig(items_csv, "label", model="mlp", hidden=(3,), epochs=2))
    assert mlp.inference is None and "coefficients" not in mlp.metrics
    names = list(mlp.model[0].get_feature_names_out())
    assert names == ["x1", "x2", "colour_blue", "colour_green", "colour_red"]


def test_a_multiclass_model_has_one_table_per_class_but_the_reference(tmp_path, items):
    three = items.assign(label=np.array(["a", "b", "c"])[np.arange(len(items)) % 3])
    three.to_csv(tmp_path / "three.csv", index=False)
    multi = run_training(TrainConfig(tmp_path / "three.csv", "label", features=["x1", "x2"]))
    assert list(multi.inference.tables) == ["b", "c"] and multi.inference.reference == "a"
    assert list(multi.metrics["coefficients"]["classes"]) == ["b", "c"]
    assert list(multi.metrics["marginal_effects"]) == ["a", "b", "c"]


def test_a_saved_model_without_a_table_has_no_extra(tmp_path, items_csv):
    run_training(
        TrainConfig(items_csv, "label", model="mlp", hidden=(2,), epochs=1, out=tmp_path / "r")
    )
    assert "extra" not in read_metadata(tmp_path / "r" / "model.safetensors")
    assert logitnet.load(tmp_path / "r" / "model.safetensors") is not None


def test_test_size_zero_fits_on_every_row_and_scores_them(items_csv, items):
    result = run_training(TrainConfig(items_csv, "label", test_size=0))
    assert result.metrics["n_train"] == len(items) and result.metrics["n_test"] == 0
    assert result.metrics["evaluated_on"] == "train"
    assert result.metrics["metrics"]["n_samples"] == len(items)
    assert result.inference.n_obs == len(items)


def test_profile_intervals_on_request(items_csv):
    result = run_training(TrainConfig(items_csv, "label", ci="profile"))
    split = result.split
    expected = inference(result.model, split.X_train, split.y_train, ci="profile")
    pd.testing.assert_frame_equal(result.inference.table, expected.table)
    assert result.metrics["coefficients"]["ci"] == "profile"
