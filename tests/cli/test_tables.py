"""Tests for the CLI's metric tables."""

from __future__ import annotations

from rich.console import Console

from logitnet.cli._tables import confusion_table, metrics_table

DOC = {
    "metrics": {"n_samples": 5, "accuracy": 0.6, "log_loss": 0.123456},
    "confusion_matrix": {"labels": ["no", "yes"], "counts": [[2, 1], [1, 1]]},
}


def _text(table) -> str:
    console = Console(width=100, record=True)
    console.print(table)
    return console.export_text()


def test_metrics_table_rounds_floats_and_keeps_counts():
    text = _text(metrics_table(DOC, title="Test metrics (5 rows)"))
    assert "Test metrics (5 rows)" in text
    assert "│ n_samples │      5 │" in text and "│ log_loss  │ 0.1235 │" in text


def test_confusion_table_has_a_row_per_true_class():
    text = _text(confusion_table(DOC))
    assert "│ no               │  2 │   1 │" in text
    assert "rows: true, columns: predicted" in text
