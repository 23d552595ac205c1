"""The train/test rule: a seeded hash of each row's global position.

A row is in the test part when ``hash(seed, position) < test_size`` (the hash read as a number in
[0, 1)). The rule needs no shuffle and no memory: it picks the same rows on every run, in any
order of reading, and for any number of processes sharing the chunks.
"""

from __future__ import annotations

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def _splitmix64(x: np.ndarray) -> np.ndarray:
    """The SplitMix64 finalizer, elementwise on uint64 (wrapping arithmetic)."""
    x = x + _GOLDEN
    x = (x ^ (x >> np.uint64(30))) * _MIX1
    x = (x ^ (x >> np.uint64(27))) * _MIX2
    return x ^ (x >> np.uint64(31))


def uniform_at(seed: int, start: int, rows: int) -> np.ndarray:
    """A number in [0, 1) for each position ``start .. start + rows - 1``, fixed by ``seed``."""
    return uniform_of(seed, np.arange(start, start + rows, dtype=np.uint64))


def uniform_of(seed: int, positions: np.ndarray) -> np.ndarray:
    """A number in [0, 1) for each global row position in ``positions``, fixed by ``seed``."""
    key = _splitmix64(np.array([seed % 2**64], dtype=np.uint64))
    return (_splitmix64(positions.astype(np.uint64) ^ key) >> np.uint64(11)) * (1.0 / 2**53)


def held_out(seed: int, test_size: float, start: int, rows: int) -> np.ndarray:
    """True for the rows ``start .. start + rows - 1`` that fall in the test part."""
    return uniform_at(seed, start, rows) < test_size
