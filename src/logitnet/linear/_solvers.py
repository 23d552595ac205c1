"""The solvers that minimize an objective from :mod:`logitnet.linear._objective`.

Each solver takes ``(objective, w0, options)`` and returns a :class:`SolverResult`. They stop
when the largest absolute entry of the gradient is at most ``tol``, or after ``max_iter``
iterations. ``logitnet.linear._logistic.SOLVERS`` maps each solver's name to it.

Two options make a run resumable, whatever the objective (in memory, sharded over processes,
streamed): ``on_iteration(w, result)`` is called after each iteration with the iterate and the
result so far (a checkpoint writes them), and ``resume`` holds the iterations done before
``w0`` (a checkpoint's count, losses and durations), from which the run counts on, within the
same ``max_iter``. Newton's method and gradient descent keep nothing but the iterate, so a run
resumed from iteration ``k`` takes the same steps as one never interrupted; L-BFGS starts its
memory afresh, and reaches the same minimum within ``tol`` by another path.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from scipy.optimize import minimize

ARMIJO = 1e-4  # sufficient-decrease constant of the line search
MAX_HALVINGS = 40  # the line search gives up after this many step halvings


class Objective(Protocol):
    """What a solver needs of an objective: in memory, streamed, or summed over processes."""

    n_params: int

    def split(self, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]: ...
    def join(self, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray: ...
    def loss_grad(self, w: np.ndarray) -> tuple[float, np.ndarray]: ...
    def newton_direction(self, w: np.ndarray, grad: np.ndarray) -> np.ndarray: ...
    def separates(self, w: np.ndarray) -> bool: ...


@dataclass
class SolverOptions:
    """How long and how far a solver runs."""

    max_iter: int = 100  # iteration budget
    tol: float = 1e-6  # stop when max |gradient| <= tol
    learning_rate: float = 0.1  # step size of "gd"
    verbose: int = 0  # > 0 prints the objective at each iteration
    # called after each iteration with the iterate and the result so far (e.g. a checkpoint)
    on_iteration: Callable[[np.ndarray, SolverResult], None] | None = None
    resume: SolverResult | None = None  # the iterations done before w0 (from a checkpoint)
    l1: float = 0.0  # weight of the L1 penalty ||coef||_1 (solver "cd" only)


@dataclass
class SolverResult:
    """Where a solver stopped, and how it got there."""

    w: np.ndarray  # final flat parameters
    n_iter: int  # iterations done
    loss_curve: list[float] = field(default_factory=list)  # objective after each iteration
    converged: bool = True  # the gradient reached tol
    stalled: bool = False  # the line search could not decrease the objective
    started: float = field(default_factory=time.perf_counter)  # perf_counter() at the start
    times: list[float] = field(default_factory=list)  # perf_counter() after each iteration
    earlier: list[float] = field(default_factory=list)  # durations of the resumed iterations

    def record(self, loss: float) -> None:
        """Count one iteration that ended at objective ``loss``."""
        self.n_iter += 1
        self.loss_curve.append(loss)
        self.times.append(time.perf_counter())

    def durations(self) -> list[float]:
        """Seconds each iteration took (the first of a run includes its initial evaluation)."""
        stamps = [self.started, *self.times]
        return [*self.earlier, *(b - a for a, b in zip(stamps[:-1], stamps[1:], strict=True))]


def _begin(w0: np.ndarray, options: SolverOptions, converged: bool = True) -> SolverResult:
    """The result of a run from ``w0``, counting on from ``options.resume`` when given."""
    result = SolverResult(w0, 0, converged=converged)
    if options.resume is not None:
        result.n_iter = options.resume.n_iter
        result.loss_curve = [float(v) for v in options.resume.loss_curve]
        result.earlier = options.resume.durations()
    return result


def _iterated(
    options: SolverOptions,
    result: SolverResult,
    w: np.ndarray,
    loss: float,
    grad: np.ndarray | None,
) -> None:
    """Count one iteration that ended at ``w``; report it, and pass it to ``on_iteration``."""
    result.record(loss)
    if grad is not None:
        result.converged = _small(grad, options.tol)
    _report(options, result.n_iter, loss, grad)
    if options.on_iteration is not None:
        options.on_iteration(w, result)


def _report(options: SolverOptions, it: int, loss: float, grad: np.ndarray | None) -> None:
    """Print one iteration's progress when ``verbose`` asks for it."""
    if options.verbose > 0:
        tail = "" if grad is None else f", max |grad| {np.abs(grad).max():.3e}"
        print(f"iteration {it}: objective {loss:.10g}{tail}")


def _small(grad: np.ndarray, tol: float) -> bool:
    """Whether the gradient is within tolerance."""
    return bool(np.abs(grad).max() <= tol)


def newton(objective, w0: np.ndarray, options: SolverOptions) -> SolverResult:
    """Newton's method with a backtracking (Armijo) line search.

    The objective supplies the direction: a Hessian solve for the binary model (on large
    data, far from the minimum, a Hessian estimated from a fixed subset of rows), a
    preconditioned conjugate-gradient solve on Hessian-vector products for the multinomial one.
    """
    w, (loss, grad) = w0, objective.loss_grad(w0)
    result = _begin(w, options, converged=_small(grad, options.tol))
    while not result.converged and result.n_iter < options.max_iter:
        step = objective.newton_direction(w, grad)
        found = _backtrack(objective, w, loss, grad, step)
        if found is None:
            result.stalled = True
            break
        w, loss, grad = found
        _iterated(options, result, w, loss, grad)
    result.w = w
    return result


def _backtrack(objective, w, loss, grad, step):
    """Halve the step until the objective decreases enough; ``None`` when it never does."""
    slope = float(grad @ step)
    if slope >= 0:  # not a descent direction (numerical noise at the optimum)
        step, slope = -grad, -float(grad @ grad)
    t = 1.0
    for _ in range(MAX_HALVINGS):
        w_new = w + t * step
        loss_new, grad_new = objective.loss_grad(w_new)
        if loss_new <= loss + ARMIJO * t * slope or _flat_but_better(
            loss, loss_new, grad, grad_new
        ):
            return w_new, loss_new, grad_new
        t *= 0.5
    return None


def _flat_but_better(loss, loss_new, grad, grad_new) -> bool:
    """Near the minimum, where losses differ only by rounding, accept a smaller gradient."""
    rounding = 16 * np.finfo(float).eps * max(1.0, abs(loss))
    return abs(loss_new - loss) <= rounding and np.abs(grad_new).max() < np.abs(grad).max()


def lbfgs(objective, w0: np.ndarray, options: SolverOptions) -> SolverResult:
    """SciPy's L-BFGS-B on the objective's loss and gradient (one pass per evaluation).

    A resumed run starts with an empty memory, from the resumed iterate.
    """
    result = _begin(w0, options)
    done = result.n_iter
    if done >= options.max_iter:  # resumed after the last iteration
        result.converged = _small(objective.loss_grad(w0)[1], options.tol)
        return result

    def record(intermediate_result) -> None:
        x = np.array(intermediate_result.x, dtype=np.float64)
        _iterated(options, result, x, float(intermediate_result.fun), None)

    res = minimize(
        objective.loss_grad,
        w0,
        jac=True,
        method="L-BFGS-B",
        callback=record,
        options={
            "maxiter": options.max_iter - done,
            "gtol": options.tol,
            "ftol": 64 * np.finfo(float).eps,
        },
    )
    # status 0: the gradient reached tol, or the objective stopped decreasing (as scikit-learn)
    result.w, result.n_iter = res.x, done + int(res.nit)
    result.converged, result.stalled = res.status == 0, res.status == 2
    return result


def gradient_descent(objective, w0: np.ndarray, options: SolverOptions) -> SolverResult:
    """Plain gradient descent with a fixed ``learning_rate``."""
    w, (loss, grad) = w0.copy(), objective.loss_grad(w0)
    result = _begin(w, options, converged=_small(grad, options.tol))
    while not result.converged and result.n_iter < options.max_iter:
        w -= options.learning_rate * grad
        loss, grad = objective.loss_grad(w)
        _iterated(options, result, w, loss, grad)
    result.w = w
    return result
