"""``run_training`` on a streamed table: the same optimum, the split by row position."""

from __future__ import annotations

import json

import numpy as np
import pytest

from logitnet import LogisticRegression, TrainConfig, run_training
from logitnet._pipeline import final_estimator
from logitnet.preprocessing import make_preprocessor, prepare_table
from logitnet.streaming import scan

from ..streaming.conftest import make_frame, write_parquet


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    frame = make_frame(1200, seed=5)
    frame["code"] = np.where(frame["p"] > 0, "hi", "lo")
    path = tmp_path_factory.mktemp("stream")
    write_parquet(frame.iloc[:800], path / "a.parquet", 200)
    write_parquet(frame.iloc[800:], path / "b.parquet", 200)
    return path


@pytest.mark.slow
def test_a_streamed_run_matches_a_fit_in_memory_on_the_same_rows(folder, tmp_path):
    config = TrainConfig(folder, "kind", drop=["w"], alpha=0.01, out=tmp_path / "run")
    assert config.streams()  # a folder always streams
    result = run_training(config)
    train, _ = scan(folder, target="kind").split(0.2, seed=0)
    table = prepare_table(train.to_pandas(), "kind", drop=["w"])
    X = make_preprocessor(table.plan.numeric, table.plan.categorical).fit_transform(table.X)
    expected = LogisticRegression(alpha=0.01).fit(X, table.y)
    got = final_estimator(result.model)
    assert np.abs(got.coef_ - expected.coef_).max() <= 1e-6
    document = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert document["n_train"] == len(table.y) and document["n_train"] + document["n_test"] == 1200
    assert document["split"].startswith("streamed")
    assert [p.name for p in result.files] == [
        "model.safetensors",
        "metrics.json",
        "history.json",
        "report.html",
    ]


def test_the_split_does_not_depend_on_the_batch_size(folder):
    runs = [
        run_training(TrainConfig(folder, "flag", drop=["w", "kind"], batch_rows=rows))
        for rows in (64, 1000)
    ]
    assert runs[0].metrics["n_test"] == runs[1].metrics["n_test"]
    assert runs[0].metrics["confusion_matrix"] == runs[1].metrics["confusion_matrix"]


def test_the_memory_limit_decides(folder):
    file = folder / "a.parquet"
    assert TrainConfig(file, "kind", memory_limit="1KB").streams()
    assert not TrainConfig(file, "kind", memory_limit="1GB").streams()
    assert TrainConfig(file, "kind", stream=True).streams()
    with pytest.raises(ValueError, match="a memory size must be a number"):
        TrainConfig(file, "kind", memory_limit="lots")


def test_a_network_streams_too(folder):
    config = TrainConfig(
        folder / "*.parquet", "flag", drop=["w", "kind"], model="mlp", hidden=(4,), epochs=2
    )
    result = run_training(config)
    assert len(result.history) == 2
    assert 0.5 < result.scores["accuracy"] <= 1.0


def test_balance_does_not_stream(folder):
    with pytest.raises(ValueError, match="balance needs the table in memory"):
        run_training(TrainConfig(folder, "kind", balance=True))
