"""Read and prepare the table a TrainConfig names: select, check and (optionally) balance it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from logitnet.workflow._read import read_table

if TYPE_CHECKING:
    from logitnet.workflow._config import TrainConfig


def load_table(config: TrainConfig) -> Any:
    """The prepared table (:class:`logitnet.preprocessing.Table`), with its notes."""
    from logitnet.preprocessing import prepare_table

    table = prepare_table(
        read_table(Path(config.data)),
        config.target,
        features=split_names(config.features),
        drop=split_names(config.drop),
        dropna=config.dropna,
        impute=config.impute,
    )
    return balanced(table, config.target, config.seed) if config.balance else table


def split_names(values: list[str] | None) -> list[str] | None:
    """``["a,b", "c"]`` -> ``["a", "b", "c"]``: column lists accept repeats and commas."""
    if values is None:
        return None
    names = [name.strip() for value in values for name in value.split(",")]
    return [name for name in names if name]


def balanced(table: Any, target: str, seed: int) -> Any:
    """Undersample every class to the smallest, the lecture's way; a note says how far."""
    from logitnet.datasets import balance_classes

    frame = balance_classes(table.X.assign(**{target: table.y}), target, random_state=seed)
    table.notes.append(f"balanced the classes: {len(table.y)} -> {len(frame)} rows")
    table.X, table.y = frame[table.plan.features], frame[target]
    return table
