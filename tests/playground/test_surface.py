"""The loss surface: its optimum is scikit-learn's, and each solver's steps are counted right."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression as SkLogistic

from logitnet.linear import add_intercept, log_loss_and_grad
from logitnet.playground._problem import make_problem
from logitnet.playground._settings import parse_settings
from logitnet.playground._surface import TOLERANCE, LossSurface, surface_note

MOONS = make_problem(parse_settings({"dataset": "moons", "noise": "0.3"}))


@pytest.fixture(scope="module")
def surface():
    return LossSurface(MOONS.X_train, MOONS.codes_train, 0.0, 1.0)


def test_the_objective_is_the_mean_log_loss_plus_the_l2_penalty():
    w = np.array([0.3, -1.2, 0.7])
    loss, grad = LossSurface(MOONS.X_train, MOONS.codes_train, 0.5, 1.0).loss_grad(w)
    ref_loss, ref_grad = log_loss_and_grad(w, add_intercept(MOONS.X_train), MOONS.codes_train)
    assert loss == pytest.approx(ref_loss + 0.25 * (1.2**2 + 0.7**2), rel=1e-12)
    np.testing.assert_allclose(grad, ref_grad + 0.5 * np.array([0.0, -1.2, 0.7]), rtol=1e-12)


@pytest.mark.parametrize("l2", [0.0, 0.05])
def test_the_optimum_is_scikit_learns(l2):
    optimum, _ = LossSurface(MOONS.X_train, MOONS.codes_train, l2, 1.0).optimum
    n = len(MOONS.y_train)
    reference = SkLogistic(C=np.inf if l2 == 0 else 1 / (l2 * n), tol=1e-12, max_iter=10_000)
    reference.fit(MOONS.X_train, MOONS.y_train)
    np.testing.assert_allclose(optimum[1:], reference.coef_[0], atol=1e-6)
    assert optimum[0] == pytest.approx(reference.intercept_[0], abs=1e-6)


def test_each_path_stops_at_its_first_step_within_the_tolerance(surface):
    best = surface.optimum[1]
    for name, path in surface.paths.items():
        gaps = [surface.loss_grad(w)[0] - best for w in path["w"]]
        assert path["steps"] == len(path["w"]) - 1, name
        assert gaps[-1] <= TOLERANCE < min(gaps[:-1]), name


def test_newton_needs_fewer_steps_than_adam_and_gradient_descent(surface):
    steps = {name: path["steps"] for name, path in surface.paths.items()}
    assert steps == {"gd": 304, "newton": 4, "adam": 116}


def test_a_larger_gradient_descent_step_takes_fewer_steps():
    fast = LossSurface(MOONS.X_train, MOONS.codes_train, 0.0, 4.0)
    assert fast.paths["gd"]["steps"] < 304


def test_the_contours_are_the_objective_at_the_given_intercept(surface):
    page = surface.describe()
    z = surface.contours(0.25)
    for row, col in ((0, 0), (20, 7), (40, 40)):
        w = np.array([0.25, page["w1"][col], page["w2"][row]])
        assert z[row][col] == pytest.approx(surface.loss_grad(w)[0], abs=1e-6)


def test_separable_classes_have_no_finite_optimum():
    settings = parse_settings(
        {
            "dataset": "circles",
            "feature-x1": "0",
            "feature-x2": "0",
            "feature-x1sq": "1",
            "feature-x2sq": "1",
        }
    )
    problem = make_problem(settings)
    surface = LossSurface(problem.X_train, problem.codes_train, 0.0, 1.0)
    assert surface.optimum is None
    assert surface.describe()["optimum"] is None
    assert all(path["steps"] is None for path in surface.paths.values())


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (("mlp", 2, 2, 0.0), "The loss surface is drawn for logistic regression with two input"),
        (("logistic", 3, 2, 0.0), "The loss surface needs two classes and two input features"),
        (("logistic", 2, 3, 0.0), "The loss surface needs two classes and two input features"),
        (("logistic", 2, 2, 0.1), "The loss surface is drawn without L1"),
    ],
)
def test_the_note_says_why_there_is_no_surface(args, start):
    assert surface_note(*args).startswith(start)
    assert surface_note("logistic", 2, 2, 0.0) is None
