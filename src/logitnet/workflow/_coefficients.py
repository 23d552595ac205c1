"""The coefficient table of a trained binary logistic model, from its training rows.

``train`` prints it, and ``run_training`` keeps it in ``metrics.json`` (under
``"coefficients"``) and in the model file (``extra["inference"]``), where ``logitnet summary``
finds it. The preprocessor standardizes numeric columns, so their coefficients are per standard
deviation; the table's note says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from logitnet.workflow._split import Split


def coefficient_table(model: Any, split: Split, on_note: Callable[[str], None]) -> Any | None:
    """:func:`logitnet.inference` of a binary logistic model on the training rows, else None.

    Collinear columns (a one-hot encoded column with every category, beside the intercept)
    leave no table; ``on_note`` is told why.
    """
    from logitnet._pipeline import final_estimator
    from logitnet.exceptions import DataError
    from logitnet.linear import LogisticRegression, inference

    final = final_estimator(model)
    if not isinstance(final, LogisticRegression) or len(final.classes_) != 2:
        return None
    if final.l1_ratio > 0:  # the lasso has no Wald table: metrics.json keeps what it kept
        return None
    try:
        return inference(model, split.X_train, split.y_train)
    except DataError as exc:
        on_note(f"no coefficient table: {exc}")
        return None
