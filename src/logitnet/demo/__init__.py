"""The lecture end to end: each part returns :class:`DemoResult` objects that the CLI renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["DemoResult", "DemoRow"]


@dataclass
class DemoRow:
    """One compared figure: its name, logitnet's value, the reference value, and their agreement."""

    step: str  # e.g. "accuracy, w = [-1, 3]"
    logitnet: str  # logitnet's figure, formatted
    reference: str  # scikit-learn's or the lecture's figure, formatted
    agrees: bool  # within the stated tolerance


@dataclass
class DemoResult:
    """One part of the demo: a titled table of figures, and the fitted model behind it."""

    title: str  # e.g. "Logistic regression on the Pokemon table"
    rows: list[DemoRow] = field(default_factory=list)
    estimator: Any = None  # a fitted logitnet estimator, for the report
    X: Any = None  # the data the report evaluates on
    y: Any = None
    history: Any = None  # a History, when the model has one
    name: str = "model"  # a short file-friendly name, e.g. "circles"
