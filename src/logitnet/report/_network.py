"""A network's layer table, from :func:`logitnet.nn.summary`."""

from __future__ import annotations

from typing import Any


def network_rows(module: Any, n_features: int) -> tuple[list[dict[str, Any]], int, int]:
    """Return ``(rows, total_params, trainable_params)``; rows hold layer, output_shape, params."""
    from logitnet.nn import summary

    result = summary(module, input_size=(1, n_features))
    rows = [{key: row[key] for key in ("layer", "output_shape", "params")} for row in result.rows]
    return rows, int(result.total_params), int(result.trainable_params)
