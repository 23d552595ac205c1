"""JSON values of parameters and attributes: tuples, arrays and dicts are tagged to come back."""

from __future__ import annotations

from typing import Any

import numpy as np


def to_json(value: Any, name: str) -> Any:
    """Encode a parameter or attribute value as JSON, tagging tuples, arrays and odd dicts."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, list | tuple):
        items = [to_json(v, name) for v in value]
        return {"__tuple__": items} if isinstance(value, tuple) else items
    if isinstance(value, dict):
        return {"__dict__": [[to_json(k, name), to_json(v, name)] for k, v in value.items()]}
    if isinstance(value, np.ndarray):
        dtype = "object" if value.dtype == object else value.dtype.str
        return {"__ndarray__": to_json(value.tolist(), name), "dtype": dtype}
    return _class_to_json(value, name)


def _class_to_json(value: Any, name: str) -> Any:
    """Encode a torch optimizer class by name; anything else cannot be saved."""
    import torch

    if (
        isinstance(value, type)
        and issubclass(value, torch.optim.Optimizer)
        and getattr(torch.optim, value.__name__, None) is value
    ):
        return {"__optimizer__": value.__name__}  # type: ignore[union-attr]
    raise TypeError(
        f"Cannot save {name!r}: {value!r} is not a JSON value (numbers, strings, lists, dicts, "
        "arrays) or a torch.optim optimizer class."
    )


def _optimizer_class(name: str) -> type:
    """Look up a torch.optim optimizer class; only real optimizer classes are returned."""
    import torch

    found = getattr(torch.optim, name, None) if name.isidentifier() else None
    if not (isinstance(found, type) and issubclass(found, torch.optim.Optimizer)):
        raise ValueError(f"{name!r} is not a torch.optim optimizer")
    return found


def from_json(value: Any) -> Any:
    """Decode what :func:`to_json` wrote."""
    if isinstance(value, list):
        return [from_json(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__tuple__" in value:
        return tuple(from_json(v) for v in value["__tuple__"])
    if "__dict__" in value:
        return {from_json(k): from_json(v) for k, v in value["__dict__"]}
    if "__ndarray__" in value:
        return np.array(from_json(value["__ndarray__"]), dtype=value["dtype"])
    if "__optimizer__" in value:
        return _optimizer_class(value["__optimizer__"])
    raise ValueError(f"unknown tagged value {sorted(value)}")
