"""Mini-batches from a stream: chunks in a seeded random order, through a bounded shuffle buffer.

Each epoch draws an order of the chunks, reads them in that order, and collects rows in a buffer
of at most ``buffer_rows`` rows (plus one read batch). A full buffer is shuffled and cut into
mini-batches; the rows left over (fewer than a mini-batch) stay for the next buffer. The read
batches are let go once joined into the buffer, so its rows are held once while it is drained.
The same seed gives the same batches, epoch after epoch, so the same ``random_state`` gives the
same model.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import numpy as np

from logitnet.streaming._scan import Scan

BUFFER_ROWS = 262_144  # rows shuffled together

Rows = tuple[np.ndarray, ...]  # (X, codes) or (X, codes, weights)


class ShuffledBatches:
    """Iterate over mini-batches ``(X, codes[, weights])`` of a scan, one epoch per iteration.

    Parameters
    ----------
    scan : Scan
        The rows to train on.
    rows : callable
        Turns a scan :class:`~logitnet.streaming.Batch` into the arrays of a mini-batch.
    batch_size : int
        Rows per mini-batch; the last one of an epoch may be smaller.
    seed : int
        Fixes the chunk orders and the shuffles of every epoch.
    buffer_rows : int, default=262144
        Most rows shuffled together (memory grows with it, not with the table).
    """

    def __init__(
        self,
        scan: Scan,
        rows: Callable[..., Rows],
        batch_size: int,
        seed: int,
        buffer_rows: int = BUFFER_ROWS,
    ) -> None:
        self.scan, self.rows, self.batch_size = scan, rows, batch_size
        self.buffer_rows = max(buffer_rows, batch_size)
        self.seed, self.epoch = seed, 0
        self.n_rows = scan.n_rows

    def __len__(self) -> int:
        return max(1, math.ceil(self.n_rows / self.batch_size))

    def __iter__(self) -> Iterator[Rows]:
        rng = np.random.default_rng([self.seed, self.epoch])
        self.epoch += 1
        chunks = self.scan.chunks
        order = [chunks[i] for i in rng.permutation(len(chunks))]
        pending: list[Rows] = []
        held = 0
        for batch in self.scan.batches(order=order):
            pending.append(self.rows(batch))
            del batch  # its float64 matrix is not needed once converted
            held += len(pending[-1][0])
            if held >= self.buffer_rows:
                buffer, pending = _join(pending), []  # the read batches go: one copy held
                leftover = yield from self._drain(buffer, rng, keep_tail=True)
                del buffer
                pending, held = [leftover], len(leftover[0])
        if held:
            buffer, pending = _join(pending), []
            yield from self._drain(buffer, rng, keep_tail=False)

    def _drain(self, rows: Rows, rng: np.random.Generator, *, keep_tail: bool):
        """Yield the shuffled buffer as mini-batches; return the tail kept for the next one."""
        n = len(rows[0])
        order = rng.permutation(n)
        full = n // self.batch_size * self.batch_size if keep_tail else n
        for start in range(0, full, self.batch_size):
            take = order[start : start + self.batch_size]
            yield tuple(a[take] for a in rows)
        return tuple(a[order[full:]] for a in rows)


def _join(parts: list[Rows]) -> Rows:
    """Concatenate row tuples field by field."""
    return tuple(np.concatenate(field) for field in zip(*parts, strict=True))
