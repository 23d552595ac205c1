"""``logitnet export``: a saved model, preprocessing included, as one ONNX file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from logitnet.cli._common import Debug, fail, handles_errors, note


@handles_errors
def export(
    model_path: Annotated[Path, typer.Argument(metavar="MODEL", help="A .safetensors model file.")],
    onnx: Annotated[
        Path,
        typer.Option(
            "--onnx",
            metavar="FILE",
            help="Write the ONNX graph here (atomically).",
            show_default=False,
        ),
    ],
    debug: Debug = False,
) -> None:
    """Write the model as one ONNX graph: raw columns in (numbers as float64, text as strings;
    a missing text is ""), label and probabilities out, with the imputation, scaling, one-hot
    coding, calibration and threshold. onnxruntime runs it anywhere.
    """
    from logitnet.export import export_onnx
    from logitnet.persistence import load

    model = load(model_path)
    try:
        written = export_onnx(model, onnx)
    except ImportError as exc:  # an optional package is missing: the message names pip's command
        raise fail(str(exc)) from None
    note(f"wrote {written} (inspect it with: logitnet summary {written})")
