"""Tests for ``logitnet summary``."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import logitnet
from logitnet.cli import app
from logitnet.preprocessing import make_pipeline, prepare_table

runner = CliRunner()


@pytest.mark.slow
def test_summary_of_a_network_pipeline(tmp_path, table):
    prepared = prepare_table(table, "label", impute="mean")
    net = logitnet.NeuralNetClassifier((5,), epochs=2, batch_size=20, random_state=0)
    pipe = make_pipeline(net, prepared.plan, impute="mean").fit(prepared.X, prepared.y)
    path = logitnet.save(pipe, tmp_path / "net.safetensors")
    result = runner.invoke(app, ["summary", str(path)])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "Pipeline(ColumnTransformer -> NeuralNetClassifier)" in text
    assert "impute (mean), standardize" in text
    assert "impute (most_frequent), one-hot (3 categories)" in text
    assert "hidden_layer_sizes" in text and "(5,)" in text
    assert "36 parameters, 36 trainable" in text  # 5 inputs * 5 + 5, then 5 + 1
    first, last = (r["train_loss"] for r in (net.history_[0], net.history_[-1]))
    assert f"History: 2 epochs, loss {first:.4f} -> {last:.4f}" in text


def test_summary_of_a_bare_logistic_model(tmp_path, table):
    model = logitnet.LogisticRegression().fit(table[["x1", "x2"]], table["label"])
    result = runner.invoke(app, ["summary", str(logitnet.save(model, tmp_path / "m.safetensors"))])
    assert result.exit_code == 0
    assert ": LogisticRegression" in result.stdout
    assert f"History: {model.n_iter_} solver iterations" in result.stdout


def test_summary_prints_the_saved_coefficient_table(tmp_path, table):
    X, y = table[["x1", "x2"]], table["label"]
    model = logitnet.LogisticRegression().fit(X, y)
    result = logitnet.inference(model, X, y)
    extra = {"inference": result.to_dict()}
    path = logitnet.save(model, tmp_path / "m.safetensors", extra=extra)
    printed = runner.invoke(app, ["summary", str(path)])
    assert printed.exit_code == 0, printed.stderr
    assert printed.stdout.endswith("\n" + str(result) + "\n\n" + result.odds_ratios_text() + "\n")
    assert "(Intercept)" in printed.stdout and "Residual deviance:" in printed.stdout


def test_summary_without_a_saved_table_prints_none(tmp_path, table):
    model = logitnet.LogisticRegression().fit(table[["x1", "x2"]], table["label"])
    result = runner.invoke(app, ["summary", str(logitnet.save(model, tmp_path / "m.safetensors"))])
    assert "Std. Error" not in result.stdout


def test_summary_prints_the_saved_analysis_of_deviance(tmp_path, table):
    from logitnet import TrainConfig, run_training

    table.to_csv(tmp_path / "t.csv", index=False)
    run_training(TrainConfig(tmp_path / "t.csv", "label", out=tmp_path / "r"))
    printed = runner.invoke(app, ["summary", str(tmp_path / "r" / "model.safetensors")])
    assert printed.exit_code == 0, printed.stderr
    assert "Odds ratios (exp of the estimates; Wald intervals):" in printed.stdout
    assert "Analysis of deviance (likelihood-ratio tests" in printed.stdout
    assert "colour  2" in printed.stdout


def test_summary_prints_a_saved_multinomial_table(tmp_path, table):
    from logitnet import TrainConfig, run_training

    three = table.assign(label=["a", "b", "c"] * (len(table) // 3))
    three.to_csv(tmp_path / "t.csv", index=False)
    run_training(
        TrainConfig(tmp_path / "t.csv", "label", features=["x1", "x2"], out=tmp_path / "r")
    )
    printed = runner.invoke(app, ["summary", str(tmp_path / "r" / "model.safetensors")])
    assert printed.exit_code == 0, printed.stderr
    assert "Multinomial logit against reference class 'a'" in printed.stdout
    assert "b vs a:" in printed.stdout and "Relative risk ratios, c vs a" in printed.stdout
