"""plot_logistic: the lecture's one-feature figure, with the threshold found on the curve."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from logitnet.plotting import plot_logistic

X = np.array([1.5, -2.0, 0.5, -0.5, 2.0, -1.0, 1.0, 0.0])
Y = np.array([1, 0, 1, 0, 1, 0, 0, 1])
W = (-1.0, 3.0)  # the lecture's first guess: P = sigmoid(-1 + 3x), which is 0.5 at x = 1/3
P = 1 / (1 + np.exp(-(W[0] + W[1] * X)))


def by_name(fig):
    """Return the figure's traces keyed by name."""
    return {trace.name: trace for trace in fig.data}


def test_data_points_alone():
    fig = plot_logistic(X, Y)
    assert [t.name for t in fig.data] == ["data"]
    np.testing.assert_array_equal(fig.data[0].x, X)
    np.testing.assert_array_equal(fig.data[0].y, Y)
    assert (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == ("x", "y")


def test_curve_is_sorted_by_x():
    curve = by_name(plot_logistic(X, Y, P))["P(y = 1)"]
    order = np.argsort(X)
    np.testing.assert_array_equal(curve.x, X[order])
    np.testing.assert_allclose(curve.y, P[order])
    assert curve.mode == "lines"


def test_threshold_point_and_regions_split_where_the_curve_crosses():
    fig = plot_logistic(X, Y, P, threshold=0.5)
    traces = by_name(fig)
    assert [t.name for t in fig.data] == [
        "predicts 0",
        "predicts 1",
        "data",
        "P(y = 1)",
        "threshold",
    ]
    # the crossing is interpolated between x = 0 (P = 0.27) and x = 0.5 (P = 0.62)
    p0, p1 = 1 / (1 + np.exp(1.0)), 1 / (1 + np.exp(-0.5))
    expected = 0.0 + (0.5 - p0) * 0.5 / (p1 - p0)
    np.testing.assert_allclose(traces["threshold"].x, [expected])
    assert traces["threshold"].y == (0.5,)
    low, high = fig.layout.xaxis.range
    assert list(traces["predicts 0"].x)[:2] == [low, expected]
    assert list(traces["predicts 1"].x)[:2] == [expected, high]
    assert traces["predicts 0"].fill == "toself"


def test_every_point_is_in_the_region_of_its_hard_prediction():
    fig = plot_logistic(X, Y, P, threshold=0.7)
    cut = by_name(fig)["threshold"].x[0]
    np.testing.assert_array_equal(cut < X, P > 0.7)


def test_decreasing_curve_predicts_1_on_the_left():
    traces = by_name(plot_logistic(X, Y, 1 - P, threshold=0.5))
    assert traces["predicts 1"].x[0] == pytest.approx(-2.2)  # x range starts 5% before -2
    assert traces["predicts 0"].x[0] == pytest.approx(traces["threshold"].x[0])


def test_curve_that_never_crosses_gets_one_region_and_no_threshold_point():
    traces = by_name(plot_logistic(X, Y, np.full(len(X), 0.9), threshold=0.5))
    assert "predicts 0" not in traces
    assert traces["threshold"].x == ()


def test_axis_titles_come_from_series_names_or_arguments():
    fig = plot_logistic(pd.Series(X, name="defense"), pd.Series(Y, name="legendary"), P)
    assert (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == ("defense", "legendary")
    assert fig.data[1].name == "P(legendary = 1)"
    fig = plot_logistic(X, Y, feature_name="speed", target_name="fast")
    assert (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == ("speed", "fast")


def test_string_labels_are_drawn_at_0_and_1_and_named_on_the_axis():
    fig = plot_logistic(X, np.where(Y == 1, "yes", "no"))
    np.testing.assert_array_equal(fig.data[0].y, Y)
    assert fig.layout.yaxis.ticktext == ("no", "0.5", "yes")


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((X, Y), {"threshold": 0.5}, r"`threshold` needs `y_hat`"),
        ((X, Y, P), {"threshold": 1.0}, r"`threshold` must be in \(0.0, 1.0\)"),
        ((X, Y, P[:3]), {}, r"one probability per x \(8\)\. Got 3"),
        ((X, Y, P + 1), {}, r"probabilities in \[0, 1\]"),
        ((X, np.arange(8) % 3), {}, r"binary target\. Got 3 classes"),
        ((X, Y[:4]), {}, r"one label per x \(8\)\. Got 4"),
        ((np.ones((8, 2)), Y), {}, r"one feature: x must be 1-D\. Got shape \(8, 2\)"),
    ],
)
def test_bad_arguments_get_clear_errors(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plot_logistic(*args, **kwargs)
