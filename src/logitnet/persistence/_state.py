"""Fitted state: numeric arrays go to safetensors tensors, every other attribute to JSON."""

from __future__ import annotations

from typing import Any

import numpy as np

from logitnet.persistence._json import from_json, to_json


class Tensors:
    """The tensors of one file, keyed by dotted names such as ``"steps.1.coef_"``."""

    def __init__(self, arrays: dict[str, Any] | None = None) -> None:
        self.arrays = arrays if arrays is not None else {}

    def put(self, key: str, array: Any) -> str:
        """Store a numpy array or torch tensor under ``key``; return the key."""
        self.arrays[key] = array
        return key

    def numpy(self, key: str) -> np.ndarray:
        """Return the tensor stored under ``key`` as a numpy array (a writable copy)."""
        value = self.arrays[key]
        return np.array(value if isinstance(value, np.ndarray) else value.numpy())


def _is_tensor_like(value: Any) -> bool:
    """True for numeric or boolean numpy arrays, which are stored as tensors."""
    return isinstance(value, np.ndarray) and value.dtype.kind in "biuf"


def encode_attrs(obj: Any, names: list[str], prefix: str, tensors: Tensors) -> dict:
    """Encode the fitted attributes ``names`` that ``obj`` has: arrays as tensors, the rest JSON."""
    state = {}
    for name in names:
        if not hasattr(obj, name):
            continue
        value = getattr(obj, name)
        if _is_tensor_like(value) and name not in ("classes_", "feature_names_in_"):
            state[name] = {"__tensor__": tensors.put(prefix + name, value)}
        else:
            state[name] = to_json(value, name)
    return state


def decode_attrs(obj: Any, state: dict, tensors: Tensors) -> None:
    """Set the attributes encoded by :func:`encode_attrs` on ``obj``."""
    for name, value in state.items():
        if isinstance(value, dict) and "__tensor__" in value:
            setattr(obj, name, tensors.numpy(value["__tensor__"]))
        else:
            setattr(obj, name, from_json(value))


def encode_params(params: dict) -> dict:
    """Encode ``get_params(deep=False)`` as JSON."""
    return {name: to_json(value, name) for name, value in params.items()}


def decode_params(params: dict) -> dict:
    """Decode what :func:`encode_params` wrote."""
    return {name: from_json(value) for name, value in params.items()}
