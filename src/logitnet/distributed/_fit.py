"""Fit a workflow's Pipeline inside a process group: each rank trains on its share of rows."""

from __future__ import annotations

from typing import Any

import numpy as np

from logitnet.distributed._group import rank, world_size
from logitnet.distributed._shard import shard_rows


def fit_pipeline(pipeline: Any, X: Any, y: Any) -> Any:
    """Fit ``pipeline``'s preprocessing on every row, its estimator on this rank's share.

    Every rank holds the same training rows, so the preprocessing statistics are the same on
    every rank; the estimator then sums its work over the ranks (a logistic regression) or
    averages its gradients (a network, through DistributedDataParallel).
    """
    Xt = pipeline[:-1].fit_transform(X, y)
    y = np.asarray(y)
    rows = shard_rows(len(y), rank(), world_size())
    fit_estimator(pipeline[-1], _take(Xt, rows), y[rows], np.unique(y))
    return pipeline


def fit_estimator(estimator: Any, X: Any, y: np.ndarray, classes: np.ndarray) -> Any:
    """Fit a LogisticRegression or a NeuralNetClassifier on this rank's rows."""
    from logitnet.linear import LogisticRegression

    if isinstance(estimator, LogisticRegression):
        from logitnet.distributed._logistic import fit_logistic

        return fit_logistic(estimator, X, y, classes)
    from logitnet.distributed._network import fit_network

    return fit_network(estimator, X, y, classes)


def _take(X: Any, rows: np.ndarray) -> Any:
    """Rows ``rows`` of an array or a DataFrame."""
    return X.iloc[rows] if hasattr(X, "iloc") else X[rows]
