"""Metrics of a fitted classifier, computed once for the command line and the report."""

from __future__ import annotations

from logitnet.metrics._probability import (
    average_precision,
    brier_score,
    calibration_bins,
    expected_calibration_error,
    probability_metrics,
    roc_auc,
)

__all__ = [
    "average_precision",
    "brier_score",
    "calibration_bins",
    "expected_calibration_error",
    "probability_metrics",
    "roc_auc",
]
