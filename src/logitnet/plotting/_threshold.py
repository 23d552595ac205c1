"""Precision, recall, F1 and balanced accuracy as the decision threshold moves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import plotly.graph_objects as go
from sklearn.metrics import confusion_matrix_at_thresholds

from logitnet._validation import check_in_range
from logitnet.plotting._scores import Scores, scores_from
from logitnet.plotting._style import class_colour, new_figure
from logitnet.tuning import DEFAULT_THRESHOLD, threshold_in_use

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from logitnet._typing import ProbaClassifier


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den``, 0 where ``den`` is 0 (scikit-learn's ``zero_division=0``)."""
    return np.divide(num, den, out=np.zeros_like(num, dtype=np.float64), where=den > 0)


def threshold_metrics(is_positive: Any, p: Any) -> dict[str, np.ndarray]:
    """Each metric at each distinct score used as the threshold (``p >= threshold`` is positive).

    Returns ``{"threshold", "precision", "recall", "f1", "balanced_accuracy"}``, thresholds in
    increasing order, from the confusion counts of
    :func:`sklearn.metrics.confusion_matrix_at_thresholds`.
    """
    tn, fp, fn, tp, thresholds = (
        a[::-1].astype(np.float64) for a in confusion_matrix_at_thresholds(is_positive, p)
    )
    recall = _ratio(tp, tp + fn)
    return {
        "threshold": thresholds,
        "precision": _ratio(tp, tp + fp),
        "recall": recall,
        "f1": _ratio(2 * tp, 2 * tp + fp + fn),
        "balanced_accuracy": (recall + _ratio(tn, tn + fp)) / 2,
    }


def _binary(scores: Scores) -> Scores:
    """``scores`` itself; a clear error for more than two classes."""
    if len(scores.classes) != 2:
        raise ValueError(
            "plot_threshold needs two classes (a threshold on the positive class's probability). "
            f"Got {len(scores.classes)} classes: {scores.classes.tolist()}."
        )
    return scores


def plot_threshold(
    model_or_y_true: ProbaClassifier | ArrayLike,
    X_or_y_proba: ArrayLike,
    y: ArrayLike | None = None,
    *,
    threshold: float | None = None,
) -> go.Figure:
    """Plot precision, recall, F1 and balanced accuracy against the decision threshold.

    Parameters
    ----------
    model_or_y_true, X_or_y_proba, y
        A fitted binary classifier, ``X`` and ``y``; or true labels and predicted
        probabilities (see :func:`plot_roc`).
    threshold : float in [0, 1], default=None
        The threshold to mark. By default the model's own (its ``threshold``, or a tuned
        ``best_threshold_``), else 0.5.

    Returns
    -------
    plotly.graph_objects.Figure
        Four step curves over the thresholds (a sample is positive when its probability is at
        least the threshold), and a vertical line at the threshold in use.

    Examples
    --------
    >>> fig = plot_threshold([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> [trace.name for trace in fig.data]
    ['precision', 'recall', 'F1', 'balanced accuracy']
    """
    scores = _binary(scores_from(model_or_y_true, X_or_y_proba, y))
    if threshold is None:
        threshold = threshold_in_use(model_or_y_true) if y is not None else DEFAULT_THRESHOLD
    check_in_range("threshold", threshold, 0.0, 1.0)
    curves = threshold_metrics(scores.is_class(1), scores.proba[:, 1])
    fig = new_figure()
    names = {
        "precision": "precision",
        "recall": "recall",
        "f1": "F1",
        "balanced_accuracy": "balanced accuracy",
    }
    for i, (key, name) in enumerate(names.items()):
        fig.add_trace(
            go.Scatter(
                x=curves["threshold"],
                y=curves[key],
                mode="lines",
                line_shape="vh",
                name=name,
                line={"color": class_colour(i)},
            )
        )
    fig.add_vline(
        x=threshold,
        line={"color": "#444444", "dash": "dot"},
        annotation_text=f"threshold {threshold:.3g}",
    )
    fig.update_xaxes(title_text="threshold on P(" + scores.name(1) + ")", range=[0, 1])
    fig.update_yaxes(title_text="score", range=[0, 1.02])
    return fig
