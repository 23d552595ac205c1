"""Two features of the data coloured by class, over a model's probabilities or decision regions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import plotly.graph_objects as go

from logitnet._validation import check_in_range, check_int
from logitnet.plotting._data import as_labels, as_matrix, feature_names, label_text
from logitnet.plotting._grid import Grid, axis_values, base_row, choose_pair, make_grid
from logitnet.plotting._models import ProbaModel, as_proba_model
from logitnet.plotting._style import class_colour, diverging_scale, new_figure

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Literal

    import torch
    from numpy.typing import ArrayLike

    from logitnet._typing import ProbaClassifier

REGION_OPACITY = 0.35  # decision regions are tinted, so the points stay readable on top


def _class_order(model_classes: np.ndarray, y: np.ndarray) -> list[Any]:
    """Return the model's classes, then any label of ``y`` the model does not know."""
    known = list(model_classes)
    return known + [label for label in np.unique(y) if label not in known]


def _probability_contour(model: ProbaModel, grid: Grid) -> go.Contour:
    """Return the positive class's probability over the grid, with a colour bar."""
    positive = label_text(model.classes[1])
    return go.Contour(
        x=grid.xs,
        y=grid.ys,
        z=grid.reshape(model.predict_proba(grid.points)[:, 1]),
        zmin=0.0,
        zmax=1.0,
        contours={"start": 0.0, "end": 1.0, "size": 0.1},
        colorscale=diverging_scale(class_colour(0), class_colour(1)),
        opacity=0.8,
        colorbar={"title": {"text": f"P({positive})"}},
        name=f"P({positive})",
        hovertemplate=f"P({positive}) = %{{z:.3f}}<extra></extra>",
    )


def _region_scale(n_classes: int) -> list[list[Any]]:
    """Return a stepped colour scale: the integer ``i`` maps to class ``i``'s colour."""
    scale = []
    for i in range(n_classes):
        scale += [[i / n_classes, class_colour(i)], [(i + 1) / n_classes, class_colour(i)]]
    return scale


def _decision_regions(model: ProbaModel, grid: Grid) -> go.Heatmap:
    """Return the grid coloured by the most probable class (z holds its position)."""
    z = grid.reshape(np.argmax(model.predict_proba(grid.points), axis=1))
    labels = np.array([label_text(c) for c in model.classes], dtype=object)
    return go.Heatmap(
        x=grid.xs,
        y=grid.ys,
        z=z,
        zmin=-0.5,
        zmax=len(model.classes) - 0.5,
        colorscale=_region_scale(len(model.classes)),
        opacity=REGION_OPACITY,
        showscale=False,
        text=labels[z],
        name="predicted class",
        hovertemplate="predicted: %{text}<extra></extra>",
    )


def _point_traces(points: np.ndarray, y: np.ndarray, classes: list[Any]) -> list[go.Scatter]:
    """Return one scatter per class, named by its label, in the class's colour."""
    traces = []
    for i, label in enumerate(classes):
        mask = y == label
        traces.append(
            go.Scatter(
                x=points[mask, 0],
                y=points[mask, 1],
                mode="markers",
                name=label_text(label),
                marker={
                    "color": class_colour(i),
                    "size": 8,
                    "line": {"width": 1, "color": "white"},
                },
            )
        )
    return traces


def _surface(model: ProbaModel, grid: Grid) -> go.Contour | go.Heatmap:
    """Return a probability contour for two classes, decision regions for more."""
    if len(model.classes) == 2:
        return _probability_contour(model, grid)
    return _decision_regions(model, grid)


def _axes(fig: go.Figure, names: tuple[str, str], xs: np.ndarray, ys: np.ndarray) -> None:
    """Title the axes with the feature names and fit them to the grid."""
    fig.update_xaxes(title_text=names[0], range=[xs[0], xs[-1]], showgrid=False, zeroline=False)
    fig.update_yaxes(title_text=names[1], range=[ys[0], ys[-1]], showgrid=False, zeroline=False)
    fig.update_layout(
        legend={
            "title": {"text": "class"},
            "orientation": "h",
            "x": 0,
            "y": 1.02,
            "yanchor": "bottom",
        }
    )


def plot_classification_2d(
    X: ArrayLike,
    y: ArrayLike,
    model: ProbaClassifier | torch.nn.Module | None = None,
    *,
    transform: str | None = None,
    features: Sequence[str | int] | None = None,
    fixed: Mapping[str | int, float] | Literal["mean", "median"] | None = None,
    grid_resolution: int = 100,
    margin: float = 0.1,
) -> go.Figure:
    """Plot two features of ``X`` coloured by class, over what ``model`` predicts there.

    A binary model is drawn as the probability of its second (positive) class, with a colour
    bar ``P(<class>)``; a model with more classes as its decision regions, coloured by the
    most probable class. The grid spans the plotted data's range plus ``margin``.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
        The data. A DataFrame's column names title the axes; otherwise ``x0, x1, ...``.
    y : array-like of shape (n_samples,)
        The class labels, any hashable values.
    model : classifier, torch.nn.Module or None, default=None
        A fitted classifier with ``predict_proba`` (logitnet or scikit-learn), or a raw
        ``torch.nn.Module`` returning logits. Its output columns stand for the sorted labels
        of ``y`` when there are as many; otherwise for ``0, 1, ...``.
    transform : {"sigmoid", "softmax"}, default=None
        How a raw module's logits become probabilities (case-insensitive): ``"sigmoid"`` for
        one output, ``"softmax"`` for one output per class. Only for raw modules.
    features : pair of str or int, default=None
        The two features to plot, by name or index. Needed when ``X`` has more than two.
    fixed : mapping or {"mean", "median"}, default=None
        With a model and more than two features: the value the model sees for each feature
        that is not plotted, as ``{feature: value}``, or each column's mean or median.
    grid_resolution : int, default=100
        Number of grid points along each axis.
    margin : float, default=0.1
        How far the grid reaches beyond the data, as a fraction of each feature's range.

    Returns
    -------
    plotly.graph_objects.Figure
        With a model: the contour or regions first, then one scatter trace per class.

    Examples
    --------
    >>> from sklearn.datasets import make_blobs
    >>> from sklearn.linear_model import LogisticRegression
    >>> X, y = make_blobs(n_samples=60, centers=3, random_state=0)
    >>> fig = plot_classification_2d(X, y, LogisticRegression().fit(X, y))
    >>> [trace.type for trace in fig.data]
    ['heatmap', 'scatter', 'scatter', 'scatter']
    """
    names = feature_names(X)
    X = as_matrix(X)
    y = as_labels(y, len(X))
    check_int("grid_resolution", grid_resolution, min_value=2)
    check_in_range("margin", margin, 0.0, None)
    pair = choose_pair(features, names)
    fig = new_figure()
    classes: list[Any] = list(np.unique(y))
    xs = axis_values(X[:, pair[0]], grid_resolution, margin)
    ys = axis_values(X[:, pair[1]], grid_resolution, margin)
    if model is not None:
        proba_model = as_proba_model(
            model, transform=transform, labels=np.unique(y), n_features=X.shape[1]
        )
        grid = make_grid(X, pair, base_row(X, pair, fixed, names), grid_resolution, margin)
        fig.add_trace(_surface(proba_model, grid))
        classes = _class_order(proba_model.classes, y)
    fig.add_traces(_point_traces(X[:, pair], y, classes))
    _axes(fig, (names[pair[0]], names[pair[1]]), xs, ys)
    return fig
