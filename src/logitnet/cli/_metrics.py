"""Test-set metrics and the confusion matrix: computed once, shown as tables or JSON."""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.table import Table

from logitnet.exceptions import DataError


def _label(value: Any) -> Any:
    """A class label as a plain JSON value."""
    return value.item() if isinstance(value, np.generic) else value


def _check_labels(y: Any, classes: np.ndarray) -> None:
    """Every label in ``y`` must be one the model knows."""
    unknown = sorted({_label(v) for v in np.unique(np.asarray(y))} - {_label(c) for c in classes},
                     key=str)  # fmt: skip
    if unknown:
        known = ", ".join(repr(_label(c)) for c in classes)
        raise DataError(
            f"the target has labels the model never saw: {', '.join(map(repr, unknown))} "
            f"(the model knows {known})"
        )


def classification_metrics(model: Any, X: Any, y: Any) -> dict:
    """Accuracy, balanced accuracy, macro precision/recall/F1, log-loss and the confusion matrix."""
    from sklearn import metrics

    classes = model.classes_
    _check_labels(y, classes)
    y_pred = model.predict(X)
    scores = {
        "n_samples": len(y_pred),
        "accuracy": metrics.accuracy_score(y, y_pred),
        "balanced_accuracy": metrics.balanced_accuracy_score(y, y_pred),
        "precision_macro": metrics.precision_score(y, y_pred, average="macro", zero_division=0),
        "recall_macro": metrics.recall_score(y, y_pred, average="macro", zero_division=0),
        "f1_macro": metrics.f1_score(y, y_pred, average="macro", zero_division=0),
    }
    if hasattr(model, "predict_proba"):
        scores["log_loss"] = metrics.log_loss(y, model.predict_proba(X), labels=classes)
    counts = metrics.confusion_matrix(y, y_pred, labels=classes)
    return {
        "metrics": {k: float(v) if k != "n_samples" else int(v) for k, v in scores.items()},
        "confusion_matrix": {"labels": [_label(c) for c in classes], "counts": counts.tolist()},
    }


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
