"""tune_threshold: scikit-learn's TunedThresholdClassifierCV, its threshold kept in the model."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from sklearn import metrics
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.model_selection import FixedThresholdClassifier, TunedThresholdClassifierCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from logitnet import LogisticRegression
from logitnet.tuning import tune_threshold

# 5% positives, weakly separated: at 0.5 the model finds few of them.
X, Y = make_classification(
    400, n_features=6, n_informative=3, weights=[0.95], class_sep=0.6, flip_y=0.0, random_state=1
)
LABELS = np.array(["stays", "buys"])[Y]  # sorted: "buys" < "stays", so "stays" is positive


@functools.cache
def tuned(objective: str) -> LogisticRegression:
    """A LogisticRegression tuned for ``objective`` on X, Y (each objective fitted once)."""
    return tune_threshold(LogisticRegression(), X, Y, objective=objective)


def test_threshold_is_sklearns_best_and_the_model_is_refitted_on_all_rows():
    model = tuned("balanced_accuracy")
    reference = TunedThresholdClassifierCV(LogisticRegression(), cv=5).fit(X, Y)
    assert model.threshold == pytest.approx(reference.best_threshold_)
    np.testing.assert_allclose(model.coef_, LogisticRegression().fit(X, Y).coef_)
    p = model.predict_proba(X)[:, 1]
    np.testing.assert_array_equal(model.predict(X), (p > model.threshold).astype(int))


def test_balanced_accuracy_rises_on_an_imbalanced_table():
    before = metrics.balanced_accuracy_score(Y, LogisticRegression().fit(X, Y).predict(X))
    after = metrics.balanced_accuracy_score(Y, tuned("balanced_accuracy").predict(X))
    assert tuned("balanced_accuracy").threshold < 0.5
    assert (round(before, 3), round(after, 3)) == (0.725, 0.878)


def test_f1_scores_the_second_class_of_string_labels():
    model = tune_threshold(LogisticRegression(), X, LABELS, objective="f1")
    scorer = metrics.make_scorer(metrics.f1_score, pos_label="stays")
    reference = TunedThresholdClassifierCV(LogisticRegression(), scoring=scorer).fit(X, LABELS)
    assert model.threshold == pytest.approx(reference.best_threshold_)


def test_precision_and_recall_targets_are_met():
    strict, loose = tuned("precision:0.6"), tuned("recall:0.7")
    assert metrics.precision_score(Y, strict.predict(X)) >= 0.6
    assert metrics.recall_score(Y, loose.predict(X)) >= 0.7
    assert loose.threshold <= tuned("balanced_accuracy").threshold < strict.threshold


def test_a_pipeline_gets_the_threshold_on_its_last_step():
    pipe = make_pipeline(StandardScaler(), LogisticRegression())
    tuned_pipe = tune_threshold(pipe, X, Y)
    assert tuned_pipe.steps[-1][1].threshold == pytest.approx(tuned("balanced_accuracy").threshold)
    assert pipe.steps[-1][1].threshold == 0.5  # the given estimator is not changed


def test_a_model_without_a_threshold_is_wrapped_in_a_fixed_threshold():
    model = tune_threshold(SkLogisticRegression(), X, Y, objective="f1")
    assert isinstance(model, FixedThresholdClassifier)
    p = model.predict_proba(X)[:, 1]
    np.testing.assert_array_equal(model.predict(X), (p >= model.threshold).astype(int))


def test_a_multiclass_target_is_a_clear_error():
    y3 = np.arange(len(Y)) % 3
    with pytest.raises(ValueError, match=r"tune_threshold needs a binary target .* Got 3 classes"):
        tune_threshold(LogisticRegression(), X, y3)


@pytest.mark.parametrize(
    ("objective", "match"),
    [
        ("balanced", r"`objective` must be one of 'f1', .* Did you mean 'balanced_accuracy'"),
        ("precision:high", r"needs a target in \[0, 1\] after the colon.* Got 'high'"),
        ("recall:1.5", r"'recall:1.5' needs a target in \[0, 1\]"),
    ],
)
def test_a_bad_objective_is_a_clear_error(objective, match):
    with pytest.raises(ValueError, match=match):
        tune_threshold(LogisticRegression(), X, Y, objective=objective)
