"""logitnet: classification from logistic regression written from scratch to PyTorch networks.

Public names are loaded on first use (PEP 562), so ``import logitnet`` and the command line start
fast and torch or plotly are only imported by the code that needs them.
"""

from __future__ import annotations

import importlib
from typing import Any

from logitnet._version import __version__ as __version__
from logitnet.exceptions import DataError as DataError
from logitnet.exceptions import ModelFileError as ModelFileError

# Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    # linear: logistic regression from scratch
    **dict.fromkeys(
        [
            "DevianceTable",
            "InferenceResult",
            "LogisticRegression",
            "LogisticRegressionCV",
            "RegularizationPath",
            "MultinomialInferenceResult",
            "accuracy",
            "add_intercept",
            "inference",
            "log_loss",
            "log_loss_and_grad",
            "log_loss_grad",
            "lr_test",
            "multinomial_loss",
            "multinomial_loss_and_grad",
            "multinomial_loss_grad",
            "predict_logistic",
            "regularization_path",
            "sigmoid",
            "softmax",
        ],
        "logitnet.linear",
    ),
    # datasets
    **dict.fromkeys(
        ["balance_classes", "load_pokemon", "make_lecture_blobs", "make_lecture_circles"],
        "logitnet.datasets",
    ),
    # nn: PyTorch classifiers
    **dict.fromkeys(
        [
            "MLP",
            "Callback",
            "Checkpoint",
            "EarlyStopping",
            "GradientClipping",
            "LRScheduler",
            "NeuralNetClassifier",
            "ProgressBar",
            "summary",
            "train",
        ],
        "logitnet.nn",
    ),
    # plotting and report
    **dict.fromkeys(
        [
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
        ],
        "logitnet.plotting",
    ),
    "write_report": "logitnet.report",
    # after fitting: thresholds and calibration
    "calibrate": "logitnet.tuning",
    "tune_threshold": "logitnet.tuning",
    # streaming: tables larger than memory
    "scan": "logitnet.streaming",
    # exceptions that subclass scikit-learn's, made on first use (see logitnet.exceptions)
    "ConvergenceWarning": "logitnet.exceptions",
    "NotFittedError": "logitnet.exceptions",
    "History": "logitnet.history",
    # the training workflow
    **dict.fromkeys(["TrainConfig", "TrainResult", "run_training"], "logitnet.workflow"),
    # persistence and preprocessing
    "load": "logitnet.persistence",
    "save": "logitnet.persistence",
    # deployment: one ONNX file
    "export_onnx": "logitnet.export",
}
_SUBMODULES = {
    "datasets",
    "export",
    "linear",
    "metrics",
    "nn",
    "persistence",
    "plotting",
    "preprocessing",
    "report",
    "tuning",
    "streaming",
}

# The names defined here, the exports, and the one subpackage listed with them.
__all__ = sorted(["DataError", "ModelFileError", "__version__", "preprocessing", *_EXPORTS])


def __getattr__(name: str) -> Any:
    """Import a public name (or subpackage) the first time it is used."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"logitnet.{name}")
    else:
        raise AttributeError(f"module 'logitnet' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """List the public names, loaded or not."""
    return sorted(set(globals()) | set(__all__) | _SUBMODULES)
