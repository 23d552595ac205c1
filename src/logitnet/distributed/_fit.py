"""Fit a workflow's Pipeline inside a process group: each rank trains on its share of rows."""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from logitnet._group import rank, world_size
from logitnet.distributed._shard import shard_rows


def fit_pipeline(pipeline: Any, X: Any, y: Any, checkpoint: tuple | None = None) -> Any:
    """Fit ``pipeline``'s preprocessing on every row, its estimator on this rank's share.

    Every rank holds the same training rows, so the preprocessing statistics are the same on
    every rank; the estimator then sums its work over the ranks (a logistic regression) or
    averages its gradients (a network, through DistributedDataParallel). Both resume from,
    and write, the ``checkpoint`` (a ``Checkpointing``, or ``(folder, settings)``) when given.
    """
    Xt = pipeline[:-1].fit_transform(X, y)
    y = np.asarray(y)
    rows = shard_rows(len(y), rank(), world_size())
    fit_estimator(pipeline[-1], _take(Xt, rows), y[rows], np.unique(y), checkpoint)
    return pipeline


def fit(estimator: Any, X: Any, y: Any, *, classes: Any = None) -> Any:
    """Fit ``estimator`` on this rank's rows ``X``, ``y``, together with every other rank.

    Call it on every rank of a process group, each with its own rows (see
    :func:`shard_rows`). A LogisticRegression sums its loss, gradient and curvature over the
    ranks, so it reaches the model one process would fit on every row; a NeuralNetClassifier
    trains through DistributedDataParallel. Outside a group it is an ordinary fit.

    Parameters
    ----------
    estimator : LogisticRegression or NeuralNetClassifier
    X : array-like of shape (n_rows, n_features)
        This rank's rows (already preprocessed: scale them with statistics of every row).
    y : array-like of shape (n_rows,)
    classes : array-like, optional
        Every class of every rank; needed when a rank's rows lack a class.

    Returns
    -------
    estimator
        Fitted, the same on every rank.

    Raises
    ------
    ValueError
        When ``classes`` is not given and the ranks found different numbers of classes.
    """
    from logitnet._group import all_reduce

    found = np.unique(np.asarray(y)) if classes is None else np.unique(np.asarray(classes))
    counts = [all_reduce(np.array([len(found)]), op)[0] for op in ("min", "max")]
    if counts[0] != counts[1]:
        raise ValueError(
            f"The ranks' rows hold different numbers of classes ({int(counts[0])} to "
            f"{int(counts[1])}); pass classes= with every class."
        )
    return fit_estimator(estimator, X, np.asarray(y), found)


def fit_estimator(
    estimator: Any, X: Any, y: np.ndarray, classes: np.ndarray, checkpoint: tuple | None = None
) -> Any:
    """Fit a LogisticRegression or a NeuralNetClassifier on this rank's rows.

    With ``checkpoint``, a network resumes from (and writes) a checkpoint at each epoch, a
    logistic regression at each solver iteration.
    """
    from logitnet.linear import LogisticRegression

    if isinstance(estimator, LogisticRegression):
        from logitnet.linear._sharded import fit_logistic

        return fit_logistic(estimator, X, y, classes, checkpoint)
    from logitnet.nn._ddp import fit_network

    return fit_network(estimator, X, y, classes, checkpoint)


def fit_scan(estimator: Any, scan: Any, checkpoint: tuple | None = None) -> Any:
    """``estimator.fit(scan)``; in a process group, it also keeps the ``checkpoint``.

    Inside a group each rank reads its own share of the scan (:func:`share_of`): a logistic
    regression all-reduces each pass's sums, a network trains through DDP. In a group, a
    logistic regression's checkpoint is written after each solver iteration, a network's at
    each epoch's end.
    """
    from logitnet.linear import LogisticRegression

    if isinstance(estimator, LogisticRegression):
        if checkpoint is None or world_size() == 1:  # a checkpoint serves a group's restarts
            return estimator.fit(scan)
        from logitnet.distributed._solver_checkpoint import resume_solver

        estimator._check_params()
        return estimator._fit_scan(scan, None, None, partial(resume_solver, checkpoint))
    from logitnet.nn._streamed import fit_scan as fit_network

    return fit_network(estimator, scan, None, None, checkpoint)


def _take(X: Any, rows: np.ndarray) -> Any:
    """Rows ``rows`` of an array or a DataFrame."""
    return X.iloc[rows] if hasattr(X, "iloc") else X[rows]
