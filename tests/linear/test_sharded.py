"""A logistic regression on 2 processes equals the one on 1 (real launcher, real torchrun)."""

import json

import numpy as np
import pytest

from logitnet import LogisticRegression
from logitnet.linear._sharded import fit_sharded


def _assert_same_model(a, b, tol=1e-6):
    assert np.abs(a.coef_ - b.coef_).max() <= tol
    assert np.abs(a.intercept_ - b.intercept_).max() <= tol
    np.testing.assert_array_equal(a.classes_, b.classes_)


@pytest.mark.parametrize("class_weight", [None, "balanced", {"c0": 2.0}])
def test_in_one_process_the_sharded_fit_is_the_ordinary_fit(make_table, class_weight):
    frame = make_table(n=150, n_classes=3)
    X, y = frame[list("abcd")].to_numpy(), frame["label"].to_numpy()
    ordinary = LogisticRegression(alpha=0.01, class_weight=class_weight).fit(X, y)
    sharded = fit_sharded(
        LogisticRegression(alpha=0.01, class_weight=class_weight), X, y, np.unique(y)
    )
    _assert_same_model(ordinary, sharded, tol=1e-12)
    assert sharded.n_iter_ == ordinary.n_iter_


def test_the_binary_sharded_fit_of_one_process_is_the_ordinary_fit(make_table):
    frame = make_table(n=150)
    X, y = frame[list("abcd")].to_numpy(), frame["label"].to_numpy()
    ordinary = LogisticRegression(solver="lbfgs").fit(X, y)
    sharded = fit_sharded(LogisticRegression(solver="lbfgs"), X, y, np.unique(y))
    _assert_same_model(ordinary, sharded, tol=1e-12)


@pytest.mark.distributed
def test_two_processes_give_the_model_of_one_binary(table_csv, tmp_path, run_train, final_model):
    one, two = tmp_path / "one", tmp_path / "two"
    assert run_train(table_csv, one).returncode == 0
    done = run_train(table_csv, two, "--processes", "2")
    assert done.returncode == 0, done.stderr
    assert "(2 processes)" in " ".join(done.stdout.split())
    _assert_same_model(final_model(one), final_model(two))
    first, second = (json.loads((p / "metrics.json").read_text()) for p in (one, two))
    assert second["n_test"] == first["n_test"] == 48
    assert second["metrics"]["log_loss"] == pytest.approx(first["metrics"]["log_loss"], abs=1e-9)


@pytest.mark.distributed
def test_the_same_command_under_torchrun_joins_its_group_multiclass(
    multiclass_csv, tmp_path, run_train, run_python, final_model
):
    one, two = tmp_path / "one", tmp_path / "two"
    assert run_train(multiclass_csv, one).returncode == 0
    torchrun = ["-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2"]
    train = ["-m", "logitnet", "train", str(multiclass_csv), "--target", "label"]
    done = run_python([*torchrun, *train, "--out", str(two)])
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("wrote ") == 1  # rank 0 prints, rank 1 does not
    a, b = final_model(one), final_model(two)
    assert a.coef_.shape == (3, 4)
    _assert_same_model(a, b)
