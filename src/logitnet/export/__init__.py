"""A saved model as one ONNX file: ``logitnet export MODEL --onnx model.onnx``.

The preprocessing is converted by skl2onnx, the classifier by ``torch.onnx``, and the parts are
joined with ``onnx.compose``; onnx, onnxruntime and skl2onnx are the optional extra
``logitnet[onnx]``.
"""

from __future__ import annotations

from logitnet.export._deps import INSTALL
from logitnet.export._describe import describe_onnx
from logitnet.export._onnx import OPSET, export_onnx

__all__ = ["INSTALL", "OPSET", "describe_onnx", "export_onnx"]
