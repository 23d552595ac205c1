"""``NeuralNetClassifier.fit(scan)``: streamed epochs, seeded, with early stopping."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from logitnet import NeuralNetClassifier
from logitnet.exceptions import DataError
from logitnet.streaming import scan

from ..streaming.conftest import make_frame, write_parquet

FEATURES = ["p", "q", "r", "s"]


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    frame = make_frame(1500, seed=2)
    folder = tmp_path_factory.mktemp("nets")
    write_parquet(frame.iloc[:900], folder / "a.parquet", row_group_size=300)
    write_parquet(frame.iloc[900:], folder / "b.parquet", row_group_size=300)
    return frame, folder


def _net(**params):
    defaults = dict(hidden_layer_sizes=(8,), epochs=5, batch_size=64, lr=0.01, random_state=3)
    return NeuralNetClassifier(**{**defaults, **params})


def _weights(net):
    return [p.detach().clone() for p in net.module_.parameters()]


@pytest.mark.slow
def test_the_same_random_state_gives_the_same_model(table):
    _, folder = table
    data = scan(folder, target="kind", features=FEATURES, batch_rows=128)
    one, two = _net().fit(data), _net().fit(data)
    for a, b in zip(_weights(one), _weights(two), strict=True):
        torch.testing.assert_close(a, b, rtol=0, atol=0)
    other = _net(random_state=4).fit(data)
    assert not torch.equal(_weights(one)[0], _weights(other)[0])


@pytest.mark.slow
def test_a_streamed_network_learns_the_classes(table):
    frame, folder = table
    data = scan(folder, target="kind", features=FEATURES, batch_rows=128)
    net = _net(epochs=20).fit(data)
    assert net.classes_.tolist() == ["a", "b", "c"]
    assert (
        len(net.history_) == 20 and net.history_[-1]["train_loss"] < net.history_[0]["train_loss"]
    )
    proba = net.predict_proba(data)
    np.testing.assert_allclose(proba, net.predict_proba(frame[FEATURES]), atol=1e-6)
    assert net.score(data) == pytest.approx(net.score(frame[FEATURES], frame["kind"]))
    assert net.score(data) > 0.6


def test_early_stopping_watches_a_held_out_part(table):
    _, folder = table
    data = scan(folder, target="flag", features=FEATURES, batch_rows=128)
    net = _net(epochs=200, early_stopping=True, patience=3, validation_fraction=0.2).fit(data)
    assert net.n_epochs_ < 200
    assert {"valid_loss", "valid_acc"} <= set(net.history_[-1])
    assert net.best_epoch_ is not None


def test_weights_and_class_weights_enter_the_loss(table):
    _, folder = table
    data = scan(folder, target="flag", features=FEATURES, weight="w", batch_rows=128)
    plain = _net(epochs=2).fit(scan(folder, target="flag", features=FEATURES, batch_rows=128))
    weighted = _net(epochs=2, class_weight="balanced").fit(data)
    assert not torch.equal(_weights(plain)[0], _weights(weighted)[0])


def test_score_names_a_label_the_model_never_saw(table, tmp_path):
    frame, folder = table
    net = _net(epochs=1).fit(scan(folder, target="kind", features=FEATURES))
    other = write_parquet(frame.assign(kind="zebra").iloc[:10], tmp_path / "new.parquet")
    with pytest.raises(
        DataError,
        match=r"new\.parquet, row group 0: the target has labels the model never saw: 'zebra'",
    ):
        net.score(scan(other, target="kind", features=FEATURES))
