"""After fitting: a decision threshold chosen by cross-validation, and calibrated probabilities.

Both are scikit-learn's (``TunedThresholdClassifierCV`` and ``CalibratedClassifierCV``); the
results save and load with :func:`logitnet.save` and :func:`logitnet.load`.
"""

from __future__ import annotations

from logitnet.tuning._calibration import CALIBRATION_METHODS, calibrate
from logitnet.tuning._fit import check_probability_options, fit_pipeline
from logitnet.tuning._threshold import OBJECTIVES, predict_with_threshold, tune_threshold

__all__ = [
    "CALIBRATION_METHODS",
    "OBJECTIVES",
    "calibrate",
    "check_probability_options",
    "fit_pipeline",
    "predict_with_threshold",
    "tune_threshold",
]
