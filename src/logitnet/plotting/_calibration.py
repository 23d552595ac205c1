"""The reliability diagram: how often a class happens against how likely the model said it was."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from logitnet.metrics import calibration_bins
from logitnet.plotting._roc import CHANCE
from logitnet.plotting._scores import scores_from
from logitnet.plotting._style import TEMPLATE, class_colour

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from logitnet._typing import ProbaClassifier


def _class_traces(name: str, k: int, bins: tuple, width: float) -> list[Any]:
    """The class's reliability line and the count of each of its bins."""
    fraction, mean_predicted, counts = bins
    colour = class_colour(k)
    line = go.Scatter(
        x=mean_predicted,
        y=fraction,
        customdata=counts,
        mode="lines+markers",
        name=name,
        legendgroup=name,
        line={"color": colour},
        hovertemplate="predicted %{x:.3f}, observed %{y:.3f}, %{customdata} samples<extra></extra>",
    )
    bars = go.Bar(
        x=mean_predicted,
        y=counts,
        width=width,
        name=name,
        legendgroup=name,
        showlegend=False,
        marker={"color": colour},
        opacity=0.6,
    )
    return [line, bars]


def plot_calibration(
    model_or_y_true: ProbaClassifier | ArrayLike,
    X_or_y_proba: ArrayLike,
    y: ArrayLike | None = None,
    *,
    n_bins: int = 10,
    strategy: str = "uniform",
) -> go.Figure:
    """Plot a reliability diagram, with the number of samples in each bin beneath it.

    Parameters
    ----------
    model_or_y_true, X_or_y_proba, y
        A fitted classifier, ``X`` and ``y``; or true labels and predicted probabilities
        (see :func:`plot_roc`).
    n_bins : int, default=10
        Number of bins of the predicted probability.
    strategy : {"uniform", "quantile"}, default="uniform"
        Bins of equal width, or with equal numbers of samples.

    Returns
    -------
    plotly.graph_objects.Figure
        Top: for the positive class of two, or each class against the rest, the fraction of
        samples in the class against their mean predicted probability per bin
        (:func:`sklearn.calibration.calibration_curve`), and a dashed diagonal where a
        calibrated model lies. Bottom: the samples in each bin.

    Examples
    --------
    >>> fig = plot_calibration([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], n_bins=2)
    >>> [round(float(v), 3) for v in fig.data[0].y], fig.data[1].y.tolist()
    ([0.333, 1.0], [3, 1])
    """
    scores = scores_from(model_or_y_true, X_or_y_proba, y)
    fig = make_subplots(
        rows=2, cols=1, row_heights=[0.7, 0.3], shared_xaxes=True, vertical_spacing=0.06
    )
    for k in scores.shown:
        bins = calibration_bins(
            scores.is_class(k), scores.proba[:, k], n_bins=n_bins, strategy=strategy
        )
        traces = _class_traces(scores.name(k), k, bins, 0.8 / n_bins)
        fig.add_traces(traces, rows=[1, 2], cols=[1, 1])
    diagonal = go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="calibrated", line=CHANCE)
    fig.add_trace(diagonal, row=1, col=1)
    fig.update_xaxes(range=[0, 1])
    fig.update_xaxes(title_text="mean predicted probability", row=2, col=1)
    fig.update_yaxes(title_text="fraction in the class", range=[0, 1.02], row=1, col=1)
    fig.update_yaxes(title_text="samples", row=2, col=1)
    fig.update_layout(
        template=TEMPLATE,
        barmode="overlay",
        height=520,
        margin={"t": 40, "r": 20, "b": 50, "l": 60},
    )
    return fig
