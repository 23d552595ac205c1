"""Fit a preprocessing Pipeline whose model is calibrated, given a tuned threshold, or both."""

from __future__ import annotations

from typing import Any

from logitnet._validation import check_option
from logitnet.tuning._calibration import CALIBRATION_METHODS, check_rows_per_class
from logitnet.tuning._threshold import binary_classes, make_objective, tune_threshold

FOLDS = 5  # cross-validation folds of the calibration and of the threshold tuning


def check_probability_options(y: Any, *, calibrate: str | None, objective: str | None) -> None:
    """Fail before any fitting when the options cannot apply to ``y``."""
    if calibrate is not None:
        check_option("calibrate", calibrate, CALIBRATION_METHODS)
        check_rows_per_class(y, FOLDS, "calibration", " training rows")
    if objective is not None:
        classes = binary_classes(y, "threshold tuning")
        make_objective(objective, classes[1])
        check_rows_per_class(y, FOLDS, "threshold tuning", " training rows")


def _final_model(estimator: Any, Xt: Any, y: Any, calibrate: str | None, objective: str | None):
    """The last step, fitted: calibrated, with a tuned threshold, both, or plainly."""
    from sklearn.calibration import CalibratedClassifierCV

    if calibrate is not None:
        estimator = CalibratedClassifierCV(estimator, method=calibrate, cv=FOLDS)
    if objective is not None:
        return tune_threshold(estimator, Xt, y, objective, cv=FOLDS)
    return estimator.fit(Xt, y)


def fit_pipeline(
    pipeline: Any, X: Any, y: Any, *, calibrate: str | None = None, objective: str | None = None
) -> Any:
    """Fit ``pipeline``, calibrating its model or tuning its threshold by cross-validation.

    The preprocessing steps are fitted once on all of ``X``; the model (the last step) is then
    wrapped in :class:`sklearn.calibration.CalibratedClassifierCV` when ``calibrate`` is given,
    and its threshold chosen by :func:`tune_threshold` when ``objective`` is given.

    Parameters
    ----------
    pipeline : sklearn.pipeline.Pipeline
        Preprocessing steps, then a classifier.
    X : DataFrame of shape (n_samples, n_columns)
    y : array-like of shape (n_samples,)
    calibrate : {"sigmoid", "isotonic"}, default=None
        Calibrate the model's probabilities with this method.
    objective : str, default=None
        Tune the threshold for this objective (see :func:`tune_threshold`); two classes only.

    Returns
    -------
    sklearn.pipeline.Pipeline
        The same steps, fitted; the last one a calibrated model, a logitnet estimator with its
        ``threshold`` set, or a ``FixedThresholdClassifier`` around a calibrated model.

    Raises
    ------
    DataError
        When a class has fewer rows than the folds need.
    ValueError
        For a multiclass ``y`` with ``objective``, or an unknown method or objective.
    """
    from sklearn.pipeline import Pipeline

    check_probability_options(y, calibrate=calibrate, objective=objective)
    if calibrate is None and objective is None:
        return pipeline.fit(X, y)
    (name, estimator), preprocess = pipeline.steps[-1], pipeline[:-1]
    Xt = preprocess.fit_transform(X, y)
    model = _final_model(estimator, Xt, y, calibrate, objective)
    return Pipeline([*preprocess.steps, (name, model)], memory=pipeline.memory)
