"""Pieces shared by the binary and the multinomial coefficient tables: names, the columns of a
table, identification checks and JSON-safe numbers."""

from __future__ import annotations

from typing import Any

import numpy as np

from logitnet.exceptions import DataError
from logitnet.linear._diagnostics import collinear_columns
from logitnet.linear._logistic import LogisticRegression

COLUMNS = ("coef", "std_err", "z", "p_value", "ci_lower", "ci_upper")
INTERCEPT = "(Intercept)"


def exponentiated(table: Any, name: str) -> Any:
    """``exp`` of a coefficient table's estimates and interval ends, as columns ``name``,
    ``ci_lower``, ``ci_upper``."""
    import pandas as pd

    columns = {name: table["coef"], "ci_lower": table["ci_lower"], "ci_upper": table["ci_upper"]}
    with np.errstate(over="ignore"):
        return pd.DataFrame(
            {k: np.exp(v.to_numpy(float)) for k, v in columns.items()}, index=table.index
        )


def json_number(value: float) -> float | str:
    """A float for JSON: a finite one as it is; ``inf``, ``-inf`` or ``nan`` as that text
    (JSON has no such numbers; ``float()`` reads the text back)."""
    value = float(value)
    return value if np.isfinite(value) else str(value)


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


# The scalars of a coefficient table, as its JSON document keeps them.
SCALARS = (
    "null_deviance",
    "deviance",
    "df_null",
    "df_residual",
    "aic",
    "bic",
    "n_obs",
    "cov_type",
    "level",
    "alpha",
    "note",
    "ci",
)
