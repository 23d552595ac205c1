"""plot_probability_histogram: one panel per class, split by the true class."""

from __future__ import annotations

import numpy as np
import pytest

from logitnet.plotting import plot_probability_histogram

Y = np.array(["a", "b", "c", "a", "c"])
PROBA = np.array(
    [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.5, 0.4, 0.1], [0.3, 0.3, 0.4]]
)


def test_one_panel_per_class_with_samples_split_by_true_class():
    fig = plot_probability_histogram(Y, PROBA, ["a", "b", "c"], bins=10)
    assert [a.text for a in fig.layout.annotations] == ["P(a)", "P(b)", "P(c)"]
    assert len(fig.data) == 6
    in_a, not_a = fig.data[0], fig.data[1]
    np.testing.assert_allclose(in_a.x, [0.7, 0.5])
    np.testing.assert_allclose(not_a.x, [0.1, 0.2, 0.3])
    np.testing.assert_allclose(fig.data[5].x, [0.1, 0.1, 0.1])  # P(c) of the samples that are not c
    assert in_a.xbins.size == pytest.approx(0.1)
    assert [t.showlegend for t in fig.data] == [True, True, False, False, False, False]


def test_binary_gets_one_panel_for_the_positive_class():
    fig = plot_probability_histogram([0, 1, 1], [[0.8, 0.2], [0.3, 0.7], [0.1, 0.9]])
    assert [a.text for a in fig.layout.annotations] == ["P(1)"]
    np.testing.assert_allclose(fig.data[0].x, [0.7, 0.9])
    np.testing.assert_allclose(fig.data[1].x, [0.2])


def test_shape_mismatch_is_a_clear_error():
    with pytest.raises(ValueError, match=r"shape \(5, 3\)\. Got \(5, 2\)"):
        plot_probability_histogram(Y, PROBA[:, :2])
