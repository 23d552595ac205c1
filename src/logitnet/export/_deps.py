"""The optional packages of the ONNX export, with the pip command when one is missing."""

from __future__ import annotations

import importlib
from typing import Any

INSTALL = "pip install 'logitnet[onnx]'"
PACKAGES = ("onnx", "onnxruntime", "skl2onnx")


def require(name: str) -> Any:
    """Import ``name`` (one of onnx, onnxruntime, skl2onnx) or say how to install it."""
    try:
        return importlib.import_module(name)
    except ImportError:
        raise ImportError(f"the ONNX export needs the package {name!r}: {INSTALL}") from None
