"""The confusion matrix as an annotated heatmap, counted by scikit-learn."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import plotly.graph_objects as go
from sklearn.metrics import confusion_matrix
from sklearn.utils.multiclass import unique_labels

from logitnet._validation import check_option
from logitnet.plotting._data import label_text
from logitnet.plotting._style import new_figure

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

# ``normalize`` as scikit-learn reads it: None keeps counts; else rows, columns or all sum to 1.
NORMALIZE_OPTIONS = (None, "true", "pred", "all")


def _check_normalize(normalize: Any) -> Any:
    """Return ``normalize`` if it is None or one of the names scikit-learn accepts."""
    if normalize is None:
        return None
    return check_option("normalize", normalize, NORMALIZE_OPTIONS)


def plot_confusion_matrix(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    labels: ArrayLike | None = None,
    normalize: str | None = None,
) -> go.Figure:
    """Plot the confusion matrix of ``y_pred`` against ``y_true``: true rows, predicted columns.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels.
    labels : array-like, default=None
        The labels to show, in order. By default every label in either array, sorted.
    normalize : {None, "true", "pred", "all"}, default=None
        As in :func:`sklearn.metrics.confusion_matrix`: counts, or fractions of each true
        class, each predicted class or all samples.

    Returns
    -------
    plotly.graph_objects.Figure
        One heatmap whose ``z`` is :func:`sklearn.metrics.confusion_matrix`'s result.

    Examples
    --------
    >>> fig = plot_confusion_matrix(["a", "b", "b"], ["a", "a", "b"])
    >>> fig.data[0].z.tolist()
    [[1, 0], [1, 1]]
    """
    normalize = _check_normalize(normalize)
    labels = unique_labels(y_true, y_pred) if labels is None else np.asarray(labels)
    matrix = confusion_matrix(y_true, y_pred, labels=labels, normalize=normalize)
    names = [label_text(label) for label in labels]
    fig = new_figure()
    fig.add_trace(
        go.Heatmap(
            z=matrix,
            x=names,
            y=names,
            colorscale="Blues",
            texttemplate="%{z}" if normalize is None else "%{z:.2f}",
            hovertemplate="true %{y}, predicted %{x}: %{z}<extra></extra>",
            colorbar={"title": {"text": "count" if normalize is None else "fraction"}},
        )
    )
    fig.update_xaxes(title_text="predicted label", type="category", side="bottom")
    fig.update_yaxes(title_text="true label", type="category", autorange="reversed")
    return fig
