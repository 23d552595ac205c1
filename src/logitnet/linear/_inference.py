"""Statistical inference for a fitted binary logistic regression: R's ``summary(glm(...))``.

Wald statistics from the observed information at the optimum (the objective's Hessian, times
the total weight), deviances, AIC and BIC as R's ``glm`` defines them, and sandwich (HC0)
standard errors on request.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from logitnet._pipeline import final_estimator
from logitnet._validation import check_fitted, check_in_range, check_option, validate_X
from logitnet.exceptions import ConvergenceWarning
from logitnet.linear._checks import check_same_length
from logitnet.linear._diagnostics import separating_columns
from logitnet.linear._inference_base import (
    COLUMNS,
    INTERCEPT,
    SCALARS,
    _check_identified,
    _feature_names,
    _scaling_note,
    _transformed,
    exponentiated,
    json_number,
)
from logitnet.linear._logistic import LogisticRegression
from logitnet.linear._objective import BinaryObjective
from logitnet.linear._sigmoid import sigmoid_terms
from logitnet.linear._weights import _check_sample_weight, class_weights

if TYPE_CHECKING:
    from collections.abc import Hashable

    import pandas as pd
    from numpy.typing import ArrayLike
    from sklearn.pipeline import Pipeline

    from logitnet.linear._lrtest import DevianceTable
    from logitnet.linear._multinomial_inference import MultinomialInferenceResult

COV_TYPES = ("classic", "robust")
CI_METHODS = ("wald", "profile")
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
    ci : {"wald", "profile"}
        How the intervals were found.
    alpha : float
        The model's L2 penalty (0 for plain maximum likelihood).
    covariance : ndarray of shape (k, k) or None
        Covariance of the estimates, in the order of ``table``; None when read back from JSON.
    note : str
        A line printed under the table. When the Pipeline standardizes features (a
        ``StandardScaler``, also inside a ``ColumnTransformer``), it says that their
        coefficients are per standard deviation of the feature.
    fit : object or None
        The model's objective on the data, for :meth:`drop1` and :meth:`marginal_effects`;
        None when read back from JSON.
    """

    table: pd.DataFrame
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
    ci: str = "wald"
    fit: _Fit | None = field(default=None, compare=False)
    inputs: list[str] | None = field(default=None, compare=False)  # the table's column names

    def __str__(self) -> str:
        from logitnet.linear._inference_text import format_summary

        return format_summary(self)

    __repr__ = __str__

    def odds_ratios(self) -> pd.DataFrame:
        """``exp`` of each estimate and of its interval: the odds ratio of a unit step.

        Returns
        -------
        pandas.DataFrame
            Columns ``odds_ratio``, ``ci_lower`` and ``ci_upper``, one row per parameter (the
            intercept's row is the odds at 0), as broom's ``tidy(exponentiate=TRUE)``.
        """
        return exponentiated(self.table, "odds_ratio")

    def odds_ratios_text(self) -> str:
        """:meth:`odds_ratios` as a printed table."""
        from logitnet.linear._inference_text import format_ratios

        return format_ratios(self.odds_ratios(), self.level, self.ci, "Odds ratios")

    def drop1(self) -> DevianceTable:
        """Likelihood-ratio test of each term (a column of the table), as R's ``drop1``.

        A text column coded against its reference level is one term: its indicators are
        dropped together (df = levels - 1). Needs the fit (not a result read from JSON) and
        an unpenalized model.

        Returns
        -------
        DevianceTable
            ``table`` with ``df``, ``deviance``, ``aic``, ``lrt`` and ``p_value`` per term;
            ``print()`` it for R's layout.
        """
        from logitnet.linear._lrtest import drop1

        return drop1(self._fitted("drop1")[0], self.deviance, self.inputs)

    def marginal_effects(self) -> pd.DataFrame:
        """Average marginal effects ``dP(event)/dx`` with delta-method standard errors.

        The derivative of the event's probability in each feature, averaged over the rows,
        as statsmodels' ``get_margeff(at="overall", method="dydx")``; an indicator of a text
        column is treated as a number, as there.

        Returns
        -------
        pandas.DataFrame
            Columns ``dydx``, ``std_err``, ``z``, ``p_value``, ``ci_lower``, ``ci_upper``.
        """
        from logitnet.linear._margins import binary_effects, effects_table

        fit, covariance = self._fitted("marginal_effects")
        effects, jacobian = binary_effects(fit.design(), fit.w, fit.weights, fit.objective.k)
        names = fit.names[fit.objective.k :]
        return effects_table(effects, jacobian, covariance, names, self.level)

    def _fitted(self, what: str) -> tuple[Any, np.ndarray]:
        """The fit behind the result and its covariance; a clear error for a result read back
        from JSON."""
        if self.fit is None or self.covariance is None:
            raise ValueError(
                f"{what} needs the fitted model and its data; this result was read back from "
                "a file. Call logitnet.inference(model, X, y) again."
            )
        return self.fit, self.covariance

    def to_dict(self) -> dict:
        """A JSON-ready document of everything but ``covariance``; see :meth:`from_dict`."""
        scalars = {name: _plain(getattr(self, name)) for name in SCALARS}
        columns = {c: [json_number(v) for v in self.table[c]] for c in COLUMNS}
        return {"features": [str(i) for i in self.table.index], **columns, **scalars}

    @classmethod
    def from_dict(cls, doc: dict) -> InferenceResult | MultinomialInferenceResult:
        """Rebuild a result from :meth:`to_dict`'s document (a
        :class:`MultinomialInferenceResult` from its own document, which has ``"classes"``)."""
        import pandas as pd

        if "classes" in doc:
            from logitnet.linear._multinomial_inference import MultinomialInferenceResult

            return MultinomialInferenceResult.from_dict(doc)

        columns = {c: [float(v) for v in doc[c]] for c in COLUMNS}
        table = pd.DataFrame(columns, index=doc["features"], dtype=float)
        return cls(table=table, **{name: doc[name] for name in SCALARS if name in doc})


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
    estimator: LogisticRegression | Pipeline,
    X: ArrayLike,
    y: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    level: float = 0.95,
    cov: str = "classic",
    ci: str = "wald",
    reference: Hashable | None = None,
) -> InferenceResult | MultinomialInferenceResult:
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
    ci : {"wald", "profile"}, default="wald"
        ``"wald"``: ``coef ± z std_err``. ``"profile"``: profile-likelihood intervals, the
        ones R's ``confint(glm_fit)`` prints (binary, unpenalized models); an end that does
        not close (separation) is ``±inf``, and the note says so.
    reference : class label, optional
        More than two classes: the reference class the others are compared with (default:
        the first of ``classes_``).

    Returns
    -------
    InferenceResult or MultinomialInferenceResult
        ``table`` (a DataFrame), deviances, degrees of freedom, AIC and BIC; ``print()`` it for
        R's layout with significance stars. With more than two classes, one table per class
        but the reference (:class:`MultinomialInferenceResult`), as statsmodels' ``MNLogit``
        and R's ``nnet::multinom``.

    Raises
    ------
    TypeError
        For anything but a logitnet ``LogisticRegression`` (or a Pipeline ending in one).
    NotFittedError
        When the model is not fitted.
    ValueError
        For labels the model has never seen, a bad ``level``, ``cov`` or ``ci``, a penalized
        model of more than two classes, or ``ci="profile"`` with more than two classes or
        a penalized model.
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
    check_option("ci", ci, CI_METHODS)
    level = check_in_range("level", level, 0.0, 1.0, closed="neither")
    if _n_classes(estimator) > 2:
        from logitnet.linear._multinomial_inference import multinomial_inference

        if ci != "wald":
            raise ValueError(
                f"ci={ci!r} is for binary models; this one has {_n_classes(estimator)} "
                "classes. Use ci='wald'."
            )
        return multinomial_inference(estimator, X, y, sample_weight, level, cov, reference)
    fit = _refit(estimator, X, y, sample_weight)
    information = fit.total * fit.objective.hessian(fit.w)
    _check_identified(information, fit.names)
    separated = _warn_if_separated(fit)
    covariance = _covariance(fit, information, cov)
    deviances = _deviances(fit)
    table, notes = _table(fit, covariance, level), [_scaling_note(estimator)]
    if ci == "profile":
        notes += _profile(fit, table, deviances["deviance"], level, separated)
    return InferenceResult(
        table=table,
        **deviances,
        cov_type=cov,
        level=level,
        alpha=float(fit.objective.alpha),
        covariance=covariance,
        note="\n".join(n for n in notes if n),
        ci=ci,
        fit=fit,
        inputs=_input_names(estimator),
    )


def _profile(
    fit: _Fit, table: Any, deviance: float, level: float, separated: list[int]
) -> list[str]:
    """Replace the table's intervals by profile-likelihood ones; the notes on open ends."""
    from logitnet.linear._profile import profile_intervals, separated_intervals

    if separated:
        lower, upper, notes = separated_intervals(fit, separated)
    else:
        std_err = table["std_err"].to_numpy()
        lower, upper, notes = profile_intervals(fit, std_err, deviance, level)
    table["ci_lower"], table["ci_upper"] = lower, upper
    return notes


def _n_classes(estimator: Any) -> int:
    """The number of classes of the fitted LogisticRegression ``estimator`` is or ends in."""
    return len(_logistic_model(estimator).classes_)


def _input_names(estimator: Any) -> list[str] | None:
    """The columns of the table the pipeline (or model) was fitted on, when it knows them."""
    names = getattr(estimator, "feature_names_in_", None)
    return None if names is None else [str(n) for n in names]


def _refit(estimator: Any, X: Any, y: Any, sample_weight: Any) -> _Fit:
    """The model's objective on the (transformed) data, at its fitted parameters."""
    model = _logistic_model(estimator)
    X, names = _transformed(estimator, X)
    X = validate_X(model, X, reset=False)
    names = names or _feature_names(model)
    event = _event(model, y, len(X))
    weights = _frequency_weights(model, sample_weight, event)
    alpha = float(model.alpha)
    objective = BinaryObjective(X, event, weights / weights.sum(), alpha, model.fit_intercept)
    w = objective.join(np.asarray(model.coef_, float), np.asarray(model.intercept_, float))
    return _Fit(objective, w, weights, [INTERCEPT] * objective.k + names)


def _logistic_model(estimator: Any) -> LogisticRegression:
    """The fitted LogisticRegression that ``estimator`` is or ends in."""
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
    return model


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


def _warn_if_separated(fit: _Fit) -> list[int]:
    """Warn, naming the features, when the classes are separated and nothing is penalized;
    the indices of the separating parameters."""
    weighted = fit.weights > 0
    if (
        fit.objective.alpha > 0
        or np.abs(fit.objective.logits(fit.w)[weighted]).max() <= SUSPECT_LOGIT
    ):
        return []
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
    return list(columns)


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
