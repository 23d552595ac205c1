"""The lecture's figures for any fitted model, drawn with plotly.

plotly is imported here and in :mod:`logitnet.report` only.
"""

from __future__ import annotations

from logitnet.plotting._classification_2d import plot_classification_2d
from logitnet.plotting._confusion import plot_confusion_matrix
from logitnet.plotting._histogram import plot_probability_histogram
from logitnet.plotting._logistic import plot_logistic
from logitnet.plotting._loss import plot_loss

__all__ = [
    "plot_classification_2d",
    "plot_confusion_matrix",
    "plot_logistic",
    "plot_loss",
    "plot_probability_histogram",
]
