"""The classifier as a torch module for ``torch.onnx``: features in, class index and
probabilities out, with the calibration and threshold of the saved model.

Each part repeats logitnet's own arithmetic: a logistic regression in float64; a network in
float32, its logits then turned to probabilities in float64; Platt calibration as scikit-learn's
``CalibratedClassifierCV`` computes it (the mean over its folds' members).
"""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np
import torch
from torch import nn


class ExportRefusedError(ValueError):
    """A model part that has no ONNX form here, with the reason."""


class Logistic(nn.Module):
    """logitnet's LogisticRegression: logits ``x @ coef.T + intercept`` in float64."""

    coef: torch.Tensor
    intercept: torch.Tensor

    def __init__(self, model: Any) -> None:
        super().__init__()
        self.register_buffer("coef", torch.tensor(np.asarray(model.coef_, dtype=np.float64)))
        self.register_buffer("intercept", torch.tensor(np.asarray(model.intercept_, np.float64)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits, (N, 1) for two classes, (N, K) otherwise."""
        return x @ self.coef.T + self.intercept


class Network(nn.Module):
    """A NeuralNetClassifier's module in inference mode: float32 in, float64 logits out."""

    def __init__(self, model: Any) -> None:
        super().__init__()
        self.module = copy.deepcopy(model.module_).to("cpu").float().eval()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits, (N, 1) for two classes, (N, K) otherwise."""
        return self.module(x.float()).double()


def logits_module(model: Any) -> nn.Module:
    """The logits of a logitnet estimator."""
    name = type(model).__name__
    if name == "LogisticRegression" and hasattr(model, "coef_"):
        return Logistic(model)
    if name == "NeuralNetClassifier":
        return Network(model)
    raise ExportRefusedError(
        f"{name} has no ONNX export; logitnet exports LogisticRegression and "
        "NeuralNetClassifier, calibrated (sigmoid) or not"
    )


def _probabilities(logits: torch.Tensor) -> torch.Tensor:
    """Sigmoid of one logit as two columns, or softmax of several."""
    if logits.shape[1] == 1:
        p = torch.sigmoid(logits[:, 0])
        return torch.stack([1.0 - p, p], dim=1)
    return torch.softmax(logits, dim=1)


class Estimator(nn.Module):
    """A logitnet estimator: its probabilities and its own labels (threshold included)."""

    def __init__(self, model: Any) -> None:
        super().__init__()
        self.logits = logits_module(model)
        self.binary = len(model.classes_) == 2
        self.network = type(model).__name__ == "NeuralNetClassifier"
        threshold = float(getattr(model, "threshold", 0.5))
        self.threshold = threshold
        self.cut = _logit(threshold)  # a network compares logits with logit(threshold)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``(class index, probabilities)``."""
        logits = self.logits(x)
        proba = _probabilities(logits)
        if not self.binary:
            return torch.argmax(logits, dim=1), proba
        if self.network:
            return (logits[:, 0] > self.cut).long(), proba
        return (torch.sigmoid(logits[:, 0]) > self.threshold).long(), proba


def _logit(p: float) -> float:
    """log(p / (1 - p)), infinite at 0 and 1."""
    if p <= 0.0:
        return -math.inf
    if p >= 1.0:
        return math.inf
    return math.log(p / (1.0 - p))


class Calibrated(nn.Module):
    """scikit-learn's CalibratedClassifierCV with ``method="sigmoid"``: the mean of its members'
    Platt-scaled probabilities, and the most probable class."""

    a: torch.Tensor
    b: torch.Tensor

    def __init__(self, model: Any) -> None:
        super().__init__()
        if model.method != "sigmoid":
            raise ExportRefusedError(
                f"calibration method {model.method!r} is not exported: isotonic calibration is "
                "a step function of many pieces with no exact ONNX form here; train with "
                "--calibrate sigmoid to export a calibrated model"
            )
        members = model.calibrated_classifiers_
        self.members = nn.ModuleList(logits_module(m.estimator) for m in members)
        a = [[float(c.a_) for c in m.calibrators] for m in members]
        b = [[float(c.b_) for c in m.calibrators] for m in members]
        self.register_buffer("a", torch.tensor(a, dtype=torch.float64))
        self.register_buffer("b", torch.tensor(b, dtype=torch.float64))
        self.n_classes = len(model.classes_)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``(class index, probabilities)``: the mean of the members', added in order."""
        total = self._member(self.members[0](x), 0)
        for i, member in enumerate(self.members[1:], start=1):
            total = total + self._member(member(x), i)
        mean = total / len(self.members)
        return torch.argmax(mean, dim=1), mean

    def _member(self, logits: torch.Tensor, i: int) -> torch.Tensor:
        """One member's calibrated probabilities."""
        p = torch.sigmoid(-(self.a[i] * logits + self.b[i]))
        if self.n_classes == 2:
            return torch.stack([1.0 - p[:, 0], p[:, 0]], dim=1)
        total = p.sum(dim=1, keepdim=True)
        uniform = torch.full_like(p, 1.0 / self.n_classes)
        return torch.where(total != 0, p / total, uniform)


class Thresholded(nn.Module):
    """scikit-learn's FixedThresholdClassifier: the positive class where its probability is at
    least the threshold."""

    def __init__(self, model: Any) -> None:
        super().__init__()
        self.inner = head_module(model.estimator_)
        classes = list(np.asarray(model.classes_).tolist())
        pos_label = model.pos_label if model.pos_label is not None else classes[1]
        self.positive = classes.index(pos_label)
        self.negative = 1 - self.positive
        self.threshold = 0.5 if model.threshold == "auto" else float(model.threshold)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``(class index, probabilities)``."""
        _, proba = self.inner(x)
        above = proba[:, self.positive] >= self.threshold
        index = torch.where(above, self.positive, self.negative)
        return index.long(), proba


def head_module(model: Any) -> nn.Module:
    """The torch module of a saved model's last step (see the module's docstring).

    Raises
    ------
    ExportRefusedError
        For a model with no ONNX form here (an isotonic calibration, another estimator).
    """
    name = type(model).__name__
    if name == "CalibratedClassifierCV":
        return Calibrated(model)
    if name == "FixedThresholdClassifier":
        if model.response_method not in ("predict_proba", "auto"):
            raise ExportRefusedError("a FixedThresholdClassifier is exported on predict_proba only")
        return Thresholded(model)
    return Estimator(model)
