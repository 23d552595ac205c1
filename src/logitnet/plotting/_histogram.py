"""How confident a model is: for each class, a histogram of its predicted probability."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from logitnet._validation import check_int
from logitnet.plotting._data import label_text
from logitnet.plotting._style import TEMPLATE, class_colour

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

MAX_COLUMNS = 3  # panels per row
ROW_HEIGHT = 300  # pixels per row of panels


def _check_proba(y_true: np.ndarray, y_proba: Any, classes: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(y_proba, classes)`` checked against each other and ``y_true``."""
    proba = np.asarray(y_proba, dtype=np.float64)
    classes = np.unique(y_true) if classes is None else np.asarray(classes)
    if proba.ndim != 2 or proba.shape != (len(y_true), len(classes)):
        raise ValueError(
            "y_proba must have one row per label and one column per class: shape "
            f"({len(y_true)}, {len(classes)}). Got {proba.shape} instead."
        )
    return proba, classes


def _panel_traces(
    p: np.ndarray, is_class: np.ndarray, bins: int, first: bool
) -> list[go.Histogram]:
    """Return the probabilities of the samples in the class and of the others, overlaid."""
    edges = {"start": 0.0, "end": 1.0, "size": 1.0 / bins}
    return [
        go.Histogram(
            x=p[mask],
            xbins=edges,
            name=name,
            legendgroup=name,
            showlegend=first,
            marker={"color": class_colour(colour)},
            opacity=0.6,
        )
        for name, mask, colour in (("in the class", is_class, 0), ("other classes", ~is_class, 1))
    ]


def plot_probability_histogram(
    y_true: ArrayLike, y_proba: ArrayLike, classes: ArrayLike | None = None, *, bins: int = 20
) -> go.Figure:
    """Plot, for each class, the predicted probability of that class over the samples.

    Each panel overlays the samples that truly are in the class and the others: a confident,
    right model piles the first near 1 and the second near 0. Two classes get one panel, for
    the second (positive) class.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_proba : array-like of shape (n_samples, n_classes)
        Predicted probabilities, one column per class (as ``predict_proba`` returns them).
    classes : array-like of shape (n_classes,), default=None
        The label of each column (an estimator's ``classes_``). By default ``y_true``'s
        sorted labels.
    bins : int, default=20
        Number of equal bins between 0 and 1.

    Returns
    -------
    plotly.graph_objects.Figure
        Panels titled ``P(<class>)``, each with two histogram traces.

    Examples
    --------
    >>> fig = plot_probability_histogram([0, 1, 1], [[0.8, 0.2], [0.3, 0.7], [0.1, 0.9]])
    >>> [trace.name for trace in fig.data]
    ['in the class', 'other classes']
    """
    y_true = np.asarray(y_true).ravel()
    proba, classes = _check_proba(y_true, y_proba, classes)
    check_int("bins", bins, min_value=1)
    shown = [1] if len(classes) == 2 else list(range(len(classes)))
    cols = math.ceil(len(shown) / math.ceil(len(shown) / MAX_COLUMNS))  # balanced rows
    titles = [f"P({label_text(classes[k])})" for k in shown]
    rows = math.ceil(len(shown) / cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, vertical_spacing=0.25 / rows)
    for i, k in enumerate(shown):
        traces = _panel_traces(proba[:, k], y_true == classes[k], bins, first=i == 0)
        fig.add_traces(traces, rows=i // cols + 1, cols=i % cols + 1)
        fig.update_xaxes(
            title_text="probability", range=[0, 1], row=i // cols + 1, col=i % cols + 1
        )
    fig.update_yaxes(title_text="samples", col=1)
    fig.update_layout(
        template=TEMPLATE,
        barmode="overlay",
        height=ROW_HEIGHT * rows + 80,
        margin={"t": 40, "r": 20, "b": 50, "l": 60},
    )
    return fig
