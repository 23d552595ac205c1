"""Classification metrics by streaming: a confusion matrix and a log-loss summed over batches.

The document has the same keys as :func:`logitnet.metrics.classification_metrics`; the label
metrics come from the summed confusion matrix (macro averages over the classes that occur in the
labels or the predictions, with 0 for an empty division, as scikit-learn's ``zero_division=0``).
The probability metrics (ROC AUC, average precision, Brier score, calibration error) rank or bin
every row, so the true classes and the probabilities are kept: 8 bytes per row and class (one
column for two classes), 1 byte for the class and 8 for the row's position. Computing them
takes about 100 bytes a row, so past ``PROBABILITY_ROWS`` test rows they come from a seeded
sample of about that many rows, which keeps the memory of a streamed run bounded whatever the
table's length; the label metrics and the log-loss always count every row. The sample keeps a
row when a seeded hash of its global position says so.

In a process group each rank scores its own share of the rows: the confusion matrix, the
log-loss and the row count are summed over the ranks (one all-reduce), and the kept rows are
gathered and put back in position order, the order one process reads them in, so that ROC
AUC, average precision, the Brier score and the calibration error are computed on the same
rows in the same order as by one process: the same figures, to rounding of the log-loss sum.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from logitnet.exceptions import DataError
from logitnet.streaming import Scan, encode, uniform_of
from logitnet.workflow._stream_statistics import SAMPLE_SEED

PROBABILITY_ROWS = 1_000_000  # test rows beyond which the probability metrics use a sample


def for_pipeline(model: Any, scan: Scan) -> tuple[Any, Scan]:
    """The final estimator, and the scan read through the pipeline's earlier steps."""
    steps = getattr(model, "steps", None)
    if not steps or len(steps) == 1:
        return (steps[-1][1] if steps else model), scan
    from sklearn.pipeline import Pipeline

    front = Pipeline(steps[:-1])
    names = getattr(model, "feature_names_in_", None)
    if names is not None:
        scan = scan.select([str(n) for n in names])
    return steps[-1][1], scan.with_transform(front.transform)


def streamed_metrics(model: Any, scan: Scan) -> dict:
    """Accuracy, balanced accuracy, macro precision/recall/F1, log-loss and confusion matrix."""
    from logitnet.streaming import my_share
    from logitnet.workflow._stream_sharded_statistics import summed_scores

    estimator, scan = for_pipeline(model, scan)
    classes = estimator.classes_
    rate = min(1.0, PROBABILITY_ROWS / max(scan.n_rows, 1))
    counts, loss, n, kept = summed_scores(*_sums(estimator, my_share(scan), classes, rate))
    if n == 0:
        raise DataError(f"{scan.path}: no rows to evaluate")
    scores = {"n_samples": n, **_from_confusion(counts)}
    if loss is not None:
        scores["log_loss"] = loss / n
    scores = {k: int(v) if k == "n_samples" else float(v) for k, v in scores.items()}
    if kept is not None:
        scores.update(_probability_scores(classes, *kept[1:]))
    labels = [c.item() if isinstance(c, np.generic) else c for c in classes]
    return {
        "metrics": scores,
        "confusion_matrix": {"labels": labels, "counts": counts.tolist()},
    }


def _probability_scores(classes: np.ndarray, truth: np.ndarray, P: np.ndarray) -> dict:
    """The probability metrics of :mod:`logitnet.metrics`, on the kept classes and probabilities."""
    from logitnet.metrics import json_numbers, probability_metrics

    if P.ndim == 1:  # two classes: only the second one's probability was kept
        P = np.column_stack([1.0 - P, P])
    return json_numbers(probability_metrics(classes[truth], P, classes))


def _sums(
    estimator: Any, scan: Scan, classes: np.ndarray, rate: float = 1.0
) -> tuple[np.ndarray, Any, int, Any]:
    """The confusion matrix, the summed log-loss (None without probabilities), the rows, and the
    positions, true classes and probabilities of a seeded ``rate`` share of the rows (None
    without probabilities)."""
    from sklearn.metrics import log_loss

    K = len(classes)
    counts = np.zeros((K, K), dtype=np.int64)
    proba = getattr(estimator, "predict_proba", None)
    loss, n = (0.0 if proba is not None else None), 0
    kept: Any = None if proba is None else ([], [], [])
    for batch in scan.batches():
        truth = encode(classes, batch.y, batch.where)
        P = estimator.predict_proba(batch.X) if proba is not None else None
        predicted = encode(classes, estimator.predict(batch.X), batch.where)
        np.add.at(counts, (truth, predicted), 1)
        if P is not None and kept is not None:
            assert batch.positions is not None  # a scan's batches carry their row positions
            loss += log_loss(truth, P, labels=np.arange(K), normalize=False)
            rows = slice(None) if rate >= 1 else uniform_of(SAMPLE_SEED, batch.positions) < rate
            kept[0].append(batch.positions[rows])
            kept[1].append(truth[rows].astype(np.min_scalar_type(K - 1)))  # 1 byte a row
            kept[2].append(P[rows, 1] if K == 2 else P[rows])
        n += len(truth)
    if kept is not None:
        empty = (
            np.empty(0, np.int64),
            np.empty(0, np.min_scalar_type(K - 1)),
            np.empty((0,) if K == 2 else (0, K)),
        )
        kept = tuple(np.concatenate(k) if k else e for k, e in zip(kept, empty, strict=True))
    return counts, loss, n, kept


def _from_confusion(counts: np.ndarray) -> dict[str, float]:
    """The label-based metrics of a confusion matrix (rows: true, columns: predicted)."""
    right = np.diag(counts).astype(np.float64)
    true, predicted = counts.sum(axis=1), counts.sum(axis=0)
    recall = np.divide(right, true, out=np.zeros_like(right), where=true > 0)
    precision = np.divide(right, predicted, out=np.zeros_like(right), where=predicted > 0)
    both = precision + recall
    f1 = np.divide(2 * precision * recall, both, out=np.zeros_like(right), where=both > 0)
    used = (true + predicted) > 0
    return {
        "accuracy": right.sum() / counts.sum(),
        "balanced_accuracy": recall[true > 0].mean(),
        "precision_macro": precision[used].mean(),
        "recall_macro": recall[used].mean(),
        "f1_macro": f1[used].mean(),
    }
