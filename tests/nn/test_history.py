"""Tests for the training history."""

from __future__ import annotations

import json

import pytest

from logitnet.nn import History

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
