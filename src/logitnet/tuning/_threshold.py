"""``tune_threshold``: the decision threshold that maximises an objective under cross-validation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.metrics import (
    balanced_accuracy_score,
    f1_score,
    make_scorer,
    precision_score,
    recall_score,
)

from logitnet._pipeline import final_estimator
from logitnet._validation import check_in_range, check_int, suggest

if TYPE_CHECKING:
    from numpy.typing import ArrayLike
    from sklearn.model_selection import TunedThresholdClassifierCV
    from sklearn.pipeline import Pipeline

    from logitnet._typing import Estimator

DEFAULT_THRESHOLD = 0.5  # what predict uses when a model has no threshold of its own
# The objectives by name; "precision:<t>" and "recall:<t>" take a target after the colon.
OBJECTIVES = ("f1", "balanced_accuracy", "precision:<target>", "recall:<target>")
# A target on one of these; the other one is maximised.
_TARGETS: dict[str, tuple[Callable, Callable]] = {
    "precision": (precision_score, recall_score),
    "recall": (recall_score, precision_score),
}


def _at_target(y_true: Any, y_pred: Any, *, metric: str, target: float, pos_label: Any) -> float:
    """The other metric where ``metric`` reaches ``target``; below every such value otherwise.

    A threshold that misses the target scores ``metric - 1`` (negative), so that among
    thresholds that all miss it, the nearest one wins.
    """
    bound, maximised = _TARGETS[metric]
    reached = bound(y_true, y_pred, pos_label=pos_label, zero_division=0)
    if reached < target:
        return float(reached) - 1.0
    return float(maximised(y_true, y_pred, pos_label=pos_label, zero_division=0))


def _parse_target(objective: str) -> tuple[str, float]:
    """``("precision", 0.9)`` from ``"precision:0.9"``; a clear error for a bad target."""
    metric, _, text = objective.partition(":")
    try:
        target = float(text)
    except ValueError:
        target = float("nan")
    if not 0.0 <= target <= 1.0:
        raise ValueError(
            f"`objective` {objective!r} needs a target in [0, 1] after the colon, as in "
            f"'{metric}:0.9'. Got {text!r} instead."
        )
    return metric, target


def make_objective(objective: Any, pos_label: Any) -> Any:
    """The scikit-learn scorer of an objective name, scoring ``pos_label`` as positive."""
    if not isinstance(objective, str):
        raise TypeError(f"`objective` must be a string. Got {objective!r} instead.")
    if objective == "balanced_accuracy":
        return make_scorer(balanced_accuracy_score)
    if objective == "f1":
        return make_scorer(f1_score, pos_label=pos_label, zero_division=0)
    if objective.partition(":")[0] in _TARGETS and ":" in objective:
        metric, target = _parse_target(objective)
        return make_scorer(_at_target, metric=metric, target=target, pos_label=pos_label)
    valid = ", ".join(repr(o) for o in OBJECTIVES)
    hint = suggest(objective, ["f1", "balanced_accuracy", "precision:0.9", "recall:0.9"])
    raise ValueError(f"`objective` must be one of {valid}. Got {objective!r} instead.{hint}")


def binary_classes(y: Any, what: str) -> np.ndarray:
    """The two sorted labels of ``y``; a clear error for any other number of classes."""
    classes = np.unique(np.asarray(y))
    if len(classes) != 2:
        shown = ", ".join(repr(c.item() if isinstance(c, np.generic) else c) for c in classes[:10])
        raise ValueError(
            f"{what} needs a binary target (two classes). Got {len(classes)} classes: {shown}."
        )
    return classes


def _with_threshold(model: Any, threshold: float, pos_label: Any) -> Any:
    """``model`` predicting with ``threshold``: its own parameter, or a FixedThresholdClassifier."""
    last = final_estimator(model)
    if "threshold" in last.get_params(deep=False):
        last.set_params(threshold=threshold)
        return model
    from sklearn.model_selection import FixedThresholdClassifier

    fixed = FixedThresholdClassifier(
        model, threshold=threshold, pos_label=pos_label, response_method="predict_proba"
    )
    fixed.estimator_ = model  # already fitted: FixedThresholdClassifier.fit would refit a clone
    return fixed


def tune_threshold(
    estimator: Estimator | Pipeline,
    X: ArrayLike,
    y: ArrayLike,
    objective: str = "balanced_accuracy",
    *,
    cv: int = 5,
) -> TunedThresholdClassifierCV:
    """Fit ``estimator`` with the decision threshold that maximises ``objective``.

    The threshold on the positive (second) class's probability is chosen by
    :class:`sklearn.model_selection.TunedThresholdClassifierCV` over stratified folds;
    the model is then refitted on all of ``X`` and ``y`` and predicts with it.

    Parameters
    ----------
    estimator : classifier
        A binary classifier with ``predict_proba`` (a logitnet estimator, or a Pipeline
        ending in one); it is cloned, not changed.
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Two classes.
    objective : str, default="balanced_accuracy"
        ``"f1"`` or ``"balanced_accuracy"`` of the positive class; ``"precision:0.9"`` for
        the most recall at a precision of at least 0.9; ``"recall:0.8"`` for the most
        precision at a recall of at least 0.8.
    cv : int, default=5
        Number of stratified folds.

    Returns
    -------
    estimator
        The refitted clone with its ``threshold`` set; a model without a ``threshold``
        parameter comes back wrapped in a :class:`sklearn.model_selection.FixedThresholdClassifier`.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from logitnet import LogisticRegression
    >>> X, y = make_classification(500, weights=[0.9], random_state=0)
    >>> model = tune_threshold(LogisticRegression(), X, y, objective="balanced_accuracy")
    >>> 0.0 < model.threshold < 0.5
    True
    """
    from sklearn.model_selection import TunedThresholdClassifierCV

    classes = binary_classes(y, "tune_threshold")
    scorer = make_objective(objective, classes[1])
    check_int("cv", cv, min_value=2)
    tuner = TunedThresholdClassifierCV(estimator, scoring=scorer, cv=cv).fit(X, y)
    return _with_threshold(tuner.estimator_, float(tuner.best_threshold_), classes[1])


def predict_with_threshold(model: Any, X: Any, threshold: float) -> np.ndarray:
    """Predict with ``threshold`` in place of the model's own: the second of two classes where
    its probability is above it.

    Parameters
    ----------
    model : fitted binary classifier with ``predict_proba``
    X : array-like or DataFrame of shape (n_samples, n_features)
    threshold : float in [0, 1]

    Returns
    -------
    ndarray of shape (n_samples,)
        Labels from ``model.classes_``.
    """
    check_binary_threshold(model.classes_, threshold)
    return labels_at_threshold(model.classes_, model.predict_proba(X), threshold)


def check_binary_threshold(classes: Any, threshold: float) -> float:
    """``threshold``, once it is known to be in [0, 1] and ``classes`` to be two."""
    check_in_range("threshold", threshold, 0.0, 1.0)
    classes = np.asarray(classes)
    if len(classes) != 2:
        raise ValueError(
            f"a threshold applies to two classes; this model has {len(classes)}: "
            f"{', '.join(map(str, classes.tolist()))}"
        )
    return float(threshold)


def labels_at_threshold(classes: Any, probabilities: np.ndarray, threshold: float) -> np.ndarray:
    """The second of two ``classes`` where its probability (column 1) is above ``threshold``."""
    check_binary_threshold(classes, threshold)
    return np.asarray(classes)[(probabilities[:, 1] > threshold).astype(np.intp)]


def threshold_in_use(model: Any) -> float:
    """The threshold a model's ``predict`` applies to the positive class's probability."""
    last = final_estimator(model)
    for name in ("threshold", "best_threshold_"):
        value = getattr(last, name, None)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return DEFAULT_THRESHOLD
