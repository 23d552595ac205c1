"""Tests for the training history."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import pytest
from sklearn.datasets import make_classification
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from logitnet import LogisticRegression
from logitnet.history import History, history_of

RECORDS = [
    {"epoch": 1, "train_loss": 0.7, "valid_loss": 0.8, "valid_acc": 0.5, "dur": 0.1},
    {"epoch": 2, "train_loss": 0.5, "dur": 0.1},
]


def test_index_by_position_and_key():
    h = History(RECORDS)
    assert len(h) == 2
    assert h[0]["valid_acc"] == 0.5
    assert h[-1]["epoch"] == 2
    assert h["train_loss"] == [0.7, 0.5]
    assert h["valid_loss"] == [0.8, None]
    assert h[1:].to_list() == [RECORDS[1]]


def test_records_are_copies():
    h = History.from_list(RECORDS)
    h.to_list()[0]["train_loss"] = 99.0
    assert h[0]["train_loss"] == 0.7


def test_json_round_trip(tmp_path):
    path = tmp_path / "history.json"
    History(RECORDS).to_json(path)
    assert json.loads(path.read_text()) == RECORDS
    assert History.from_json(path) == History(RECORDS)
    assert [p.name for p in tmp_path.iterdir()] == ["history.json"]  # no temporary file left


def test_from_list_rejects_non_dicts():
    with pytest.raises(TypeError, match="Each history record must be a dict"):
        History.from_list([1, 2])


def test_from_json_rejects_non_list(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"epoch": 1}')
    with pytest.raises(ValueError, match="JSON list of records"):
        History.from_json(path)


def test_history_of_a_logistic_model_and_a_pipeline():
    X, y = make_classification(n_samples=60, n_features=4, random_state=0)
    model = LogisticRegression(alpha=0.1).fit(X, y)
    assert history_of(model) is model.history_
    assert history_of(make_pipeline(StandardScaler(), model)) is model.history_


def test_history_of_scikit_learn_s_mlp_comes_from_its_loss_curve():
    X, y = make_classification(n_samples=60, n_features=4, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mlp = MLPClassifier((3,), max_iter=3, random_state=0).fit(X, y)
    assert history_of(mlp).to_list() == [
        {"epoch": i + 1, "train_loss": v} for i, v in enumerate(mlp.loss_curve_)
    ]


def test_history_of_a_model_without_one_is_none():
    assert history_of(StandardScaler()) is None


def test_logitnet_and_logitnet_nn_history_are_this_class():
    import logitnet
    import logitnet.nn

    assert logitnet.History is History and logitnet.nn.History is History


def test_the_history_module_does_not_import_torch():
    code = "import sys, logitnet.history; print('torch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
