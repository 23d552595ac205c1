"""Metrics and the confusion matrix as rich tables (the figures come from logitnet.metrics)."""

from __future__ import annotations

from rich.table import Table


def metrics_table(result: dict, title: str = "Metrics") -> Table:
    """The metrics as a two-column rich table."""
    table = Table(title=title)
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in result["metrics"].items():
        table.add_row(name, str(value) if isinstance(value, int) else f"{value:.4f}")
    return table


def confusion_table(result: dict) -> Table:
    """The confusion matrix: one row per true class, one column per predicted class."""
    matrix = result["confusion_matrix"]
    table = Table(title="Confusion matrix", caption="rows: true, columns: predicted")
    table.add_column("true \\ predicted", no_wrap=True)
    for label in matrix["labels"]:
        table.add_column(str(label), justify="right", no_wrap=True)
    for label, row in zip(matrix["labels"], matrix["counts"], strict=True):
        table.add_row(str(label), *(str(n) for n in row))
    return table
