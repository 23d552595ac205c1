"""The ROC curve: true against false positive rate as the threshold sweeps, per class."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go
from sklearn.metrics import roc_auc_score, roc_curve

from logitnet.plotting._scores import scores_from
from logitnet.plotting._style import class_colour, new_figure

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from logitnet._typing import ProbaClassifier

CHANCE = {"color": "#888888", "dash": "dash", "width": 1}  # the line of a model that guesses


def plot_roc(
    model_or_y_true: ProbaClassifier | ArrayLike,
    X_or_y_proba: ArrayLike,
    y: ArrayLike | None = None,
) -> go.Figure:
    """Plot the ROC curve of a fitted classifier, or of probabilities, with its area.

    Parameters
    ----------
    model_or_y_true : fitted classifier or array-like of shape (n_samples,)
        A classifier with ``predict_proba`` (then pass ``X`` and ``y``), or the true labels.
    X_or_y_proba : array-like
        The rows to score, or the predicted probabilities: shape (n_samples, n_classes), or
        (n_samples,) for the positive class of two.
    y : array-like of shape (n_samples,), default=None
        The true labels of ``X``, with a classifier.

    Returns
    -------
    plotly.graph_objects.Figure
        One curve for two classes (the positive, second class), one per class (one-vs-rest)
        for more; each is :func:`sklearn.metrics.roc_curve`'s, named with its AUC. A dashed
        diagonal shows chance.

    Examples
    --------
    >>> fig = plot_roc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> [trace.name for trace in fig.data]
    ['1 (AUC 0.750)', 'chance']
    """
    scores = scores_from(model_or_y_true, X_or_y_proba, y)
    fig = new_figure()
    for k in scores.shown:
        fpr, tpr, _ = roc_curve(scores.is_class(k), scores.proba[:, k])
        auc = roc_auc_score(scores.is_class(k), scores.proba[:, k])
        fig.add_trace(
            go.Scatter(
                x=fpr,
                y=tpr,
                mode="lines",
                name=f"{scores.name(k)} (AUC {auc:.3f})",
                line={"color": class_colour(k)},
            )
        )
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="chance", line=CHANCE))
    fig.update_xaxes(title_text="false positive rate", range=[0, 1])
    fig.update_yaxes(title_text="true positive rate", range=[0, 1.02])
    return fig
