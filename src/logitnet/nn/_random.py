"""A seeded, local use of torch's global random generator."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import torch

__all__ = ["local_torch_rng"]


@contextlib.contextmanager
def local_torch_rng(seed: int) -> Iterator[None]:
    """Seed torch's global CPU generator inside the block, and restore it afterwards.

    Custom modules that use it (``nn.Dropout``, default initializers) become
    deterministic without touching the caller's random state.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield
