"""The preprocessing as ONNX, by skl2onnx: named raw columns in, the feature matrix out.

The fitted ColumnTransformer of :func:`logitnet.preprocessing.make_preprocessor` is converted
through a twin that skl2onnx understands, holding the same fitted statistics:

- numbers: the columns joined into one float64 matrix with their missing values (NaN) filled in
  (:class:`NumberColumns`, whose converter is registered here: skl2onnx's own imputer and
  column joiner compute in float32), then skl2onnx's StandardScaler (float64 Sub and Div);
- text: skl2onnx's imputer for strings (a missing text is the empty string ``""``) and its
  OneHotEncoder; the ``as_text`` step has no ONNX form and needs none, as the inputs are text.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from logitnet.export._deps import require

MISSING_TEXT = ""  # how a missing text cell is written in a string input


class NumberColumns(TransformerMixin, BaseEstimator):
    """Number columns -> one float64 matrix, NaN replaced by ``fill`` (None: left as NaN).

    It exists to be converted to ONNX (see :func:`register`); ``transform`` states what the
    converted graph computes.
    """

    def __init__(self, fill: Any = None) -> None:
        self.fill = fill

    def fit(self, X: Any, y: Any = None) -> NumberColumns:
        return self

    def transform(self, X: Any) -> np.ndarray:
        X = np.array(X, dtype=np.float64)
        if self.fill is not None:
            X = np.where(np.isnan(X), np.asarray(self.fill, dtype=np.float64), X)
        return X


def _number_columns_shape(operator: Any) -> None:
    """Output: float64 of shape (N, number of input columns)."""
    from skl2onnx.common.data_types import DoubleTensorType

    width = sum(v.type.shape[1] for v in operator.inputs)
    operator.outputs[0].type = DoubleTensorType([None, width])


def _number_columns_converter(scope: Any, operator: Any, container: Any) -> None:
    """Concat (float64) of the inputs, then Where(IsNaN, fill, x)."""
    from skl2onnx.algebra.onnx_ops import OnnxConcat, OnnxIsNaN, OnnxWhere

    opv = container.target_opset
    names = [v.full_name for v in operator.inputs]
    output = operator.outputs[0].full_name
    fill = operator.raw_operator.fill
    if fill is None:
        node = OnnxConcat(*names, axis=1, op_version=opv, output_names=[output])
    else:
        joined = OnnxConcat(*names, axis=1, op_version=opv) if len(names) > 1 else names[0]
        values = np.asarray(fill, dtype=np.float64).reshape(1, -1)
        node = OnnxWhere(
            OnnxIsNaN(joined, op_version=opv),
            values,
            joined,
            op_version=opv,
            output_names=[output],
        )
    node.add_to(scope, container)


def register() -> None:
    """Tell skl2onnx how to convert :class:`NumberColumns`."""
    from skl2onnx import update_registered_converter

    update_registered_converter(
        NumberColumns, "LogitnetNumberColumns", _number_columns_shape, _number_columns_converter
    )


def _text_imputer(imputer: Any) -> Any:
    """skl2onnx's form of a fitted most-frequent imputer of text: missing is ``""``."""
    from sklearn.impute import SimpleImputer

    twin = SimpleImputer(missing_values=MISSING_TEXT, strategy="most_frequent")
    twin.statistics_ = np.asarray([str(v) for v in imputer.statistics_], dtype=object)
    twin.n_features_in_ = imputer.n_features_in_
    twin._fit_dtype = np.dtype(object)
    return twin


def _twin_part(kind: str, pipe: Any) -> Any:
    """The twin of one fitted Pipeline of the ColumnTransformer."""
    from sklearn.pipeline import Pipeline

    steps = dict(pipe.named_steps)
    if kind == "number":
        imputer = steps.get("impute")
        fill = None if imputer is None else np.asarray(imputer.statistics_, dtype=np.float64)
        return Pipeline([("numbers", NumberColumns(fill)), ("scale", steps["scale"])])
    twin = [("impute", _text_imputer(steps["impute"]))] if "impute" in steps else []
    return Pipeline([*twin, ("onehot", steps["onehot"])])


def preprocess_graph(encoder: Any, transformer: Any, opset: dict[str, int]) -> Any:
    """The ONNX model of a fitted make_preprocessor ColumnTransformer.

    Parameters
    ----------
    encoder : logitnet.serving._encoder.Encoder
        The serving encoder of the same preprocessor: the columns, their kinds and blocks.
    transformer : ColumnTransformer or None
        The fitted preprocessor; None for a classifier fitted on number columns alone.
    opset : dict
        Target opsets of skl2onnx.

    Returns
    -------
    onnx.ModelProto
        Inputs named after the columns (float64 or string, shape (N, 1)); one output, the
        float64 feature matrix ``features``.
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import Pipeline

    require("skl2onnx")
    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import DoubleTensorType, StringTensorType

    register()
    if transformer is None:  # a bare classifier: its number columns, as they are
        names = encoder.names
        parts = [("number_0", Pipeline([("numbers", NumberColumns())]), names)]
    else:
        fitted = zip(encoder.blocks, _fitted(transformer), strict=True)
        parts = [
            (f"{kind}_{i}", _twin_part(kind, pipe), names)
            for i, ((kind, names, _), (_, pipe, _)) in enumerate(fitted)
        ]
    twin = ColumnTransformer(parts, remainder="drop", sparse_threshold=0.0)
    twin.fit(_dummy(encoder))  # the parts are fitted already; this sets the joiner's own state
    twin.transformers_ = parts
    types = [
        (c.name, DoubleTensorType([None, 1]) if c.kind == "number" else StringTensorType([None, 1]))
        for c in encoder.columns
    ]
    return convert_sklearn(
        twin, initial_types=types, target_opset=opset, final_types=[("features", None)]
    )


def _fitted(transformer: Any) -> list:
    """The fitted (name, Pipeline, columns) of the ColumnTransformer, without the remainder."""
    return [t for t in transformer.transformers_ if t[1] != "drop" and t[0] != "remainder"]


def _dummy(encoder: Any) -> Any:
    """A small table of the input columns, to fit the twin's column bookkeeping: each text
    column takes every category it was fitted on (a reference-coded encoder drops one)."""
    import pandas as pd

    n = max([2, *(len(c.categories) for c in encoder.columns if c.kind != "number")])
    return pd.DataFrame(
        {
            c.name: [float(i) for i in range(n)]
            if c.kind == "number"
            else [
                list(c.categories)[i % len(c.categories)] if c.categories else "a" for i in range(n)
            ]
            for c in encoder.columns
        }
    )
