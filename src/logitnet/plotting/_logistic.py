"""One feature against a binary target: the data, a fitted probability curve and its threshold."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import plotly.graph_objects as go

from logitnet._validation import check_in_range
from logitnet.plotting._data import label_text, series_name
from logitnet.plotting._style import class_colour, new_figure

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

Y_RANGE = (-0.08, 1.08)  # room above 1 and below 0 for the markers
X_MARGIN = 0.05  # the x axis reaches 5% of the data's range beyond it


def _as_feature(x: Any) -> np.ndarray:
    """Return one feature as a 1-D float array, or raise for more than one."""
    values = np.asarray(x, dtype=np.float64)
    if values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    if values.ndim != 1:
        raise ValueError(
            f"plot_logistic draws one feature: x must be 1-D. Got shape {np.shape(x)} instead."
        )
    return values


def _encode_binary(y: Any, n_samples: int) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(labels, y as 0/1)``; the larger label is drawn at 1 (a lone ``1`` too)."""
    labels, encoded = np.unique(np.asarray(y).ravel(), return_inverse=True)
    if len(encoded) != n_samples:
        raise ValueError(f"y must hold one label per x ({n_samples}). Got {len(encoded)} labels.")
    if len(labels) > 2:
        raise ValueError(f"plot_logistic needs a binary target. Got {len(labels)} classes.")
    if len(labels) == 1 and labels[0] == 1:
        encoded = np.ones(n_samples, dtype=int)
    return labels, encoded


def _check_probabilities(y_hat: Any, n_samples: int) -> np.ndarray:
    """Return ``y_hat`` as 1-D probabilities, one per sample."""
    p = np.asarray(y_hat, dtype=np.float64).ravel()
    if len(p) != n_samples:
        raise ValueError(f"y_hat must hold one probability per x ({n_samples}). Got {len(p)}.")
    if not np.all((p >= 0) & (p <= 1)):
        raise ValueError("y_hat must hold probabilities in [0, 1]. Got values outside it.")
    return p


def _crossings(xs: np.ndarray, ps: np.ndarray, threshold: float) -> list[float]:
    """Return where the curve (sorted by x) passes from one side of ``threshold`` to the other."""
    above = ps > threshold
    cuts = []
    for i in np.flatnonzero(above[1:] != above[:-1]) + 1:
        x0, x1, p0, p1 = xs[i - 1], xs[i], ps[i - 1], ps[i]
        cuts.append(float(x0 + (threshold - p0) * (x1 - x0) / (p1 - p0)))
    return cuts


def _region_traces(
    bounds: tuple[float, float], cuts: list[float], first_class: int
) -> list[go.Scatter]:
    """Return the shaded "predicts 0" and "predicts 1" bands between the crossings."""
    edges = [bounds[0], *cuts, bounds[1]]
    polygons: dict[int, tuple[list, list]] = {0: ([], []), 1: ([], [])}
    for k, (left, right) in enumerate(zip(edges[:-1], edges[1:], strict=True)):
        xs, ys = polygons[(first_class + k) % 2]
        xs += [left, right, right, left, left, None]
        ys += [Y_RANGE[0], Y_RANGE[0], Y_RANGE[1], Y_RANGE[1], Y_RANGE[0], None]
    return [
        go.Scatter(
            x=xs[:-1],
            y=ys[:-1],
            fill="toself",
            mode="none",
            fillcolor=class_colour(c),
            opacity=0.15,
            name=f"predicts {c}",
            hoverinfo="skip",
        )
        for c, (xs, ys) in polygons.items()
        if xs
    ]


def _threshold_traces(
    xs: np.ndarray, ps: np.ndarray, threshold: float, bounds: tuple[float, float]
) -> list[go.Scatter]:
    """Return the shaded regions and the point(s) where the curve meets the threshold."""
    cuts = _crossings(xs, ps, threshold)
    traces = _region_traces(bounds, cuts, int(ps[0] > threshold))
    point = go.Scatter(
        x=cuts,
        y=[threshold] * len(cuts),
        mode="markers",
        name="threshold",
        marker={"symbol": "x", "size": 12, "color": "black"},
    )
    return [*traces, point]


def _curve(xs: np.ndarray, ps: np.ndarray, target_name: str) -> go.Scatter:
    """Return the fitted probability curve, sorted by x."""
    return go.Scatter(
        x=xs, y=ps, mode="lines", name=f"P({target_name} = 1)", line={"color": "black", "width": 2}
    )


def _with_fit(
    data: go.Scatter, x: np.ndarray, y_hat: Any, threshold: Any, bounds: tuple, target: str
) -> list[go.Scatter]:
    """Return the data with the fitted curve and, given a threshold, its bands and point."""
    order = np.argsort(x, kind="stable")
    xs, ps = x[order], _check_probabilities(y_hat, len(x))[order]
    if threshold is None:
        return [data, _curve(xs, ps, target)]
    check_in_range("threshold", threshold, 0.0, 1.0, closed="neither")
    *regions, point = _threshold_traces(xs, ps, threshold, bounds)
    return [*regions, data, _curve(xs, ps, target), point]


def _layout(fig: go.Figure, bounds: tuple, labels: np.ndarray, names: tuple[str, str]) -> None:
    """Title the axes; the y axis shows the two labels at 0 and 1."""
    fig.update_xaxes(title_text=names[0], range=list(bounds))
    fig.update_yaxes(title_text=names[1], range=list(Y_RANGE))
    if len(labels) == 2:
        text = [label_text(labels[0]), "0.5", label_text(labels[1])]
        fig.update_yaxes(tickvals=[0, 0.5, 1], ticktext=text)


def plot_logistic(
    x: ArrayLike,
    y: ArrayLike,
    y_hat: ArrayLike | None = None,
    threshold: float | None = None,
    *,
    feature_name: str | None = None,
    target_name: str | None = None,
) -> go.Figure:
    """Plot a binary target against one feature, with a fitted probability curve and threshold.

    Parameters
    ----------
    x : array-like of shape (n_samples,) or (n_samples, 1)
        The feature.
    y : array-like of shape (n_samples,)
        Binary labels; the larger label is drawn at 1.
    y_hat : array-like of shape (n_samples,), default=None
        The model's probability of the label drawn at 1, at each ``x``; drawn as a curve.
    threshold : float in (0, 1), default=None
        With ``y_hat``: marks where the curve crosses it and shades the ranges of ``x``
        predicted as 0 and as 1 (a point is predicted 1 when ``y_hat > threshold``).
    feature_name, target_name : str, default=None
        Axis titles. By default the ``name`` of a pandas Series, else ``"x"`` and ``"y"``.

    Returns
    -------
    plotly.graph_objects.Figure
        Traces in drawing order: ``predicts 0`` / ``predicts 1`` bands, ``data``, the curve
        ``P(<target> = 1)`` and ``threshold``.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([-2.0, -1.0, 0.5, 1.0, 2.0])
    >>> fig = plot_logistic(x, [0, 0, 1, 0, 1], 1 / (1 + np.exp(-2 * x)), threshold=0.5)
    >>> [trace.name for trace in fig.data]
    ['predicts 0', 'predicts 1', 'data', 'P(y = 1)', 'threshold']
    """
    names = (feature_name or series_name(x, "x"), target_name or series_name(y, "y"))
    x = _as_feature(x)
    labels, encoded = _encode_binary(y, len(x))
    span = float(np.ptp(x)) or 1.0
    bounds = (float(x.min()) - X_MARGIN * span, float(x.max()) + X_MARGIN * span)
    data = go.Scatter(
        x=x, y=encoded, mode="markers", name="data", marker={"color": class_colour(0), "size": 8}
    )
    if y_hat is None and threshold is not None:
        raise ValueError("`threshold` needs `y_hat`, the probabilities it applies to.")
    traces = [data] if y_hat is None else _with_fit(data, x, y_hat, threshold, bounds, names[1])
    fig = new_figure()
    fig.add_traces(traces)
    _layout(fig, bounds, labels, names)
    return fig
