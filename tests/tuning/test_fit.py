"""fit_pipeline: preprocessing once, then a calibrated or threshold-tuned model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.calibration import CalibratedClassifierCV
from sklearn.model_selection import FixedThresholdClassifier

import logitnet
from logitnet import LogisticRegression
from logitnet.exceptions import DataError
from logitnet.preprocessing import make_pipeline, prepare_table
from logitnet.tuning import fit_pipeline, tune_threshold

RNG = np.random.default_rng(7)
N = 240
COLOURS = ["red", "blue", "green"]
TABLE = pd.DataFrame(
    {"x1": RNG.normal(size=N), "x2": RNG.normal(size=N), "colour": RNG.choice(COLOURS, size=N)}
)
TABLE["label"] = np.where(TABLE["x1"] + RNG.normal(scale=1.5, size=N) > 1.8, "yes", "no")
PREPARED = prepare_table(TABLE, "label")


def _pipeline():
    return make_pipeline(LogisticRegression(), PREPARED.plan)


def test_without_options_it_is_a_plain_fit():
    fitted = fit_pipeline(_pipeline(), PREPARED.X, PREPARED.y)
    expected = _pipeline().fit(PREPARED.X, PREPARED.y)
    np.testing.assert_array_equal(fitted[-1].coef_, expected[-1].coef_)


def test_calibrate_wraps_the_model_after_the_preprocessing():
    fitted = fit_pipeline(_pipeline(), PREPARED.X, PREPARED.y, calibrate="isotonic")
    assert [name for name, _ in fitted.steps] == ["preprocess", "model"]
    Xt = fitted[0].transform(PREPARED.X)
    reference = CalibratedClassifierCV(LogisticRegression(), method="isotonic", cv=5)
    np.testing.assert_allclose(
        fitted.predict_proba(PREPARED.X), reference.fit(Xt, PREPARED.y).predict_proba(Xt)
    )


def test_objective_sets_the_models_threshold():
    fitted = fit_pipeline(_pipeline(), PREPARED.X, PREPARED.y, objective="balanced_accuracy")
    Xt = fitted[0].transform(PREPARED.X)
    expected = tune_threshold(LogisticRegression(), Xt, PREPARED.y)
    assert fitted[-1].threshold == pytest.approx(expected.threshold)
    assert fitted[-1].threshold < 0.5


@pytest.mark.slow
def test_both_give_a_fixed_threshold_on_calibrated_probabilities_that_round_trips(tmp_path):
    fitted = fit_pipeline(_pipeline(), PREPARED.X, PREPARED.y, calibrate="sigmoid", objective="f1")
    assert isinstance(fitted[-1], FixedThresholdClassifier)
    assert isinstance(fitted[-1].estimator_, CalibratedClassifierCV)
    loaded = logitnet.load(logitnet.save(fitted, tmp_path / "m.safetensors"))
    np.testing.assert_array_equal(loaded.predict(TABLE), fitted.predict(TABLE))
    np.testing.assert_array_equal(loaded.predict_proba(TABLE), fitted.predict_proba(TABLE))


def test_tuning_a_multiclass_target_is_a_clear_error():
    prepared = prepare_table(TABLE, "colour")
    pipe = make_pipeline(LogisticRegression(), prepared.plan)
    match = r"threshold tuning needs a binary target \(two classes\)\. Got 3 classes: 'blue', "
    with pytest.raises(ValueError, match=match):
        fit_pipeline(pipe, prepared.X, prepared.y, objective="f1")


def test_calibrating_a_small_class_says_how_many_rows_it_has_and_needs():
    few = pd.concat([TABLE[TABLE["label"] == "no"], TABLE[TABLE["label"] == "yes"].head(4)])
    prepared = prepare_table(few, "label")
    pipe = make_pipeline(LogisticRegression(), prepared.plan)
    match = r"^calibration with 5 folds needs at least 5 rows of each class; class 'yes' has 4 tr"
    with pytest.raises(DataError, match=match):
        fit_pipeline(pipe, prepared.X, prepared.y, calibrate="sigmoid")
