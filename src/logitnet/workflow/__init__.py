"""The training workflow as a library: ``run_training(TrainConfig(...))``.

The ``logitnet train`` command only turns its options into a :class:`TrainConfig`, calls
:func:`run_training` and prints what it returns; Python users call it the same way.

Examples
--------
>>> from logitnet import TrainConfig, run_training
>>> config = TrainConfig("pokemon.csv", "legendary", class_weight="balanced", out="run1")
>>> result = run_training(config)  # doctest: +SKIP
>>> result.scores["balanced_accuracy"], result.files  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from logitnet.workflow._config import TrainConfig
from logitnet.workflow._outputs import FILES
from logitnet.workflow._read import iter_table, read_table
from logitnet.workflow._result import TrainResult
from logitnet.workflow._run import run_training
from logitnet.workflow._split import Split

if TYPE_CHECKING:
    from logitnet.workflow._prepare import split_names as split_names
    from logitnet.workflow._regularization import (
        regularization_document as regularization_document,
    )
    from logitnet.workflow._regularization import regularization_lines as regularization_lines
    from logitnet.workflow._stream_metrics import streamed_metrics as streamed_metrics
    from logitnet.workflow._stream_progress import PassProgress as PassProgress

# For the command line, not in __all__; some import numpy, so each on first use.
_LAZY = {
    "PassProgress": "logitnet.workflow._stream_progress",
    "regularization_document": "logitnet.workflow._regularization",
    "regularization_lines": "logitnet.workflow._regularization",
    "split_names": "logitnet.workflow._prepare",
    "streamed_metrics": "logitnet.workflow._stream_metrics",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'logitnet.workflow' has no attribute {name!r}")


__all__ = [
    "FILES",
    "Split",
    "TrainConfig",
    "TrainResult",
    "iter_table",
    "read_table",
    "run_training",
]
