"""``export_onnx``: a saved model as one ONNX graph, preprocessing to label."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from logitnet.export._deps import require

if TYPE_CHECKING:
    from logitnet._typing import Classifier

__all__ = ["OPSET", "export_onnx"]

OPSET = 17  # of the default ONNX domain; onnxruntime >= 1.13 runs it
ML_OPSET = 3  # of ai.onnx.ml (skl2onnx's OneHotEncoder, LabelEncoder, ...)
FEATURES, INDEX, PROBABILITIES, LABEL = "features", "label_index", "probabilities", "label"


def export_onnx(model: Classifier | str | os.PathLike[str], path: str | os.PathLike[str]) -> Path:
    """Write ``model``, preprocessing included, as one ONNX file that onnxruntime runs.

    The graph takes the raw columns as named inputs of shape (N, 1): float64 for number
    columns, strings for text columns (a missing number is NaN, a missing text the empty
    string). It outputs ``label`` (N,) and ``probabilities`` (N, n_classes), in the order of
    ``classes_``. It holds the imputation, standardization and one-hot coding, the model
    (logistic regression, binary or multinomial, or a NeuralNetClassifier's network), a
    sigmoid calibration, and the threshold: the same answers as ``logitnet predict`` (to about
    1e-12 for a logistic regression, 1e-7 for a network). A category unseen in training counts
    as none, as in logitnet.

    Parameters
    ----------
    model : fitted model or path
        What :func:`logitnet.load` returns (a Pipeline of logitnet's preprocessing and a
        logitnet estimator, calibrated or with a tuned threshold; or a bare estimator), or the
        path of a ``.safetensors`` model file.
    path : str or path-like
        The ``.onnx`` file to write, atomically.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    ImportError
        When onnx or skl2onnx is missing, naming ``pip install 'logitnet[onnx]'``.
    ValueError
        For a model with no ONNX form here, saying why (an isotonic calibration, say).

    Examples
    --------
    >>> import logitnet, numpy as np, onnxruntime as ort
    >>> logitnet.export_onnx("run1/model.safetensors", "model.onnx")  # doctest: +SKIP
    >>> session = ort.InferenceSession("model.onnx")  # doctest: +SKIP
    >>> row = {"attack": np.array([[49.0]]), "type": np.array([["grass"]])}  # one per column
    >>> label, probabilities = session.run(None, row)  # doctest: +SKIP
    """
    from logitnet._io import write_atomic
    from logitnet.export._head import ExportRefusedError

    onnx = require("onnx")
    if isinstance(model, str | os.PathLike):
        from logitnet.persistence import load

        model = load(model)
    try:
        graph = build_graph(model)
    except ExportRefusedError as exc:
        raise ValueError(f"cannot export this model to ONNX: {exc}") from None
    onnx.checker.check_model(graph)
    return write_atomic(path, graph.SerializeToString())


def build_graph(model: Any) -> Any:
    """The ONNX ModelProto of a fitted model (see :func:`export_onnx`)."""
    from logitnet.export._head import ExportRefusedError, head_module
    from logitnet.export._preprocess import preprocess_graph
    from logitnet.serving import Encoder, make_encoder, split_model

    onnx = require("onnx")
    preprocess, final = split_model(model)
    encoder = make_encoder(preprocess, final)
    if not isinstance(encoder, Encoder):
        raise ExportRefusedError("its preprocessing is not logitnet's (make_preprocessor)")
    transformer = None if preprocess is None else preprocess.steps[0][1]
    pre = _at_opset(preprocess_graph(encoder, transformer, {"": OPSET, "ai.onnx.ml": ML_OPSET}))
    head = _head_graph(head_module(final), _width(pre))
    labels = _labels_graph(np.asarray(final.classes_))
    ir = min(pre.ir_version, head.ir_version, labels.ir_version)
    for part in (pre, head, labels):
        part.ir_version = ir
    merged = onnx.compose.merge_models(
        pre,
        _prefixed(head, "head_", {FEATURES, INDEX, PROBABILITIES}),
        io_map=[(FEATURES, FEATURES)],
    )
    merged = onnx.compose.merge_models(
        merged,
        _prefixed(labels, "labels_", {INDEX, LABEL}),
        io_map=[(INDEX, INDEX)],
    )
    outputs = sorted(merged.graph.output, key=lambda v: [LABEL, PROBABILITIES].index(v.name))
    del merged.graph.output[:]
    merged.graph.output.extend(outputs)
    for value in merged.graph.input:  # skl2onnx leaves the row dimension unnamed
        value.type.tensor_type.shape.dim[0].dim_param = "N"
    _describe(merged, model, final, encoder)
    return merged


def _at_opset(model: Any) -> Any:
    """``model`` at opset OPSET of the default domain (skl2onnx picks the lowest that its nodes
    need; ``onnx.compose`` joins graphs of one opset only)."""
    onnx = require("onnx")
    current = {op.domain: op.version for op in model.opset_import}.get("", OPSET)
    if current == OPSET:
        return model
    return onnx.version_converter.convert_version(model, OPSET)


def _width(pre: Any) -> int:
    """The number of features the preprocessing graph outputs."""
    dims = pre.graph.output[0].type.tensor_type.shape.dim
    return int(dims[1].dim_value)


def _head_graph(module: Any, width: int) -> Any:
    """``torch.onnx.export`` of the head (the TorchScript exporter: it needs no network)."""
    import warnings

    import torch

    onnx = require("onnx")
    buffer = io.BytesIO()
    example = torch.zeros(2, width, dtype=torch.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notice
        torch.onnx.export(  # a file object is accepted as the destination
            module.eval(),
            (example,),
            buffer,  # type: ignore[arg-type]
            input_names=[FEATURES],
            output_names=[INDEX, PROBABILITIES],
            opset_version=OPSET,
            dynamo=False,
            dynamic_axes={FEATURES: {0: "N"}, INDEX: {0: "N"}, PROBABILITIES: {0: "N"}},
        )
    return onnx.load_from_string(buffer.getvalue())


def _labels_graph(classes: np.ndarray) -> Any:
    """A graph mapping class indices to the class labels (Gather on a constant)."""
    require("onnx")
    from onnx import TensorProto, helper, numpy_helper

    values, elem = _label_values(classes)
    table = numpy_helper.from_array(values, name="classes")
    node = helper.make_node("Gather", ["classes", INDEX], [LABEL], axis=0)
    graph = helper.make_graph(
        [node],
        "labels",
        [helper.make_tensor_value_info(INDEX, TensorProto.INT64, ["N"])],
        [helper.make_tensor_value_info(LABEL, elem, ["N"])],
        initializer=[table],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])


def _label_values(classes: np.ndarray) -> tuple[np.ndarray, int]:
    """The classes as int64, float64 or string values, and their ONNX element type."""
    from onnx import TensorProto

    if classes.dtype.kind in "iu":
        return classes.astype(np.int64), TensorProto.INT64
    if classes.dtype.kind == "f":
        return classes.astype(np.float64), TensorProto.DOUBLE
    return np.array([str(c) for c in classes.tolist()], dtype=object), TensorProto.STRING


def _prefixed(model: Any, prefix: str, keep: set[str]) -> Any:
    """``model`` with every inner name prefixed (so that merged graphs do not clash), and the
    names in ``keep`` (its inputs and outputs) left as they are."""
    onnx = require("onnx")
    model = onnx.compose.add_prefix(model, prefix)
    back = {prefix + name: name for name in keep}
    graph = model.graph
    for value in [*graph.input, *graph.output]:
        value.name = back.get(value.name, value.name)
    for node in graph.node:
        node.input[:] = [back.get(n, n) for n in node.input]
        node.output[:] = [back.get(n, n) for n in node.output]
    return model


def _describe(merged: Any, model: Any, final: Any, encoder: Any) -> None:
    """Metadata beside the graph: versions, classes, threshold, inputs."""
    from logitnet import __version__
    from logitnet.tuning import threshold_in_use

    classes = np.asarray(final.classes_).tolist()
    props = {
        "logitnet_version": __version__,
        "classes": json.dumps([c if isinstance(c, int | float) else str(c) for c in classes]),
        "inputs": json.dumps([{"name": c.name, "type": c.kind} for c in encoder.columns]),
        "missing_text": '""',
    }
    if len(classes) == 2:
        props["threshold"] = repr(threshold_in_use(model))
    merged.producer_name = "logitnet"
    merged.producer_version = __version__
    require("onnx").helper.set_model_props(merged, props)
