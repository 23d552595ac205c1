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

from logitnet.workflow._config import TrainConfig
from logitnet.workflow._outputs import FILES
from logitnet.workflow._read import iter_table, read_table
from logitnet.workflow._result import TrainResult
from logitnet.workflow._run import run_training
from logitnet.workflow._split import Split

__all__ = [
    "FILES",
    "Split",
    "TrainConfig",
    "TrainResult",
    "iter_table",
    "read_table",
    "run_training",
]
