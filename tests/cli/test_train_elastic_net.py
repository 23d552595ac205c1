"""``logitnet train --l1-ratio R --alpha A|cv``: the elastic net from the command line."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

import logitnet
from logitnet.cli import app

from .conftest import make_table

runner = CliRunner()


@pytest.fixture
def csv(tmp_path):
    table = make_table(n=120)
    rng = np.random.default_rng(3)
    for j in range(4):  # noise columns for the lasso to remove
        table[f"noise{j}"] = rng.normal(size=len(table)).round(3)
    path = tmp_path / "items.csv"
    table.to_csv(path, index=False)
    return path


def _train(csv, *args):
    out = csv.parent / "out"
    result = runner.invoke(app, ["train", str(csv), "-t", "label", "--out", str(out), *args])
    return result, out


def test_lasso_prints_the_alpha_and_the_kept_coefficients(csv):
    result, out = _train(csv, "--l1-ratio", "1", "--alpha", "0.05")
    assert result.exit_code == 0, result.stderr
    model = logitnet.load(out / "model.safetensors")
    final = model.named_steps["model"]
    assert final.l1_ratio == 1.0 and final.alpha == 0.05
    doc = json.loads((out / "metrics.json").read_text())["regularization"]
    assert doc["alpha"] == 0.05 and doc["l1_ratio"] == 1.0
    kept = {row["feature"] for row in doc["kept"]}
    assert len(kept) == int((final.coef_ != 0).sum()) < doc["n_features"]
    assert "alpha: 0.05 (l1_ratio 1)" in result.stdout
    assert f"kept {len(kept)} of {doc['n_features']} features:" in result.stdout
    summary = runner.invoke(app, ["summary", str(out / "model.safetensors")])
    assert summary.exit_code == 0, summary.stderr
    assert f"kept {len(kept)} of {doc['n_features']} features:" in summary.stdout


def test_alpha_cv_keeps_the_cv_curve_and_saves_the_cv_model(csv):
    result, out = _train(
        csv, "--l1-ratio", "0.5", "--alpha", "cv", "--cv-folds", "4", "--cv-select", "min"
    )
    assert result.exit_code == 0, result.stderr
    final = logitnet.load(out / "model.safetensors").named_steps["model"]
    assert isinstance(final, logitnet.LogisticRegressionCV)
    doc = json.loads((out / "metrics.json").read_text())["regularization"]
    cv = doc["cv"]
    assert cv["folds"] == 4 and cv["select"] == "min" and len(cv["mean"]) == 100
    assert doc["alpha"] == cv["alpha_min"] == final.alpha_
    np.testing.assert_allclose(cv["mean"], final.cv_mean_)
    np.testing.assert_allclose(final.path_.coef.shape, (100, 1, final.coef_.shape[1]))
    assert "chosen by 4-fold cross-validation on deviance (min;" in result.stdout
    assert 'id="regularization"' in (out / "report.html").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--alpha", "cv", "--model", "mlp"],
            "`alpha`='cv' chooses a logistic model's alpha by cross-validation; it does not "
            "apply to model='mlp'. Give a number.",
        ),
        (["--l1-ratio", "1.5"], "`l1_ratio` must be in [0.0, 1.0]. Got 1.5 instead."),
        (
            ["--l1-ratio", "0.5", "--solver", "lbfgs"],
            "solver='lbfgs' does not support l1_ratio > 0 (got l1_ratio=0.5): use solver='cd' "
            "(or 'auto', the default), proximal Newton with coordinate descent.",
        ),
        (
            ["--alpha", "cv", "--cv-select", "best"],
            "`cv_select` must be one of 'min', '1se'. Got 'best' instead.",
        ),
    ],
)
def test_options_that_do_not_fit_together_are_usage_errors(csv, args, message):
    result, _ = _train(csv, *args)
    assert result.exit_code == 2
    assert result.stderr == f"logitnet: error: {message}\n"


def test_alpha_must_be_a_number_or_cv(csv):
    result, _ = _train(csv, "--alpha", "lots")
    assert result.exit_code == 2
    assert "expected a number >= 0 or 'cv'; got 'lots'" in result.stderr
