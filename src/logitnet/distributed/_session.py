"""A process group for the length of one call: joined from the environment, left after."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from logitnet._group import active, join_from_env, leave


@contextmanager
def process_group() -> Iterator[bool]:
    """Join torchrun's group for the block when there is one; yield whether a group is active.

    A group the caller initialized is used and kept; one joined here is left at the end.
    """
    if active():
        yield True
        return
    joined = join_from_env()
    try:
        yield joined
    finally:
        if joined:
            leave()
