"""The coefficients a lasso or elastic-net model keeps: those the L1 penalty left nonzero."""

from __future__ import annotations

from typing import Any

import numpy as np


def kept_coefficients(model: Any) -> list[tuple[str, str, float]]:
    """``(feature, class, coefficient)`` of every nonzero coefficient of a fitted linear model.

    The class is empty for two classes (a single row of ``coef_``, the second class's logit).

    Examples
    --------
    >>> import numpy as np
    >>> from logitnet import LogisticRegression
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
    >>> model = LogisticRegression(0.1, l1_ratio=1.0).fit(X, [0, 0, 1, 1])
    >>> [(name, round(value, 3)) for name, _, value in kept_coefficients(model)]
    [('x0', 2.038)]
    """
    coef = np.atleast_2d(np.asarray(model.coef_, dtype=np.float64))
    names = getattr(model, "feature_names_in_", None)
    names = (
        [str(n) for n in names] if names is not None else [f"x{j}" for j in range(coef.shape[1])]
    )
    classes = [""] if len(coef) == 1 else [str(c) for c in model.classes_]
    return [
        (names[j], classes[k], float(coef[k, j])) for k, j in zip(*np.nonzero(coef), strict=True)
    ]


def kept_summary(model: Any) -> str:
    """``"k of p coefficients kept"``, counting features with any nonzero coefficient."""
    coef = np.atleast_2d(np.asarray(model.coef_))
    kept = int((coef != 0).any(axis=0).sum())
    return f"{kept} of {coef.shape[1]} features kept (nonzero coefficients)"
