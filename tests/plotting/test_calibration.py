"""plot_calibration: the reliability diagram is scikit-learn's calibration_curve, with counts."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.calibration import calibration_curve
from sklearn.datasets import make_classification

from logitnet import LogisticRegression
from logitnet.plotting import plot_calibration

X, Y = make_classification(400, n_features=6, random_state=2)
MODEL = LogisticRegression().fit(X, Y)
P = MODEL.predict_proba(X)[:, 1]


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
def test_points_are_sklearns_calibration_curve(strategy):
    fig = plot_calibration(MODEL, X, Y, n_bins=8, strategy=strategy)
    true, pred = calibration_curve(Y, P, n_bins=8, strategy=strategy)
    np.testing.assert_allclose(fig.data[0].x, pred)
    np.testing.assert_allclose(fig.data[0].y, true)
    assert sum(fig.data[1].y) == 400


def test_bars_count_the_samples_in_each_uniform_bin():
    fig = plot_calibration(Y, P, n_bins=5)
    counts = np.histogram(P, bins=np.linspace(0, 1, 6))[0]
    np.testing.assert_array_equal(fig.data[1].y, counts[counts > 0])
    np.testing.assert_array_equal(fig.data[0].customdata, fig.data[1].y)
    assert fig.data[-1].name == "calibrated"


def test_multiclass_is_one_line_per_class_against_the_rest():
    y = np.array(["a", "b", "c"])[np.arange(90) % 3]
    rng = np.random.default_rng(0)
    proba = rng.dirichlet([1, 1, 1], size=90)
    fig = plot_calibration(y, proba, n_bins=4)
    assert [t.name for t in fig.data[::2]] == ["a vs rest", "b vs rest", "c vs rest", "calibrated"]
    true, pred = calibration_curve(y == "b", proba[:, 1], n_bins=4)
    np.testing.assert_allclose(fig.data[2].y, true)
    np.testing.assert_allclose(fig.data[2].x, pred)


def test_bad_n_bins_is_a_clear_error():
    with pytest.raises(ValueError, match=r"`n_bins` must be an int >= 1\. Got 0 instead"):
        plot_calibration(Y, P, n_bins=0)
