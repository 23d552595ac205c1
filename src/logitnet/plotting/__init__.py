"""The lecture's figures for any fitted model, drawn with plotly.

plotly is imported here and in :mod:`logitnet.report` only.
"""

from __future__ import annotations

# ``from ... import x as x``: x is for logitnet's other packages, not in __all__.
from logitnet.plotting._calibration import plot_calibration
from logitnet.plotting._classification_2d import plot_classification_2d
from logitnet.plotting._confusion import plot_confusion_matrix
from logitnet.plotting._data import feature_names as feature_names
from logitnet.plotting._data import label_text as label_text
from logitnet.plotting._histogram import plot_probability_histogram
from logitnet.plotting._logistic import plot_logistic
from logitnet.plotting._loss import plot_loss
from logitnet.plotting._path import plot_cv, plot_path
from logitnet.plotting._precision_recall import plot_precision_recall
from logitnet.plotting._roc import plot_roc
from logitnet.plotting._threshold import plot_threshold

__all__ = [
    "plot_calibration",
    "plot_classification_2d",
    "plot_confusion_matrix",
    "plot_cv",
    "plot_logistic",
    "plot_loss",
    "plot_path",
    "plot_precision_recall",
    "plot_probability_histogram",
    "plot_roc",
    "plot_threshold",
]
