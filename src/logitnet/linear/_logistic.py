"""``LogisticRegression``: a scikit-learn estimator over the from-scratch objective and solvers."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from logitnet._validation import (
    check_class_weight,
    check_fitted,
    check_in_range,
    check_int,
    check_option,
    check_targets,
    validate_X,
    validate_X_y,
)
from logitnet.exceptions import ConvergenceWarning
from logitnet.history import History
from logitnet.linear._objective import BinaryObjective, MultinomialObjective
from logitnet.linear._sigmoid import log_sigmoid, sigmoid
from logitnet.linear._softmax import log_softmax, softmax
from logitnet.linear._solvers import (
    Objective,
    SolverOptions,
    SolverResult,
    gradient_descent,
    lbfgs,
    newton,
)
from logitnet.linear._weights import class_multipliers, sample_weights
from logitnet.streaming import (
    check_fit_arguments,
    for_model,
    is_scan,
    stacked,
    streamed_accuracy,
    weighted_batches,
)

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from logitnet._typing import ClassWeight, Rows

Resume = Callable[[np.ndarray, SolverOptions], tuple[np.ndarray, SolverOptions]]

ADVICE = {
    "newton": "increase max_iter, or set alpha > 0",
    "lbfgs": "increase max_iter, standardize the features (StandardScaler), or set alpha > 0",
    "gd": "increase max_iter or learning_rate, standardize the features, or use solver='newton'",
    "cd": "increase max_iter, standardize the features, or set a larger alpha",
}
ELASTIC_NET_SOLVERS = ("cd",)  # the solvers that take l1_ratio > 0


def proximal_newton(objective, w0: np.ndarray, options: SolverOptions) -> SolverResult:
    """Proximal Newton with coordinate descent (:mod:`logitnet.linear._prox_newton`).

    The solver of the elastic net (``options.l1 > 0``) on objectives that give their Hessian;
    it loads numba, so it is imported on first use only.
    """
    from logitnet.linear._prox_newton import proximal_newton as run

    return run(objective, w0, options)


SOLVERS = {"lbfgs": lbfgs, "newton": newton, "gd": gradient_descent, "cd": proximal_newton}


class LogisticRegression(ClassifierMixin, BaseEstimator):
    """Logistic regression, binary or multinomial (softmax), written from scratch.

    It minimizes the weighted mean log-loss plus
    ``alpha * (l1_ratio * ||coef||_1 + (1 - l1_ratio) / 2 * ||coef||²)`` (the intercept is
    not penalized): glmnet's objective with ``lambda = alpha`` and glmnet's ``alpha = l1_ratio``
    (``standardize=FALSE``). With the default ``l1_ratio=0`` the penalty is
    ``alpha / 2 * ||coef||²``, so ``alpha`` is scikit-learn's ``C = 1 / (alpha * n_samples)``
    and ``alpha=0`` is the unpenalized model of the lecture. More than two classes make one
    multinomial model, not one-vs-rest.

    Parameters
    ----------
    alpha : float >= 0, default=0.0
        Strength of the penalty on the coefficients.
    l1_ratio : float in [0, 1], default=0.0
        Share of the L1 (lasso) part of the penalty: 0 is ridge, 1 the lasso, in between the
        elastic net. Coefficients that the L1 part removes are exactly 0. Multinomial
        models penalize each coefficient on its own (glmnet's default).
    fit_intercept : bool, default=True
        Whether to learn an intercept (never penalized).
    solver : {"auto", "newton", "lbfgs", "gd", "cd"}, default="auto"
        ``"auto"``: ``"cd"`` when ``l1_ratio > 0``, ``"newton"`` otherwise.
        ``"newton"``: Newton's method with a line search (the 2-class Hessian solved
        directly; for more classes, preconditioned conjugate gradients on Hessian-vector
        products); the fastest on most data.
        ``"lbfgs"``: SciPy's L-BFGS-B. ``"gd"``: plain gradient descent with ``learning_rate``.
        ``"cd"``: proximal Newton with coordinate descent on each quadratic approximation
        (glmnet's design), the only solver for ``l1_ratio > 0``; there ``tol`` bounds the
        largest distance of the subgradient from 0 (the KKT conditions).
    max_iter : int >= 1, default=100
        Most iterations of the solver.
    tol : float > 0, default=1e-6
        Stop when the largest absolute entry of the objective's gradient is at most ``tol``.
    learning_rate : float > 0, default=0.1
        Step size of ``solver="gd"``.
    threshold : float in [0, 1], default=0.5
        Binary ``predict`` returns the second class where its probability is above this.
    class_weight : None, "balanced" or dict {class: weight}, default=None
        Multiplies the weight of every sample of a class; ``"balanced"`` weights each class
        by ``n_samples / (n_classes * count)``.
    warm_start : bool, default=False
        Start from the previous fit's coefficients when the classes and features match.
    verbose : int >= 0, default=0
        Print the objective at each iteration when > 0.

    Attributes
    ----------
    coef_ : ndarray, shape (1, n_features) for two classes, (n_classes, n_features) otherwise
        Multinomial coefficients are centered across classes (each column sums to 0).
    intercept_ : ndarray, shape (1,) or (n_classes,)
    classes_ : ndarray, shape (n_classes,)
        The labels seen in ``fit``, sorted.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` was a DataFrame with string column names.
    n_iter_ : int
        Iterations the solver ran.
    loss_curve_ : list of float
        The objective after each iteration (``history_["train_loss"]``).
    history_ : History
        One record per solver iteration: ``epoch`` (the iteration, from 1), ``train_loss``
        (the objective) and ``dur`` (seconds), the schema of ``NeuralNetClassifier.history_``.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = LogisticRegression(alpha=0.01).fit(X, y)
    >>> clf.coef_.shape, round(clf.score(X, y), 2)
    ((3, 4), 0.97)
    """

    def __init__(
        self,
        alpha: float = 0.0,
        *,
        l1_ratio: float = 0.0,
        fit_intercept: bool = True,
        solver: str = "auto",
        max_iter: int = 100,
        tol: float = 1e-6,
        learning_rate: float = 0.1,
        threshold: float = 0.5,
        class_weight: ClassWeight = None,
        warm_start: bool = False,
        verbose: int = 0,
    ) -> None:
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.max_iter = max_iter
        self.tol = tol
        self.learning_rate = learning_rate
        self.threshold = threshold
        self.class_weight = class_weight
        self.warm_start = warm_start
        self.verbose = verbose

    def fit(
        self, X: Rows, y: ArrayLike | None = None, sample_weight: ArrayLike | float | None = None
    ) -> LogisticRegression:
        """Fit the model to ``X`` (n_samples, n_features) and labels ``y`` (n_samples,).

        Parameters
        ----------
        X : array-like, DataFrame or Scan, shape (n_samples, n_features)
            Finite numbers. DataFrame column names are kept in ``feature_names_in_``. A
            :class:`~logitnet.streaming.Scan` (from :func:`logitnet.scan`) is read in batches:
            each solver iteration is a pass over the files, and the fit reaches the same optimum
            as in memory. Inside a process group of several processes (torchrun), each rank
            reads its own share of the rows (:meth:`Scan.shard`) and each pass's sums are
            all-reduced: every rank ends with the model one process fits on every row.
        y : array-like, shape (n_samples,)
            Class labels of any type (ints, strings, bools), at least two classes. None for a
            Scan, which holds its labels.
        sample_weight : array-like of shape (n_samples,) or float, optional
            Non-negative weight of each sample; multiplied by ``class_weight``. A Scan takes
            its weights from its ``weight`` column.

        Returns
        -------
        self : LogisticRegression
        """
        self._check_params()
        if is_scan(X):
            return self._fit_scan(X, y, sample_weight)
        X, y = validate_X_y(self, X, y, reset=True)
        classes, codes = check_targets(y)
        s = sample_weights(sample_weight, self.class_weight, classes, codes)
        if self._solver() == "cd":
            return self._fit_elastic_net(X, codes, s, classes)
        objective = self._objective(np.ascontiguousarray(X), codes, s, len(classes))
        return self._solve(objective, classes)

    def _fit_scan(
        self, scan: Any, y: Any, sample_weight: Any, resume: Resume | None = None
    ) -> LogisticRegression:
        """Fit by streaming passes over ``scan``: the classes from a first pass, then the solver
        (``resume``: see :meth:`_solve`)."""
        from logitnet._group import share_of
        from logitnet.linear._streamed import StreamedObjective

        check_fit_arguments(scan, y, sample_weight)
        classes, _, totals = scan.class_totals()  # of every row, on every rank
        multipliers = class_multipliers(self.class_weight, classes, totals)
        mine = share_of(scan)  # in a process group: this rank's rows, the sums all-reduced
        solver = self._solver()
        objective = StreamedObjective(
            lambda: weighted_batches(mine, classes, multipliers),
            scan.n_features,
            len(classes),
            self._l2_alpha(),
            self.fit_intercept,
            curvature=solver in ("newton", "cd"),
            reduce=mine.reduce,
        )
        self._set_scan_features(scan)
        return self._solve(objective, classes, resume)

    def _solve(
        self, objective: Objective, classes: np.ndarray, resume: Resume | None = None
    ) -> LogisticRegression:
        """The solver tail of every fit (in memory, streamed, on several processes): start,
        solve, store the result and warn when it stopped short.

        ``resume(w0, options) -> (w0, options)`` may change where the solver starts and its
        options (a checkpoint's: ``logitnet.distributed``'s ``resume_solver``).
        """
        start, options = self._start(objective, classes), self._options()
        if resume is not None:
            start, options = resume(start, options)
        result = SOLVERS[self._solver()](objective, start, options)
        self._store(objective, result, classes)
        self._warn_if_short(objective, result)
        return self

    def _set_scan_features(self, scan: Any) -> None:
        """Set ``n_features_in_`` (and ``feature_names_in_`` for plain columns) from a scan."""
        self.n_features_in_ = scan.n_features
        if scan.transform is None:
            self.feature_names_in_ = np.asarray(scan.features, dtype=object)
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_

    def _fit_elastic_net(self, X, codes, s, classes: np.ndarray) -> LogisticRegression:
        """Fit the elastic net in memory with the compiled coordinate-descent kernels."""
        from logitnet.linear._elastic_net import Problem, solve

        problem = Problem.of(X, codes, s, len(classes), self.fit_intercept)
        coef, intercept = self._previous(classes) or (None, None)
        result = SolverResult(np.zeros(0), 0)
        fit = solve(
            problem,
            float(self.alpha),
            float(self.l1_ratio),
            coef,
            intercept,
            tol=float(self.tol),
            max_iter=self.max_iter,
        )
        result.record(fit.objective)
        result.n_iter, result.converged = fit.n_iter, fit.violation <= self.tol
        self._set_fitted(fit.coef, fit.intercept, classes, result)
        if not result.converged:
            warnings.warn(
                f"solver='cd' stopped at max_iter={self.max_iter} before the KKT violation "
                f"reached tol={self.tol:g} (it is {fit.violation:.3g}). To converge, "
                f"{ADVICE['cd']}.",
                ConvergenceWarning,
                stacklevel=2,
            )
        return self

    def _solver(self) -> str:
        """The solver that runs: ``"auto"`` resolved by ``l1_ratio``."""
        if self.solver == "auto":
            return "cd" if self.l1_ratio > 0 else "newton"
        return self.solver

    def _l2_alpha(self) -> float:
        """The weight of ``||coef||² / 2`` in the objective."""
        return (
            float(self.alpha) * (1.0 - float(self.l1_ratio)) if self.l1_ratio else float(self.alpha)
        )

    def check_params(self) -> None:
        """Check the hyperparameters as ``fit`` does, without fitting.

        Raises
        ------
        ValueError or TypeError
            Giving the valid values or range.
        """
        self._check_params()

    def _check_params(self) -> None:
        """Validate the hyperparameters; errors give the valid values or range."""
        check_in_range("alpha", self.alpha, 0.0, None)
        check_in_range("l1_ratio", self.l1_ratio, 0.0, 1.0)
        check_option("solver", self.solver, ["auto", *SOLVERS])
        if self.l1_ratio > 0 and self._solver() not in ELASTIC_NET_SOLVERS:
            raise ValueError(
                f"solver={self.solver!r} does not support l1_ratio > 0 (got "
                f"l1_ratio={self.l1_ratio!r}): use solver='cd' (or 'auto', the default), "
                "proximal Newton with coordinate descent."
            )
        check_int("max_iter", self.max_iter, min_value=1)
        check_in_range("tol", self.tol, 0.0, None, closed="neither")
        check_in_range("learning_rate", self.learning_rate, 0.0, None, closed="neither")
        check_in_range("threshold", self.threshold, 0.0, 1.0)
        check_int("verbose", self.verbose, min_value=0)
        check_class_weight(self.class_weight)
        for name in ("fit_intercept", "warm_start"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise TypeError(f"`{name}` must be a bool. Got {getattr(self, name)!r} instead.")

    def _objective(self, X: np.ndarray, codes: np.ndarray, s: np.ndarray, n_classes: int):
        """The binary or multinomial objective for this data."""
        alpha = self._l2_alpha()
        if n_classes == 2:
            return BinaryObjective(X, codes.astype(np.float64), s, alpha, self.fit_intercept)
        return MultinomialObjective(X, codes, s, alpha, self.fit_intercept, n_classes)

    def _start(self, objective, classes: np.ndarray) -> np.ndarray:
        """Zeros, or the previous coefficients under ``warm_start`` when they fit."""
        previous = self._previous(classes)
        if previous is None:
            return np.zeros(objective.n_params)
        return objective.join(*previous)

    def _previous(self, classes: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """The previous ``(coef_, intercept_)`` under ``warm_start`` when they fit, else None."""
        previous = getattr(self, "coef_", None)
        same = (
            self.warm_start
            and previous is not None
            and np.array_equal(getattr(self, "classes_", classes[:0]), classes)
            and previous.shape[1] == self.n_features_in_
        )
        if not same:
            return None
        return np.asarray(self.coef_, dtype=np.float64), np.asarray(
            self.intercept_, dtype=np.float64
        )

    def _options(self) -> SolverOptions:
        """The solver settings from the hyperparameters."""
        l1 = float(self.alpha) * float(self.l1_ratio)
        return SolverOptions(
            self.max_iter, float(self.tol), float(self.learning_rate), self.verbose, l1=l1
        )

    def _store(self, objective, result: SolverResult, classes: np.ndarray) -> None:
        """Set the fitted attributes from the solver's result."""
        coef, intercept = objective.split(result.w)
        if len(classes) > 2:  # softmax is unchanged by a shift per feature: pick the centered one
            coef -= coef.mean(axis=0)
            intercept -= intercept.mean()
        self._set_fitted(coef, intercept, classes, result)

    def _set_fitted(self, coef, intercept, classes: np.ndarray, result: SolverResult) -> None:
        """Set ``coef_``, ``intercept_``, ``classes_``, ``n_iter_`` and the history."""
        self.coef_, self.intercept_, self.classes_ = coef, intercept, classes
        self.n_iter_ = result.n_iter
        self.loss_curve_ = [float(v) for v in result.loss_curve]
        self.history_ = History(
            {"epoch": i + 1, "train_loss": loss, "dur": dur}
            for i, (loss, dur) in enumerate(zip(self.loss_curve_, result.durations(), strict=True))
        )

    def _warn_if_short(self, objective, result: SolverResult) -> None:
        """Warn when the data are separable without penalty, or the solver stopped short."""
        if self.alpha == 0 and objective.separates(result.w):
            message = (
                "The classes are perfectly separable and alpha=0: the unpenalized log-loss has "
                "no finite minimum, so the coefficients only stop growing because the solver "
                f"stopped (largest |coef| = {np.abs(self.coef_).max():.3g}). "
                "Set alpha > 0 for a finite, unique solution."
            )
        elif result.stalled and not result.converged:
            message = (
                f"solver={self._solver()!r} could not decrease the objective further before the "
                f"gradient reached tol={self.tol:g}: the objective is flat to machine precision. "
                "Use a larger tol, or standardize the features."
            )
        elif not result.converged:
            message = (
                f"solver={self._solver()!r} stopped at max_iter={self.max_iter} before the "
                f"gradient reached tol={self.tol:g}. To converge, {ADVICE[self._solver()]}."
            )
        else:
            return
        warnings.warn(message, ConvergenceWarning, stacklevel=4)

    def decision_function(self, X: Rows) -> np.ndarray:
        """Logits: shape (n_samples,) for two classes, (n_samples, n_classes) otherwise."""
        check_fitted(self)
        if is_scan(X):
            return stacked(self._logits, for_model(self, X))
        return self._logits(validate_X(self, X, reset=False))

    def _logits(self, X: np.ndarray) -> np.ndarray:
        """Logits of a validated matrix."""
        Z = X @ np.asarray(self.coef_, dtype=np.float64).T + self.intercept_
        return Z.ravel() if Z.shape[1] == 1 else Z

    def predict_proba(self, X: Rows) -> np.ndarray:
        """Probability of each class, shape (n_samples, n_classes), in the order of ``classes_``."""
        Z = self.decision_function(X)
        return np.column_stack([sigmoid(-Z), sigmoid(Z)]) if Z.ndim == 1 else softmax(Z)

    def predict_log_proba(self, X: Rows) -> np.ndarray:
        """Log of :meth:`predict_proba`, computed stably from the logits."""
        Z = self.decision_function(X)
        return np.column_stack([log_sigmoid(-Z), log_sigmoid(Z)]) if Z.ndim == 1 else log_softmax(Z)

    def predict(self, X: Rows) -> np.ndarray:
        """Class labels: the second class where its probability is above ``threshold`` for two
        classes, the most probable class otherwise."""
        return self._labels(self.decision_function(X))

    def _labels(self, Z: np.ndarray) -> np.ndarray:
        """Class labels from logits."""
        if Z.ndim == 1:
            threshold = check_in_range("threshold", self.threshold, 0.0, 1.0)
            return self.classes_[(sigmoid(Z) > threshold).astype(int)]
        return self.classes_[Z.argmax(axis=1)]

    def score(
        self, X: Rows, y: ArrayLike | None = None, sample_weight: ArrayLike | None = None
    ) -> float:
        """Mean accuracy on ``X, y`` (weighted by ``sample_weight``); a Scan is read in batches."""
        if is_scan(X):
            check_fitted(self)
            scan = for_model(self, X)
            return streamed_accuracy(self, lambda A: self._labels(self._logits(A)), scan)
        return super().score(X, y, sample_weight=sample_weight)
