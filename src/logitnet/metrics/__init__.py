"""Classification metrics, computed once for the command line and the report.

Every figure comes from :mod:`sklearn.metrics`. :func:`classification_metrics` scores a fitted
model on labelled data and returns a JSON-ready document; the pieces it is built from work on
labels and probabilities directly.
"""

from __future__ import annotations

# ``from ... import x as x``: x is for logitnet's other packages, not in __all__.
from logitnet.metrics._classification import check_labels, classification_metrics
from logitnet.metrics._classification import json_numbers as json_numbers
from logitnet.metrics._probability import (
    average_precision,
    brier_score,
    calibration_bins,
    expected_calibration_error,
    probability_metrics,
    roc_auc,
)
from logitnet.metrics._probability import check_proba as check_proba
from logitnet.metrics._scores import (
    confusion,
    cross_entropy,
    json_label,
    label_scores,
    per_class,
)

__all__ = [
    "average_precision",
    "brier_score",
    "calibration_bins",
    "check_labels",
    "classification_metrics",
    "confusion",
    "cross_entropy",
    "expected_calibration_error",
    "json_label",
    "label_scores",
    "per_class",
    "probability_metrics",
    "roc_auc",
]
