"""Likelihood-ratio tests of a logistic fit: R's ``drop1(fit, test="LRT")`` and ``anova``.

A *term* is one column of the original table: a numeric column is one coefficient, a text
column coded against its reference level is one coefficient per other level, and those are
dropped and tested together (df = levels - 1). The reduced models are refitted by Newton's
method on the same design, so the deviances are exact maximum-likelihood ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from logitnet.linear._inference_base import json_number
from logitnet.linear._objective import BinaryObjective
from logitnet.linear._solvers import SolverOptions, newton

if TYPE_CHECKING:
    import pandas as pd

    from logitnet.linear._inference import InferenceResult

REFIT = SolverOptions(max_iter=200, tol=1e-11)  # the refits' budget: far past R's glm
DEVIANCE_COLUMNS = ("df", "deviance", "aic", "lrt", "p_value")


class OffsetObjective(BinaryObjective):
    """The binary objective with a fixed offset added to every logit."""

    def __init__(
        self,
        X: np.ndarray,
        y: np.ndarray,
        s: np.ndarray,
        fit_intercept: bool,
        offset: np.ndarray | float,
    ) -> None:
        super().__init__(X, y, s, 0.0, fit_intercept)
        self.offset = offset

    def logits(self, w: np.ndarray) -> np.ndarray:
        """``X @ coef + intercept + offset``."""
        return super().logits(w) + self.offset


def constrained_fit(
    fit: Any, keep: np.ndarray, offset: np.ndarray | float = 0.0, start: np.ndarray | None = None
) -> tuple[float, np.ndarray]:
    """The deviance and parameters of ``fit``'s model on the parameters ``keep`` (a mask over
    ``[intercept, coef...]``), the others fixed into ``offset``; Newton from ``start``.

    Under separation the refit runs to its iteration budget, towards the deviance's infimum;
    the deviance is NaN only where the arithmetic overflowed.
    """
    objective = fit.objective
    k = objective.k
    X = np.ascontiguousarray(objective.X[:, keep[k:]])
    reduced = OffsetObjective(X, objective.y, objective.s, bool(k and keep[0]), offset)
    w0 = fit.w[keep] if start is None else start
    with np.errstate(all="ignore"):
        w = _minimize(reduced, np.array(w0, dtype=float))
        loss, _ = reduced.loss_grad(w)
    deviance = 2.0 * fit.total * loss
    return (deviance if np.isfinite(deviance) else np.nan), w


def _minimize(objective: OffsetObjective, w0: np.ndarray) -> np.ndarray:
    """Newton's method; where it stalls on a flat, saturated start (a far offset), a trust
    region with the exact Hessian, which steps across such flats."""
    from scipy.optimize import minimize

    result = newton(objective, w0, REFIT)
    if result.converged or not result.stalled:
        return result.w
    options = {"gtol": REFIT.tol, "maxiter": 10 * REFIT.max_iter}
    found = minimize(
        objective.loss_grad,
        w0,
        jac=True,
        hess=objective.hessian,
        method="trust-exact",
        options=options,
    )
    return found.x


def check_unpenalized(fit: Any, what: str) -> None:
    """Refuse a penalized fit: its deviances are not those of maximum likelihood."""
    if fit.objective.alpha > 0:
        raise ValueError(
            f"{what} compares maximum-likelihood fits; this model is penalized "
            f"(alpha={fit.objective.alpha:g}). Refit it with alpha=0."
        )


def term_columns(names: list[str], inputs: list[str] | None) -> dict[str, list[int]]:
    """``{term: [parameter index, ...]}``: ``column[level]`` indicators go with their column.

    The intercept is no term. Without the input column names, every coefficient is a term.
    """
    terms: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        if name == "(Intercept)":
            continue
        column = name.split("[", 1)[0] if name.endswith("]") else name
        terms.setdefault(column if inputs and column in inputs else name, []).append(i)
    return terms


@dataclass(frozen=True, repr=False)
class DevianceTable:
    """An analysis of deviance, as R's ``drop1(fit, test="LRT")`` prints it.

    Attributes
    ----------
    table : pandas.DataFrame
        Row ``"<none>"`` (the full model), then one row per term dropped, with the columns
        ``df`` (parameters dropped), ``deviance`` and ``aic`` of the reduced model, ``lrt``
        (its deviance minus the full model's) and ``p_value`` (chi-squared on ``df``).
    title : str
        The heading printed above the table.
    """

    table: pd.DataFrame
    title: str = "Analysis of deviance (likelihood-ratio tests, each term dropped in turn)"

    def __str__(self) -> str:
        from logitnet.linear._inference_text import format_deviance_table

        return format_deviance_table(self)

    __repr__ = __str__

    def to_dict(self) -> dict:
        """A JSON-ready document; see :meth:`from_dict` (NaN cells become ``"nan"``)."""
        columns = {c: [json_number(v) for v in self.table[c]] for c in DEVIANCE_COLUMNS}
        return {"terms": [str(i) for i in self.table.index], "title": self.title, **columns}

    @classmethod
    def from_dict(cls, doc: dict) -> DevianceTable:
        """Rebuild a table from :meth:`to_dict`'s document."""
        import pandas as pd

        columns = {c: [float(v) for v in doc[c]] for c in DEVIANCE_COLUMNS}
        return cls(pd.DataFrame(columns, index=doc["terms"], dtype=float), doc["title"])


def _row(deviance: float, full: float, n_params: int, df: int) -> list[float]:
    """``[df, deviance, aic, lrt, p]`` of one reduced model."""
    from scipy.stats import chi2

    lrt = max(deviance - full, 0.0)
    return [df, deviance, deviance + 2 * n_params, lrt, float(chi2.sf(lrt, df))]


def drop1(fit: Any, deviance: float, inputs: list[str] | None) -> DevianceTable:
    """Refit without each term in turn; the table of deviances and LR tests."""
    import pandas as pd

    check_unpenalized(fit, "drop1")
    n_params = len(fit.w)
    rows = {"<none>": [np.nan, deviance, deviance + 2 * n_params, np.nan, np.nan]}
    for term, columns in term_columns(fit.names, inputs).items():
        keep = np.ones(n_params, dtype=bool)
        keep[columns] = False
        reduced, _ = constrained_fit(fit, keep)
        rows[term] = _row(reduced, deviance, int(keep.sum()), len(columns))
    return DevianceTable(pd.DataFrame.from_dict(rows, orient="index", columns=DEVIANCE_COLUMNS))


def lr_test(full: InferenceResult, reduced: InferenceResult) -> DevianceTable:
    """The likelihood-ratio test of a model against a smaller one fitted on the same rows.

    Parameters
    ----------
    full, reduced : InferenceResult
        From :func:`logitnet.inference` on the same rows; ``reduced`` has fewer parameters
        (its columns a subset of ``full``'s, as in R's ``anova(reduced, full, test="LRT")``).

    Returns
    -------
    DevianceTable
        Rows ``"reduced"`` and ``"full"``: ``df`` is the number of parameters ``full`` adds,
        ``lrt`` the drop in deviance, ``p_value`` its chi-squared tail.

    Examples
    --------
    >>> import numpy as np, logitnet
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(300, 2))
    >>> y = (X[:, 0] + rng.logistic(size=300) > 0).astype(int)
    >>> full = logitnet.inference(logitnet.LogisticRegression().fit(X, y), X, y)
    >>> small = logitnet.inference(logitnet.LogisticRegression().fit(X[:, :1], y), X[:, :1], y)
    >>> test = logitnet.lr_test(full, small)
    >>> int(test.table.loc["full", "df"])
    1
    """
    import pandas as pd

    for result in (full, reduced):
        if result.alpha > 0:
            raise ValueError(f"lr_test compares unpenalized fits; got alpha={result.alpha:g}.")
    if full.n_obs != reduced.n_obs:
        raise ValueError(
            "lr_test needs two fits on the same rows; got "
            f"{reduced.n_obs:g} and {full.n_obs:g} observations."
        )
    df = len(full.table) - len(reduced.table)
    if df <= 0:
        raise ValueError(
            f"`full` must have more parameters than `reduced`; got {len(full.table)} and "
            f"{len(reduced.table)}."
        )
    rows = {
        "reduced": [np.nan, reduced.deviance, reduced.aic, np.nan, np.nan],
        "full": [df, full.deviance, full.aic, *_row(reduced.deviance, full.deviance, 0, df)[3:]],
    }
    table = pd.DataFrame.from_dict(rows, orient="index", columns=DEVIANCE_COLUMNS)
    return DevianceTable(table, "Likelihood-ratio test (reduced model against the full one)")
