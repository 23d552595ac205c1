"""Preparing a table for either model, from scikit-learn's own transformers.

Numeric columns are standardized; text, categorical and boolean columns are one-hot encoded
(categories unseen at fit time are ignored at predict time). For a logistic regression they are
coded against a reference level instead, as R's ``glm`` does (:func:`reference_levels`): one
indicator per other level, named ``column[level]``. Missing values are an error unless the
caller drops the rows or imputes them, and identifier-like columns (a distinct value in every row)
are left out with a note.

Examples
--------
>>> import pandas as pd
>>> from logitnet.preprocessing import prepare_table, make_preprocessor
>>> df = pd.DataFrame({"name": ["a", "b", "c", "d"], "size": [1.0, 2.0, 3.0, 4.0],
...                    "colour": ["red", "blue", "red", "blue"], "big": [0, 0, 1, 1]})
>>> table = prepare_table(df, "big")
>>> table.plan.numeric, table.plan.categorical
(['size'], ['colour'])
>>> table.notes
["column 'name' left out: it has a different value in (nearly) every row, like a name or an id"]
>>> make_preprocessor(["size"], ["colour"]).fit_transform(table.X).shape
(4, 3)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from logitnet._validation import check_option, suggest
from logitnet.exceptions import DataError

__all__ = [
    "IMPUTE_STRATEGIES",
    "ColumnPlan",
    "Table",
    "as_text",
    "check_missing",
    "count_missing",
    "make_pipeline",
    "make_preprocessor",
    "plan_columns",
    "prepare_table",
    "reference_levels",
    "select_columns",
]

#: Ways to fill in missing values; categorical columns always use the most frequent value.
IMPUTE_STRATEGIES = ("mean", "median", "most_frequent")
_IDENTIFIER_SHARE = 0.99  # a column this unique (share of distinct values) is an identifier


@dataclass
class ColumnPlan:
    """Which columns become features, and why the others were left out."""

    numeric: list[str]  # standardized
    categorical: list[str]  # one-hot encoded (text, categories, booleans)
    excluded: dict[str, str] = field(default_factory=dict)  # column -> reason it was left out

    @property
    def features(self) -> list[str]:
        """All feature columns: numeric first, then categorical."""
        return [*self.numeric, *self.categorical]

    @property
    def notes(self) -> list[str]:
        """One human-readable line per excluded column."""
        return [f"column {name!r} left out: {why}" for name, why in self.excluded.items()]


@dataclass
class Table:
    """A table split into features ``X`` and target ``y``, with the plan and notes behind it."""

    X: pd.DataFrame  # only the feature columns, in plan order
    y: pd.Series  # the target, any label type
    plan: ColumnPlan
    notes: list[str] = field(default_factory=list)


def _is_numeric(column: pd.Series) -> bool:
    """True for int, unsigned and float columns (booleans are categorical)."""
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def _is_categorical(column: pd.Series) -> bool:
    """True for text, object, category and boolean columns."""
    return (
        pd.api.types.is_bool_dtype(column)
        or pd.api.types.is_object_dtype(column)
        or pd.api.types.is_string_dtype(column)
        or isinstance(column.dtype, pd.CategoricalDtype)
    )


def _is_identifier(column: pd.Series) -> bool:
    """True for a column like a name or an id: a distinct value in (nearly) every row.

    An integer column counts only when every value is distinct; a text column also with 1% of
    repeats, so that a name column with one duplicate still counts. Floats never count.
    """
    n, distinct = len(column), column.nunique()
    if n <= 1 or pd.api.types.is_float_dtype(column) or pd.api.types.is_bool_dtype(column):
        return False
    if pd.api.types.is_integer_dtype(column):
        return distinct == n
    return distinct >= _IDENTIFIER_SHARE * n


def plan_columns(X: pd.DataFrame, *, exclude_identifiers: bool = True) -> ColumnPlan:
    """Sort the columns of ``X`` into numeric and categorical features.

    Parameters
    ----------
    X : DataFrame
        The candidate feature columns.
    exclude_identifiers : bool, default=True
        Leave out non-float columns with a distinct value in every row, or all but 1% of rows
        (names, ids).

    Returns
    -------
    ColumnPlan
        Columns of other types (dates, ...) are excluded with the reason.
    """
    plan = ColumnPlan(numeric=[], categorical=[])
    for name in X.columns:
        column = X[name]
        if exclude_identifiers and _is_identifier(column):
            plan.excluded[name] = (
                "it has a different value in (nearly) every row, like a name or an id"
            )
        elif _is_numeric(column):
            plan.numeric.append(name)
        elif _is_categorical(column):
            plan.categorical.append(name)
        else:
            plan.excluded[name] = f"its type {column.dtype} is not supported"
    return plan


def count_missing(df: pd.DataFrame, columns: Sequence[str] | None = None) -> dict[str, int]:
    """Return ``{column: number of missing cells}`` for the columns that have any."""
    counts = df[list(columns) if columns is not None else df.columns].isna().sum()
    return {str(name): int(n) for name, n in counts.items() if n}


def check_missing(
    df: pd.DataFrame, columns: Sequence[str] | None = None, *, source: str = "the table"
) -> None:
    """Raise a :class:`~logitnet.DataError` naming the columns with missing values and the counts.

    Examples
    --------
    >>> check_missing(pd.DataFrame({"a": [1.0, None], "b": [None, None]}))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    logitnet.exceptions.DataError: the table has 3 missing values in 2 columns: 'a' (1), ...
    """
    missing = count_missing(df, columns)
    if not missing:
        return
    listed = ", ".join(f"{name!r} ({n})" for name, n in missing.items())
    plural = "s" if len(missing) > 1 else ""
    raise DataError(
        f"{source} has {sum(missing.values())} missing values in {len(missing)} column{plural}: "
        f"{listed}. Drop those rows (dropna) or fill them in "
        f"(impute={'|'.join(IMPUTE_STRATEGIES)})."
    )


def select_columns(df: pd.DataFrame, columns: Sequence[str], *, source: str = "the table") -> list:
    """Check that every name in ``columns`` is a column of ``df``; return them as a list."""
    columns = list(columns)
    absent = [name for name in columns if name not in df.columns]
    if absent:
        hint = suggest(absent[0], [str(c) for c in df.columns])
        listed = ", ".join(repr(name) for name in absent)
        raise DataError(f"{source} has no column {listed}.{hint} Its columns: {list(df.columns)}")
    return columns


def as_text(X: Any) -> np.ndarray:
    """Turn every present cell into a string, keeping missing cells as NaN.

    Categorical columns go through this first, so that a column read as booleans in one file and as
    text in another (or with missing cells) is encoded the same way.
    """
    frame = pd.DataFrame(X).astype(object)
    return frame.map(str).where(frame.notna(), np.nan).to_numpy(dtype=object)


def _imputer(strategy: str) -> Any:
    """A SimpleImputer that keeps all-missing columns, so the output width never changes."""
    from sklearn.impute import SimpleImputer

    return SimpleImputer(strategy=strategy, keep_empty_features=True)


def level_name(column: str, level: Any) -> str:
    """The name of a level's indicator under reference coding: ``student[Yes]``."""
    return f"{column}[{level}]"


def _levels(values: pd.Series) -> list[str]:
    """The sorted distinct levels of a column, as text (as the encoder sees them)."""
    return sorted({str(v) for v in values.dropna()})


def reference_levels(
    X: pd.DataFrame, categorical: Sequence[str], chosen: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """The reference level of each categorical column: ``chosen``, else R's first sorted level.

    Parameters
    ----------
    X : DataFrame
        The rows the model is fitted on (the training split).
    categorical : sequence of str
        The categorical columns, in the preprocessor's order.
    chosen : mapping of str to level, optional
        A reference level for some columns (``{"student": "Yes"}``); levels compare as text.

    Returns
    -------
    dict of str to str
        ``{column: level}`` for every categorical column, for :func:`make_preprocessor`.

    Raises
    ------
    DataError
        For a column that is not categorical, a level absent from ``X``, or a column with a
        single level (it has nothing to compare with its reference).

    Examples
    --------
    >>> X = pd.DataFrame({"student": ["No", "Yes", "No"], "colour": ["red", "blue", "red"]})
    >>> reference_levels(X, ["student", "colour"], {"student": "Yes"})
    {'student': 'Yes', 'colour': 'blue'}
    """
    chosen = {str(k): str(v) for k, v in (chosen or {}).items()}
    unknown = [name for name in chosen if name not in categorical]
    if unknown:
        raise DataError(
            f"reference level given for {unknown[0]!r}, which is not a text or categorical "
            f"feature column; those are: {list(categorical)}."
        )
    return {name: _reference(name, _levels(X[name]), chosen.get(name)) for name in categorical}


def _reference(name: str, levels: list[str], chosen: str | None) -> str:
    """The checked reference level of one column."""
    if len(levels) < 2:
        raise DataError(
            f"column {name!r} has a single level {levels[:1]!r} in the training rows, so it "
            "cannot be coded against a reference level; drop it (--drop)."
        )
    if chosen is not None and chosen not in levels:
        raise DataError(
            f"reference level {chosen!r} of column {name!r} is not among its levels in the "
            f"training rows: {levels}."
        )
    return levels[0] if chosen is None else chosen


def _encoder(categorical: Sequence[str], reference: Mapping[str, str] | None) -> OneHotEncoder:
    """Full one-hot (``reference=None``), or one indicator per level but the reference."""
    if reference is None:
        return OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    missing = [name for name in categorical if name not in reference]
    if missing:
        raise ValueError(
            f"`reference` must give a level for every categorical column; it has none for "
            f"{missing}. Build it with reference_levels(X, categorical, chosen)."
        )
    return OneHotEncoder(
        drop=[str(reference[name]) for name in categorical],
        handle_unknown="ignore",
        sparse_output=False,
        feature_name_combiner=level_name,
    )


def make_preprocessor(
    numeric: Sequence[str],
    categorical: Sequence[str],
    *,
    impute: str | None = None,
    reference: Mapping[str, str] | None = None,
) -> ColumnTransformer:
    """Build the column transformer that standardizes and one-hot encodes a table.

    Parameters
    ----------
    numeric : sequence of str
        Columns to standardize (``StandardScaler``).
    categorical : sequence of str
        Columns to one-hot encode (``OneHotEncoder(handle_unknown="ignore")``).
    impute : {"mean", "median", "most_frequent"} or None, default=None
        Fill in missing values first (``SimpleImputer``); categorical columns always use the most
        frequent value. None adds no imputer.
    reference : mapping of str to str, optional
        Reference coding, for a logistic regression: ``{column: level}`` for every categorical
        column (see :func:`reference_levels`). Each column then gets one indicator per level
        but its reference, named ``column[level]``; a level unseen at fit time is coded as the
        reference (all zeros, with scikit-learn's warning). None: full one-hot, for networks.

    Returns
    -------
    ColumnTransformer
        Unfitted; its output is a dense float64 array, numeric columns first.
    """
    if impute is not None:
        check_option("impute", impute, IMPUTE_STRATEGIES)
    if not numeric and not categorical:
        raise DataError("there are no feature columns left to train on.")
    parts = []
    if numeric:
        scale = [("scale", StandardScaler())]
        steps = [("impute", _imputer(impute)), *scale] if impute else scale
        parts.append(("numeric", Pipeline(steps), list(numeric)))
    if categorical:
        encode = [("onehot", _encoder(categorical, reference))]
        fill = [("impute", _imputer("most_frequent"))] if impute else []
        text = [("text", FunctionTransformer(as_text, feature_names_out="one-to-one"))]
        parts.append(("categorical", Pipeline([*text, *fill, *encode]), list(categorical)))
    return ColumnTransformer(
        parts, remainder="drop", sparse_threshold=0.0, verbose_feature_names_out=False
    )


def make_pipeline(
    estimator: Any,
    plan: ColumnPlan,
    *,
    impute: str | None = None,
    reference: Mapping[str, str] | None = None,
) -> Pipeline:
    """Chain :func:`make_preprocessor` for ``plan`` and ``estimator`` into a scikit-learn Pipeline.

    The steps are named ``"preprocess"`` and ``"model"``; :func:`logitnet.save` stores the whole
    pipeline, statistics included. ``reference`` codes the categorical columns against
    reference levels (see :func:`make_preprocessor`).
    """
    preprocess = make_preprocessor(
        plan.numeric, plan.categorical, impute=impute, reference=reference
    )
    return Pipeline([("preprocess", preprocess), ("model", estimator)])


def _candidate_columns(
    df: pd.DataFrame, target: str, features: Sequence[str] | None, drop: Sequence[str] | None
) -> list:
    """The columns to consider as features: ``features``, or all but the target and ``drop``."""
    if features is not None:
        chosen = select_columns(df, features)
        if target in chosen:
            raise DataError(f"the target {target!r} cannot also be a feature.")
        return chosen
    dropped = set(select_columns(df, drop or []))
    return [c for c in df.columns if c != target and c not in dropped]


def _handle_missing(
    df: pd.DataFrame, target: str, columns: list, *, dropna: bool, impute: str | None
) -> tuple[pd.DataFrame, list[str]]:
    """Drop rows or check for missing values, as asked; return the table and notes."""
    used = [*columns, target]
    if dropna or impute is not None:
        subset = used if dropna else [target]
        kept = df.dropna(subset=subset)
        dropped = len(df) - len(kept)
        notes = [f"dropped {dropped} rows with missing values"] if dropped else []
        return kept, notes
    check_missing(df, used)
    return df, []


def prepare_table(
    df: pd.DataFrame,
    target: str,
    *,
    features: Sequence[str] | None = None,
    drop: Sequence[str] | None = None,
    dropna: bool = False,
    impute: str | None = None,
) -> Table:
    """Split ``df`` into features and target, ready for :func:`make_pipeline`.

    Parameters
    ----------
    df : DataFrame
        The whole table.
    target : str
        The column to predict; its labels may be strings, booleans or numbers.
    features : sequence of str, optional
        Use exactly these columns (identifiers are then kept). Default: every other column.
    drop : sequence of str, optional
        Columns not to use, when ``features`` is not given.
    dropna : bool, default=False
        Drop the rows with a missing value in the target or a feature.
    impute : {"mean", "median", "most_frequent"}, optional
        Fill missing feature values in the pipeline instead; rows without a target are dropped.

    Returns
    -------
    Table
        ``X`` holds only the planned feature columns.

    Raises
    ------
    DataError
        For an unknown column, missing values (without ``dropna`` or ``impute``), a target with a
        single class, or no usable feature column.
    """
    select_columns(df, [target])
    if impute is not None:
        check_option("impute", impute, IMPUTE_STRATEGIES)
    columns = _candidate_columns(df, target, features, drop)
    df, notes = _handle_missing(df, target, columns, dropna=dropna, impute=impute)
    plan = plan_columns(df[columns], exclude_identifiers=features is None)
    if not plan.features:
        raise DataError(f"no usable feature column: {'; '.join(plan.notes) or 'none given'}.")
    y = df[target]
    if len(y) == 0:
        raise DataError("no rows left to train on.")
    if y.nunique() < 2:
        raise DataError(f"the target {target!r} has a single class ({y.iloc[0]!r}); need two.")
    return Table(X=df[plan.features], y=y, plan=plan, notes=[*plan.notes, *notes])
