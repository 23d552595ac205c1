"""plot_confusion_matrix: the heatmap is scikit-learn's confusion matrix."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import confusion_matrix

from logitnet.plotting import plot_confusion_matrix

Y_TRUE = np.array(["cat", "dog", "dog", "bird", "cat", "dog", "bird", "cat"])
Y_PRED = np.array(["cat", "dog", "cat", "bird", "cat", "bird", "bird", "dog"])


@pytest.mark.parametrize("normalize", [None, "true", "pred", "all"])
def test_z_equals_sklearn_confusion_matrix(normalize):
    fig = plot_confusion_matrix(Y_TRUE, Y_PRED, normalize=normalize)
    expected = confusion_matrix(Y_TRUE, Y_PRED, normalize=normalize)
    np.testing.assert_allclose(fig.data[0].z, expected)
    assert fig.data[0].x == fig.data[0].y == ("bird", "cat", "dog")


def test_labels_choose_and_order_the_rows_and_columns():
    fig = plot_confusion_matrix(Y_TRUE, Y_PRED, labels=["dog", "cat"])
    np.testing.assert_array_equal(
        fig.data[0].z, confusion_matrix(Y_TRUE, Y_PRED, labels=["dog", "cat"])
    )
    assert fig.data[0].x == ("dog", "cat")


def test_axes_are_titled_categorical_and_true_labels_read_top_down():
    fig = plot_confusion_matrix([0, 1, 1], [0, 1, 0])
    assert fig.layout.xaxis.title.text == "predicted label"
    assert fig.layout.yaxis.title.text == "true label"
    assert fig.layout.xaxis.type == fig.layout.yaxis.type == "category"
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.data[0].texttemplate == "%{z}"


def test_bad_normalize_lists_the_valid_options():
    with pytest.raises(ValueError, match=r"`normalize` must be one of None, 'true', 'pred', 'all'"):
        plot_confusion_matrix(Y_TRUE, Y_PRED, normalize="rows")
