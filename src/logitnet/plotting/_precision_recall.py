"""The precision-recall curve, per class: what a threshold buys in recall and costs in precision."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go
from sklearn.metrics import average_precision_score, precision_recall_curve

from logitnet.plotting._roc import CHANCE
from logitnet.plotting._scores import Scores, scores_from
from logitnet.plotting._style import class_colour, new_figure

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from logitnet._typing import ProbaClassifier


def _curve(scores: Scores, k: int) -> go.Scatter:
    """Column ``k``'s curve, named with its average precision."""
    precision, recall, _ = precision_recall_curve(scores.is_class(k), scores.proba[:, k])
    ap = average_precision_score(scores.is_class(k), scores.proba[:, k])
    return go.Scatter(
        x=recall,
        y=precision,
        mode="lines",
        line_shape="vh",
        name=f"{scores.name(k)} (AP {ap:.3f})",
        line={"color": class_colour(k)},
    )


def plot_precision_recall(
    model_or_y_true: ProbaClassifier | ArrayLike,
    X_or_y_proba: ArrayLike,
    y: ArrayLike | None = None,
) -> go.Figure:
    """Plot the precision-recall curve of a fitted classifier, or of probabilities.

    Parameters
    ----------
    model_or_y_true, X_or_y_proba, y
        A fitted classifier, ``X`` and ``y``; or true labels and predicted probabilities
        (see :func:`plot_roc`).

    Returns
    -------
    plotly.graph_objects.Figure
        :func:`sklearn.metrics.precision_recall_curve` of the positive class for two classes
        (with a dashed line at its share of the samples, the precision of a guess), or of each
        class against the rest; each is named with its average precision.

    Examples
    --------
    >>> fig = plot_precision_recall([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> [trace.name for trace in fig.data]
    ['1 (AP 0.833)', 'chance']
    """
    scores = scores_from(model_or_y_true, X_or_y_proba, y)
    fig = new_figure()
    fig.add_traces([_curve(scores, k) for k in scores.shown])
    if len(scores.classes) == 2:
        share = float(scores.is_class(1).mean())
        fig.add_trace(
            go.Scatter(x=[0, 1], y=[share, share], mode="lines", name="chance", line=CHANCE)
        )
    fig.update_xaxes(title_text="recall", range=[0, 1])
    fig.update_yaxes(title_text="precision", range=[0, 1.02])
    return fig
