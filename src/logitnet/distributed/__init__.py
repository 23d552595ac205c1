"""Training on several processes and machines, on torch.distributed.

``logitnet train --processes N`` starts N local workers through torch's elastic launcher;
under ``torchrun`` the same command joins the group from the environment. Inside a group,
a logistic regression sums its loss, gradient and curvature over the ranks (one all-reduce
per quantity) and a network trains with DistributedDataParallel. ``fit`` on a
:func:`logitnet.scan` inside a group shards it by rank (:func:`share_of`): each rank streams
its own share of the files.
"""

from __future__ import annotations

# ``from ... import x as x``: x is for logitnet's other packages, not in __all__.
from logitnet._group import (
    active,
    all_reduce,
    backend,
    barrier,
    join_from_env,
    launched,
    leave,
    rank,
    share_of,
    world_size,
)
from logitnet.distributed._evaluate import evaluate_shared
from logitnet.distributed._fit import fit
from logitnet.distributed._fit import fit_pipeline as fit_pipeline
from logitnet.distributed._fit import fit_scan as fit_scan
from logitnet.distributed._launch import WorkerFailedError, launch, launched_by_us, record_error
from logitnet.distributed._launch import restarted_by_us as restarted_by_us
from logitnet.distributed._resume import Checkpointing
from logitnet.distributed._session import process_group
from logitnet.distributed._shard import shard_rows

__all__ = [
    "Checkpointing",
    "WorkerFailedError",
    "active",
    "all_reduce",
    "backend",
    "barrier",
    "evaluate_shared",
    "fit",
    "join_from_env",
    "launch",
    "launched",
    "launched_by_us",
    "leave",
    "process_group",
    "rank",
    "record_error",
    "shard_rows",
    "share_of",
    "world_size",
]
