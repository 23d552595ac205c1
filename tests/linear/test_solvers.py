"""Tests of logitnet.linear._solvers: each solver reaches the same minimum."""

import dataclasses

import numpy as np
import pytest

from logitnet.linear._logistic import SOLVERS
from logitnet.linear._objective import BinaryObjective, MultinomialObjective
from logitnet.linear._solvers import SolverOptions

RNG = np.random.default_rng(3)
X = RNG.normal(size=(80, 3))
Y = (X @ [1.0, -1.0, 0.5] + RNG.normal(size=80) > 0).astype(float)
Y3 = np.digitize(X @ [1.0, -1.0, 0.5] + RNG.normal(size=80), [-0.5, 0.5])
S = np.full(80, 1 / 80)


def binary():
    return BinaryObjective(X, Y, S, 0.1, True)


def multinomial():
    return MultinomialObjective(X, Y3, S, 0.1, True, 3)


def exact_minimum(obj):
    """Reference minimum: Newton run to a tolerance far below the tests'."""
    return SOLVERS["newton"](obj, np.zeros(obj.n_params), SolverOptions(tol=1e-13)).w


@pytest.mark.parametrize("make", [binary, multinomial])
@pytest.mark.parametrize(
    ("solver", "options"),
    [
        ("newton", SolverOptions(tol=1e-10)),
        ("lbfgs", SolverOptions(max_iter=1000, tol=1e-10)),
        ("gd", SolverOptions(max_iter=20_000, tol=1e-9, learning_rate=1.0)),
    ],
)
def test_every_solver_reaches_the_minimum(make, solver, options):
    obj = make()
    result = SOLVERS[solver](obj, np.zeros(obj.n_params), options)
    assert result.converged and not result.stalled
    np.testing.assert_allclose(result.w, exact_minimum(make()), atol=1e-6)


@pytest.mark.parametrize("solver", ["newton", "lbfgs", "gd"])
def test_loss_curve_has_one_decreasing_entry_per_iteration(solver):
    result = SOLVERS[solver](binary(), np.zeros(4), SolverOptions(max_iter=30))
    assert len(result.loss_curve) == result.n_iter > 0
    assert np.all(np.diff(result.loss_curve) <= 1e-15)


def test_newton_converges_quadratically_in_few_iterations():
    result = SOLVERS["newton"](binary(), np.zeros(4), SolverOptions(tol=1e-12))
    assert result.converged and result.n_iter <= 8


def test_gd_stops_at_max_iter_without_converging():
    result = SOLVERS["gd"](binary(), np.zeros(4), SolverOptions(max_iter=3, learning_rate=0.01))
    assert result.n_iter == 3 and not result.converged


def test_solver_at_the_minimum_does_no_iteration():
    obj = binary()
    result = SOLVERS["newton"](obj, exact_minimum(obj), SolverOptions(tol=1e-8))
    assert result.n_iter == 0 and result.converged and result.loss_curve == []


def test_verbose_prints_each_iteration(capsys):
    result = SOLVERS["newton"](binary(), np.zeros(4), SolverOptions(verbose=1))
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == result.n_iter
    assert lines[0].startswith("iteration 1: objective ") and "max |grad|" in lines[0]


def _interrupted(solver, make, options, after):
    """A run stopped after ``after`` iterations, then resumed from its last iterate."""
    seen = []

    def keep(w, result):
        seen.append((w.copy(), result.n_iter))

    first = dataclasses.replace(options, max_iter=after, on_iteration=keep)
    head = SOLVERS[solver](make(), np.zeros(make().n_params), first)
    assert [n for _, n in seen] == list(range(1, after + 1))
    np.testing.assert_array_equal(seen[-1][0], head.w)
    resumed = dataclasses.replace(options, resume=head)
    return SOLVERS[solver](make(), head.w.copy(), resumed)


@pytest.mark.parametrize("make", [binary, multinomial])
@pytest.mark.parametrize(
    ("solver", "options", "after"),
    [("newton", SolverOptions(tol=1e-10), 2), ("gd", SolverOptions(max_iter=300), 120)],
)
def test_a_resumed_run_takes_the_same_steps_as_one_never_interrupted(make, solver, options, after):
    whole = SOLVERS[solver](make(), np.zeros(make().n_params), options)
    resumed = _interrupted(solver, make, options, after)
    np.testing.assert_array_equal(resumed.w, whole.w)
    assert resumed.n_iter == whole.n_iter
    assert resumed.loss_curve == whole.loss_curve
    assert len(resumed.durations()) == resumed.n_iter
    assert resumed.converged == whole.converged


@pytest.mark.parametrize("make", [binary, multinomial])
def test_lbfgs_resumed_without_its_memory_reaches_the_same_minimum(make):
    options = SolverOptions(max_iter=1000, tol=1e-10)
    resumed = _interrupted("lbfgs", make, options, 3)
    assert resumed.converged
    assert resumed.n_iter > 3 and len(resumed.loss_curve) == resumed.n_iter
    np.testing.assert_allclose(resumed.w, exact_minimum(make()), atol=1e-6)


@pytest.mark.parametrize("solver", ["newton", "lbfgs", "gd"])
def test_a_run_resumed_at_max_iter_does_no_more_iterations(solver):
    head = SOLVERS[solver](binary(), np.zeros(4), SolverOptions(max_iter=2))
    calls = []
    more = SolverOptions(max_iter=2, resume=head, on_iteration=lambda w, r: calls.append(w))
    tail = SOLVERS[solver](binary(), head.w, more)
    assert (tail.n_iter, calls, tail.loss_curve) == (2, [], head.loss_curve)
    np.testing.assert_array_equal(tail.w, head.w)
