"""Test metrics of a model over rows shared out among the ranks, each row counted once."""

from __future__ import annotations

from typing import Any

import numpy as np

from logitnet._group import all_reduce


def evaluate_shared(model: Any, X: Any, y: Any) -> dict[str, float]:
    """``{"log_loss", "accuracy", "n_rows"}`` over every rank's rows ``X``, ``y``.

    Each rank scores only its own rows, then the sums of the log-loss, the correct
    predictions and the row counts are all-reduced: no row is repeated or padded, so the
    figures equal those of one process scoring every row. A rank may hold no rows.
    """
    sums = np.zeros(3)
    if len(y):
        proba = model.predict_proba(X)
        codes = np.searchsorted(model.classes_, np.asarray(y))
        picked = np.clip(proba[np.arange(len(codes)), codes], 1e-15, 1.0)
        correct = np.asarray(model.predict(X)) == np.asarray(y)
        sums[:] = -np.log(picked).sum(), correct.sum(), len(codes)
    total = all_reduce(sums)
    if total[2] == 0:
        raise ValueError("No rows to evaluate on any rank.")
    return {
        "log_loss": total[0] / total[2],
        "accuracy": total[1] / total[2],
        "n_rows": int(total[2]),
    }
