"""Fit a workflow's Pipeline inside a process group: each rank trains on its share of rows."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from logitnet._group import all_reduce, rank, world_size
from logitnet.distributed._resume import Checkpointing
from logitnet.distributed._shard import shard_rows

if TYPE_CHECKING:
    from numpy.typing import ArrayLike
    from sklearn.pipeline import Pipeline

    from logitnet.linear import LogisticRegression
    from logitnet.nn import NeuralNetClassifier
    from logitnet.streaming import Scan

    Estimator = LogisticRegression | NeuralNetClassifier


def fit_pipeline(
    pipeline: Pipeline, X: ArrayLike, y: ArrayLike, checkpoint: Checkpointing | None = None
) -> Pipeline:
    """Fit ``pipeline``'s preprocessing on every row, its estimator on this rank's share.

    Every rank holds the same training rows, so the preprocessing statistics are the same on
    every rank; the estimator then sums its work over the ranks (a logistic regression) or
    averages its gradients (a network, through DistributedDataParallel). Both resume from,
    and write, the ``checkpoint`` when given.
    """
    Xt = pipeline[:-1].fit_transform(X, y)
    y = np.asarray(y)
    rows = shard_rows(len(y), rank(), world_size())
    fit_estimator(pipeline[-1], _take(Xt, rows), y[rows], np.unique(y), checkpoint)
    return pipeline


def fit(
    estimator: Estimator, X: ArrayLike, y: ArrayLike, *, classes: ArrayLike | None = None
) -> Estimator:
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
    found = np.unique(np.asarray(y)) if classes is None else np.unique(np.asarray(classes))
    counts = [all_reduce(np.array([len(found)]), op)[0] for op in ("min", "max")]
    if counts[0] != counts[1]:
        raise ValueError(
            f"The ranks' rows hold different numbers of classes ({int(counts[0])} to "
            f"{int(counts[1])}); pass classes= with every class."
        )
    return fit_estimator(estimator, X, np.asarray(y), found)


def fit_estimator(
    estimator: Estimator,
    X: ArrayLike,
    y: np.ndarray,
    classes: np.ndarray,
    checkpoint: Checkpointing | None = None,
) -> Estimator:
    """Fit a LogisticRegression or a NeuralNetClassifier on this rank's rows.

    With ``checkpoint``, a network resumes from (and writes) a checkpoint at each epoch, a
    logistic regression at each solver iteration.
    """
    from logitnet.linear import LogisticRegression, fit_sharded

    if isinstance(estimator, LogisticRegression):
        return fit_sharded(estimator, X, y, classes, _solver_resume(checkpoint))
    from logitnet.nn import fit_ddp

    return fit_ddp(estimator, X, y, classes, _network_resume(checkpoint))


def fit_scan(
    estimator: Estimator, scan: Scan, checkpoint: Checkpointing | None = None
) -> Estimator:
    """``estimator.fit(scan)``; in a process group, it also keeps the ``checkpoint``.

    Inside a group each rank reads its own share of the scan (:func:`share_of`): a logistic
    regression all-reduces each pass's sums, a network trains through DDP. In a group, a
    logistic regression's checkpoint is written after each solver iteration, a network's at
    each epoch's end.
    """
    from logitnet.linear import LogisticRegression, fit_scan_resumed

    if isinstance(estimator, LogisticRegression):
        if checkpoint is None or world_size() == 1:  # a checkpoint serves a group's restarts
            return estimator.fit(scan)
        return fit_scan_resumed(estimator, scan, _solver_resume(checkpoint))
    from logitnet.nn import fit_scan_resumed as fit_network_scan

    return fit_network_scan(estimator, scan, _network_resume(checkpoint))


def _solver_resume(checkpoint: Checkpointing | None) -> Any:
    """The solver's ``resume`` hook for ``checkpoint`` (None without one)."""
    if checkpoint is None:
        return None
    from logitnet.distributed._solver_checkpoint import resume_solver

    return partial(resume_solver, checkpoint)


def _network_resume(checkpoint: Checkpointing | None) -> Any:
    """The network's ``resume`` hook for ``checkpoint`` (None without one)."""
    if checkpoint is None:
        return None
    from logitnet.distributed._checkpoint import checkpoint_callbacks

    return partial(checkpoint_callbacks, checkpoint=checkpoint)


def _take(X: Any, rows: np.ndarray) -> Any:
    """Rows ``rows`` of an array or a DataFrame."""
    return X.iloc[rows] if hasattr(X, "iloc") else X[rows]
