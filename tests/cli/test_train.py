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
        "history.json",
        "metrics.json",
        "model.safetensors",
        "report.html",
    ]
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
    assert result.stderr == "logitnet: error: `test_size` must be in [0.0, 1.0). Got 1.5 instead.\n"


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
        n_samples=1000,
        n_features=4,
        n_informative=2,
        n_redundant=0,
        n_clusters_per_class=1,
        weights=[0.95],
        class_sep=0.3,
        flip_y=0,
        random_state=0,
    )
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"]).assign(buys=np.where(y, "yes", "no"))
    path = tmp_path / "insurance.csv"
    frame.to_csv(path, index=False)
    return path


def _metrics(args, csv, out):
    result = runner.invoke(app, ["train", str(csv), "-t", "buys", "--out", str(out), *args])
    assert result.exit_code == 0, result.stderr
    return json.loads((out / "metrics.json").read_text())


@pytest.mark.slow
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
        csv,
        "--model",
        "mlp",
        "--hidden",
        "4",
        "--epochs",
        "20",
        "--activation",
        "tanh",
        "--dropout",
        "0.2",
        "--optimizer",
        "sgd",
        "--early-stopping",
        "--validation-fraction",
        "0.3",
        "--patience",
        "3",
        "--class-weight",
        "balanced",
    )
    assert result.exit_code == 0, result.stderr
    expected = {
        "activation": "tanh",
        "dropout": 0.2,
        "optimizer": "sgd",
        "early_stopping": True,
        "validation_fraction": 0.3,
        "patience": 3,
        "class_weight": "balanced",
    }
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
        estimator(**params).check_params()
    result, out = _train(csv, *args)
    assert result.exit_code == 2
    assert result.stderr == f"logitnet: error: {info.value}\n"
    assert not out.exists()


def test_binary_logistic_prints_and_saves_the_coefficient_table(tmp_path, table):
    path = tmp_path / "numeric.csv"
    table[["x1", "x2", "label"]].to_csv(path, index=False)
    result, out = _train(path)
    assert result.exit_code == 0, result.stderr
    saved = json.loads((out / "metrics.json").read_text())["coefficients"]
    printed = str(logitnet.InferenceResult.from_dict(saved))
    assert f"\n{printed}\n" in result.stdout
    assert "so their coefficients are per standard deviation.\n" in result.stdout
    assert saved["features"] == ["(Intercept)", "x1", "x2"]
    summary = runner.invoke(app, ["summary", str(out / "model.safetensors")])
    assert f"\n{printed}\n" in summary.stdout


def test_text_columns_are_coded_against_a_reference_level(csv):
    result, out = _train(csv, "--reference", "colour=red", "--odds-ratios")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "colour[blue]" in text and "colour[green]" in text and "colour[red]" not in text
    assert "Odds ratios (exp of the estimates; Wald intervals):" in text
    assert "Analysis of deviance (likelihood-ratio tests, each term dropped in turn):" in text
    assert "Df Deviance" in text and "Pr(>Chi)" in text
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["config"]["reference"] == {"colour": "red"}


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("colour", 2, "--reference: expected COLUMN=LEVEL, like student=Yes. Got 'colour'."),
        (
            "colour=purple",
            1,
            "reference level 'purple' of column 'colour' is not among its "
            "levels in the training rows: ['blue', 'green', 'red'].",
        ),
        (
            "x1=3",
            1,
            "reference level given for 'x1', which is not a text or categorical "
            "feature column; those are: ['colour'].",
        ),
    ],
)
def test_a_bad_reference_is_one_clear_line(csv, value, code, message):
    result, _ = _train(csv, "--reference", value)
    assert result.exit_code == code
    assert message in result.stderr and "Traceback" not in result.stderr


def test_profile_intervals_for_the_odds_ratios(csv):
    result, out = _train(csv, "--ci", "profile", "--odds-ratios")
    assert result.exit_code == 0, result.stderr
    assert "Odds ratios (exp of the estimates; profile likelihood intervals):" in result.stdout
    assert json.loads((out / "metrics.json").read_text())["coefficients"]["ci"] == "profile"


def test_islr_table_4_3_with_test_size_zero(tmp_path, islp_data):
    default = islp_data / "Default.csv"
    result = runner.invoke(
        app,
        [
            "train",
            str(default),
            "-t",
            "default",
            "--test-size",
            "0",
            "--out",
            str(tmp_path / "run"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "Training metrics (10000 rows)" in text and "none held out" in text
    # ISLR Table 4.3: z values 24.74 (balance), 0.37 (income), -2.74 (student[Yes]);
    # p 0.7115 (income), 0.0062 (student[Yes]); standardizing changes neither
    assert "balance         2.775     0.1122  24.737  < 2e-16 ***" in text
    assert "income          0.040     0.1094   0.370    0.712" in text
    assert "student[Yes]   -0.647     0.2363  -2.738  0.00619 **" in text
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    coefficients = metrics["coefficients"]
    assert coefficients["features"][-1] == "student[Yes]"
    # statsmodels: Logit(default, [1, balance, income, studentYes]).fit(method="newton",
    # tol=1e-12): z and p at the optimum (R's summary.glm takes its errors from the weights of
    # IRLS's last iteration, 4e-5 away from these)
    np.testing.assert_allclose(
        coefficients["z"][1:], [24.736506205772, 0.369808215931, -2.73759511793], rtol=1e-8
    )
    np.testing.assert_allclose(
        coefficients["p_value"][2:], [0.7115253931334, 6.189021958802e-3], rtol=1e-8
    )
    table_4_3 = {
        "balance": (24.74, None),
        "income": (0.37, 0.7115),
        "student[Yes]": (-2.74, 0.0062),
    }
    for name, (z, p) in table_4_3.items():
        i = coefficients["features"].index(name)
        assert round(coefficients["z"][i], 2) == z
        assert p is None or round(coefficients["p_value"][i], 4) == p
    assert metrics["evaluated_on"] == "train" and metrics["n_test"] == 0


# --- rare classes: class weights, thresholds and calibration --------------------------------


def _rare_table(n: int = 2000, seed: int = 1) -> pd.DataFrame:
    """About 5% positives, weakly predicted: at 0.5 a model says nobody buys."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    logit = -3.4 + 0.9 * X[:, 0] + 0.6 * X[:, 1]
    buys = rng.random(n) < 1 / (1 + np.exp(-logit))
    frame = pd.DataFrame(X.round(4), columns=["income", "age", "noise"])
    return frame.assign(buys=np.where(buys, "yes", "no"))


def _train_rare(tmp_path, name, *args):
    path = tmp_path / "rare.csv"
    if not path.exists():
        _rare_table().to_csv(path, index=False)
    out = tmp_path / name
    result = runner.invoke(app, ["train", str(path), "-t", "buys", "--out", str(out), *args])
    assert result.exit_code == 0, result.stderr
    return result, json.loads((out / "metrics.json").read_text())


@pytest.mark.slow
def test_class_weight_and_a_tuned_threshold_each_lift_balanced_accuracy(tmp_path):
    _, plain = _train_rare(tmp_path, "plain")
    _, weighted = _train_rare(tmp_path, "weighted", "--class-weight", "balanced")
    result, tuned = _train_rare(tmp_path, "tuned", "--tune-threshold", "balanced_accuracy")
    share = (_rare_table()["buys"] == "yes").mean()
    assert 0.045 < share < 0.055
    scores = [m["metrics"]["balanced_accuracy"] for m in (plain, weighted, tuned)]
    assert scores[0] < 0.52 and plain["metrics"]["accuracy"] > 0.94
    assert scores[1] > 0.6 and scores[2] > 0.6, scores
    assert plain["threshold"] == weighted["threshold"] == 0.5
    assert 0.0 < tuned["threshold"] < 0.2
    assert f"threshold: {tuned['threshold']:.4g} (tuned for balanced_accuracy" in result.stdout
    model = logitnet.load(tmp_path / "tuned" / "model.safetensors")
    assert model[-1].threshold == tuned["threshold"]


def test_calibrate_saves_a_model_that_predicts_the_same_after_loading(tmp_path):
    result, doc = _train_rare(tmp_path, "calibrated", "--calibrate", "isotonic")
    model = logitnet.load(tmp_path / "calibrated" / "model.safetensors")
    assert type(model[-1]).__name__ == "CalibratedClassifierCV" and model[-1].method == "isotonic"
    table = _rare_table()
    assert doc["metrics"]["roc_auc"] == pytest.approx(
        logitnet.metrics.roc_auc(table["buys"], model.predict_proba(table)), abs=0.2
    )
    assert set(doc["metrics"]) >= {
        "roc_auc",
        "average_precision",
        "brier_score",
        "expected_calibration_error",
    }


def test_calibrate_with_too_few_rows_of_a_class_says_how_many(tmp_path, table):
    few = pd.concat([table[table["label"] == "no"], table[table["label"] == "yes"].head(5)])
    path = tmp_path / "few.csv"
    few.to_csv(path, index=False)
    result, _ = _train(path, "--calibrate", "sigmoid")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "logitnet: error: calibration with 5 folds needs at least 5 rows of each class; "
        "class 'yes' has 4 training rows"
    )


def test_tune_threshold_on_a_multiclass_target_is_a_clear_error(csv):
    out = csv.parent / "out"
    args = ["train", str(csv), "-t", "colour", "--tune-threshold", "f1", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "logitnet: error: threshold tuning needs a binary target (two classes). Got 3 classes: "
        "'blue', 'green', 'red'."
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--threshold", "1.5"], "`threshold` must be in [0.0, 1.0]. Got 1.5 instead."),
        (
            ["--tune-threshold", "precision"],
            "`objective` must be one of 'f1', 'balanced_accuracy', 'precision:<target>', "
            "'recall:<target>'. Got 'precision' instead. Did you mean 'precision:0.9'?",
        ),
        (
            ["--threshold", "0.3", "--tune-threshold", "f1"],
            "Give `threshold` or `tune_threshold`, not both. Got threshold=0.3 and "
            "tune_threshold='f1'.",
        ),
    ],
)
def test_bad_threshold_options_are_usage_errors(csv, args, message):
    result, _ = _train(csv, *args)
    assert result.exit_code == 2
    assert result.stderr == f"logitnet: error: {message}\n"
