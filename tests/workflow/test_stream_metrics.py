"""Streamed metrics: every row for the label metrics, a bounded sample for the probability ones."""

from __future__ import annotations

import pytest
from sklearn.metrics import accuracy_score, roc_auc_score

from logitnet import LogisticRegression
from logitnet.streaming import scan
from logitnet.workflow import _stream_metrics as _metrics
from logitnet.workflow._stream_metrics import streamed_metrics

from ..streaming.conftest import write_parquet

FEATURES = ["p", "q", "r", "s"]


@pytest.fixture
def fitted(tmp_path, frame):
    path = write_parquet(frame, tmp_path / "t.parquet")
    data = scan(path, target="flag", features=FEATURES)
    model = LogisticRegression().fit(frame[FEATURES].to_numpy(), frame["flag"].to_numpy())
    return model, data, frame


def test_every_row_counts_below_the_sample_size(fitted):
    model, data, frame = fitted
    X, y = frame[FEATURES].to_numpy(), frame["flag"].to_numpy()
    scores = streamed_metrics(model, data)["metrics"]
    assert scores["n_samples"] == len(frame)
    assert scores["accuracy"] == accuracy_score(y, model.predict(X))
    assert scores["roc_auc"] == pytest.approx(roc_auc_score(y, model.predict_proba(X)[:, 1]))


def test_probability_metrics_of_a_long_part_come_from_a_seeded_sample(fitted, monkeypatch):
    model, data, _ = fitted
    full = streamed_metrics(model, data)["metrics"]
    monkeypatch.setattr(_metrics, "PROBABILITY_ROWS", 400)
    first, again = (streamed_metrics(model, data)["metrics"] for _ in range(2))
    assert first == again
    for name in ("n_samples", "accuracy", "f1_macro", "log_loss"):
        assert first[name] == full[name]
    assert first["roc_auc"] != full["roc_auc"]
    assert first["roc_auc"] == pytest.approx(full["roc_auc"], abs=0.05)
