"""Loss per epoch and, when recorded, accuracy on a second panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from logitnet.plotting._history import ACCURACY_KEYS, LOSS_KEYS, history_columns
from logitnet.plotting._style import TEMPLATE, class_colour

if TYPE_CHECKING:
    from logitnet._typing import HistoryLike

TRACE_NAMES = {
    "train_loss": "train loss",
    "valid_loss": "validation loss",
    "train_acc": "train accuracy",
    "valid_acc": "validation accuracy",
}


def _line(epochs: np.ndarray, values: np.ndarray, key: str) -> go.Scatter:
    """Return one recorded quantity per epoch; train solid, validation dashed."""
    colour = class_colour(0 if key.startswith("train") else 1)
    return go.Scatter(
        x=epochs,
        y=values,
        mode="lines+markers" if len(epochs) <= 50 else "lines",
        name=TRACE_NAMES[key],
        line={"color": colour, "dash": "solid" if key.startswith("train") else "dash"},
    )


def _recorded(columns: dict[str, np.ndarray], keys: tuple[str, ...]) -> list[str]:
    """Return the keys of ``keys`` with at least one recorded value."""
    return [key for key in keys if key in columns and np.isfinite(columns[key]).any()]


def plot_loss(history: HistoryLike) -> go.Figure:
    """Plot training (and validation) loss per epoch, and accuracy when it was recorded.

    Parameters
    ----------
    history : History, estimator, list or dict
        A ``logitnet.nn.History`` or any list-like of per-epoch dicts (keys ``epoch``,
        ``train_loss``, ``valid_loss``, ``train_acc``, ``valid_acc``); a fitted estimator,
        whose ``history_`` or else ``loss_curve_`` is drawn; a dict of such lists; or a
        plain list of training losses. Epochs without a value are left as gaps.

    Returns
    -------
    plotly.graph_objects.Figure
        One panel (loss) or, with accuracy recorded, two side by side (loss, accuracy).

    Examples
    --------
    >>> fig = plot_loss({"train_loss": [0.7, 0.5, 0.4], "valid_loss": [0.72, 0.6, 0.55]})
    >>> [trace.name for trace in fig.data]
    ['train loss', 'validation loss']
    """
    columns = history_columns(history)
    losses, accuracies = _recorded(columns, LOSS_KEYS), _recorded(columns, ACCURACY_KEYS)
    panels = 2 if accuracies else 1
    titles = ("loss", "accuracy")[:panels]
    fig = make_subplots(rows=1, cols=panels, subplot_titles=titles, horizontal_spacing=0.12)
    for col, keys in enumerate((losses, accuracies)[:panels], start=1):
        for key in keys:
            fig.add_trace(_line(columns["epoch"], columns[key], key), row=1, col=col)
        fig.update_xaxes(title_text="epoch", row=1, col=col)
        fig.update_yaxes(title_text=titles[col - 1], row=1, col=col)
    fig.update_layout(template=TEMPLATE, margin={"t": 40, "r": 20, "b": 50, "l": 60})
    return fig
