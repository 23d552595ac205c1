"""Tests for in-memory batching."""

from __future__ import annotations

import pytest
import torch

from logitnet.nn import InMemoryBatches, _batching


def _rows(batches):
    return torch.cat([xb[:, 0] for xb, _ in batches]).tolist()


def test_unshuffled_batches_are_slices_in_order():
    X, y = torch.arange(14.0).reshape(7, 2), torch.arange(7)
    batches = InMemoryBatches((X, y), batch_size=3, shuffle=False)
    assert len(batches) == 3
    sizes = [len(yb) for _, yb in batches]
    assert sizes == [3, 3, 1]
    assert _rows(batches) == X[:, 0].tolist()


def test_shuffled_epoch_is_a_permutation_and_rows_stay_paired(monkeypatch):
    monkeypatch.setattr(_batching, "CHUNK_ROWS", 8)  # several chunks
    X = torch.arange(50.0).repeat_interleave(2).reshape(50, 2)
    y = torch.arange(50)
    batches = InMemoryBatches((X, y), batch_size=4, generator=torch.Generator().manual_seed(0))
    seen = []
    for xb, yb in batches:
        assert torch.equal(xb[:, 0].long(), yb)
        seen += yb.tolist()
    assert sorted(seen) == list(range(50))
    assert seen != list(range(50))


def test_same_generator_seed_gives_same_order():
    X, y = torch.randn(40, 3), torch.arange(40)

    def order(seed):
        batches = InMemoryBatches((X, y), 8, generator=torch.Generator().manual_seed(seed))
        return [yb.tolist() for _, yb in batches]

    assert order(3) == order(3)
    assert order(3) != order(4)


def test_length_mismatch_and_empty_data_are_errors():
    with pytest.raises(ValueError, match=r"same number of rows. Got \[3, 2\]"):
        InMemoryBatches((torch.zeros(3, 1), torch.zeros(2)))
    with pytest.raises(ValueError, match="empty"):
        InMemoryBatches((torch.zeros(0, 1), torch.zeros(0)))
    with pytest.raises(ValueError, match="`batch_size` must be an int >= 1"):
        InMemoryBatches((torch.zeros(3, 1),), batch_size=0)
