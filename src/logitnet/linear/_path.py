"""The elastic net's regularization path: the solution at every alpha of a decreasing sequence.

As glmnet computes it: the path starts at ``alpha_max``, the smallest alpha at which every
coefficient is 0, and goes down on a log scale. Each alpha starts from the previous solution
(warm start), and only the features that the sequential strong rule keeps enter the first
working set; the KKT check of :func:`logitnet.linear._elastic_net.solve` then adds any feature
the rule wrongly left out, so each solution is the one a standalone fit finds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from logitnet._validation import check_in_range, check_int, check_targets
from logitnet.linear._checks import check_matrix, check_same_length, check_vector
from logitnet.linear._elastic_net import Problem, alpha_max, deviance, null_intercept, solve
from logitnet.linear._weights import sample_weights

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from logitnet._typing import ClassWeight


@dataclass
class RegularizationPath:
    """The solutions of :func:`regularization_path`, one per alpha.

    ``coef`` has one row per class for three or more classes, and a single row for two (the
    second class's logit), as ``LogisticRegression.coef_``.
    """

    alphas: np.ndarray  # (n_alphas,), decreasing
    coef: np.ndarray  # (n_alphas, n_outputs, n_features); removed coefficients are exactly 0
    intercept: np.ndarray  # (n_alphas, n_outputs)
    deviance_ratio: np.ndarray  # (n_alphas,): 1 - deviance / null deviance (glmnet's dev.ratio)
    n_nonzero: np.ndarray  # (n_alphas,): features with a nonzero coefficient (glmnet's df)
    l1_ratio: float = 1.0
    classes: np.ndarray = field(default_factory=lambda: np.arange(2))
    feature_names: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    n_iter: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=int))  # Newton steps

    def __len__(self) -> int:
        return len(self.alphas)

    def l1_norm(self) -> np.ndarray:
        """``||coef||_1`` at each alpha, shape (n_alphas,)."""
        return np.abs(self.coef).sum(axis=(1, 2))


def regularization_path(
    X: ArrayLike,
    y: ArrayLike,
    *,
    l1_ratio: float = 1.0,
    n_alphas: int = 100,
    alpha_min_ratio: float | None = None,
    alphas: ArrayLike | None = None,
    fit_intercept: bool = True,
    sample_weight: ArrayLike | None = None,
    class_weight: ClassWeight = None,
    tol: float = 1e-7,
    max_iter: int = 100,
) -> RegularizationPath:
    """Fit the elastic-net logistic regression at every alpha of a decreasing sequence.

    The objective at each alpha is :class:`~logitnet.LogisticRegression`'s: the weighted mean
    log-loss plus ``alpha * (l1_ratio * ||coef||_1 + (1 - l1_ratio) / 2 * ||coef||²)``.

    Parameters
    ----------
    X : array-like or DataFrame, shape (n_samples, n_features)
        Finite numbers; standardize them first for a penalty that treats features alike.
    y : array-like, shape (n_samples,)
        Class labels, at least two classes.
    l1_ratio : float in [0, 1], default=1.0
        Share of the L1 part of the penalty (1: the lasso).
    n_alphas : int >= 1, default=100
        Number of alphas when ``alphas`` is None.
    alpha_min_ratio : float in (0, 1), optional
        The last alpha over the first. Default: glmnet's, 1e-4 when there are more rows than
        features, 1e-2 otherwise.
    alphas : array-like of float, optional
        Decreasing, non-negative alphas to use instead.
    fit_intercept : bool, default=True
    sample_weight : array-like of shape (n_samples,), optional
    class_weight : None, "balanced" or dict, optional
    tol : float > 0, default=1e-7
        Each solution's largest KKT violation (distance of the subgradient from 0).
    max_iter : int >= 1, default=100
        Most Newton steps at each alpha.

    Returns
    -------
    RegularizationPath
        ``alphas``, ``coef`` (alphas × classes × features), ``intercept``, ``deviance_ratio``
        and ``n_nonzero``.

    Examples
    --------
    >>> from sklearn.datasets import load_breast_cancer
    >>> from sklearn.preprocessing import StandardScaler
    >>> X, y = load_breast_cancer(return_X_y=True)
    >>> path = regularization_path(StandardScaler().fit_transform(X), y, n_alphas=20)
    >>> path.coef.shape, int(path.n_nonzero[0])
    ((20, 1, 30), 0)
    """
    names = _feature_names(X)
    X = check_matrix(X)
    check_same_length(X, np.asarray(y))
    classes, codes = check_targets(np.asarray(y))
    s = sample_weights(sample_weight, class_weight, classes, codes)
    problem = Problem.of(X, codes, s, len(classes), fit_intercept)
    l1_ratio = check_in_range("l1_ratio", l1_ratio, 0.0, 1.0)
    alphas = path_alphas(problem, l1_ratio, n_alphas, alpha_min_ratio, alphas)
    path = compute_path(problem, alphas, l1_ratio, tol=tol, max_iter=max_iter)
    path.classes, path.feature_names = classes, names
    return path


def _feature_names(X: Any) -> np.ndarray:
    """A DataFrame's column names, else ``x0, x1, ...``."""
    columns = getattr(X, "columns", None)
    if columns is not None:
        return np.asarray([str(c) for c in columns], dtype=object)
    return np.asarray([f"x{j}" for j in range(np.shape(X)[1])], dtype=object)


def path_alphas(
    problem: Problem,
    l1_ratio: float,
    n_alphas: int = 100,
    alpha_min_ratio: float | None = None,
    alphas: Any = None,
) -> np.ndarray:
    """The alphas given (checked), or ``n_alphas`` from ``alpha_max`` down on a log scale."""
    if alphas is not None:
        return check_alphas(alphas)
    n_alphas = check_int("n_alphas", n_alphas, min_value=1)
    n, p = problem.X.shape
    if alpha_min_ratio is None:
        alpha_min_ratio = 1e-4 if n > p else 1e-2
    ratio = check_in_range("alpha_min_ratio", alpha_min_ratio, 0.0, 1.0, closed="neither")
    top = alpha_max(problem, l1_ratio)
    if n_alphas == 1:
        return np.array([top])
    return top * np.logspace(0.0, np.log10(ratio), n_alphas)


def check_alphas(alphas: Any) -> np.ndarray:
    """Return ``alphas`` as a 1-D float array, or raise naming the rule and the value."""
    alphas = check_vector(alphas, "alphas").astype(np.float64)
    if len(alphas) == 0:
        raise ValueError("`alphas` must hold at least one alpha. Got an empty array.")
    if alphas.min() < 0:
        bad = int(np.argmax(alphas < 0))
        raise ValueError(f"`alphas` must be >= 0. Got {float(alphas[bad])!r} at position {bad}.")
    steps = np.flatnonzero(np.diff(alphas) >= 0)
    if len(steps):
        i = int(steps[0])
        raise ValueError(
            "`alphas` must be strictly decreasing. "
            f"Got {float(alphas[i])!r} then {float(alphas[i + 1])!r} at positions {i} and {i + 1}."
        )
    return alphas


def compute_path(
    problem: Problem, alphas: np.ndarray, l1_ratio: float, *, tol: float = 1e-7, max_iter: int = 100
) -> RegularizationPath:
    """Solve at each alpha in turn, warm-started, the working set from the strong rule."""
    coef, intercept = problem.zeros()
    if problem.fit_intercept:
        intercept = null_intercept(problem)
    gradient = problem.loss_gradient(problem.logits(coef, intercept))
    previous = alpha_max(problem, l1_ratio)
    fits = []
    for alpha in alphas:
        work = strong_set(gradient, l1_ratio * (2.0 * alpha - previous))
        fit = solve(
            problem, float(alpha), l1_ratio, coef, intercept, tol=tol, max_iter=max_iter, work=work
        )
        coef, intercept, gradient, previous = fit.coef, fit.intercept, fit.gradient, alpha
        fits.append(fit)
    return _collect(problem, alphas, l1_ratio, fits)


def strong_set(gradient: np.ndarray, threshold: float) -> np.ndarray:
    """The features the sequential strong rule keeps: ``max_k |gradient_kj| >= threshold``."""
    return np.flatnonzero(np.abs(gradient).max(axis=0) >= threshold)


def _collect(
    problem: Problem, alphas: np.ndarray, l1_ratio: float, fits: list
) -> RegularizationPath:
    """Stack the solutions into a :class:`RegularizationPath`."""
    coef = np.stack([f.coef for f in fits])
    intercept = np.stack([f.intercept for f in fits])
    null = null_deviance(problem)
    ratio = np.array([1.0 - f.deviance / null for f in fits])
    return RegularizationPath(
        alphas=np.asarray(alphas, dtype=np.float64),
        coef=coef,
        intercept=intercept,
        deviance_ratio=ratio,
        n_nonzero=(coef != 0).any(axis=1).sum(axis=1),
        l1_ratio=float(l1_ratio),
        n_iter=np.array([f.n_iter for f in fits]),
    )


def null_deviance(problem: Problem) -> float:
    """Deviance of the model without features (intercepts only, or all logits 0)."""
    coef, intercept = problem.zeros()
    if problem.fit_intercept:
        intercept = null_intercept(problem)
    return deviance(problem, coef, intercept)
