"""Tests for ``TrainConfig``: the same checks and messages as the estimators."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from logitnet import LogisticRegression, NeuralNetClassifier, TrainConfig


def _message(estimator, **params) -> tuple[type, str]:
    """The exception type and message the estimator gives for ``params``."""
    with pytest.raises((ValueError, TypeError)) as info:
        estimator(**params).check_params()
    return info.type, str(info.value)


@pytest.mark.parametrize(
    ("fields", "estimator", "params"),
    [
        ({"solver": "newtn"}, LogisticRegression, {"solver": "newtn"}),
        ({"class_weight": "balance"}, LogisticRegression, {"class_weight": "balance"}),
        ({"alpha": -1.0}, LogisticRegression, {"alpha": -1.0}),
        ({"model": "mlp", "activation": "relu6"}, NeuralNetClassifier, {"activation": "relu6"}),
        ({"model": "mlp", "dropout": 1.0}, NeuralNetClassifier, {"dropout": 1.0}),
        ({"model": "mlp", "optimizer": "adan"}, NeuralNetClassifier, {"optimizer": "adan"}),
        ({"model": "mlp", "patience": 0}, NeuralNetClassifier, {"patience": 0}),
        (
            {"model": "mlp", "validation_fraction": 1.0},
            NeuralNetClassifier,
            {"validation_fraction": 1.0},
        ),
        ({"model": "mlp", "class_weight": [1]}, NeuralNetClassifier, {"class_weight": [1]}),
        ({"model": "mlp", "epochs": 0}, NeuralNetClassifier, {"epochs": 0}),
        ({"threshold": 1.5}, LogisticRegression, {"threshold": 1.5}),
        ({"model": "mlp", "threshold": -0.1}, NeuralNetClassifier, {"threshold": -0.1}),
    ],
)
def test_bad_settings_fail_as_the_estimator_fails(fields, estimator, params):
    kind, message = _message(estimator, **params)
    with pytest.raises(kind) as info:
        TrainConfig("t.csv", "y", **fields)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("fields", "kind", "message"),
    [
        ({"model": "svm"}, ValueError, "`model` must be one of 'logistic', 'mlp'. Got 'svm'"),
        ({"impute": "mode"}, ValueError, "`impute` must be one of 'mean', 'median', 'most_freq"),
        ({"test_size": 1.0}, ValueError, r"`test_size` must be in \[0.0, 1.0\). Got 1.0 instead"),
        ({"reference": "colour=red"}, TypeError, r"`reference` must be a dict \{column: level\}"),
        ({"ci": "exact"}, ValueError, r"`ci` must be one of .*wald.*profile"),
        ({"ci": "profile", "alpha": 0.1}, ValueError, r"ci='profile' profiles the unpenalized"),
        (
            {"model": "mlp", "reference": {"colour": "red"}},
            ValueError,
            r"model='mlp' keeps every level",
        ),
        ({"seed": -1}, ValueError, "`seed` must be an int >= 0. Got -1 instead."),
        ({"model": "mlp", "hidden": (8, 0)}, ValueError, "`hidden` must be an int >= 1. Got 0"),
        ({"model": "mlp", "hidden": 8}, TypeError, "`hidden` must be a tuple of layer sizes"),
        ({"calibrate": "platt"}, ValueError, "`calibrate` must be one of 'sigmoid', 'isotonic'"),
        ({"tune_threshold": "f2"}, ValueError, "`objective` must be one of 'f1', 'balanced_acc"),
        ({"tune_threshold": "recall:2"}, ValueError, r"needs a target in \[0, 1\] after the"),
        (
            {"threshold": 0.3, "tune_threshold": "f1"},
            ValueError,
            "Give `threshold` or `tune_threshold`, not both",
        ),
    ],
)
def test_bad_workflow_settings_name_the_field_and_value(fields, kind, message):
    with pytest.raises(kind, match=message):
        TrainConfig("t.csv", "y", **fields)


def test_target_must_be_a_column_name():
    with pytest.raises(TypeError, match="`target` must be a column name. Got None instead."):
        TrainConfig("t.csv", None)


def test_paths_and_lists_are_normalized_and_to_dict_is_plain_json():
    config = TrainConfig("t.csv", "y", model="mlp", hidden=[8, 4], out="run")
    assert config.data == Path("t.csv") and config.out == Path("run")
    assert config.hidden == (8, 4)
    doc = config.to_dict()
    assert doc["data"] == "t.csv" and doc["out"] == "run" and doc["hidden"] == [8, 4]
    assert list(doc)[:5] == ["data", "target", "features", "drop", "model"]


@pytest.mark.slow
def test_a_logistic_config_does_not_import_torch():
    code = (
        "import sys; from logitnet import TrainConfig; "
        "TrainConfig('t.csv', 'y', class_weight='balanced').estimator(); "
        "print('torch' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
