"""The installed ``logitnet`` command, run in subprocesses on tables the tests write.

The independent runs start together (two cores make that about twice as fast); each test then
checks the exit code and the message of its own run.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

import logitnet
from logitnet.preprocessing import make_pipeline, prepare_table

pytestmark = pytest.mark.slow

TIMEOUT_S = 120


def _start(command: str, args: list, cwd: Path) -> subprocess.Popen:
    """Start ``logitnet <args>`` in ``cwd``."""
    return subprocess.Popen(
        [command, *map(str, args)],
        cwd=cwd,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _run_together(command: str, runs: dict, cwd: Path) -> dict:
    """Run every ``name: args`` at once; return ``name: CompletedProcess``."""
    started = {name: _start(command, args, cwd) for name, args in runs.items()}
    done = {}
    for name, proc in started.items():
        stdout, stderr = proc.communicate(timeout=TIMEOUT_S)
        done[name] = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    return done


def _api_model(df: pd.DataFrame, path: Path) -> Path:
    """Train and save the same kind of pipeline as ``logitnet train``, through the Python API."""
    table = prepare_table(df, "label")
    pipe = make_pipeline(logitnet.LogisticRegression(), table.plan).fit(table.X, table.y)
    return logitnet.save(pipe, path)


@pytest.fixture(scope="module")
def work(tmp_path_factory, table_maker) -> Path:
    """A folder with the generated CSV and Parquet files and a saved model."""
    root = tmp_path_factory.mktemp("cli")
    df = table_maker()
    df.to_csv(root / "items.csv", index=False)
    with_gaps = df.astype({"x1": float}).copy()
    with_gaps.loc[[3, 7], "x1"] = np.nan
    with_gaps.loc[5, "colour"] = None
    with_gaps.to_csv(root / "gaps.csv", index=False)
    with_gaps.to_parquet(root / "gaps.parquet", index=False)
    _api_model(df, root / "api.safetensors")
    new = table_maker(n=25, seed=1)
    new.assign(extra=1.5)[["extra", "colour", "x2", "name", "x1"]].to_csv(
        root / "new.csv", index=False
    )
    new.drop(columns="x2").to_csv(root / "new_missing_x2.csv", index=False)
    data = (root / "api.safetensors").read_bytes()
    (root / "truncated.safetensors").write_bytes(data[: len(data) // 2])
    return root


def _pokemon_or_none(request) -> Path | None:
    """The Pokemon CSV, or None where ``pokemon_path`` skips (its own test then skips too)."""
    try:
        return request.getfixturevalue("pokemon_path")
    except (pytest.skip.Exception, pytest.fail.Exception):
        return None


@pytest.fixture(scope="module")
def runs(request, work, logitnet_command) -> dict:
    """Every independent run, started together."""
    runs = {
        "string_target": ["train", "items.csv", "--target", "label", "--out", "run"],
        "gaps": ["train", "gaps.csv", "-t", "label", "--out", "gaps-run"],
        "parquet_dropna": ["train", "gaps.parquet", "-t", "label", "--dropna", "--out", "pq"],
        "predict": ["predict", "api.safetensors", "new.csv", "--proba", "-o", "pred.csv"],
        "predict_missing": ["predict", "api.safetensors", "new_missing_x2.csv"],
        "truncated": ["predict", "truncated.safetensors", "new.csv"],
        "usage": ["train", "items.csv", "--target", "label", "--model", "forest"],
    }
    pokemon = _pokemon_or_none(request)
    if pokemon is not None:
        runs["pokemon"] = ["train", pokemon, "-t", "legendary", "--out", "poke"]
    return _run_together(logitnet_command, runs, work)


def _one_error_line(result) -> str:
    """The single stderr line of a failed run, checked to hold no traceback."""
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_string_target_categorical_and_id_columns(runs, work):
    result = runs["string_target"]
    assert result.returncode == 0, result.stderr
    assert "note: column 'id' left out" in result.stderr
    assert "note: column 'name' left out" in result.stderr
    assert "accuracy" in result.stdout and "wrote model.safetensors" in result.stdout
    metrics = json.loads((work / "run" / "metrics.json").read_text())
    assert metrics["features"] == ["x1", "x2", "colour"]
    assert metrics["confusion_matrix"]["labels"] == ["no", "yes"]
    assert metrics["n_train"] == 48 and metrics["n_test"] == 12
    history = json.loads((work / "run" / "history.json").read_text())
    assert [r["epoch"] for r in history] == list(range(1, len(history) + 1))
    assert history[-1]["train_loss"] < history[0]["train_loss"]
    assert all(set(r) == {"epoch", "train_loss", "dur"} for r in history)
    model = logitnet.load(work / "run" / "model.safetensors")
    assert list(model.classes_) == ["no", "yes"]
    assert model.named_steps["preprocess"].transformers_[1][2] == ["colour"]


def test_missing_values_without_dropna(runs, work):
    result = runs["gaps"]
    assert result.returncode == 1
    assert _one_error_line(result) == (
        "logitnet: error: the table has 3 missing values in 2 columns: 'x1' (2), 'colour' (1). "
        "Drop those rows (dropna) or fill them in (impute=mean|median|most_frequent)."
    )
    assert not (work / "gaps-run").exists()


def test_parquet_with_dropna(runs, work):
    result = runs["parquet_dropna"]
    assert result.returncode == 0, result.stderr
    assert "note: dropped 3 rows with missing values" in result.stderr
    metrics = json.loads((work / "pq" / "metrics.json").read_text())
    assert metrics["n_train"] + metrics["n_test"] == 57


def test_predict_ignores_extra_and_reordered_columns(runs, work):
    result = runs["predict"]
    assert result.returncode == 0, result.stderr
    got = pd.read_csv(work / "pred.csv")
    assert list(got.columns) == ["prediction", "proba_no", "proba_yes"]
    model = logitnet.load(work / "api.safetensors")
    new = pd.read_csv(work / "new.csv")
    assert got["prediction"].tolist() == model.predict(new).tolist()
    np.testing.assert_allclose(got[["proba_no", "proba_yes"]], model.predict_proba(new), rtol=1e-15)


def test_predict_with_a_missing_column(runs):
    result = runs["predict_missing"]
    assert result.returncode == 1
    line = _one_error_line(result)
    assert line.startswith("logitnet: error: new_missing_x2.csv (rows 1-25) has no column 'x2'.")
    assert line.endswith("the model was trained on ['x1', 'x2', 'colour']")
    assert result.stdout == ""


def test_truncated_model_file(runs):
    result = runs["truncated"]
    assert result.returncode == 1
    line = _one_error_line(result)
    assert line.startswith("logitnet: error: truncated.safetensors: cannot load the model:")
    assert "truncated" in line or "checksum" in line or "cannot be read" in line


def test_usage_error_exits_2(runs):
    result = runs["usage"]
    assert result.returncode == 2
    flat = " ".join(result.stderr.replace("│", " ").split())
    assert "Invalid value for '--model':" in flat
    assert "'forest' is not one of 'logistic', 'mlp'." in flat


def test_train_twice_into_the_same_folder(runs, work, logitnet_command):
    args = ["train", "items.csv", "-t", "label", "--out", "run", "--seed", "1"]
    before = (work / "run" / "metrics.json").read_text()
    refused = _run_together(logitnet_command, {"again": args}, work)["again"]
    assert refused.returncode == 1
    assert _one_error_line(refused) == (
        "logitnet: error: run: the folder exists; pass --force to replace it"
    )
    assert (work / "run" / "metrics.json").read_text() == before
    forced = _run_together(logitnet_command, {"forced": [*args, "--force"]}, work)["forced"]
    assert forced.returncode == 0, forced.stderr
    assert json.loads((work / "run" / "metrics.json").read_text())["seed"] == 1
    assert sorted(p.name for p in work.iterdir() if p.name.startswith(".")) == []


def test_pokemon_accuracy_matches_the_python_api(runs, work, pokemon_path):
    result = runs["pokemon"]
    assert result.returncode == 0, result.stderr
    table = prepare_table(pd.read_csv(pokemon_path), "legendary")
    X_tr, X_te, y_tr, y_te = train_test_split(
        table.X, table.y, test_size=0.2, random_state=0, stratify=table.y
    )
    model = logitnet.LogisticRegression(max_iter=1000)
    accuracy = make_pipeline(model, table.plan).fit(X_tr, y_tr).score(X_te, y_te)
    metrics = json.loads((work / "poke" / "metrics.json").read_text())
    assert metrics["metrics"]["accuracy"] == accuracy
    assert accuracy > 0.95
