"""Reach the model at the end of a scikit-learn Pipeline."""

from __future__ import annotations

from typing import Any


def final_estimator(model: Any) -> Any:
    """The last step of a Pipeline (recursively), or ``model`` itself."""
    while hasattr(model, "steps"):
        model = model.steps[-1][1]
    return model
