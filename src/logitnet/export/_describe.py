"""What an ``.onnx`` file holds: its inputs, outputs, opsets and metadata."""

from __future__ import annotations

import os
from typing import Any

from logitnet.export._deps import require


def _shape(value: Any) -> list:
    """The dimensions of a graph input or output: numbers or names (``N``)."""
    dims = value.type.tensor_type.shape.dim
    return [d.dim_value if d.HasField("dim_value") else (d.dim_param or "?") for d in dims]


def describe_onnx(path: str | os.PathLike) -> dict:
    """``{"inputs", "outputs", "opsets", "producer", "metadata"}`` of an ONNX file.

    Each input and output is ``{"name", "type", "shape"}``, its type an ONNX element type name
    such as ``"DOUBLE"`` or ``"STRING"``.

    Raises
    ------
    ValueError
        When the file is not an ONNX model.
    """
    onnx = require("onnx")
    try:
        model = onnx.load(os.fspath(path))
    except Exception as exc:  # onnx raises DecodeError, a protobuf type, for a foreign file
        raise ValueError(f"{path}: cannot read it as an ONNX model ({exc})") from None
    if not model.graph.output:
        raise ValueError(f"{path}: cannot read it as an ONNX model (it has no outputs)")

    def values(items: Any) -> list[dict]:
        return [
            {
                "name": v.name,
                "type": onnx.TensorProto.DataType.Name(v.type.tensor_type.elem_type),
                "shape": _shape(v),
            }
            for v in items
        ]

    return {
        "inputs": values(model.graph.input),
        "outputs": values(model.graph.output),
        "opsets": dict(sorted((op.domain or "ai.onnx", op.version) for op in model.opset_import)),
        "producer": f"{model.producer_name} {model.producer_version}".strip(),
        "metadata": {p.key: p.value for p in model.metadata_props},
    }
