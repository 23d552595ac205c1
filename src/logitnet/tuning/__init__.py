"""After fitting: a decision threshold chosen by cross-validation, and calibrated probabilities.

Both are scikit-learn's (``TunedThresholdClassifierCV`` and ``CalibratedClassifierCV``); the
results save and load with :func:`logitnet.save` and :func:`logitnet.load`.
"""

from __future__ import annotations

# ``from ... import x as x``: x is for logitnet's other packages, not in __all__.
from logitnet.tuning._calibration import CALIBRATION_METHODS, calibrate
from logitnet.tuning._fit import check_probability_options, fit_pipeline
from logitnet.tuning._threshold import DEFAULT_THRESHOLD as DEFAULT_THRESHOLD
from logitnet.tuning._threshold import OBJECTIVES, predict_with_threshold, tune_threshold
from logitnet.tuning._threshold import check_binary_threshold as check_binary_threshold
from logitnet.tuning._threshold import labels_at_threshold as labels_at_threshold
from logitnet.tuning._threshold import make_objective as make_objective
from logitnet.tuning._threshold import threshold_in_use as threshold_in_use

__all__ = [
    "CALIBRATION_METHODS",
    "OBJECTIVES",
    "calibrate",
    "check_probability_options",
    "fit_pipeline",
    "predict_with_threshold",
    "tune_threshold",
]
