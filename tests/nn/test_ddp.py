"""A network on 2 processes through DistributedDataParallel (real launcher, gloo)."""

import pytest

from ..distributed.conftest import one_and_two_processes

pytestmark = pytest.mark.distributed


def test_uneven_shares_run_the_same_steps_on_every_rank_and_finish(
    tmp_path, make_table, run_train, final_model
):
    data = tmp_path / "odd.csv"
    make_table(n=242).to_csv(data, index=False)  # 193 training rows: shares of 96 and 97
    out = tmp_path / "out"
    # 32 rows a step on each rank (batch 64): 3 batches of rank 0's rows, 4 of rank 1's
    done = run_train(
        data,
        out,
        "--model",
        "mlp",
        "--hidden",
        "8",
        "--epochs",
        "3",
        "--batch-size",
        "64",
        "--processes",
        "2",
    )
    assert done.returncode == 0, done.stderr
    model = final_model(out)
    assert [r["epoch"] for r in model.history_] == [1, 2, 3]


def test_two_processes_reach_the_accuracy_and_loss_of_one(tmp_path, make_table):
    data = tmp_path / "big.csv"
    make_table(n=2000, seed=1).to_csv(data, index=False)
    options = ["--model", "mlp", "--hidden", "16", "--epochs", "15", "--batch-size", "64"]
    scores = one_and_two_processes(data, tmp_path, *options)
    assert scores[2]["accuracy"] == pytest.approx(scores[1]["accuracy"], abs=0.01)
    assert scores[2]["final_loss"] == pytest.approx(scores[1]["final_loss"], rel=0.03)
