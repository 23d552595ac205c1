"""``ShuffledBatches``: seeded mini-batches through a shuffle buffer of bounded size."""

from __future__ import annotations

import weakref

import numpy as np
import pytest

from logitnet.streaming import scan
from logitnet.streaming._shuffle import ShuffledBatches

from .conftest import make_frame, write_parquet

BATCH_ROWS = 40  # rows per read batch
BUFFER_ROWS = 100


class _Rows:
    """The ``rows`` callable: (X, row numbers), remembering each array it handed out."""

    def __init__(self) -> None:
        self.handed_out: list[tuple[int, weakref.ref]] = []  # (rows, the X it returned)

    def __call__(self, batch):
        X = batch.X.astype(np.float32)
        self.handed_out.append((len(X), weakref.ref(X)))
        return X, np.rint(batch.X[:, 0] * 1000).astype(np.int64)

    def rows_read(self) -> int:
        return sum(n for n, _ in self.handed_out)

    def rows_alive(self) -> int:
        return sum(n for n, ref in self.handed_out if ref() is not None)


@pytest.fixture
def numbered(tmp_path):
    """A scan of 1,000 rows over 4 row groups; feature ``i`` is the row number / 1000."""
    frame = make_frame(1000, seed=5)
    frame["i"] = np.arange(1000) / 1000
    path = write_parquet(frame, tmp_path / "numbered.parquet", row_group_size=250)
    return scan(path, target="kind", features=["i", "p"], batch_rows=BATCH_ROWS)


def _batches(data, rows, batch_size=32, seed=0):
    return ShuffledBatches(data, rows, batch_size, seed, buffer_rows=BUFFER_ROWS)


def test_the_buffer_never_holds_more_than_its_bound(numbered):
    rows = _Rows()
    yielded = most_held = 0
    for X, _ in _batches(numbered, rows):
        yielded += len(X)
        most_held = max(most_held, rows.rows_read() - yielded)
    assert yielded == 1000
    # at most buffer_rows rows plus one read batch were read and not yet handed on
    assert most_held <= BUFFER_ROWS + BATCH_ROWS
    assert most_held >= BUFFER_ROWS - 32  # it does fill: a full buffer less one mini-batch


def test_read_batches_are_let_go_once_joined_into_the_buffer(numbered):
    rows = _Rows()
    alive_while_drawn = [rows.rows_alive() for _ in _batches(numbered, rows)]
    assert len(alive_while_drawn) == 32  # ceil(1000 / 32) mini-batches
    assert max(alive_while_drawn) == 0  # the buffer holds its rows once, not twice


def test_every_row_once_per_epoch_in_a_seeded_order(numbered):
    batches = _batches(numbered, _Rows(), seed=7)
    first, second = ([int(i) for _, ids in batches for i in ids] for _ in range(2))
    assert sorted(first) == sorted(second) == list(range(1000))
    assert first != second  # a new order each epoch
    again = _batches(numbered, _Rows(), seed=7)
    assert [int(i) for _, ids in again for i in ids] == first
    assert len(batches) == 32
