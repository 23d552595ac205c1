"""The statistics of a trained logistic model, from its training rows.

``train`` prints them, and ``run_training`` keeps them in ``metrics.json`` and in the model
file (``extra``), where ``logitnet summary`` finds them: the coefficient table (one per class
but the reference for more than two classes), the odds ratios (relative risk ratios), the
average marginal effects and, when the table has a text column, the analysis of deviance
(each column dropped in turn). The preprocessor standardizes numeric columns, so their
coefficients are per standard deviation; the table's note says so.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

from logitnet.workflow._split import Split


def coefficient_table(
    model: Any, split: Split, on_note: Callable[[str], None], *, ci: str = "wald"
) -> Any | None:
    """:func:`logitnet.inference` of a logistic model on the training rows, else None.

    ``ci`` is how the intervals are found (``"profile"``: R's ``confint``; binary models).
    Collinear columns, or a penalized model of more than two classes, leave no table;
    ``on_note`` is told why.
    """
    from logitnet._pipeline import final_estimator
    from logitnet.exceptions import DataError
    from logitnet.linear import LogisticRegression, inference

    final = final_estimator(model)
    if not isinstance(final, LogisticRegression):
        return None
    if final.l1_ratio > 0:  # the lasso has no Wald table: metrics.json keeps what it kept
        return None
    try:
        return inference(model, split.X_train, split.y_train, ci=ci)
    except (DataError, ValueError) as exc:
        on_note(f"no coefficient table: {exc}")
        return None


def statistics_document(result: Any, has_text: bool) -> dict:
    """The JSON of the coefficient table, odds ratios, marginal effects and, for a binary
    model with a text column, the analysis of deviance."""
    doc = {
        "coefficients": result.to_dict(),
        "odds_ratios": _frames(result.odds_ratios()),
        "marginal_effects": _frames(result.marginal_effects()),
    }
    if has_text and hasattr(result, "drop1") and result.alpha == 0:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # separation already warned, with its columns
            doc["analysis_of_deviance"] = result.drop1().to_dict()
    return doc


def _frames(value: Any) -> dict:
    """A DataFrame (or ``{class: DataFrame}``) as ``{"index": [...], column: [...]}``."""
    if isinstance(value, dict):
        return {str(label): _frames(frame) for label, frame in value.items()}
    columns = {str(c): [_number(v) for v in value[c]] for c in value.columns}
    return {"index": [str(i) for i in value.index], **columns}


def _number(value: float) -> float | str:
    """A finite float as it is; ``inf``, ``-inf`` or ``nan`` as text (JSON has none)."""
    value = float(value)
    return value if math.isfinite(value) else str(value)
