"""The process group, on torch.distributed: rank, world size, all-reduce, and a scan's share.

Every layer may ask where it runs; nothing here starts processes (that is
:mod:`logitnet.distributed`'s launcher) or imports torch before a group exists.
"""

from __future__ import annotations

from logitnet._group._process import (
    ENV_VARS,
    active,
    all_reduce,
    backend,
    barrier,
    join_from_env,
    launched,
    leave,
    rank,
    world_size,
)
from logitnet._group._share import in_group, share_of

__all__ = [
    "ENV_VARS",
    "active",
    "all_reduce",
    "backend",
    "barrier",
    "in_group",
    "join_from_env",
    "launched",
    "leave",
    "rank",
    "share_of",
    "world_size",
]
