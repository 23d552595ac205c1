"""The process group, on torch.distributed: rank, world size, all-reduce, and a scan's share.

Every layer may ask where it runs; nothing here starts processes (that is
:mod:`logitnet.distributed`'s launcher) or imports torch before a group exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from logitnet._group._gather import all_gather_array as all_gather_array
    from logitnet._group._gather import all_gather_json as all_gather_json
    from logitnet._group._gather import gather_rows as gather_rows

# For logitnet's other packages, not in __all__; they import numpy, so on first use.
_LAZY = dict.fromkeys(
    ["all_gather_array", "all_gather_json", "gather_rows"], "logitnet._group._gather"
)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'logitnet._group' has no attribute {name!r}")


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
