"""Statistical inference for a fitted binary logistic regression: R's ``summary(glm(...))``.

Wald statistics from the observed information at the optimum (the objective's Hessian, times
the total weight), deviances, AIC and BIC as R's ``glm`` defines them, and sandwich (HC0)
standard errors on request.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from logitnet._pipeline import final_estimator
from logitnet._validation import check_fitted, check_in_range, check_option, validate_X
from logitnet.exceptions import ConvergenceWarning, DataError
from logitnet.linear._checks import check_same_length
from logitnet.linear._diagnostics import collinear_columns, separating_columns
from logitnet.linear._logistic import LogisticRegression
from logitnet.linear._objective import BinaryObjective
from logitnet.linear._sigmoid import sigmoid_terms
from logitnet.linear._weights import _check_sample_weight, class_weights

COV_TYPES = ("classic", "robust")
COLUMNS = ("coef", "std_err", "z", "p_value", "ci_lower", "ci_upper")
INTERCEPT = "(Intercept)"
SUSPECT_LOGIT = 10.0  # a fitted |logit| above this on some sample prompts the separation check


@dataclass(frozen=True, repr=False)
class InferenceResult:
    """What :func:`inference` returns; ``str()`` prints it as R's ``summary(glm(...))`` does.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per parameter, indexed by name (``"(Intercept)"`` first), with the columns
        ``coef``, ``std_err``, ``z``, ``p_value``, ``ci_lower`` and ``ci_upper``.
    null_deviance, deviance : float
        ``-2`` times the log-likelihood of the intercept-only model (``p = 1/2`` without an
        intercept) and of the fitted one; the saturated model of 0/1 data has likelihood 1.
    df_null, df_residual : float
        ``n`` minus the intercept, ``n`` minus the number of parameters; ``n`` is the sum of the
        frequency weights (the number of rows without them).
    aic, bic : float
        ``deviance + 2 k`` and ``deviance + log(n) k`` for ``k`` parameters.
    n_obs : float
        ``n``.
    cov_type : {"classic", "robust"}
    level : float
        Confidence level of ``ci_lower`` and ``ci_upper``.
    alpha : float
        The model's L2 penalty (0 for plain maximum likelihood).
    covariance : ndarray of shape (k, k) or None
        Covariance of the estimates, in the order of ``table``; None when read back from JSON.
    note : str
        A line printed under the table. When the Pipeline standardizes features (a
        ``StandardScaler``, also inside a ``ColumnTransformer``), it says that their
        coefficients are per standard deviation of the feature.
    """

    table: Any
    null_deviance: float
    deviance: float
    df_null: float
    df_residual: float
    aic: float
    bic: float
    n_obs: float
    cov_type: str
    level: float
    alpha: float = 0.0
    covariance: np.ndarray | None = None
    note: str = ""

    def __str__(self) -> str:
        from logitnet.linear._inference_text import format_summary

        return format_summary(self)

    __repr__ = __str__

    def to_dict(self) -> dict:
        """A JSON-ready document of everything but ``covariance``; see :meth:`from_dict`."""
        scalars = {name: _plain(getattr(self, name)) for name in _SCALARS}
        columns = {c: [float(v) for v in self.table[c]] for c in COLUMNS}
        return {"features": [str(i) for i in self.table.index], **columns, **scalars}

    @classmethod
    def from_dict(cls, doc: dict) -> InferenceResult:
        """Rebuild a result from :meth:`to_dict`'s document."""
        import pandas as pd

        table = pd.DataFrame({c: doc[c] for c in COLUMNS}, index=doc["features"], dtype=float)
        return cls(table=table, **{name: doc[name] for name in _SCALARS})


_SCALARS = (
    "null_deviance", "deviance", "df_null", "df_residual", "aic", "bic", "n_obs",
    "cov_type", "level", "alpha", "note",
)  # fmt: skip


def _plain(value: Any) -> Any:
    """A JSON scalar: integral floats stay floats, numpy scalars become Python ones."""
    return value.item() if isinstance(value, np.generic) else value


@dataclass
class _Fit:
    """The fitted model re-expressed on the data: objective, parameters, weights, names."""

    objective: BinaryObjective
    w: np.ndarray  # [intercept, coef...] as the objective lays them out
    weights: np.ndarray  # frequency weight of each sample (not normalized)
    names: list[str]  # one per entry of w

    @property
    def total(self) -> float:
        """``n``: the sum of the frequency weights."""
        return float(self.weights.sum())

    def design(self) -> np.ndarray:
        """``[1, X]`` (``X`` without an intercept)."""
        X = self.objective.X
        return np.hstack([np.ones((len(X), 1)), X]) if self.objective.k else X


def inference(
    estimator: Any,
    X: Any,
    y: Any,
    *,
    sample_weight: Any = None,
    level: float = 0.95,
    cov: str = "classic",
) -> InferenceResult:
    """Standard errors, z statistics, p-values, intervals and deviances of a logistic fit.

    The table R's ``summary(glm(y ~ ., family=binomial))`` and statsmodels'
    ``Logit(y, X).fit().summary()`` print, for a fitted binary
    :class:`~logitnet.LogisticRegression` and the data it was fitted on.

    Parameters
    ----------
    estimator : LogisticRegression or Pipeline
        A fitted binary ``LogisticRegression``, or a Pipeline that ends in one: ``X`` then goes
        through the earlier steps, and the rows take the names of their output features
        (``get_feature_names_out``).
    X : array-like or DataFrame, shape (n_samples, n_features)
        The training data.
    y : array-like, shape (n_samples,)
        Its labels; the second of ``classes_`` is the event, as in ``predict_proba[:, 1]``.
    sample_weight : array-like of shape (n_samples,), optional
        Frequency weights, as passed to ``fit``: a weight of 3 counts a row three times, in the
        information, in the deviances and in ``n``. The model's ``class_weight`` multiplies
        them, as it does in ``fit``.
    level : float in (0, 1), default=0.95
        Confidence level of the Wald intervals ``coef ± z_{(1+level)/2} std_err``.
    cov : {"classic", "robust"}, default="classic"
        ``"classic"``: the inverse of the observed information. ``"robust"``: the sandwich
        (HC0) ``I⁻¹ (Σ w_i r_i² a_i a_iᵀ) I⁻¹`` with residuals ``r_i = y_i - p_i`` and rows
        ``a_i = [1, x_i]``, as statsmodels' ``cov_type="HC0"``.

    Returns
    -------
    InferenceResult
        ``table`` (a DataFrame), deviances, degrees of freedom, AIC and BIC; ``print()`` it for
        R's layout with significance stars.

    Raises
    ------
    TypeError
        For anything but a logitnet ``LogisticRegression`` (or a Pipeline ending in one).
    NotFittedError
        When the model is not fitted.
    ValueError
        For a multiclass model, labels the model has never seen, or a bad ``level`` or ``cov``.
    DataError
        When the information matrix is singular (collinear columns); the error names them.

    Warns
    -----
    ConvergenceWarning
        When the classes are perfectly separated (completely or quasi-completely) and
        ``alpha == 0``: the estimates run to infinity, and the warning names the features.

    Notes
    -----
    Statistics are Wald statistics: ``z = coef / std_err``, two-sided p-values from the
    standard normal distribution (:mod:`scipy.stats`). The information is the Hessian of the
    total weighted negative log-likelihood at the fitted coefficients.

    With ``alpha > 0`` the model maximizes a penalized likelihood, and the information
    includes the penalty's curvature ``n alpha`` on each coefficient (not on the intercept).
    The standard errors are then those of the penalized estimate seen as the mode of a
    posterior under the prior ``coef ~ N(0, 1 / (n alpha))`` (a Laplace approximation):
    smaller than the unpenalized ones, around estimates shrunk towards 0, so the p-values
    are not those of a test of the unpenalized model. Deviances, AIC and BIC are computed at
    the penalized estimate and count every parameter as one.

    Examples
    --------
    >>> import numpy as np, logitnet
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 2))
    >>> y = (X[:, 0] + rng.logistic(size=200) > 0).astype(int)
    >>> model = logitnet.LogisticRegression().fit(X, y)
    >>> result = logitnet.inference(model, X, y)
    >>> result.table.columns.tolist()
    ['coef', 'std_err', 'z', 'p_value', 'ci_lower', 'ci_upper']
    >>> result.df_residual
    197.0
    """
    check_option("cov", cov, COV_TYPES)
    level = check_in_range("level", level, 0.0, 1.0, closed="neither")
    fit = _refit(estimator, X, y, sample_weight)
    information = fit.total * fit.objective.hessian(fit.w)
    _check_identified(information, fit.names)
    _warn_if_separated(fit)
    covariance = _covariance(fit, information, cov)
    return InferenceResult(
        table=_table(fit, covariance, level),
        **_deviances(fit),
        cov_type=cov,
        level=level,
        alpha=float(fit.objective.alpha),
        covariance=covariance,
        note=_scaling_note(estimator),
    )


def _refit(estimator: Any, X: Any, y: Any, sample_weight: Any) -> _Fit:
    """The model's objective on the (transformed) data, at its fitted parameters."""
    model = _binary_model(estimator)
    X, names = _transformed(estimator, X)
    X = validate_X(model, X, reset=False)
    names = names or _feature_names(model)
    event = _event(model, y, len(X))
    weights = _frequency_weights(model, sample_weight, event)
    alpha = float(model.alpha)
    objective = BinaryObjective(X, event, weights / weights.sum(), alpha, model.fit_intercept)
    w = objective.join(np.asarray(model.coef_, float), np.asarray(model.intercept_, float))
    return _Fit(objective, w, weights, [INTERCEPT] * objective.k + names)


def _binary_model(estimator: Any) -> LogisticRegression:
    """The fitted binary LogisticRegression that ``estimator`` is or ends in."""
    model = final_estimator(estimator)
    if not isinstance(model, LogisticRegression):
        raise TypeError(
            "inference needs a logitnet.LogisticRegression, or a Pipeline that ends in one. "
            f"Got {type(model).__module__}.{type(model).__name__} instead."
        )
    check_fitted(model)
    if getattr(model, "l1_ratio", 0) > 0:
        raise ValueError(
            "inference needs an L2 or unpenalized model; this one has "
            f"l1_ratio={model.l1_ratio!r}. Lasso and elastic-net estimates have no Wald "
            "standard errors: the L1 penalty sets coefficients to exactly 0, and their "
            "sampling distribution is not normal."
        )
    if len(model.classes_) != 2:
        raise ValueError(
            f"inference needs a binary model; this one has {len(model.classes_)} classes "
            f"{model.classes_.tolist()!r}. Its softmax coefficients are only defined up to a "
            "shift shared by all classes, so they have no unique standard errors without a "
            "reference class: fit one binary model per class against a reference class instead."
        )
    return model


def _transformed(estimator: Any, X: Any) -> tuple[Any, list[str] | None]:
    """``X`` through every step before the final estimator, and the names of its columns."""
    names = None
    while hasattr(estimator, "steps"):
        if len(estimator.steps) > 1:
            head = estimator[:-1]
            X = head.transform(X)
            names = _output_names(head, X)
        estimator = estimator.steps[-1][1]
    return X, names


def _output_names(head: Any, X: Any) -> list[str] | None:
    """The output feature names of the steps ``head``, when they can tell."""
    columns = getattr(X, "columns", None)
    if columns is not None:
        return [str(c) for c in columns]
    try:
        return [str(n) for n in head.get_feature_names_out()]
    except (AttributeError, ValueError, TypeError):  # a step without feature names
        return None


def _feature_names(model: LogisticRegression) -> list[str]:
    """``feature_names_in_`` when the model was fitted on a DataFrame, else ``x0, x1, ...``."""
    names = getattr(model, "feature_names_in_", None)
    if names is not None:
        return [str(n) for n in names]
    return [f"x{i}" for i in range(model.n_features_in_)]


def _standardizes(step: Any) -> bool:
    """Whether ``step`` (a transformer, Pipeline or ColumnTransformer) has a StandardScaler."""
    from sklearn.preprocessing import StandardScaler

    if isinstance(step, StandardScaler):
        return bool(step.with_std)
    parts = [s for _, s, *_ in getattr(step, "transformers_", getattr(step, "steps", []))]
    return any(_standardizes(part) for part in parts)


def _scaling_note(estimator: Any) -> str:
    """A note on the units of the coefficients when the pipeline standardizes features."""
    steps = getattr(estimator, "steps", [])
    if not any(_standardizes(step) for _, step in steps[:-1]):
        return ""
    return (
        "The pipeline standardizes the numeric features, "
        "so their coefficients are per standard deviation."
    )


def _event(model: LogisticRegression, y: Any, n_samples: int) -> np.ndarray:
    """1.0 where ``y`` is the model's second class, 0.0 where it is the first."""
    from sklearn.utils import column_or_1d

    y = column_or_1d(y, warn=False)
    check_same_length(np.empty(n_samples), y)
    unknown = np.setdiff1d(y, model.classes_)
    if len(unknown):
        raise ValueError(
            f"y holds labels the model was not fitted on: {unknown[:5].tolist()!r}. "
            f"Its classes are {model.classes_.tolist()!r}."
        )
    return (y == model.classes_[1]).astype(np.float64)


def _frequency_weights(model: LogisticRegression, sample_weight: Any, event: np.ndarray):
    """``sample_weight`` (ones without it) times the model's class weights, not normalized."""
    n = len(event)
    s = np.ones(n) if sample_weight is None else _check_sample_weight(sample_weight, n)
    codes = event.astype(np.intp)
    s = s * class_weights(model.class_weight, model.classes_, codes, s)[codes]
    if s.sum() <= 0:
        raise ValueError("The sample weights (times the class weights) must not all be zero.")
    return s


def _check_identified(information: np.ndarray, names: list[str]) -> None:
    """Raise DataError naming the collinear columns when ``information`` is singular."""
    involved = collinear_columns(information, names)
    if involved:
        raise DataError(
            "The information matrix is singular: the columns "
            + ", ".join(repr(n) for n in involved)
            + " are collinear (one is a linear combination of the others), so their "
            "coefficients have no unique standard errors. Drop one of them, or set alpha > 0."
        )


def _warn_if_separated(fit: _Fit) -> None:
    """Warn, naming the features, when the classes are separated and nothing is penalized."""
    weighted = fit.weights > 0
    if (
        fit.objective.alpha > 0
        or np.abs(fit.objective.logits(fit.w)[weighted]).max() <= SUSPECT_LOGIT
    ):
        return
    columns = separating_columns(fit.design(), fit.objective.y, fit.weights, fit.objective.k)
    if columns:
        features = ", ".join(repr(fit.names[j]) for j in columns)
        warnings.warn(
            f"The classes are perfectly separated along {features}: the maximum-likelihood "
            "estimates run to infinity, so these coefficients, their standard errors and "
            "p-values mean nothing. Set alpha > 0, or drop or merge the separating features.",
            ConvergenceWarning,
            stacklevel=3,
        )


def _covariance(fit: _Fit, information: np.ndarray, cov: str) -> np.ndarray:
    """The inverse information, or the HC0 sandwich around it."""
    bread = np.linalg.inv(information)
    if cov == "classic":
        return bread
    A = fit.design()
    _, residual = sigmoid_terms(fit.objective.logits(fit.w), fit.objective.y)
    meat = A.T @ (A * (fit.weights * residual**2)[:, None])
    return bread @ meat @ bread


def _table(fit: _Fit, covariance: np.ndarray, level: float) -> Any:
    """The coefficient table: estimates, Wald z, two-sided p-values and intervals."""
    import pandas as pd
    from scipy.stats import norm

    std_err = np.sqrt(np.diag(covariance))
    z = fit.w / std_err
    half = norm.ppf(0.5 + level / 2) * std_err
    columns = [fit.w, std_err, z, 2 * norm.sf(np.abs(z)), fit.w - half, fit.w + half]
    return pd.DataFrame(dict(zip(COLUMNS, columns, strict=True)), index=fit.names)


def _deviances(fit: _Fit) -> dict[str, float]:
    """Null and residual deviances, their degrees of freedom, AIC and BIC, as R's glm."""
    from scipy.special import xlogy

    objective, n = fit.objective, fit.total
    loss, _ = sigmoid_terms(objective.logits(fit.w), objective.y)
    deviance = 2 * float(fit.weights @ loss)
    if objective.k:
        events = float(fit.weights @ objective.y)
        null = -2 * float(xlogy(events, events / n) + xlogy(n - events, 1 - events / n))
    else:  # no intercept: the null model is p = 1/2 for every sample, as in R
        null = 2 * n * np.log(2.0)
    k = len(fit.w)
    return {
        "null_deviance": null,
        "deviance": deviance,
        "df_null": n - objective.k,
        "df_residual": n - k,
        "aic": deviance + 2 * k,
        "bic": deviance + np.log(n) * k,
        "n_obs": n,
    }
