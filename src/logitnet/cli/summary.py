"""``logitnet summary``: what a model file holds, in a few tables."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from logitnet._pipeline import final_estimator
from logitnet.cli._common import Debug, fail, handles_errors, out, show
from logitnet.history import history_of

if TYPE_CHECKING:
    from rich.table import Table


@handles_errors
def summary(
    model_path: Annotated[
        Path, typer.Argument(metavar="MODEL", help="A .safetensors model file, or an .onnx file.")
    ],
    debug: Debug = False,
) -> None:
    """Describe a saved model: inputs, parameters, layers, training history and, when the file
    holds it, the coefficient table of a binary logistic model (standard errors, p-values).
    For an .onnx file (from `logitnet export`): its inputs, outputs and opsets."""
    from logitnet.persistence import load, read_metadata

    if model_path.suffix.lower() == ".onnx":
        _onnx_summary(model_path)
        return
    meta = read_metadata(model_path)
    model = load(model_path)
    preprocess, estimator = _parts(model)
    version = meta.get("logitnet_version", "?")
    out.print(f"[bold]{model_path}[/]: {_describe(model)}", soft_wrap=True)
    out.print(f"saved by logitnet {version}, file format {meta['format_version']}")
    if preprocess is not None:
        show(_inputs_table(preprocess))
    show(_params_table(estimator))
    layers = _layers_table(estimator)
    if layers is not None:
        show(layers)
    out.print(_history_line(estimator))
    kept = _kept_text(model)
    if kept:
        out.print(kept, markup=False, soft_wrap=True)
    coefficients = _coefficients_text(meta)
    if coefficients:
        out.print(coefficients, markup=False, soft_wrap=True)


def _parts(model: Any) -> tuple[Any, Any]:
    """``(preprocessor or None, final estimator)``."""
    steps = getattr(model, "steps", None)
    first = steps[0][1] if steps and len(steps) > 1 else None
    return first, final_estimator(model)


def _describe(model: Any) -> str:
    """``Pipeline(ColumnTransformer -> LogisticRegression)`` or the class name."""
    steps = getattr(model, "steps", None)
    if steps:
        return "Pipeline(" + " -> ".join(type(step).__name__ for _, step in steps) + ")"
    return type(model).__name__


def _inputs_table(preprocess: Any) -> Table:
    """One row per input column: its kind and what is done to it."""
    from rich.table import Table

    table = Table(title="Input columns")
    for name in ("column", "kind", "preparation"):
        table.add_column(name)
    for part, pipe, columns in preprocess.transformers_:
        steps = getattr(pipe, "named_steps", {})
        for i, column in enumerate(columns):
            table.add_row(str(column), part, _preparation(steps, i))
    return table


def _preparation(steps: dict, i: int) -> str:
    """``impute (median), standardize`` or ``one-hot (3 categories)``."""
    done = []
    if "impute" in steps:
        done.append(f"impute ({steps['impute'].strategy})")
    if "scale" in steps:
        done.append("standardize")
    if "onehot" in steps:
        done.append(f"one-hot ({len(steps['onehot'].categories_[i])} categories)")
    return ", ".join(done)


def _params_table(estimator: Any) -> Table:
    """The estimator's parameters."""
    from rich.table import Table

    table = Table(title="Parameters")
    table.add_column("parameter")
    table.add_column("value")
    for name, value in estimator.get_params(deep=False).items():
        table.add_row(name, repr(value))
    return table


def _layers_table(estimator: Any) -> Table | None:
    """The network's layers (through torchinfo), or None for a model without layers."""
    if not hasattr(estimator, "module_"):
        return None
    from logitnet.nn import summary as layer_summary

    info = layer_summary(estimator)
    from rich.table import Table

    table = Table(
        title="Layers",
        caption=f"{info.total_params:,} parameters, {info.trainable_params:,} trainable",
    )
    for name in ("layer", "output shape", "params"):
        table.add_column(name)
    for row in info.rows:
        table.add_row(str(row["layer"]), str(row["output_shape"]), f"{row['params']:,}")
    return table


def _kept_text(model: Any) -> str | None:
    """The alpha and the kept coefficients of an elastic-net or cross-validated model."""
    from logitnet.workflow import regularization_document, regularization_lines

    doc = regularization_document(model) if hasattr(final_estimator(model), "coef_") else None
    return None if doc is None else "\n" + "\n".join(regularization_lines(doc))


def _coefficients_text(meta: dict) -> str | None:
    """The saved inference table, as R's summary prints it, its odds ratios and the analysis
    of deviance when the file has them; None when there is no table."""
    extra = meta.get("extra") or {}
    doc = extra.get("inference")
    if doc is None:
        return None
    from logitnet.linear import DevianceTable, InferenceResult

    result = InferenceResult.from_dict(doc)
    parts = [str(result), result.odds_ratios_text()]
    if "analysis_of_deviance" in extra:
        parts.append(str(DevianceTable.from_dict(extra["analysis_of_deviance"])))
    return "\n" + "\n\n".join(parts)


def _history_line(estimator: Any) -> str:
    """Training in short: epochs and losses, or solver iterations and the final objective."""
    history = history_of(estimator)
    if history is None or not len(history):
        return "History: none saved"
    first, last = history[0]["train_loss"], history[-1]["train_loss"]
    if hasattr(estimator, "n_iter_"):  # a solver: one record per iteration
        return f"History: {len(history)} solver iterations, objective {first:.6f} -> {last:.6f}"
    best = getattr(estimator, "best_epoch_", None)
    line = f"History: {len(history)} epochs, loss {first:.4f} -> {last:.4f}"
    return line + (f", best epoch {best}" if best else "")


def _onnx_summary(path: Path) -> None:
    """The inputs, outputs, opsets and metadata of an ONNX file."""
    from rich.table import Table

    from logitnet.export import describe_onnx

    if not path.is_file():
        raise FileNotFoundError(2, "no such file", str(path))
    try:
        info = describe_onnx(path)
    except ImportError as exc:  # onnx is missing: the message names pip's command
        raise fail(str(exc)) from None
    opsets = ", ".join(f"{domain} {version}" for domain, version in info["opsets"].items())
    out.print(f"[bold]{path}[/]: ONNX graph by {info['producer'] or '?'}", soft_wrap=True)
    out.print(f"opsets: {opsets}", markup=False)
    for title, values in (("Inputs", info["inputs"]), ("Outputs", info["outputs"])):
        table = Table(title=title)
        for name in ("name", "type", "shape"):
            table.add_column(name)
        for value in values:
            shape = "(" + ", ".join(str(d) for d in value["shape"]) + ")"
            table.add_row(value["name"], value["type"], shape)
        show(table)
    for key, value in info["metadata"].items():
        if key not in ("inputs",):
            out.print(f"{key}: {value}", markup=False, soft_wrap=True)
