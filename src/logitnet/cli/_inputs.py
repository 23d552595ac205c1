"""Matching a table to a saved model: the columns it needs, and what it does with missing values."""

from __future__ import annotations

from typing import Any

from logitnet.exceptions import DataError


def model_columns(model: Any) -> list[str] | None:
    """The column names the model was fitted on, or None when it was fitted on a bare array."""
    names = getattr(model, "feature_names_in_", None)
    return None if names is None else [str(n) for n in names]


def model_imputes(model: Any) -> bool:
    """True when the model's own preprocessing fills in missing values."""
    steps = getattr(model, "steps", None)
    if not steps:
        return False
    transformers = getattr(steps[0][1], "transformers", [])
    return any("impute" in getattr(pipe, "named_steps", {}) for _, pipe, _ in transformers)


def model_features(
    model: Any, df: Any, *, source: str, exclude: tuple[str, ...] = (), dropna: bool = False
) -> tuple[Any, Any]:
    """The columns of ``df`` the model needs, in its order, checked for missing values.

    Returns the feature table and the index of the rows kept. Without feature names (a model fitted
    on an array) every column but ``exclude`` is used, in file order.
    """
    from logitnet.preprocessing import check_missing, select_columns

    columns = model_columns(model)
    if columns is None:
        columns = [c for c in df.columns if c not in exclude]
        expected = getattr(model, "n_features_in_", len(columns))
        if len(columns) != expected:
            raise DataError(
                f"{source} has {len(columns)} feature columns; the model expects {expected}"
            )
    else:
        try:
            select_columns(df, columns, source=source)
        except DataError as exc:
            raise DataError(f"{exc}; the model was trained on {columns}") from None
    X = df[columns]
    if dropna:
        X = X.dropna()
    elif not model_imputes(model):
        check_missing(X, source=source)
    return X, X.index
