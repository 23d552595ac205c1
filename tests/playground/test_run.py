"""Runs: a step is exactly one epoch of logitnet's estimators, with metrics from scikit-learn."""

from __future__ import annotations

import base64
import warnings

import numpy as np
import pytest
import torch
from sklearn.metrics import accuracy_score, log_loss

from logitnet import LogisticRegression, NeuralNetClassifier
from logitnet.exceptions import NotFittedError
from logitnet.playground._problem import GRID_SIZE, make_problem
from logitnet.playground._run import Run, encode_grid
from logitnet.playground._settings import Settings


def run_of(settings: Settings, steps: int) -> Run:
    run = Run(make_problem(settings), settings)
    for _ in range(steps):
        run.step()
    return run


def test_k_network_steps_are_k_epochs_of_fit():
    settings = Settings(
        dataset="moons",
        model="mlp",
        hidden=(6, 3),
        activation="tanh",
        optimizer="sgd",
        lr=0.1,
        batch_size=20,
        l2=0.001,
        seed=3,
    )
    run = run_of(settings, 4)
    p = run.problem
    reference = NeuralNetClassifier(
        (6, 3),
        activation="tanh",
        optimizer="sgd",
        lr=0.1,
        batch_size=20,
        weight_decay=0.001,
        epochs=4,
        random_state=3,
    ).fit(p.X_train, p.y_train)
    np.testing.assert_array_equal(
        reference.predict_proba(p.X_test), run.model.predict_proba(p.X_test)
    )
    assert run.epoch == 4


def test_k_logistic_steps_are_k_newton_iterations():
    settings = Settings(dataset="blobs", classes=3, model="logistic", l2=0.01, seed=5)
    run = run_of(settings, 3)
    reference = LogisticRegression(alpha=0.01, max_iter=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference.fit(run.problem.X_train, run.problem.y_train)
    np.testing.assert_allclose(run.model.coef_, reference.coef_, rtol=0, atol=1e-12)


@pytest.mark.parametrize(
    "settings",
    [
        Settings(dataset="circles", seed=1),
        Settings(dataset="spiral", classes=5, seed=2),
        Settings(dataset="blobs", classes=3, model="logistic"),
    ],
    ids=["binary-mlp", "5-class-mlp", "3-class-logistic"],
)
def test_each_record_holds_the_metrics_of_scikit_learn_on_both_splits(settings):
    run = run_of(settings, 3)
    p, model = run.problem, run.model
    record = run.records[-1]
    assert [r["epoch"] for r in run.records] == [1, 2, 3]
    assert record["test_loss"] == pytest.approx(
        log_loss(p.y_test, model.predict_proba(p.X_test)), rel=1e-9
    )
    assert record["train_loss"] == pytest.approx(
        log_loss(p.y_train, model.predict_proba(p.X_train)), rel=1e-9
    )
    assert record["test_acc"] == accuracy_score(p.y_test, model.predict(p.X_test))
    assert record["train_acc"] == accuracy_score(p.y_train, model.predict(p.X_train))
    assert record["dur"] > 0


def test_a_diverging_run_says_so():
    settings = Settings(dataset="circles", model="mlp")
    run = Run(make_problem(settings), settings)
    with torch.no_grad():
        next(run.model.module_.parameters()).fill_(float("inf"))  # as a far too large lr leaves it
    with pytest.raises(
        ValueError, match=r"training diverged at epoch 1: .* lower the learning rate"
    ):
        run.step()


def test_the_frame_carries_the_map_as_one_byte_per_cell():
    run = run_of(Settings(dataset="circles"), 1)
    frame = run.frame()
    assert frame["epoch"] == 1 and frame["record"] == run.records[-1]
    p = np.frombuffer(base64.b64decode(frame["grid"]["p"]), dtype=np.uint8)
    expected = run.model.predict_proba(run.problem.grid_inputs)[:, 1]
    assert p.shape == (GRID_SIZE * GRID_SIZE,)
    assert np.abs(p - np.rint(expected * 255)).max() <= 1  # float32 sums differ by batch size


def test_several_classes_send_the_argmax_and_its_probability():
    proba = np.array([[0.2, 0.5, 0.3], [0.9, 0.05, 0.05], [0.1, 0.1, 0.8]])
    grid = encode_grid(proba)
    assert list(base64.b64decode(grid["k"])) == [1, 0, 2]
    assert list(base64.b64decode(grid["p"])) == [128, 230, 204]


def test_epoch_zero_draws_an_untrained_network_and_a_flat_linear_map():
    net = Run(make_problem(Settings(dataset="xor")), Settings(dataset="xor"))
    assert net.frame()["record"] is None
    assert len(set(base64.b64decode(net.frame()["grid"]["p"]))) > 1
    settings = Settings(dataset="blobs", classes=4, model="logistic")
    linear = Run(make_problem(settings), settings)
    assert set(base64.b64decode(linear.frame()["grid"]["p"])) == {64}  # 1/4 of 255
    with pytest.raises(NotFittedError, match=r"train at least one epoch"):
        linear.exported()


def test_the_same_settings_give_the_same_losses():
    settings = Settings(dataset="spiral", classes=3, seed=9)
    assert (
        run_of(settings, 3).records[-1]["train_loss"]
        == run_of(settings, 3).records[-1]["train_loss"]
    )


def test_squared_features_let_logistic_regression_solve_the_circles():
    plain = run_of(Settings(dataset="circles", model="logistic"), 5)
    squared = run_of(
        Settings(dataset="circles", model="logistic", l2=0.001, features=("x1sq", "x2sq")), 5
    )
    assert plain.records[-1]["test_acc"] <= 0.65
    assert squared.records[-1]["test_acc"] >= 0.95


def test_the_export_with_features_predicts_from_the_raw_coordinates(tmp_path):
    import logitnet

    run = run_of(Settings(dataset="xor", model="mlp", hidden=(4,), features=("x1", "x1x2")), 2)
    path = logitnet.save(run.exported(), tmp_path / "xor.safetensors")
    model, raw = logitnet.load(path), run.problem.raw
    assert [name for name, _ in model.steps] == ["preprocess", "model"]
    assert raw["X_test"].shape[1] == 2  # x1, x2 as drawn
    np.testing.assert_array_equal(
        model.predict_proba(raw["X_test"]), run.model.predict_proba(run.problem.X_test)
    )


def test_l1_drives_logistic_weights_to_exactly_zero_and_a_network_takes_it_too():
    features = ("x1", "x2", "x1x2", "sinx1", "sinx2")
    run = run_of(Settings(dataset="xor", model="logistic", l1=0.01, features=features), 10)
    assert list(run.model.coef_[0] == 0) == [True, True, False, True, True]
    net = run_of(Settings(dataset="xor", hidden=(8,), l1=0.05, lr=0.03, features=features), 5)
    assert int((net.model.module_.linears[0].weight == 0).sum()) > 0


def test_a_linear_activation_network_is_a_linear_model():
    run = run_of(Settings(dataset="circles", hidden=(4, 4), activation="linear"), 5)
    assert all(isinstance(m, torch.nn.Identity | torch.nn.Linear) for m in run.model.module_.layers)
    assert run.records[-1]["test_acc"] <= 0.65  # a straight line cannot separate circles
