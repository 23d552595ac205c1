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

from logitnet.playground._network import network_view
from logitnet.playground._penalty import ProximalL1, shrink_network
from logitnet.playground._problem import Problem
from logitnet.playground._settings import Settings
from logitnet.playground._surface import LossSurface, surface_note

__all__ = ["Run", "make_estimator"]


def make_estimator(settings: Settings) -> Any:
    """The unfitted estimator that ``settings`` describe, seeded by ``settings.seed``.

    L1 is not an estimator parameter (yet): :class:`~logitnet.playground._penalty.ProximalL1`
    trains a logistic regression and :func:`shrink_network` follows a network's epochs.
    """
    if settings.model == "logistic":
        from logitnet.linear import LogisticRegression

        return LogisticRegression(alpha=settings.l2, solver="newton", max_iter=1, warm_start=True)
    from logitnet.nn import NeuralNetClassifier

    return NeuralNetClassifier(
        settings.hidden,
        activation=settings.activation,
        optimizer=settings.optimizer,
        lr=settings.lr,
        batch_size=settings.batch_size,
        weight_decay=settings.l2,
        epochs=1,
        random_state=settings.seed,
        device="cpu",
    )


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

    def __init__(self, problem: Problem, settings: Settings, surface: Any = None) -> None:
        self.problem, self.settings = problem, settings
        self.model = make_estimator(settings)
        self.epoch = 0
        self.records: list[dict] = []
        if settings.model == "mlp":  # the untrained network draws epoch 0's map
            self.model.initialize(problem.X_train.shape[1], problem.classes)
        self._inputs = np.vstack([problem.X_train, problem.X_test, problem.grid_inputs])
        self.proximal = None
        if settings.model == "logistic" and settings.l1 > 0:
            self.proximal = ProximalL1(
                problem.X_train, problem.codes_train, problem.classes, settings.l1
            )
        self.note = surface_note(
            settings.model, len(problem.classes), problem.X_train.shape[1], settings.l1
        )
        self.surface = surface if self.note is None else None
        if self.note is None and surface is None:
            self.surface = LossSurface(
                problem.X_train, problem.codes_train, settings.l2, settings.surface_step
            )
        self._intercept: float | None = None  # the intercept of the last contours sent

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
            self._train_epoch()
        self.epoch += 1
        proba = self._predict_all()
        record = {"epoch": self.epoch, **self._metrics(proba)}
        self.records.append({**record, "dur": time.perf_counter() - started})
        return self._frame(proba[len(p.y_train) + len(p.y_test) :])

    def _train_epoch(self) -> None:
        """One epoch of the model: a Newton step, L1's proximal steps, or a network epoch."""
        p, s = self.problem, self.settings
        if self.proximal is not None:
            self.proximal.epoch(self.model)
        elif s.model == "logistic":
            self.model.fit(p.X_train, p.y_train)
        else:
            self.model.partial_fit(p.X_train, p.y_train)
            if s.l1 > 0:
                shrink_network(self.model, s.lr, s.l1, len(p.y_train))

    def surface_setup(self) -> dict:
        """The surface's paths and optimum, or the note saying why there is none."""
        if self.surface is None:
            return {"note": self.note}
        return self.surface.describe()

    def _surface_part(self) -> dict | None:
        """The contours at the model's current intercept, when it moved since the last frame."""
        if self.surface is None:
            return None
        b = float(np.ravel(self.model.intercept_)[0]) if self.fitted else 0.0
        if b == self._intercept:
            return None
        self._intercept = b
        return {"b": b, "z": self.surface.contours(b)}

    def _predict_all(self) -> np.ndarray:
        """Probabilities of the training rows, the test rows and the map cells, in one call."""
        if not self.fitted:
            k = len(self.problem.classes)
            return np.full((len(self._inputs), k), 1.0 / k)
        proba = self.model.predict_proba(self._inputs)
        if not np.isfinite(proba).all():
            raise ValueError(
                f"training diverged at epoch {self.epoch}: the model's probabilities are not "
                "finite; lower the learning rate (lr) and reset"
            )
        return proba

    def _metrics(self, proba: np.ndarray) -> dict:
        """Log-loss and accuracy on both splits.

        Computed directly from the probabilities, as ``sklearn.metrics.log_loss`` and
        ``accuracy_score`` do (the tests check that they agree): their input checks cost more
        than the epoch itself, twenty times a second.
        """
        p, n_train = self.problem, len(self.problem.y_train)
        splits = (
            ("train", proba[:n_train], p.codes_train),
            ("test", proba[n_train : n_train + len(p.y_test)], p.codes_test),
        )
        out = {}
        for name, rows, codes in splits:
            eps = np.finfo(rows.dtype).eps
            picked = np.clip(rows[np.arange(len(codes)), codes], eps, 1 - eps)
            out[f"{name}_loss"] = float(-np.mean(np.log(picked)))
            out[f"{name}_acc"] = float(np.mean(rows.argmax(axis=1) == codes))
        return out

    def _frame(self, grid_proba: np.ndarray) -> dict:
        """The ``frame`` message: the epoch, its record (None at epoch 0) and the map."""
        record = self.records[-1] if self.records else None
        frame = {
            "type": "frame",
            "epoch": self.epoch,
            "record": record,
            "grid": encode_grid(grid_proba),
        }
        if self.settings.network_view and self.problem.neuron_inputs is not None:
            frame["network"] = network_view(
                self.model, self.problem.neuron_inputs, len(self.problem.classes), self.fitted
            )
        surface = self._surface_part()
        if surface is not None:
            frame["surface"] = surface
        return frame

    def frame(self) -> dict:
        """The current frame (the map recomputed), with the loss surface's set-up."""
        proba = self._predict_all()
        self._intercept = None
        frame = self._frame(proba[len(self.problem.y_train) + len(self.problem.y_test) :])
        return {**frame, "surface_setup": self.surface_setup()}

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
