"""``LogisticRegressionCV``: the elastic net's alpha chosen by cross-validation, as cv.glmnet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.model_selection import StratifiedKFold

from logitnet._validation import (
    check_class_weight,
    check_in_range,
    check_int,
    check_option,
    check_targets,
    validate_X_y,
)
from logitnet.history import History
from logitnet.linear import _cv_scores as scores
from logitnet.linear._elastic_net import Problem
from logitnet.linear._logistic import LogisticRegression
from logitnet.linear._path import RegularizationPath, compute_path, path_alphas
from logitnet.linear._weights import sample_weights

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from logitnet._typing import CV, ClassWeight, Scorer

SELECT = ("min", "1se")


class LogisticRegressionCV(LogisticRegression):
    """Elastic-net logistic regression whose alpha is chosen by K-fold cross-validation.

    It fits the regularization path on every row (:func:`~logitnet.regularization_path`),
    then on each fold's training rows with the same alphas, scores each alpha on the fold's
    held-out rows, and picks an alpha as ``cv.glmnet`` does: given the same folds and alphas,
    it chooses the same one. The model is then the solution on every row at that alpha (the
    full path's, which equals a standalone fit there).

    Parameters
    ----------
    l1_ratio : float in [0, 1], default=1.0
        Share of the L1 part of the penalty (1: the lasso).
    n_alphas : int >= 1, default=100
        Number of alphas when ``alphas`` is None.
    alpha_min_ratio : float in (0, 1), optional
        The last alpha over the first; glmnet's default (1e-4 when rows outnumber features,
        1e-2 otherwise).
    alphas : array-like of float, optional
        Decreasing, non-negative alphas to use instead.
    cv : int, scikit-learn splitter, or array-like of fold labels, default=10
        An int K: ``StratifiedKFold(K)``. Fold labels: one per row; the rows that share a
        label are held out together (``cv.glmnet``'s ``foldid``).
    scoring : str or callable, default="deviance"
        ``"deviance"``, ``"misclassification"``, ``"roc_auc"``, or a scikit-learn scorer (its
        name or a callable ``scorer(estimator, X, y)``, higher is better).
    select : {"min", "1se"}, default="1se"
        ``"min"``: the alpha with the best mean score. ``"1se"``: the largest alpha whose mean
        score is within one standard error of the best (``lambda.1se``).
    fit_intercept : bool, default=True
    class_weight : None, "balanced" or dict, default=None
    tol : float > 0, default=1e-7
        Each solution's largest KKT violation.
    max_iter : int >= 1, default=100
        Most Newton steps at each alpha.
    threshold : float in [0, 1], default=0.5
        Binary ``predict`` returns the second class where its probability is above this.

    Attributes
    ----------
    alpha_ : float
        The chosen alpha (``alpha_min_`` or ``alpha_1se_``, by ``select``).
    alpha_min_, alpha_1se_ : float
    alphas_ : ndarray of shape (n_alphas,)
    cv_mean_ : ndarray of shape (n_alphas,)
        The mean score over the folds, weighted by each fold's weight (``cvm``).
    cv_std_ : ndarray of shape (n_alphas,)
        The standard error of that mean (``cvsd``).
    cv_scores_ : ndarray of shape (n_folds, n_alphas)
    path_ : RegularizationPath
        The path on every row.
    coef_, intercept_, classes_, n_features_in_, n_iter_
        As :class:`LogisticRegression`'s, at ``alpha_``.

    Examples
    --------
    >>> from sklearn.datasets import load_breast_cancer
    >>> from sklearn.preprocessing import StandardScaler
    >>> X, y = load_breast_cancer(return_X_y=True)
    >>> model = LogisticRegressionCV(n_alphas=30, cv=5).fit(StandardScaler().fit_transform(X), y)
    >>> model.alpha_ >= model.alpha_min_
    True
    """

    def __init__(
        self,
        *,
        l1_ratio: float = 1.0,
        n_alphas: int = 100,
        alpha_min_ratio: float | None = None,
        alphas: ArrayLike | None = None,
        cv: CV = 10,
        scoring: Scorer = "deviance",
        select: str = "1se",
        fit_intercept: bool = True,
        class_weight: ClassWeight = None,
        tol: float = 1e-7,
        max_iter: int = 100,
        threshold: float = 0.5,
    ) -> None:
        self.l1_ratio = l1_ratio
        self.n_alphas = n_alphas
        self.alpha_min_ratio = alpha_min_ratio
        self.alphas = alphas
        self.cv = cv
        self.scoring = scoring
        self.select = select
        self.fit_intercept = fit_intercept
        self.class_weight = class_weight
        self.tol = tol
        self.max_iter = max_iter
        self.threshold = threshold

    @property
    def alpha(self) -> float:  # type: ignore[override]
        """The chosen ``alpha_``: the model reads as a LogisticRegression fitted at it."""
        return self.alpha_

    @property
    def solver(self) -> str:  # type: ignore[override]
        """The solver of every fit: ``"cd"``."""
        return "cd"

    @property
    def warm_start(self) -> bool:  # type: ignore[override]
        """Each fit of the path starts from the previous alpha's solution."""
        return True

    def fit(  # type: ignore[override]
        self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None
    ) -> LogisticRegressionCV:
        """Fit the path, cross-validate it, and keep the solution at the chosen alpha.

        Parameters
        ----------
        X : array-like or DataFrame, shape (n_samples, n_features)
        y : array-like, shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), optional

        Returns
        -------
        self : LogisticRegressionCV
        """
        scoring = self._check_cv_params()
        X, y = validate_X_y(self, X, y, reset=True)
        classes, codes = check_targets(y)
        s = sample_weights(sample_weight, self.class_weight, classes, codes)
        problem = Problem.of(X, codes, s, len(classes), self.fit_intercept)
        alphas = path_alphas(
            problem, self.l1_ratio, self.n_alphas, self.alpha_min_ratio, self.alphas
        )
        self.path_ = self._path(problem, alphas)
        self.path_.classes, self.path_.feature_names = classes, self._names(X.shape[1])
        folds = fold_indices(self.cv, X, y, classes, codes)
        self.cv_scores_ = np.array([self._fold(problem, alphas, f, scoring) for f in folds])
        weights = np.array([s[test].sum() for _, test in folds])
        self.cv_mean_, self.cv_std_ = scores.summarize(self.cv_scores_, weights)
        lower = scores.lower_is_better(scoring)
        self.alpha_min_, self.alpha_1se_ = scores.choose(alphas, self.cv_mean_, self.cv_std_, lower)
        self.alphas_ = alphas
        self.alpha_ = self.alpha_min_ if self.select == "min" else self.alpha_1se_
        self._keep(int(np.flatnonzero(alphas == self.alpha_)[0]), classes)
        return self

    def _check_params(self) -> None:
        """Validate the hyperparameters (as LogisticRegression's hook does)."""
        self._check_cv_params()

    def _check_cv_params(self) -> Any:
        """Validate the hyperparameters; return the scoring (a name or a scorer)."""
        check_in_range("l1_ratio", self.l1_ratio, 0.0, 1.0)
        check_option("select", self.select, SELECT)
        check_in_range("tol", self.tol, 0.0, None, closed="neither")
        check_int("max_iter", self.max_iter, min_value=1)
        check_in_range("threshold", self.threshold, 0.0, 1.0)
        check_class_weight(self.class_weight)
        return scores.check_scoring(self.scoring)

    def _path(self, problem: Problem, alphas: np.ndarray) -> RegularizationPath:
        """The path of ``problem`` at ``alphas``."""
        return compute_path(
            problem, alphas, float(self.l1_ratio), tol=float(self.tol), max_iter=self.max_iter
        )

    def _names(self, n_features: int) -> np.ndarray:
        """The features' names: the DataFrame's, else ``x0, x1, ...``."""
        names = getattr(self, "feature_names_in_", None)
        if names is not None:
            return np.asarray(names, dtype=object)
        return np.asarray([f"x{j}" for j in range(n_features)], dtype=object)

    def _fold(self, problem: Problem, alphas: np.ndarray, fold, scoring: Any) -> np.ndarray:
        """One fold's score at each alpha: the path on its training rows, scored on the rest."""
        train, test = fold
        s = problem.s[train] / problem.s[train].sum()
        inner = Problem.of(
            problem.X[train], problem.codes[train], s, problem.n_classes, problem.fit_intercept
        )  # column-major, as the kernels read
        path = self._path(inner, alphas)
        X, codes, s = problem.X[test], problem.codes[test], problem.s[test]
        if isinstance(scoring, str):
            P = scores.probabilities(X, path.coef, path.intercept)
            return scores.SCORINGS[scoring][0](P, codes, s)
        return np.array([self._scored(scoring, path, a, X, codes, s) for a in range(len(path))])

    def _scored(self, scorer, path: RegularizationPath, a: int, X, codes, s) -> float:
        """A scikit-learn scorer's value for the path's model at alpha number ``a``."""
        model = LogisticRegression(l1_ratio=self.l1_ratio, threshold=self.threshold)
        model.coef_, model.intercept_ = path.coef[a], path.intercept[a]
        model.classes_, model.n_features_in_ = self.path_.classes, X.shape[1]
        return float(scorer(model, X, self.path_.classes[codes], sample_weight=s))

    def _keep(self, a: int, classes: np.ndarray) -> None:
        """Take the full path's solution at alpha number ``a`` as the model."""
        self.coef_ = self.path_.coef[a].copy()
        self.intercept_ = self.path_.intercept[a].copy()
        self.classes_, self.n_iter_ = classes, int(self.path_.n_iter[a])
        self.loss_curve_ = []
        self.history_ = History([])


def fold_indices(
    cv: Any, X: np.ndarray, y: np.ndarray, classes: np.ndarray, codes: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    """``(train, test)`` row indices of each fold, every class in every fold's training rows."""
    n = len(codes)
    if hasattr(cv, "split"):
        folds = [(np.asarray(a), np.asarray(b)) for a, b in cv.split(X, y)]
    elif np.ndim(cv) == 0:
        k = check_int("cv", cv, min_value=2)
        if n < k:
            raise ValueError(f"`cv`={k} folds need at least {k} rows. Got {n} rows.")
        folds = list(StratifiedKFold(k).split(X, codes))
    else:
        folds = _labelled_folds(cv, n)
    for number, (train, _) in enumerate(folds, start=1):
        missing = np.setdiff1d(np.arange(len(classes)), codes[train])
        if len(missing):
            label = classes[missing[0]]
            label = label.item() if isinstance(label, np.generic) else label
            raise ValueError(
                f"Fold {number}'s training rows have no sample of class {label!r}: "
                "every class must be in the training rows of every fold."
            )
    return folds


def _labelled_folds(labels: Any, n: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds from one label per row (``cv.glmnet``'s ``foldid``), in the labels' sorted order."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) != n:
        raise ValueError(
            f"`cv` as fold labels must hold one label per row ({n}). Got shape {labels.shape}."
        )
    values = np.unique(labels)
    if len(values) < 2:
        raise ValueError(f"`cv` as fold labels must name at least 2 folds. Got {len(values)}.")
    rows = np.arange(n)
    return [(rows[labels != v], rows[labels == v]) for v in values]
