"""Probability metrics: each one is scikit-learn's score, for two classes and for more."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn import metrics
from sklearn.calibration import calibration_curve

from logitnet.metrics import (
    average_precision,
    brier_score,
    calibration_bins,
    expected_calibration_error,
    probability_metrics,
    roc_auc,
)

RNG = np.random.default_rng(0)
Y_BINARY = np.array(["no", "yes"])[RNG.integers(0, 2, 200)]
P_YES = np.clip(0.5 * (Y_BINARY == "yes") + 0.5 * RNG.random(200), 0, 1)
PROBA_BINARY = np.column_stack([1 - P_YES, P_YES])
Y_MULTI = np.array(["a", "b", "c"])[RNG.integers(0, 3, 300)]
_RAW = RNG.random((300, 3)) + 0.8 * (Y_MULTI[:, None] == np.array(["a", "b", "c"]))
PROBA_MULTI = _RAW / _RAW.sum(axis=1, keepdims=True)


def test_binary_scores_are_sklearns_on_the_positive_class():
    is_yes = Y_BINARY == "yes"
    assert roc_auc(Y_BINARY, PROBA_BINARY) == pytest.approx(metrics.roc_auc_score(is_yes, P_YES))
    assert average_precision(Y_BINARY, PROBA_BINARY) == pytest.approx(
        metrics.average_precision_score(is_yes, P_YES)
    )
    assert brier_score(Y_BINARY, PROBA_BINARY) == pytest.approx(
        metrics.brier_score_loss(is_yes, P_YES)
    )


def test_a_one_dimensional_proba_is_the_positive_class():
    assert roc_auc(Y_BINARY, P_YES) == roc_auc(Y_BINARY, PROBA_BINARY)
    assert brier_score(Y_BINARY, P_YES) == brier_score(Y_BINARY, PROBA_BINARY)


def test_multiclass_scores_are_macro_one_vs_rest():
    onehot = (Y_MULTI[:, None] == np.array(["a", "b", "c"])).astype(int)
    assert roc_auc(Y_MULTI, PROBA_MULTI) == pytest.approx(
        metrics.roc_auc_score(Y_MULTI, PROBA_MULTI, multi_class="ovr", average="macro")
    )
    per_class = [metrics.average_precision_score(onehot[:, k], PROBA_MULTI[:, k]) for k in range(3)]
    assert average_precision(Y_MULTI, PROBA_MULTI) == pytest.approx(np.mean(per_class))
    assert brier_score(Y_MULTI, PROBA_MULTI) == pytest.approx(
        np.mean(np.sum((PROBA_MULTI - onehot) ** 2, axis=1))
    )


def test_ranking_scores_are_nan_when_a_class_is_absent():
    proba = PROBA_MULTI[Y_MULTI != "c"]
    assert np.isnan(roc_auc(Y_MULTI[Y_MULTI != "c"], proba, ["a", "b", "c"]))
    assert np.isnan(average_precision(Y_MULTI[Y_MULTI != "c"], proba, ["a", "b", "c"]))


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
def test_calibration_bins_are_sklearns_curve_with_the_count_of_each_bin(strategy):
    is_yes = (Y_BINARY == "yes").astype(int)
    fraction, mean_predicted, counts = calibration_bins(is_yes, P_YES, n_bins=7, strategy=strategy)
    true, pred = calibration_curve(is_yes, P_YES, n_bins=7, strategy=strategy)
    np.testing.assert_allclose(fraction, true)
    np.testing.assert_allclose(mean_predicted, pred)
    assert counts.sum() == 200
    # Each bin's count is the one that turns its mean back into its sum.
    edges = (
        np.linspace(0, 1, 8)
        if strategy == "uniform"
        else np.percentile(P_YES, np.linspace(0, 100, 8))
    )
    sums = np.array([P_YES[np.searchsorted(edges[1:-1], P_YES) == b].sum() for b in range(7)])
    np.testing.assert_allclose(mean_predicted * counts, sums[sums > 0])


def test_ece_is_the_sample_weighted_gap_of_sklearns_curve():
    is_yes = Y_BINARY == "yes"
    true, pred = calibration_curve(is_yes, P_YES, n_bins=10)
    counts = np.histogram(P_YES, bins=np.linspace(0, 1, 11))[0]
    expected = np.sum(counts[counts > 0] * np.abs(true - pred)) / 200
    assert expected_calibration_error(Y_BINARY, PROBA_BINARY) == pytest.approx(expected)


def test_multiclass_ece_bins_the_top_class_confidence():
    top = PROBA_MULTI.argmax(axis=1)
    right = np.array(["a", "b", "c"])[top] == Y_MULTI
    confidence = PROBA_MULTI.max(axis=1)
    true, pred = calibration_curve(right, confidence, n_bins=5)
    counts = np.histogram(confidence, bins=np.linspace(0, 1, 6))[0]
    expected = np.sum(counts[counts > 0] * np.abs(true - pred)) / 300
    assert expected_calibration_error(Y_MULTI, PROBA_MULTI, n_bins=5) == pytest.approx(expected)


def test_a_perfectly_calibrated_constant_has_no_calibration_error():
    assert expected_calibration_error([0, 1, 0, 1], [0.5] * 4) == 0.0


def test_probability_metrics_gathers_the_four_scores():
    scores = probability_metrics(Y_BINARY, PROBA_BINARY)
    assert list(scores) == [
        "roc_auc",
        "average_precision",
        "brier_score",
        "expected_calibration_error",
    ]
    assert scores["roc_auc"] == roc_auc(Y_BINARY, PROBA_BINARY)


def test_proba_with_the_wrong_shape_is_a_clear_error():
    with pytest.raises(ValueError, match=r"shape \(300, 3\)\. Got \(300, 2\) instead"):
        roc_auc(Y_MULTI, PROBA_MULTI[:, :2])


def test_values_outside_zero_one_are_a_clear_error():
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]\. Got values from -0\.5"):
        brier_score([0, 1], [[1.5, -0.5], [0.5, 0.5]])


def test_bad_strategy_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"`strategy` must be one of 'uniform', 'quantile'"):
        calibration_bins([0, 1], [0.2, 0.8], strategy="equal")
