"""``calibrate``: probabilities that mean what they say, by CalibratedClassifierCV."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from logitnet._validation import check_int, check_option
from logitnet.exceptions import DataError

if TYPE_CHECKING:
    from numpy.typing import ArrayLike
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.pipeline import Pipeline

    from logitnet._typing import Estimator

# Platt's sigmoid (2 parameters per class) or isotonic regression (a monotone step function).
CALIBRATION_METHODS = ("sigmoid", "isotonic")


def check_rows_per_class(y: Any, cv: int, what: str = "calibration", rows: str = "") -> None:
    """Every class needs a row in each of ``cv`` stratified folds; DataError naming the class."""
    labels, counts = np.unique(np.asarray(y), return_counts=True)
    smallest = int(np.argmin(counts))
    if counts[smallest] < cv:
        label = labels[smallest]
        label = label.item() if isinstance(label, np.generic) else label
        raise DataError(
            f"{what} with {cv} folds needs at least {cv} rows of each class; class "
            f"{label!r} has {counts[smallest]}{rows}"
        )


def calibrate(
    estimator: Estimator | Pipeline,
    X: ArrayLike,
    y: ArrayLike,
    *,
    method: str = "sigmoid",
    cv: int = 5,
) -> CalibratedClassifierCV:
    """Fit ``estimator`` inside a :class:`sklearn.calibration.CalibratedClassifierCV`.

    Each of ``cv`` stratified folds fits a clone of ``estimator`` on the other folds and a
    calibrator on its own; ``predict_proba`` averages the calibrated members.

    Parameters
    ----------
    estimator : classifier
        A logitnet estimator, or a Pipeline ending in one; it is cloned, not changed.
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    method : {"sigmoid", "isotonic"}, default="sigmoid"
        Platt scaling, or isotonic regression (which needs more rows).
    cv : int, default=5
        Number of folds; every class needs at least ``cv`` rows.

    Returns
    -------
    sklearn.calibration.CalibratedClassifierCV
        Fitted; it saves and loads with :func:`logitnet.save` and :func:`logitnet.load`.

    Raises
    ------
    DataError
        When a class has fewer rows than ``cv``, with its count.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from logitnet import LogisticRegression
    >>> X, y = make_classification(200, random_state=0)
    >>> calibrate(LogisticRegression(), X, y, method="isotonic").predict_proba(X).shape
    (200, 2)
    """
    from sklearn.calibration import CalibratedClassifierCV

    check_option("method", method, CALIBRATION_METHODS)
    check_int("cv", cv, min_value=2)
    check_rows_per_class(y, cv)
    return CalibratedClassifierCV(estimator, method=method, cv=cv).fit(X, y)
