"""``logitnet train --stream --processes 2``: each rank streams its own share of the files.

Two processes give the logistic model of one, and a network through DDP its accuracy and loss.
"""

import json

import numpy as np
import pytest

from logitnet import TrainConfig, run_training
from logitnet._pipeline import final_estimator

from .._group.test_share import write_folder
from ..distributed.conftest import one_and_two_processes

pytestmark = pytest.mark.distributed


@pytest.fixture
def parts(tmp_path, make_table):
    """1450 rows over three Parquet files: numbers, a text column with gaps, two targets."""

    def make(n_classes):
        frame = make_table(n=1450, n_classes=n_classes, seed=3)
        frame["colour"] = np.array(["red", "green", "blue", None], dtype=object)[
            (frame["a"] * 7).astype(int) % 4
        ]
        frame.loc[frame.index % 23 == 0, "b"] = np.nan
        return write_folder(frame, tmp_path / f"parts{n_classes}")

    return make


@pytest.mark.parametrize("n_classes", [2, 3])
def test_two_processes_give_the_model_of_one_streaming_process(
    parts, n_classes, tmp_path, run_train, final_model
):
    data = parts(n_classes)
    options = ["--stream", "--impute", "most_frequent", "--batch-rows", "100"]
    done = run_train(data, tmp_path / "two", *options, "--processes", "2")
    assert done.returncode == 0, done.stderr
    one = run_training(
        TrainConfig(data, "label", stream=True, impute="most_frequent", batch_rows=100)
    )
    a, b = final_estimator(one.model), final_model(tmp_path / "two")
    assert a.coef_.shape == (1 if n_classes == 2 else 3, 4 + 3)  # a, b, c, d, 3 colours
    assert np.abs(a.coef_ - b.coef_).max() <= 1e-6
    assert np.abs(a.intercept_ - b.intercept_).max() <= 1e-6
    written = json.loads((tmp_path / "two" / "metrics.json").read_text())
    assert written["n_test"] == one.metrics["n_test"]
    assert written["metrics"]["log_loss"] == pytest.approx(
        one.metrics["metrics"]["log_loss"], abs=1e-9
    )
    assert not (tmp_path / "two.checkpoint").exists()


def test_a_streamed_network_on_two_processes_reaches_the_accuracy_and_loss_of_one(parts, tmp_path):
    data = parts(2)
    options = [
        "--stream",
        "--impute",
        "most_frequent",
        "--model",
        "mlp",
        "--hidden",
        "16",
        "--epochs",
        "12",
        "--batch-size",
        "64",
    ]
    scores = one_and_two_processes(data, tmp_path, *options)
    assert scores[1]["epochs"] == scores[2]["epochs"] == list(range(1, 13))
    assert scores[2]["accuracy"] == pytest.approx(scores[1]["accuracy"], abs=0.01)
    assert scores[2]["final_loss"] == pytest.approx(scores[1]["final_loss"], rel=0.03)
