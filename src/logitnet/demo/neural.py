"""The lecture's two PyTorch networks, trained with logitnet and compared with its printed figures.

Circles: one hidden layer of 5 ReLU units, Adam with lr 0.1, batches of 50, 20 epochs.
Blobs: the same network with 4 outputs, lr 0.2, 10 epochs. A single run differs from the
lecture's (its seed is unknown), so each figure agrees when it is within the thresholds the
lecture's numbers imply, e.g. a final loss of at most 0.25 where the lecture printed 0.151.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from logitnet.datasets import make_lecture_blobs, make_lecture_circles
from logitnet.demo import DemoResult, DemoRow
from logitnet.nn import NeuralNetClassifier

__all__ = ["neural_demo"]

LECTURE = {  # the lecture's printed figures
    "circles_loss": 0.1510,
    "circles_p_origin": 9.9286e-01,  # P(class 1 | (0, 0))
    "circles_p_corner": 1.1939e-05,  # P(class 1 | (-1, -1))
    "blobs_loss": 0.0016,
    "blobs_class_corner": 1,  # the class of (-1, -1)
    "blobs_class_ones": 3,  # the class of (1, 1)
}
MAX_CIRCLES_LOSS = 0.25  # a final loss at most this agrees with the lecture's 0.151
MAX_BLOBS_LOSS = 0.05  # and at most this with its 0.0016
SEED = 0  # logitnet's seed for both networks
ORIGIN, CORNER, ONES = [0.0, 0.0], [-1.0, -1.0], [1.0, 1.0]


def neural_demo() -> list[DemoResult]:
    """Train the lecture's circles and blobs networks and compare their figures with the lecture's.

    Returns
    -------
    list of DemoResult
        ``circles`` then ``blobs``, each with its rows, the fitted
        :class:`~logitnet.NeuralNetClassifier`, its data and its history.
    """
    return [_circles(), _blobs()]


def _circles() -> DemoResult:
    """The binary network on the two circles."""
    X, y = make_lecture_circles()
    clf = NeuralNetClassifier((5,), lr=0.1, batch_size=50, epochs=20, random_state=SEED)
    clf.fit(X, y)
    p_origin, p_corner = clf.predict_proba(np.array([ORIGIN, CORNER]))[:, 1]
    rows = [
        _loss_row(clf, LECTURE["circles_loss"], MAX_CIRCLES_LOSS),
        DemoRow(
            "P(class 1 | (0, 0))",
            f"{p_origin:.4f}",
            f"{LECTURE['circles_p_origin']:.4f}",
            bool(p_origin > 0.9),
        ),
        DemoRow(
            "P(class 1 | (-1, -1))",
            f"{p_corner:.2e}",
            f"{LECTURE['circles_p_corner']:.2e}",
            bool(p_corner < 0.1),
        ),
        _accuracy_row(clf, X, y),
    ]
    title = "PyTorch network on the circles: 2 -> 5 ReLU -> 1 logit, Adam lr 0.1, 20 epochs"
    return DemoResult(title, rows, clf, X, y, clf.history_, name="circles")


def _class_row(point: str, predicted: Any, lecture: Any) -> DemoRow:
    """The class predicted for ``point`` against the lecture's."""
    return DemoRow(f"class of {point}", str(predicted), str(lecture), bool(predicted == lecture))


def _blobs() -> DemoResult:
    """The 4-class network on the four blobs."""
    X, y = make_lecture_blobs()
    clf = NeuralNetClassifier((5,), lr=0.2, batch_size=50, epochs=10, random_state=SEED)
    clf.fit(X, y)
    corner, ones = clf.predict(np.array([CORNER, ONES]))
    rows = [
        _loss_row(clf, LECTURE["blobs_loss"], MAX_BLOBS_LOSS),
        _class_row("(-1, -1)", corner, LECTURE["blobs_class_corner"]),
        _class_row("(1, 1)", ones, LECTURE["blobs_class_ones"]),
        _accuracy_row(clf, X, y),
    ]
    title = "PyTorch network on the blobs: 2 -> 5 ReLU -> 4 logits, Adam lr 0.2, 10 epochs"
    return DemoResult(title, rows, clf, X, y, clf.history_, name="blobs")


def _loss_row(clf: NeuralNetClassifier, lecture: float, limit: float) -> DemoRow:
    """The final mean batch loss against the lecture's, agreeing when at most ``limit``."""
    loss = clf.history_[-1]["train_loss"]
    return DemoRow(
        f"final training loss (at most {limit})",
        f"{loss:.4f}",
        f"{lecture:.4f}",
        bool(loss <= limit),
    )


def _accuracy_row(clf: NeuralNetClassifier, X: np.ndarray, y: np.ndarray) -> DemoRow:
    """Training accuracy; the lecture shows a clean decision boundary, so at least 0.95."""
    score = clf.score(X, y)
    return DemoRow(
        "training accuracy (at least 0.95)", f"{score:.4f}", "n/a (plot only)", bool(score >= 0.95)
    )
