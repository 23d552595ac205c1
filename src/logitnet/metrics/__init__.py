"""Classification metrics, computed once for the command line and the report.

Every figure comes from :mod:`sklearn.metrics`. :func:`classification_metrics` scores a fitted
model on labelled data and returns a JSON-ready document; the pieces it is built from work on
labels and probabilities directly.
"""

from __future__ import annotations

from logitnet.metrics._classification import check_labels, classification_metrics
from logitnet.metrics._scores import (
    confusion,
    cross_entropy,
    json_label,
    label_scores,
    per_class,
)

__all__ = [
    "check_labels",
    "classification_metrics",
    "confusion",
    "cross_entropy",
    "json_label",
    "label_scores",
    "per_class",
]
