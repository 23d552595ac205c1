"""write_report: one self-contained HTML file about a fitted classifier, written atomically."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.utils import column_or_1d

from logitnet import __version__
from logitnet._io import write_atomic
from logitnet._pipeline import final_estimator
from logitnet._validation import check_fitted
from logitnet.history import history_of
from logitnet.report import _sections as sections
from logitnet.report._evaluation import Split, evaluate
from logitnet.report._page import page

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from logitnet._typing import Classifier, HistoryLike


def _labels(X: Any, y: Any, name: str) -> np.ndarray:
    """Return ``y`` as 1-D labels, one per row of ``X``."""
    y = column_or_1d(y, warn=False)
    if np.ndim(X) != 2 or len(y) != np.shape(X)[0]:
        raise ValueError(
            f"{name}: X must be 2-D with one row per label ({len(y)}). Got shape {np.shape(X)}."
        )
    return y


def _check_estimator(estimator: Any) -> None:
    """Raise unless ``estimator`` is a fitted classifier with ``predict_proba``."""
    if not callable(getattr(estimator, "predict_proba", None)):
        raise TypeError(
            "`estimator` must be a fitted classifier with predict and predict_proba. "
            f"Got {type(estimator).__name__} instead."
        )
    check_fitted(estimator)


def _history(estimator: Any, history: Any) -> Any:
    """Return ``history``, else the estimator's own (:func:`logitnet.history.history_of`)."""
    if history is not None:
        return history
    found = history_of(estimator)
    return found if found is not None and len(found) > 0 else None


def _splits(estimator: Any, X_test: Any, y_test: Any, X_train: Any, y_train: Any) -> list[Split]:
    """Return the test split and, when both are given, the training split."""
    if (X_train is None) != (y_train is None):
        raise ValueError("Pass both X_train and y_train, or neither.")
    splits = [evaluate(estimator, "test", X_test, _labels(X_test, y_test, "test data"))]
    if X_train is not None:
        y_train = _labels(X_train, y_train, "training data")
        splits.append(evaluate(estimator, "train", X_train, y_train))
    return splits


def _all_sections(estimator: Any, splits: list[Split], history: Any) -> list[sections.Section]:
    """Return the report's sections in reading order, leaving out those that do not apply."""
    classes = np.asarray(estimator.classes_)
    seen = [
        *classes,
        *(c for c in np.unique(np.concatenate([s.y for s in splits])) if c not in classes),
    ]
    final = final_estimator(estimator)
    found = [
        sections.model_section(estimator),
        sections.network_section(final, getattr(final, "n_features_in_", splits[0].n_features)),
        sections.coefficients_section(estimator, splits),
        sections.data_section(splits, seen),
        sections.metrics_section(splits, classes),
        sections.confusion_section(splits[0]),
        sections.probabilities_section(estimator, splits[0], classes),
        sections.loss_section(history),
        sections.regularization_section(estimator),
        sections.boundary_section(estimator, splits[0], classes),
    ]
    return [s for s in found if s is not None]


def write_report(
    path: str | os.PathLike,
    estimator: Classifier,
    X_test: ArrayLike,
    y_test: ArrayLike,
    *,
    history: HistoryLike | None = None,
    title: str | None = None,
    X_train: ArrayLike | None = None,
    y_train: ArrayLike | None = None,
) -> Path:
    """Write one self-contained HTML report about a fitted classifier.

    The page inlines plotly.js and its own CSS, so it opens without a network and prints
    cleanly. Its sections: the model and its hyperparameters; for networks, the layer table;
    for a binary logistic regression, the coefficient table of :func:`logitnet.inference`
    (standard errors, z, p-values, intervals, deviances) from the training data;
    the data (rows, features, class counts); test metrics from :mod:`sklearn.metrics`
    (accuracy, log-loss, per-class precision, recall and F1); the confusion matrix; the
    probabilities (ROC AUC, average precision, Brier score and calibration error, with the ROC,
    precision-recall, calibration and, for two classes, threshold figures); the loss
    curves when there is a history; and the decision boundary for two features, or else a
    probability histogram per class.

    Parameters
    ----------
    path : str or os.PathLike
        Where to write the file; missing parent folders are created. The file is written to
        a temporary file beside it and renamed, so a reader never sees half a report.
    estimator : classifier
        A fitted classifier with ``classes_``, ``predict`` and ``predict_proba`` (logitnet or
        scikit-learn), or a Pipeline ending in one, whose last step then gives the
        hyperparameters, history and model summary. A ``module_`` attribute adds the summary.
    X_test : array-like of shape (n_samples, n_features)
        The data the model is evaluated on.
    y_test : array-like of shape (n_samples,)
        Its true labels.
    history : History, list or dict, default=None
        What :func:`logitnet.plot_loss` accepts. By default the estimator's ``history_``,
        else its ``loss_curve_``; without either there is no loss section.
    title : str, default=None
        The page title; by default ``"<EstimatorName> report"``.
    X_train, y_train : array-like, default=None
        Training data, to add its size, class counts, accuracy and log-loss.

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> from sklearn.datasets import make_blobs
    >>> from sklearn.linear_model import LogisticRegression
    >>> import tempfile, pathlib
    >>> X, y = make_blobs(n_samples=40, centers=2, random_state=0)
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_report(folder / "model.html", LogisticRegression().fit(X, y), X, y).name
    'model.html'
    """
    _check_estimator(estimator)
    splits = _splits(estimator, X_test, y_test, X_train, y_train)
    found = _all_sections(estimator, splits, _history(estimator, history))
    name = type(estimator).__name__
    text = page(
        title or f"{name} report",
        f"{name} evaluated on {len(splits[0].y)} test samples",
        found,
        f"Written by logitnet {__version__}.",
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)
    return path
