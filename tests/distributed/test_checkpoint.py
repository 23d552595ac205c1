"""Checkpoints of a network (each epoch) and of a solver (each iteration), in one process."""

import json
from functools import partial

import numpy as np
import pytest

from logitnet import LogisticRegression
from logitnet.distributed import _checkpoint, _solver_checkpoint
from logitnet.distributed._checkpoint import checkpoint_callbacks, resume, save_checkpoint
from logitnet.distributed._resume import Checkpointing, prepare
from logitnet.distributed._solver_checkpoint import (
    load_solver_checkpoint,
    resume_solver,
    save_solver_checkpoint,
)
from logitnet.exceptions import ConvergenceWarning
from logitnet.linear._sharded import fit_sharded
from logitnet.linear._solvers import SolverOptions, SolverResult
from logitnet.nn import NeuralNetClassifier

SETTINGS = {"model": "mlp", "epochs": 3, "world": 2}
RNG = np.random.default_rng(5)
X = RNG.normal(size=(60, 3)).astype(np.float32)
Y = (X @ [1.0, -1.0, 0.5] > 0).astype(int)


def _network(epochs=2):
    return NeuralNetClassifier((4,), epochs=epochs, batch_size=16, random_state=0)


def _fresh():
    """An initialized, untrained network of the same shape."""
    return _network().initialize(3, np.array([0, 1]))


def _state(estimator):
    return {k: v.clone() for k, v in estimator.module_.state_dict().items()}


def test_a_network_checkpoint_round_trips_weights_optimizer_and_history(tmp_path):
    trained = _network().fit(X, Y)
    save_checkpoint(tmp_path / "ck", trained, SETTINGS)
    assert sorted(p.name for p in (tmp_path / "ck").iterdir()) == [
        "checkpoint.json",
        "checkpoint.safetensors",
    ]
    back = _fresh()
    assert resume(tmp_path / "ck", back, SETTINGS)
    for name, value in _state(trained).items():
        np.testing.assert_array_equal(back.module_.state_dict()[name].numpy(), value.numpy())
    a, b = trained.optimizer_.state_dict(), back.optimizer_.state_dict()
    assert a["param_groups"] == b["param_groups"]
    for index, entries in a["state"].items():
        for name, value in entries.items():
            np.testing.assert_array_equal(np.asarray(b["state"][index][name]), np.asarray(value))
    assert back.history_.to_list() == trained.history_.to_list()


def test_a_network_checkpoint_of_other_settings_is_not_resumed(tmp_path):
    save_checkpoint(tmp_path / "ck", _network().fit(X, Y), SETTINGS)
    back = _fresh()
    before = _state(back)
    assert not resume(tmp_path / "ck", back, {**SETTINGS, "epochs": 4})
    assert not resume(tmp_path / "missing", back, SETTINGS)
    assert len(back.history_) == 0
    for name, value in before.items():
        np.testing.assert_array_equal(back.module_.state_dict()[name].numpy(), value.numpy())


def test_checkpoint_callbacks_resume_and_say_so(tmp_path):
    notes = []
    plan = Checkpointing(tmp_path / "ck", SETTINGS, notes.append)
    assert [type(c).__name__ for c in checkpoint_callbacks(_fresh(), plan)] == ["Checkpoint"]
    assert notes == []  # nothing to resume yet
    save_checkpoint(tmp_path / "ck", _network().fit(X, Y), SETTINGS)
    back = _fresh()
    checkpoint_callbacks(back, plan)
    assert len(back.history_) == 2
    assert notes == [f"resumed from the checkpoint of epoch 2 in {tmp_path / 'ck'}"]
    assert checkpoint_callbacks(_fresh(), None) == []


def test_a_checkpoint_write_that_fails_leaves_the_previous_one_whole(tmp_path, monkeypatch):
    folder = tmp_path / "ck"
    save_checkpoint(folder, _network(epochs=1).fit(X, Y), SETTINGS)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    def broken(path, data):
        raise OSError("disk full")

    monkeypatch.setattr(_checkpoint, "write_atomic", broken)
    with pytest.raises(OSError, match="disk full"):
        save_checkpoint(folder, _network(epochs=2).fit(X, Y), SETTINGS)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["ck"]  # no staging folder left


def test_prepare_puts_back_a_checkpoint_left_mid_swap_and_removes_staging(tmp_path):
    folder = tmp_path / "out.checkpoint"
    stopped = tmp_path / ".out.checkpoint.old.abc123"  # the swap's first rename happened
    (stopped / "out.checkpoint").mkdir(parents=True)
    (stopped / "out.checkpoint" / "checkpoint.json").write_text("{}")
    (tmp_path / ".out.checkpoint.x1y2z3").mkdir()  # a staging folder, half written
    (tmp_path / "out").mkdir()  # --out and its own staging folders are left alone
    (tmp_path / ".out.k9k9k9").mkdir()
    prepare(folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.k9k9k9", "out", "out.checkpoint"]
    assert (folder / "checkpoint.json").read_text() == "{}"


def _result(w, losses):
    result = SolverResult(np.asarray(w), len(losses), loss_curve=list(losses))
    result.earlier = [0.25] * len(losses)
    return result


def test_a_solver_checkpoint_round_trips_the_iterate_count_and_history(tmp_path):
    w = np.array([0.1, -2.5e-300, 1 / 3, -0.0])
    save_solver_checkpoint(tmp_path / "ck", SETTINGS, w, _result(w, [0.7, 0.5, 0.45]))
    back = load_solver_checkpoint(tmp_path / "ck", SETTINGS, 4)
    np.testing.assert_array_equal(back.w, w)
    assert (back.n_iter, back.loss_curve, back.durations()) == (3, [0.7, 0.5, 0.45], [0.25] * 3)
    document = json.loads((tmp_path / "ck" / "checkpoint.json").read_text())
    assert document["settings"] == SETTINGS and document["n_iter"] == 3


def test_a_solver_checkpoint_of_other_settings_or_size_is_not_resumed(tmp_path):
    w = np.ones(4)
    save_solver_checkpoint(tmp_path / "ck", SETTINGS, w, _result(w, [0.7]))
    assert load_solver_checkpoint(tmp_path / "ck", {**SETTINGS, "world": 3}, 4) is None
    assert load_solver_checkpoint(tmp_path / "ck", SETTINGS, 5) is None
    assert load_solver_checkpoint(tmp_path / "none", SETTINGS, 4) is None
    start, options = resume_solver(
        Checkpointing(tmp_path / "ck", {"other": 1}), np.zeros(4), SolverOptions()
    )
    assert options.resume is None
    np.testing.assert_array_equal(start, np.zeros(4))


def test_a_failed_solver_checkpoint_write_leaves_the_previous_one(tmp_path, monkeypatch):
    w = np.ones(3)
    save_solver_checkpoint(tmp_path / "ck", SETTINGS, w, _result(w, [0.7]))
    monkeypatch.setattr(_solver_checkpoint, "write_atomic", lambda path, data: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        save_solver_checkpoint(tmp_path / "ck", SETTINGS, 2 * w, _result(w, [0.7, 0.6]))
    assert load_solver_checkpoint(tmp_path / "ck", SETTINGS, 3).n_iter == 1
    assert [p.name for p in tmp_path.iterdir()] == ["ck"]


@pytest.mark.parametrize("n_classes", [2, 3])
def test_a_logistic_fit_resumed_from_its_checkpoint_equals_one_never_interrupted(
    tmp_path, n_classes
):
    X64 = X.astype(np.float64)
    y = np.digitize(X64 @ [1.0, -1.0, 0.5] + RNG.normal(size=60), [-0.5, 0.5][: n_classes - 1])
    classes = np.unique(y)
    whole = fit_sharded(LogisticRegression(alpha=0.1), X64, y, classes)
    notes = []
    plan = Checkpointing(tmp_path / "ck", SETTINGS, notes.append)
    with pytest.warns(ConvergenceWarning, match="max_iter=2"):  # stopped as if killed
        fit_sharded(
            LogisticRegression(alpha=0.1, max_iter=2), X64, y, classes, partial(resume_solver, plan)
        )
    assert json.loads((tmp_path / "ck" / "checkpoint.json").read_text())["n_iter"] == 2
    resumed = fit_sharded(
        LogisticRegression(alpha=0.1), X64, y, classes, partial(resume_solver, plan)
    )
    assert notes == [f"resumed from the checkpoint of iteration 2 in {tmp_path / 'ck'}"]
    np.testing.assert_array_equal(resumed.coef_, whole.coef_)
    np.testing.assert_array_equal(resumed.intercept_, whole.intercept_)
    assert resumed.n_iter_ == whole.n_iter_ > 2
    assert [r["train_loss"] for r in resumed.history_] == whole.loss_curve_


def test_an_lbfgs_fit_resumed_without_its_memory_reaches_the_same_minimum(tmp_path):
    X64 = X.astype(np.float64)
    y = np.digitize(X64 @ [1.0, -1.0, 0.5] + RNG.normal(size=60), [-0.5, 0.5])
    classes = np.unique(y)
    tight = {"solver": "lbfgs", "alpha": 0.1, "tol": 1e-10}
    whole = fit_sharded(LogisticRegression(**tight), X64, y, classes)
    plan = Checkpointing(tmp_path / "ck", SETTINGS)
    with pytest.warns(ConvergenceWarning, match="max_iter=3"):
        fit_sharded(
            LogisticRegression(**tight, max_iter=3), X64, y, classes, partial(resume_solver, plan)
        )
    resumed = fit_sharded(
        LogisticRegression(**tight), X64, y, classes, partial(resume_solver, plan)
    )
    assert resumed.n_iter_ > 3 and len(resumed.history_) == resumed.n_iter_
    assert np.abs(resumed.coef_ - whole.coef_).max() <= 1e-6
    assert np.abs(resumed.intercept_ - whole.intercept_).max() <= 1e-6


def test_a_streamed_logistic_fit_resumes_through_the_same_hook(tmp_path):
    import pandas as pd

    from logitnet import scan

    frame = pd.DataFrame(X.astype(np.float64), columns=["a", "b", "c"])
    frame["label"] = np.digitize(X @ [1.0, -1.0, 0.5] + RNG.normal(size=60), [-0.5, 0.5])
    frame.to_parquet(tmp_path / "t.parquet")
    table = scan(tmp_path / "t.parquet", target="label", batch_rows=16)
    whole = LogisticRegression(alpha=0.1).fit(table)
    plan = Checkpointing(tmp_path / "ck", SETTINGS)
    with pytest.warns(ConvergenceWarning, match="max_iter=2"):
        LogisticRegression(alpha=0.1, max_iter=2)._fit_scan(
            table, None, None, partial(resume_solver, plan)
        )
    resumed = LogisticRegression(alpha=0.1)._fit_scan(
        table, None, None, partial(resume_solver, plan)
    )
    assert json.loads((tmp_path / "ck" / "checkpoint.json").read_text())["n_iter"] == (
        resumed.n_iter_
    )
    np.testing.assert_array_equal(resumed.coef_, whole.coef_)
    np.testing.assert_array_equal(resumed.intercept_, whole.intercept_)
    assert resumed.n_iter_ == whole.n_iter_ > 2
