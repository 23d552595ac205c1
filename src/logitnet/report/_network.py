"""A network's layer table, from :func:`logitnet.nn.summary` when it is there."""

from __future__ import annotations

from typing import Any


def _fallback_rows(module: Any) -> tuple[list[dict[str, Any]], int, int]:
    """Return one row per leaf layer with its parameter count (no output shapes)."""
    rows = [
        {
            "layer": f"{name} ({type(layer).__name__})",
            "output_shape": "-",
            "params": sum(p.numel() for p in layer.parameters()),
        }
        for name, layer in module.named_modules()
        if name and not list(layer.children())
    ]
    total = sum(p.numel() for p in module.parameters())
    trainable = sum(p.numel() for p in module.parameters() if p.requires_grad)
    return rows, total, trainable


def network_rows(module: Any, n_features: int) -> tuple[list[dict[str, Any]], int, int]:
    """Return ``(rows, total_params, trainable_params)``; rows hold layer, output_shape, params."""
    try:
        from logitnet.nn import summary
    except ImportError:  # logitnet.nn not there: count the parameters ourselves
        return _fallback_rows(module)
    result = summary(module, input_size=(1, n_features))
    rows = [{key: row[key] for key in ("layer", "output_shape", "params")} for row in result.rows]
    return rows, int(result.total_params), int(result.trainable_params)
