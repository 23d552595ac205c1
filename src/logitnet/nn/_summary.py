"""``summary``: a layer table of a network or a fitted estimator, through torchinfo."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import torch

if TYPE_CHECKING:
    from logitnet.nn._classifier import NeuralNetClassifier

__all__ = ["ModelSummary", "summary"]


@dataclass
class ModelSummary:
    """The layers of a network with their output shapes and parameter counts.

    ``str()`` gives torchinfo's printed table.
    """

    rows: list[dict[str, Any]] = field(default_factory=list)  # {"layer", "output_shape", "params"}
    total_params: int = 0
    trainable_params: int = 0
    table: str = ""

    def __str__(self) -> str:
        return self.table


def summary(
    model_or_estimator: torch.nn.Module | NeuralNetClassifier,
    input_size: Sequence[int] | None = None,
) -> ModelSummary:
    """Summarize a network's layers: name, output shape and parameter count, plus totals.

    Parameters
    ----------
    model_or_estimator : torch.nn.Module or fitted NeuralNetClassifier
        The network, or an estimator whose ``module_`` is summarized.
    input_size : sequence of int, optional
        The input shape, batch first, e.g. ``(1, 2)``; for a fitted estimator it is
        ``(1, n_features_in_)`` and need not be given.

    Returns
    -------
    ModelSummary
        ``rows``, ``total_params``, ``trainable_params``, and the table as ``str()``.

    Examples
    --------
    >>> from logitnet.nn import MLP, summary
    >>> summary(MLP(2, (5,), 1), input_size=(1, 2)).total_params
    21
    """
    import torchinfo

    model, input_size = _model_and_input(model_or_estimator, input_size)
    device = next((p.device for p in model.parameters()), torch.device("cpu"))
    stats = torchinfo.summary(model, input_size=tuple(input_size), verbose=0, device=device)
    rows = [_row(layer) for layer in stats.summary_list if layer.depth > 0 and layer.is_leaf_layer]
    return ModelSummary(rows, int(stats.total_params), int(stats.trainable_params), str(stats))


def _model_and_input(obj: Any, input_size: Sequence[int] | None) -> tuple[torch.nn.Module, Any]:
    """The module to summarize and its input shape, from a module or a fitted estimator."""
    if isinstance(obj, torch.nn.Module):
        if input_size is None:
            raise ValueError("`input_size` is needed to summarize a module, e.g. (1, n_features).")
        return obj, input_size
    if hasattr(obj, "module_") and hasattr(obj, "n_features_in_"):
        return obj.module_, input_size or (1, obj.n_features_in_)
    if hasattr(obj, "get_params"):
        from logitnet.exceptions import NotFittedError

        raise NotFittedError(
            f"This {type(obj).__name__} instance is not fitted yet; fit it before summary()."
        )
    raise TypeError(
        "`model_or_estimator` must be a torch.nn.Module or a fitted NeuralNetClassifier. "
        f"Got {type(obj).__name__} instead."
    )


def _row(layer: Any) -> dict[str, Any]:
    """One table row: the layer's name, output shape and parameter count."""
    return {
        "layer": layer.get_layer_name(False, True),
        "output_shape": list(layer.output_size),
        "params": int(layer.num_params),
    }
