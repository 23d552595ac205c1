"""One training run: logitnet's real estimator, advanced one epoch at a time, and its frames.

Logistic regression takes one Newton iteration per epoch (``warm_start`` with ``max_iter=1``); the
network trains one epoch per step through ``partial_fit``.
"""

from __future__ import annotations

import base64
import time
import warnings
from typing import Any

import numpy as np

from logitnet.playground._problem import Problem
from logitnet.playground._settings import Settings

__all__ = ["Run", "make_estimator"]


def make_estimator(settings: Settings) -> Any:
    """The unfitted estimator that ``settings`` describe, seeded by ``settings.seed``."""
    if settings.model == "logistic":
        from logitnet.linear import LogisticRegression

        return LogisticRegression(alpha=settings.l2, solver="newton", max_iter=1, warm_start=True)
    from logitnet.nn import NeuralNetClassifier

    return NeuralNetClassifier(
        settings.hidden, activation=settings.activation, optimizer=settings.optimizer,
        lr=settings.lr, batch_size=settings.batch_size, weight_decay=settings.l2, epochs=1,
        random_state=settings.seed, device="cpu",
    )  # fmt: skip


def _encode(values: np.ndarray) -> str:
    """Probabilities in [0, 1] as base64 bytes 0..255 (one per map cell)."""
    quantized = np.rint(np.clip(values, 0.0, 1.0) * 255.0).astype(np.uint8)
    return base64.b64encode(quantized.tobytes()).decode("ascii")


def encode_grid(proba: np.ndarray) -> dict:
    """The map of one frame: P(second class) for two classes, else the argmax and its strength."""
    if proba.shape[1] == 2:
        return {"p": _encode(proba[:, 1])}
    best = proba.argmax(axis=1).astype(np.uint8)
    return {"k": base64.b64encode(best.tobytes()).decode("ascii"), "p": _encode(proba.max(axis=1))}


class Run:
    """A model being trained on a problem, epoch by epoch, with a record per epoch."""

    def __init__(self, problem: Problem, settings: Settings) -> None:
        self.problem, self.settings = problem, settings
        self.model = make_estimator(settings)
        self.epoch = 0
        self.records: list[dict] = []
        if settings.model == "mlp":  # the untrained network draws epoch 0's map
            self.model.initialize(problem.X_train.shape[1], problem.classes)

    @property
    def fitted(self) -> bool:
        """Whether the model can predict (the network can from the start)."""
        return hasattr(self.model, "classes_")

    def step(self) -> dict:
        """Train one epoch and return its frame."""
        p = self.problem
        started = time.perf_counter()
        with warnings.catch_warnings():  # one Newton step never "converges"; that is the point
            warnings.simplefilter("ignore")
            if self.settings.model == "logistic":
                self.model.fit(p.X_train, p.y_train)
            else:
                self.model.partial_fit(p.X_train, p.y_train)
        self.epoch += 1
        record = {"epoch": self.epoch, **self._metrics(), "dur": time.perf_counter() - started}
        self.records.append(record)
        return self.frame()

    def _metrics(self) -> dict:
        """Log-loss and accuracy on both splits, from :mod:`sklearn.metrics`."""
        from sklearn.metrics import accuracy_score, log_loss

        p, labels = self.problem, self.model.classes_
        out = {}
        for name, X, y in (("train", p.X_train, p.y_train), ("test", p.X_test, p.y_test)):
            proba = self.model.predict_proba(X)
            out[f"{name}_loss"] = float(log_loss(y, proba, labels=labels))
            out[f"{name}_acc"] = float(accuracy_score(y, labels[proba.argmax(axis=1)]))
        return out

    def grid_proba(self) -> np.ndarray:
        """Class probabilities of every map cell (uniform before a linear model's first epoch)."""
        if not self.fitted:
            k = len(self.problem.classes)
            return np.full((len(self.problem.grid_inputs), k), 1.0 / k)
        return self.model.predict_proba(self.problem.grid_inputs)

    def frame(self) -> dict:
        """The ``frame`` message: the epoch, its record (None at epoch 0) and the map."""
        record = self.records[-1] if self.records else None
        return {"type": "frame", "epoch": self.epoch, "record": record,
                "grid": encode_grid(self.grid_proba())}  # fmt: skip

    def exported(self) -> Any:
        """The model as a user gets it: a Pipeline with the preprocessor for an upload."""
        from logitnet.exceptions import NotFittedError

        if not self.fitted:
            raise NotFittedError("train at least one epoch (step or play) before exporting")
        preprocess = self.problem.raw["preprocess"]
        if preprocess is None:
            return self.model
        from sklearn.pipeline import Pipeline

        return Pipeline([("preprocess", preprocess), ("model", self.model)])
