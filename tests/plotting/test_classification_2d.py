"""plot_classification_2d: the contour and regions are the model's own outputs on the grid."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.datasets import make_blobs, make_circles
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier

from logitnet import NotFittedError
from logitnet.plotting import plot_classification_2d

X_CIRCLES, Y_CIRCLES = make_circles(n_samples=60, factor=0.5, noise=0.1, random_state=2020)
X_BLOBS, Y_BLOBS = make_blobs(
    n_samples=80, centers=4, center_box=(-1.2, 1.2), cluster_std=0.15, random_state=12345
)
LABELS = np.array(["north", "east", "south", "west"])
RES = 12  # a small grid keeps the tests fast


def grid_points(trace, n_features=2, pair=(0, 1), base=None):
    """Rebuild the model rows from a surface trace: row r*len(x)+c is (x[c], y[r])."""
    gx, gy = np.meshgrid(np.asarray(trace.x), np.asarray(trace.y))
    points = np.tile(np.zeros(n_features) if base is None else base, (gx.size, 1))
    points[:, pair[0]], points[:, pair[1]] = gx.ravel(), gy.ravel()
    return points


def mlp(n_in, n_out):
    """Return the lecture's small network with fixed random weights."""
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(n_in, 5), torch.nn.ReLU(), torch.nn.Linear(5, n_out))


def test_binary_contour_equals_predict_proba_at_the_grid_points():
    model = LogisticRegression().fit(X_CIRCLES, Y_CIRCLES)
    fig = plot_classification_2d(X_CIRCLES, Y_CIRCLES, model, grid_resolution=RES)
    contour = fig.data[0]
    assert contour.type == "contour"
    expected = model.predict_proba(grid_points(contour))[:, 1].reshape(RES, RES)
    np.testing.assert_allclose(contour.z, expected)
    assert contour.colorbar.title.text == "P(1)"
    assert (contour.zmin, contour.zmax) == (0.0, 1.0)


def test_traces_are_the_surface_then_one_scatter_per_class_with_its_points():
    y = np.where(Y_CIRCLES == 1, "inner", "outer")
    fig = plot_classification_2d(X_CIRCLES, y, LogisticRegression().fit(X_CIRCLES, y))
    assert [t.type for t in fig.data] == ["contour", "scatter", "scatter"]
    assert [t.name for t in fig.data[1:]] == ["inner", "outer"]
    assert fig.data[0].colorbar.title.text == "P(outer)"
    inner = fig.data[1]
    np.testing.assert_array_equal(np.column_stack([inner.x, inner.y]), X_CIRCLES[y == "inner"])


def test_grid_spans_the_data_range_plus_the_margin():
    fig = plot_classification_2d(
        X_CIRCLES, Y_CIRCLES, LogisticRegression().fit(X_CIRCLES, Y_CIRCLES), margin=0.25
    )
    for axis, column, layout_axis in ((fig.data[0].x, 0, "xaxis"), (fig.data[0].y, 1, "yaxis")):
        low, high = X_CIRCLES[:, column].min(), X_CIRCLES[:, column].max()
        pad = 0.25 * (high - low)
        np.testing.assert_allclose([axis[0], axis[-1]], [low - pad, high + pad])
        np.testing.assert_allclose(fig.layout[layout_axis].range, [low - pad, high + pad])
        assert len(axis) == 100


def test_multiclass_regions_equal_the_model_predictions_with_original_labels():
    y = LABELS[Y_BLOBS]
    model = LogisticRegression().fit(X_BLOBS, y)
    fig = plot_classification_2d(X_BLOBS, y, model, grid_resolution=RES)
    regions = fig.data[0]
    assert regions.type == "heatmap"
    predicted = model.classes_[np.asarray(regions.z)]
    expected = model.predict(grid_points(regions)).reshape(RES, RES)
    np.testing.assert_array_equal(predicted, expected)
    np.testing.assert_array_equal(np.asarray(regions.text), expected)
    assert [t.name for t in fig.data[1:]] == sorted(LABELS)


def test_region_colours_match_the_legend_colours():
    y = LABELS[Y_BLOBS]
    fig = plot_classification_2d(X_BLOBS, y, KNeighborsClassifier().fit(X_BLOBS, y))
    scale = [tuple(step) for step in fig.data[0].colorscale]
    assert (fig.data[0].zmin, fig.data[0].zmax) == (-0.5, 3.5)
    for i, points in enumerate(fig.data[1:]):  # class i fills [i/4, (i+1)/4] of the scale
        colour = points.marker.color
        assert scale[2 * i : 2 * i + 2] == [(i / 4, colour), ((i + 1) / 4, colour)]


def test_torch_module_with_sigmoid_gives_sigmoid_of_its_logits():
    module = mlp(2, 1)
    fig = plot_classification_2d(
        X_CIRCLES, Y_CIRCLES, module, transform="sigmoid", grid_resolution=RES
    )
    points = torch.tensor(grid_points(fig.data[0]), dtype=torch.float32)
    expected = torch.sigmoid(module(points)).detach().numpy().reshape(RES, RES)
    np.testing.assert_allclose(fig.data[0].z, expected, rtol=1e-6, atol=1e-7)


def test_torch_module_with_lecture_spelling_softmax_gives_argmax_regions():
    module = mlp(2, 4)
    y = LABELS[Y_BLOBS]
    fig = plot_classification_2d(X_BLOBS, y, module, transform="Softmax", grid_resolution=RES)
    points = torch.tensor(grid_points(fig.data[0]), dtype=torch.float32)
    expected = module(points).argmax(dim=1).numpy().reshape(RES, RES)
    np.testing.assert_array_equal(fig.data[0].z, expected)
    # the module's columns stand for the sorted labels of y
    np.testing.assert_array_equal(np.asarray(fig.data[0].text), np.sort(LABELS)[expected])


def test_torch_module_mode_is_restored_and_dropout_is_off_while_drawing():
    torch.manual_seed(0)
    module = torch.nn.Sequential(
        torch.nn.Linear(2, 8), torch.nn.Dropout(0.5), torch.nn.Linear(8, 1)
    )
    fig = plot_classification_2d(
        X_CIRCLES, Y_CIRCLES, module, transform="sigmoid", grid_resolution=4
    )
    assert module.training
    module.eval()
    points = torch.tensor(grid_points(fig.data[0]), dtype=torch.float32)
    expected = torch.sigmoid(module(points)).detach().numpy().reshape(4, 4)
    np.testing.assert_allclose(fig.data[0].z, expected, rtol=1e-6)


def test_more_than_two_features_need_features_and_fixed_values():
    X = np.column_stack([X_CIRCLES, X_CIRCLES[:, 0] * X_CIRCLES[:, 1]])
    model = LogisticRegression().fit(X, Y_CIRCLES)
    with pytest.raises(ValueError, match=r"draws two features, and X has 3 .*features=\["):
        plot_classification_2d(X, Y_CIRCLES, model)
    with pytest.raises(ValueError, match=r"`fixed` must hold a value .* missing \['x2'\]"):
        plot_classification_2d(X, Y_CIRCLES, model, features=[0, 1])


def test_named_features_with_fixed_values_feed_the_model_those_values():
    frame = pd.DataFrame(X_BLOBS[:, [0, 1, 0]] * [1, 1, -1], columns=["attack", "defense", "speed"])
    model = LogisticRegression().fit(frame.to_numpy(), Y_BLOBS % 2)
    fig = plot_classification_2d(
        frame,
        Y_BLOBS % 2,
        model,
        features=("speed", "attack"),
        fixed={"defense": 0.5},
        grid_resolution=RES,
    )
    assert (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == ("speed", "attack")
    points = grid_points(fig.data[0], 3, pair=(2, 0), base=np.array([0.0, 0.5, 0.0]))
    np.testing.assert_allclose(fig.data[0].z, model.predict_proba(points)[:, 1].reshape(RES, RES))


def test_fixed_mean_holds_each_other_feature_at_its_mean():
    X = np.column_stack([X_CIRCLES, X_CIRCLES[:, 0] + 3.0])
    model = LogisticRegression().fit(X, Y_CIRCLES)
    fig = plot_classification_2d(
        X, Y_CIRCLES, model, features=[1, 2], fixed="mean", grid_resolution=RES
    )
    base = np.array([X[:, 0].mean(), 0.0, 0.0])
    points = grid_points(fig.data[0], 3, pair=(1, 2), base=base)
    np.testing.assert_allclose(fig.data[0].z, model.predict_proba(points)[:, 1].reshape(RES, RES))


def test_dataframe_model_gets_a_dataframe_without_feature_name_warnings(recwarn):
    frame = pd.DataFrame(X_CIRCLES, columns=["width", "height"])
    model = LogisticRegression().fit(frame, Y_CIRCLES)
    fig = plot_classification_2d(frame, Y_CIRCLES, model, grid_resolution=RES)
    assert fig.layout.xaxis.title.text == "width"
    assert not [w for w in recwarn if "feature names" in str(w.message)]


def test_without_a_model_only_the_points_are_drawn():
    fig = plot_classification_2d(X_BLOBS, Y_BLOBS)
    assert [t.name for t in fig.data] == ["0", "1", "2", "3"]
    assert (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == ("x0", "x1")
    assert fig.layout.xaxis.range[0] < X_BLOBS[:, 0].min()


@pytest.mark.parametrize(
    ("model", "kwargs", "error", "match"),
    [
        (mlp(2, 1), {}, ValueError, r"pass transform='sigmoid'"),
        (mlp(2, 1), {"transform": "tanh"}, ValueError, r"`transform` must be one of 'sigmoid'"),
        (mlp(2, 1), {"transform": 1}, TypeError, r"`transform` must be a string"),
        (mlp(2, 4), {"transform": "sigmoid"}, ValueError, r"one output .* Got 4 outputs"),
        (mlp(2, 1), {"transform": "softmax"}, ValueError, r"one output per class"),
        (LogisticRegression(), {}, NotFittedError, r"not fitted"),
        ("model", {}, TypeError, r"`model` must be a fitted classifier .* Got str"),
        (None, {"grid_resolution": 1}, ValueError, r"`grid_resolution` must be an int >= 2"),
        (None, {"margin": -0.1}, ValueError, r"`margin` must be in \[0.0, inf\]"),
        (
            None,
            {"features": ["x0", "x11"]},
            ValueError,
            r"Unknown feature 'x11'.*Did you mean 'x1'",
        ),
        (None, {"features": [0, 0]}, ValueError, r"two different features"),
        (None, {"features": [0]}, ValueError, r"exactly two features"),
    ],
)
def test_bad_arguments_get_clear_errors(model, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_classification_2d(X_CIRCLES, Y_CIRCLES, model, **kwargs)


def test_transform_is_refused_for_a_classifier_with_predict_proba():
    model = LogisticRegression().fit(X_CIRCLES, Y_CIRCLES)
    with pytest.raises(ValueError, match=r"applies only to a raw torch.nn.Module"):
        plot_classification_2d(X_CIRCLES, Y_CIRCLES, model, transform="sigmoid")


def test_labels_must_match_rows():
    with pytest.raises(ValueError, match=r"one label per row of X \(60\)\. Got 3"):
        plot_classification_2d(X_CIRCLES, [0, 1, 0])


def test_logitnet_logistic_regression_contour_and_regions():
    from logitnet import LogisticRegression as LogitnetLR

    binary = LogitnetLR(alpha=0.1).fit(X_CIRCLES, Y_CIRCLES)
    contour = plot_classification_2d(X_CIRCLES, Y_CIRCLES, binary, grid_resolution=RES).data[0]
    expected = binary.predict_proba(grid_points(contour))[:, 1].reshape(RES, RES)
    np.testing.assert_allclose(contour.z, expected)
    y = LABELS[Y_BLOBS]
    multi = LogitnetLR(alpha=0.1).fit(X_BLOBS, y)
    regions = plot_classification_2d(X_BLOBS, y, multi, grid_resolution=RES).data[0]
    expected = multi.predict(grid_points(regions)).reshape(RES, RES)
    np.testing.assert_array_equal(multi.classes_[np.asarray(regions.z)], expected)


@pytest.mark.slow
def test_logitnet_neural_net_classifier_contour_equals_its_probabilities():
    from logitnet import nn

    model = nn.NeuralNetClassifier((5,), lr=0.1, batch_size=30, epochs=3, random_state=0)
    model.fit(X_CIRCLES, Y_CIRCLES)
    fig = plot_classification_2d(X_CIRCLES, Y_CIRCLES, model, grid_resolution=RES)
    expected = model.predict_proba(grid_points(fig.data[0]))[:, 1].reshape(RES, RES)
    np.testing.assert_allclose(fig.data[0].z, expected)
    assert fig.data[0].colorbar.title.text == "P(1)"
