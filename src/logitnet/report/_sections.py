"""The report's sections, each as ``(anchor, title, html)``, or None when it does not apply."""

from __future__ import annotations

from typing import Any

import numpy as np

from logitnet._pipeline import final_estimator
from logitnet.metrics import cross_entropy, label_scores, per_class
from logitnet.plotting import (
    plot_classification_2d,
    plot_confusion_matrix,
    plot_loss,
    plot_probability_histogram,
)
from logitnet.plotting._data import feature_names, label_text
from logitnet.report._evaluation import Split
from logitnet.report._network import network_rows
from logitnet.report._page import figure, paragraph, table, td

Section = tuple[str, str, str]
MAX_VALUE_CHARS = 80  # longer hyperparameter values are cut, so that the table stays readable


def _short(value: Any) -> str:
    """Return ``repr(value)``, cut to :data:`MAX_VALUE_CHARS`."""
    text = repr(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _qualified_name(cls: type) -> str:
    """Return ``logitnet.Name`` for logitnet's public classes, else ``module.Name``."""
    import logitnet

    if getattr(logitnet, cls.__name__, None) is cls:
        return f"logitnet.{cls.__name__}"
    return f"{cls.__module__}.{cls.__name__}"


def _steps_line(estimator: Any) -> str:
    """Return ``"Pipeline: name (Class) → ..."`` for a Pipeline, or ``""``."""
    steps = getattr(estimator, "steps", None)
    if not steps:
        return ""
    chain = " → ".join(f"{name} ({type(step).__name__})" for name, step in steps)
    return paragraph(f"Pipeline: {chain}")


def model_section(estimator: Any) -> Section:
    """The model's class and hyperparameters (the last step's, for a Pipeline)."""
    pipeline = _steps_line(estimator)
    estimator = final_estimator(estimator)
    params = estimator.get_params(deep=False) if hasattr(estimator, "get_params") else {}
    rows = [
        [td(key, class_="mono"), td(_short(value), class_="mono")]
        for key, value in sorted(params.items())
    ]
    body = pipeline + paragraph(_qualified_name(type(estimator)), css="mono")
    body += table(["hyperparameter", "value"], rows) if rows else paragraph("No hyperparameters.")
    return ("model", "Model", body)


def network_section(estimator: Any, n_features: int) -> Section | None:
    """A network's layers, output shapes and parameter counts; None for other models."""
    if getattr(estimator, "module_", None) is None:
        return None
    rows, total, trainable = network_rows(estimator.module_, n_features)
    cells = [
        [
            td(r["layer"], class_="mono"),
            td(r["output_shape"], class_="mono"),
            td(f"{r['params']:,}", numeric=True),
        ]
        for r in rows
    ]
    body = table(["layer", "output shape", "parameters"], cells, id="model-summary")
    body += paragraph(f"Total parameters: {total:,}; trainable: {trainable:,}.")
    return ("network", "Model summary", body)


def _class_counts(y: np.ndarray, classes: list[Any]) -> list[str]:
    """Return one count cell per class."""
    return [td(int(np.sum(y == c)), numeric=True) for c in classes]


def data_section(splits: list[Split], classes: list[Any]) -> Section:
    """Rows, features, and the count of each class, per split."""
    headers = ["data", "rows", "features", *(f"class {label_text(c)}" for c in classes)]
    rows = [
        [
            td(s.name),
            td(len(s.y), numeric=True),
            td(s.n_features, numeric=True),
            *_class_counts(s.y, classes),
        ]
        for s in splits
    ]
    names = feature_names(splits[0].X)
    body = table(headers, rows, id="data-summary") + paragraph(
        "Features: " + ", ".join(names) + "."
    )
    return ("data", "Data", body)


def _score_rows(splits: list[Split], classes: np.ndarray) -> list[list[str]]:
    """Return accuracy and log-loss per split; each value cell carries its exact value."""
    rows = []
    for s in splits:
        acc = label_scores(s.y, s.y_pred)["accuracy"]
        loss = cross_entropy(s.y, s.proba, classes)
        rows.append(
            [
                td(s.name),
                td(f"{acc:.4f}", numeric=True, id=f"{s.name}-accuracy", data_value=repr(acc)),
                td(f"{loss:.4f}", numeric=True, id=f"{s.name}-log-loss", data_value=repr(loss)),
            ]
        )
    return rows


def _class_rows(split: Split, classes: np.ndarray) -> list[list[str]]:
    """Return precision, recall, F1 and support for each class and the two averages."""
    names = [label_text(c) for c in classes]
    report = per_class(split.y, split.y_pred, classes, names)
    keys = [*names, "macro avg", "weighted avg"]
    return [
        [
            td(key),
            *(
                td(f"{report[key][m]:.4f}", numeric=True)
                for m in ("precision", "recall", "f1-score")
            ),
            td(int(report[key]["support"]), numeric=True),
        ]
        for key in keys
    ]


def metrics_section(splits: list[Split], classes: np.ndarray) -> Section:
    """Accuracy and log-loss, then per-class precision, recall and F1 on the test data."""
    body = table(["data", "accuracy", "log-loss"], _score_rows(splits, classes), id="metrics")
    body += table(
        ["class", "precision", "recall", "F1", "support"],
        _class_rows(splits[0], classes),
        id="class-metrics",
    )
    body += paragraph("All figures from sklearn.metrics; per-class figures on the test data.")
    return ("metrics", "Metrics", body)


def confusion_section(test: Split) -> Section:
    """The confusion matrix on the test data."""
    fig = plot_confusion_matrix(test.y, test.y_pred)
    return ("confusion", "Confusion matrix", figure(fig, "confusion"))


def loss_section(history: Any) -> Section | None:
    """The loss curves, when there is a history."""
    if history is None:
        return None
    return ("loss", "Loss curves", figure(plot_loss(history), "loss"))


def boundary_section(estimator: Any, test: Split, classes: np.ndarray) -> Section:
    """The decision boundary for two numeric features; otherwise the probability histograms."""
    if test.n_features == 2 and test.all_numeric:
        fig = plot_classification_2d(test.X, test.y, estimator)
        return ("boundary", "Decision boundary", figure(fig, "boundary"))
    fig = plot_probability_histogram(test.y, test.proba, classes)
    what = "features" if test.all_numeric else "features, not all numeric"
    note = paragraph(f"{test.n_features} {what}: predicted probability of each class, test data.")
    return ("probabilities", "Predicted probabilities", note + figure(fig, "probabilities"))
