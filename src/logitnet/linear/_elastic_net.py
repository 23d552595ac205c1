"""The elastic-net logistic regression at one alpha: working sets around the compiled kernels.

The objective is the weighted mean log-loss plus
``alpha * (l1_ratio * ||coef||_1 + (1 - l1_ratio) / 2 * ||coef||²)``, the intercept unpenalized:
glmnet's, with its ``lambda = alpha`` and its ``alpha = l1_ratio``. The kernels of
:mod:`logitnet.linear._cd` minimize it over a working set of features; :func:`solve` then checks
the KKT conditions of every other feature on the full gradient and adds any that violate them,
so no coefficient is wrongly left at 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from logitnet.linear import _cd
from logitnet.linear._cd_multinomial import multinomial_newton

MAX_PASSES = 100_000  # coordinate-descent passes of one quadratic


def penalties(alpha: float, l1_ratio: float) -> tuple[float, float]:
    """``(l1, l2)``: the weights of ``|b|`` and ``b² / 2`` in the penalty."""
    return alpha * l1_ratio, alpha * (1.0 - l1_ratio)


@dataclass
class Problem:
    """The data of an elastic-net fit, laid out for the kernels."""

    X: np.ndarray  # (n, p), column-major float64
    codes: np.ndarray  # (n,) class codes 0 .. K-1
    s: np.ndarray  # (n,) weights summing to 1
    n_classes: int
    fit_intercept: bool = True

    @classmethod
    def of(cls, X, codes, s, n_classes: int, fit_intercept: bool = True) -> Problem:
        """Copy ``X`` to column-major float64 (once) and the codes to int64."""
        X = np.asfortranarray(X, dtype=np.float64)
        return cls(
            X,
            np.asarray(codes, dtype=np.int64),
            np.asarray(s, dtype=np.float64),
            n_classes,
            bool(fit_intercept),
        )

    @property
    def n_outputs(self) -> int:
        """Rows of ``coef``: 1 for two classes, K otherwise."""
        return 1 if self.n_classes == 2 else self.n_classes

    def zeros(self) -> tuple[np.ndarray, np.ndarray]:
        """``(coef (outputs, p), intercept (outputs,))`` of zeros."""
        return np.zeros((self.n_outputs, self.X.shape[1])), np.zeros(self.n_outputs)

    def logits(self, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
        """``X coefᵀ + intercept``, shape (n, outputs) (a view of a class-major array)."""
        Zt = np.empty((len(coef), self.X.shape[0]))
        _cd.logits(self.X, np.ascontiguousarray(coef, dtype=np.float64), intercept, Zt)
        return Zt.T

    def residuals(self, Z: np.ndarray) -> np.ndarray:
        """``s (onehot(y) - p)`` at logits ``Z`` (n, outputs), same shape."""
        if self.n_classes == 2:
            P = 1.0 / (1.0 + np.exp(-Z[:, 0]))
            return (self.s * (self.codes - P))[:, None]
        P = np.exp(Z - Z.max(axis=1, keepdims=True))
        P /= P.sum(axis=1, keepdims=True)
        P[np.arange(len(P)), self.codes] -= 1.0
        return -P * self.s[:, None]

    @cached_property
    def targets(self) -> np.ndarray:
        """The class codes as float64 (the binary kernel's ``y``)."""
        return self.codes.astype(np.float64)

    def loss_gradient(self, Z: np.ndarray) -> np.ndarray:
        """Gradient of the mean log-loss with respect to ``coef`` at logits ``Z``, (outputs, p)."""
        return self.gradient(self.residuals(Z))

    def gradient(self, R: np.ndarray) -> np.ndarray:
        """The log-loss's gradient ``-(Xᵀ R)ᵀ`` from the residuals ``R`` (n, outputs)."""
        G = np.empty((R.shape[1], self.X.shape[1]))
        _cd.gradient(self.X, np.ascontiguousarray(R.T), G)
        return G


@dataclass
class Fit:
    """The solution at one alpha."""

    coef: np.ndarray  # (outputs, p); zeros are exact
    intercept: np.ndarray  # (outputs,)
    objective: float
    n_iter: int  # Newton steps, summed over the working-set rounds
    violation: float  # largest KKT violation at the end (every feature, the intercept)
    gradient: np.ndarray  # (outputs, p): the log-loss's gradient at the solution
    rounds: list[float]  # the objective after each working-set round
    deviance: float = 0.0  # 2 * the weighted mean log-loss at the solution


def violations(gradient, coef, l1: float, l2: float) -> np.ndarray:
    """Distance of each coefficient's subgradient from 0, shape of ``coef``."""
    g = gradient + l2 * coef
    at_zero = np.maximum(np.abs(g) - l1, 0.0)
    return np.where(coef == 0, at_zero, np.abs(g + l1 * np.sign(coef)))


def solve(
    problem: Problem,
    alpha: float,
    l1_ratio: float,
    coef=None,
    intercept=None,
    *,
    tol: float = 1e-7,
    max_iter: int = 100,
    work=None,
) -> Fit:
    """Minimize the objective at ``alpha`` from ``(coef, intercept)`` (zeros when None).

    ``work``: the features to start with (all when None); the others join when the KKT
    check on the full gradient finds them violated.
    """
    l1, l2 = penalties(alpha, l1_ratio)
    coef, intercept = _start(problem, coef, intercept)
    p = problem.X.shape[1]
    work = np.arange(p) if work is None else np.union1d(work, np.flatnonzero(coef.any(axis=0)))
    n_iter, rounds = 0, list[Any]()
    while True:
        steps, objective, Z = _run(
            problem, coef, intercept, work.astype(np.int64), l1, l2, tol, max_iter
        )
        n_iter, rounds = n_iter + steps, [*rounds, objective]
        R = problem.residuals(Z)
        gradient = problem.gradient(R)
        gaps = violations(gradient, coef, l1, l2).max(axis=0)
        bad = gaps > tol
        bad[work] = False
        if not bad.any() or n_iter >= max_iter:
            break
        work = np.union1d(work, np.flatnonzero(bad))
    worst = float(gaps.max(initial=0.0))
    if problem.fit_intercept:  # the intercepts' gradient
        worst = max(worst, float(np.abs(R.sum(axis=0)).max()))
    deviance = 2.0 * (objective - penalty(coef, l1, l2))  # the kernels' objective holds the loss
    return Fit(coef, intercept, objective, n_iter, worst, gradient, rounds, deviance)


def _start(problem: Problem, coef, intercept) -> tuple[np.ndarray, np.ndarray]:
    """Copies of the starting point, zeros when none is given."""
    zeros = problem.zeros()
    coef = zeros[0] if coef is None else np.array(coef, dtype=np.float64, copy=True)
    intercept = zeros[1] if intercept is None else np.array(intercept, dtype=np.float64)
    if not problem.fit_intercept:
        intercept = np.zeros_like(intercept)
    return coef.reshape(zeros[0].shape), intercept.reshape(zeros[1].shape).copy()


def _run(problem, coef, intercept, work, l1, l2, tol, max_iter) -> tuple[int, float, np.ndarray]:
    """The compiled Newton loop over ``work``; updates ``coef`` and ``intercept`` in place.

    Returns the Newton steps, the objective and the logits (n, outputs) at the end.
    """
    X, fit_intercept = problem.X, problem.fit_intercept
    if problem.n_classes == 2:
        beta, b0 = coef[0], intercept[:1]
        eta = problem.logits(coef, intercept)[:, 0]
        steps, _, objective = _cd.binary_newton(
            X,
            problem.targets,
            problem.s,
            beta,
            b0,
            eta,
            work,
            l1,
            l2,
            fit_intercept,
            tol,
            max_iter,
            MAX_PASSES,
        )
        intercept[:] = b0
        return steps, objective, eta[:, None]
    B = np.ascontiguousarray(coef)
    Eta = np.ascontiguousarray(problem.logits(B, intercept).T)
    steps, _, objective = multinomial_newton(
        X,
        problem.codes,
        problem.s,
        B,
        intercept,
        Eta,
        work,
        l1,
        l2,
        fit_intercept,
        tol,
        max_iter,
        MAX_PASSES,
    )
    coef[:] = B
    shift = intercept.mean()  # softmax ignores a shift shared by all classes
    intercept -= shift
    return steps, objective, Eta.T - shift


def alpha_max(problem: Problem, l1_ratio: float) -> float:
    """The smallest alpha at which every coefficient is 0 (glmnet's ``lambda.max``).

    For ``l1_ratio`` below 1e-3 it is computed at 1e-3, as glmnet does, since a ridge path has
    no alpha that removes every coefficient.
    """
    coef, intercept = problem.zeros()
    if problem.fit_intercept:
        intercept = null_intercept(problem)
    gradient = problem.loss_gradient(problem.logits(coef, intercept))
    return float(np.abs(gradient).max()) / max(l1_ratio, 1e-3)


def null_intercept(problem: Problem) -> np.ndarray:
    """Intercepts of the model without features: the weighted class log-odds."""
    share = np.bincount(problem.codes, weights=problem.s, minlength=problem.n_classes)
    share = np.clip(share, 1e-300, None)
    if problem.n_classes == 2:
        return np.array([np.log(share[1] / share[0])])
    logs = np.log(share)
    return logs - logs.mean()


def deviance(problem: Problem, coef: np.ndarray, intercept: np.ndarray) -> float:
    """``2 *`` the weighted mean log-loss (the weights sum to 1)."""
    return deviance_of(problem, problem.logits(coef, intercept))


def deviance_of(problem: Problem, Z: np.ndarray) -> float:
    """``2 *`` the weighted mean log-loss at logits ``Z`` (n, outputs)."""
    if problem.n_classes == 2:
        z = Z[:, 0]
        losses = np.logaddexp(0.0, z) - problem.codes * z
    else:
        top = Z.max(axis=1)
        losses = top + np.log(np.exp(Z - top[:, None]).sum(axis=1))
        losses -= Z[np.arange(len(Z)), problem.codes]
    return 2.0 * float(problem.s @ losses)


def penalty(coef: np.ndarray, l1: float, l2: float) -> float:
    """``l1 ||coef||_1 + l2 / 2 ||coef||²``."""
    return l1 * float(np.abs(coef).sum()) + 0.5 * l2 * float(np.vdot(coef, coef))


def objective(problem: Problem, coef, intercept, alpha: float, l1_ratio: float) -> float:
    """The elastic-net objective at ``(coef, intercept)``."""
    l1, l2 = penalties(alpha, l1_ratio)
    return 0.5 * deviance(problem, coef, intercept) + penalty(coef, l1, l2)
