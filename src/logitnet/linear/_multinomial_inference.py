"""Inference for a multinomial logistic regression against a reference class.

The softmax model's coefficients are only defined up to a shift shared by all classes; fixing
the reference class's at zero makes them unique: each other class ``k`` gets
``b_k - b_reference``, the log relative risk of ``k`` against the reference. The fitted
probabilities are unchanged, so the estimates are the maximum-likelihood ones of that
parametrization, as statsmodels' ``MNLogit`` and R's ``nnet::multinom`` report them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from logitnet._pipeline import final_estimator
from logitnet._validation import validate_X
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
from logitnet.linear._weights import _check_sample_weight, class_weights

if TYPE_CHECKING:
    from collections.abc import Hashable


@dataclass
class _MultiFit:
    """The reference-class model on the data: design, codes, weights, parameters, names."""

    A: np.ndarray  # (n, n_params): [1, X] or X
    codes: np.ndarray  # class index of each row, in ``classes`` order (reference first)
    weights: np.ndarray  # frequency weights
    B: np.ndarray  # (K-1, n_params): parameters of each non-reference class
    classes: list  # reference first
    names: list[str]  # one per column of A
    k: int  # 1 with an intercept

    def probabilities(self) -> np.ndarray:
        """``(n, K)`` fitted probabilities, reference class first."""
        from logitnet.linear._softmax import softmax

        return softmax(self.A @ np.vstack([np.zeros(self.A.shape[1]), self.B]).T)


@dataclass(frozen=True, repr=False)
class MultinomialInferenceResult:
    """What :func:`inference` returns for more than two classes; ``str()`` prints it.

    Attributes
    ----------
    tables : dict of class label to pandas.DataFrame
        One coefficient table per class but the reference (columns as
        :class:`InferenceResult`'s ``table``): the log relative risk against ``reference``.
    reference : class label
    null_deviance, deviance, df_null, df_residual, aic, bic, n_obs : float
        As :class:`InferenceResult`; ``k`` counts ``(K - 1) (1 + p)`` parameters.
    cov_type, level, note
        As :class:`InferenceResult`.
    covariance : ndarray or None
        Covariance of every estimate, class by class in the order of ``tables``.
    """

    tables: dict
    reference: Hashable
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
    fit: _MultiFit | None = field(default=None, compare=False)

    def __str__(self) -> str:
        from logitnet.linear._inference_text import format_multinomial

        return format_multinomial(self)

    __repr__ = __str__

    def relative_risk_ratios(self) -> dict:
        """``exp`` of each estimate and interval, per class: ``{class: DataFrame}`` with the
        columns ``rrr``, ``ci_lower``, ``ci_upper`` (Stata's relative risk ratios)."""
        return {c: exponentiated(t, "rrr") for c, t in self.tables.items()}

    odds_ratios = relative_risk_ratios

    def odds_ratios_text(self) -> str:
        """:meth:`relative_risk_ratios`, printed class by class."""
        from logitnet.linear._inference_text import format_ratios

        return "\n\n".join(
            format_ratios(t, self.level, self.ci, f"Relative risk ratios, {c} vs {self.reference}")
            for c, t in self.relative_risk_ratios().items()
        )

    def marginal_effects(self) -> dict:
        """Average marginal effects on each class's probability (reference included), with
        delta-method errors, as statsmodels' ``get_margeff(at="overall")``: ``{class: table}``."""
        from logitnet.linear._margins import effects_table, multinomial_effects

        if self.fit is None or self.covariance is None:
            raise ValueError(
                "marginal_effects needs the fitted model and its data; this result was read "
                "back from a file. Call logitnet.inference(model, X, y) again."
            )
        fit = self.fit
        effects, jacobian = multinomial_effects(fit.A, fit.B, fit.weights, fit.k)
        table = effects_table(
            effects.ravel(),
            jacobian,
            self.covariance,
            [str(i) for i in range(effects.size)],
            self.level,
        )
        p, names = effects.shape[1], fit.names[fit.k :]
        return {
            c: table.iloc[i * p : (i + 1) * p].set_axis(names) for i, c in enumerate(fit.classes)
        }

    def to_dict(self) -> dict:
        """A JSON-ready document of everything but ``covariance``; see :meth:`from_dict`."""
        first = next(iter(self.tables.values()))
        scalars = {name: _plain(getattr(self, name)) for name in _SCALARS}
        tables = {
            str(c): {col: [json_number(v) for v in t[col]] for col in COLUMNS}
            for c, t in self.tables.items()
        }
        return {"features": [str(i) for i in first.index], "classes": tables, **scalars}

    @classmethod
    def from_dict(cls, doc: dict) -> MultinomialInferenceResult:
        """Rebuild a result from :meth:`to_dict`'s document (class labels as text)."""
        import pandas as pd

        tables = {
            c: pd.DataFrame(
                {col: [float(v) for v in t[col]] for col in COLUMNS}, index=doc["features"]
            )
            for c, t in doc["classes"].items()
        }
        return cls(tables=tables, **{name: doc[name] for name in _SCALARS if name in doc})


_SCALARS = ("reference", *SCALARS)  # and the binary table's


def _plain(value: Any) -> Any:
    """A JSON scalar (numpy scalars become Python ones; a class label becomes text)."""
    value = value.item() if isinstance(value, np.generic) else value
    return value if isinstance(value, int | float | str | bool) or value is None else str(value)


def multinomial_inference(
    estimator: Any, X: Any, y: Any, sample_weight: Any, level: float, cov: str, reference: Any
) -> MultinomialInferenceResult:
    """:func:`logitnet.inference` for a model of more than two classes."""
    fit = _refit(estimator, X, y, sample_weight, reference)
    information = _information(fit)
    labels = [f"{c}: {name}" for c in fit.classes[1:] for name in fit.names]
    _check_identified(information, labels)
    covariance = np.linalg.inv(information)
    if cov == "robust":
        covariance = _sandwich(fit, covariance)
    return MultinomialInferenceResult(
        tables=_tables(fit, covariance, level),
        reference=fit.classes[0],
        **_deviances(fit),
        cov_type=cov,
        level=level,
        covariance=covariance,
        note=_scaling_note(estimator),
        fit=fit,
    )


def _refit(estimator: Any, X: Any, y: Any, sample_weight: Any, reference: Any) -> _MultiFit:
    """The reference-class parameters of the fitted model, on the (transformed) data."""
    from sklearn.utils import column_or_1d

    model = final_estimator(estimator)
    if model.alpha > 0:
        raise ValueError(
            "multinomial inference needs an unpenalized model (alpha=0): a penalized softmax "
            f"fit depends on the class it is expressed against. Got alpha={model.alpha:g}."
        )
    X, names = _transformed(estimator, X)
    X = validate_X(model, X, reset=False)
    order = _class_order(list(model.classes_), reference)
    y = column_or_1d(y, warn=False)
    codes = _codes(y, model.classes_, order, len(X))
    weights = _weights(model, sample_weight, y, len(X))
    full = np.column_stack([model.intercept_, model.coef_]) if model.fit_intercept else model.coef_
    full = full[order]
    A = np.hstack([np.ones((len(X), 1)), X]) if model.fit_intercept else np.asarray(X, float)
    k = int(model.fit_intercept)
    names = [INTERCEPT] * k + (names or _feature_names(model))
    classes = [_label(model.classes_[i]) for i in order]
    return _MultiFit(A, codes, weights, full[1:] - full[0], classes, names, k)


def _label(value: Any) -> Any:
    """A class label as a Python value (``"a"``, not ``np.str_("a")``)."""
    return value.item() if isinstance(value, np.generic) else value


def _class_order(classes: list, reference: Any) -> list[int]:
    """Indices of the classes, the reference first (default: the first class)."""
    if reference is None:
        return list(range(len(classes)))
    if reference not in classes:
        raise ValueError(f"`reference` must be one of the classes {classes!r}. Got {reference!r}.")
    first = classes.index(reference)
    return [first, *(i for i in range(len(classes)) if i != first)]


def _codes(y: np.ndarray, classes: np.ndarray, order: list[int], n: int) -> np.ndarray:
    """Each label's index in the reordered classes; an error for a label the model never saw."""
    if len(y) != n:
        raise ValueError(f"X has {n} rows but y has {len(y)}.")
    unknown = np.setdiff1d(y, classes)
    if len(unknown):
        raise ValueError(
            f"y holds labels the model was not fitted on: {unknown[:5].tolist()!r}. "
            f"Its classes are {classes.tolist()!r}."
        )
    position = np.argsort(order)  # class index -> position in the new order
    return position[np.searchsorted(classes, y)]


def _weights(model: Any, sample_weight: Any, y: np.ndarray, n: int) -> np.ndarray:
    """Frequency weights times the model's class weights."""
    s = np.ones(n) if sample_weight is None else _check_sample_weight(sample_weight, n)
    codes = np.searchsorted(model.classes_, y)
    return s * class_weights(model.class_weight, model.classes_, codes, s)[codes]


def _information(fit: _MultiFit) -> np.ndarray:
    """``Σ w_i (diag(p) - p pᵀ) ⊗ a_i a_iᵀ`` over the non-reference classes, class-major."""
    P = fit.probabilities()[:, 1:]
    m, K1 = fit.A.shape[1], P.shape[1]
    info = np.empty((K1 * m, K1 * m))
    for c in range(K1):
        for d in range(c, K1):
            v = fit.weights * P[:, c] * ((c == d) - P[:, d])
            block = fit.A.T @ (fit.A * v[:, None])
            info[c * m : (c + 1) * m, d * m : (d + 1) * m] = block
            info[d * m : (d + 1) * m, c * m : (c + 1) * m] = block.T
    return info


def _sandwich(fit: _MultiFit, bread: np.ndarray) -> np.ndarray:
    """HC0: ``I⁻¹ (Σ w_i g_i g_iᵀ) I⁻¹`` with the per-row scores ``g_i``."""
    P = fit.probabilities()
    onehot = np.eye(P.shape[1])[fit.codes]
    residual = (onehot - P)[:, 1:]  # (n, K-1)
    scores = (residual[:, :, None] * fit.A[:, None, :]).reshape(len(fit.A), -1)
    meat = scores.T @ (scores * fit.weights[:, None])
    return bread @ meat @ bread


def _tables(fit: _MultiFit, covariance: np.ndarray, level: float) -> dict:
    """One coefficient table per non-reference class."""
    import pandas as pd
    from scipy.stats import norm

    std_err = np.sqrt(np.diag(covariance)).reshape(fit.B.shape)
    half = norm.ppf(0.5 + level / 2) * std_err
    tables = {}
    for i, label in enumerate(fit.classes[1:]):
        b, se = fit.B[i], std_err[i]
        z = b / se
        columns = [b, se, z, 2 * norm.sf(np.abs(z)), b - half[i], b + half[i]]
        tables[label] = pd.DataFrame(dict(zip(COLUMNS, columns, strict=True)), index=fit.names)
    return tables


def _deviances(fit: _MultiFit) -> dict[str, Any]:
    """Deviances (the saturated model of single rows has likelihood 1), df, AIC and BIC."""
    from scipy.special import xlogy

    P = fit.probabilities()
    n = float(fit.weights.sum())
    deviance = -2 * float(fit.weights @ np.log(P[np.arange(len(P)), fit.codes]))
    counts = np.bincount(fit.codes, weights=fit.weights, minlength=P.shape[1])
    uniform = 2 * n * np.log(P.shape[1])  # no intercept: the null model is p = 1/K, as in R
    null = -2 * float(xlogy(counts, counts / n).sum()) if fit.k else uniform
    k = fit.B.size
    return {
        "null_deviance": null,
        "deviance": deviance,
        "df_null": n - (P.shape[1] - 1) * fit.k,
        "df_residual": n - k,
        "aic": deviance + 2 * k,
        "bic": deviance + np.log(n) * k,
        "n_obs": n,
    }
