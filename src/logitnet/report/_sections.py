"""The report's sections, each as ``(anchor, title, html)``, or None when it does not apply."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from logitnet._pipeline import final_estimator
from logitnet.metrics import cross_entropy, label_scores, per_class, probability_metrics
from logitnet.plotting import (
    feature_names,
    label_text,
    plot_calibration,
    plot_classification_2d,
    plot_confusion_matrix,
    plot_loss,
    plot_precision_recall,
    plot_probability_histogram,
    plot_roc,
    plot_threshold,
)
from logitnet.report._evaluation import Split
from logitnet.report._network import network_rows
from logitnet.report._page import figure, paragraph, table, td
from logitnet.tuning import threshold_in_use

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


PROBABILITY_METRICS = {
    "roc_auc": "ROC AUC",
    "average_precision": "average precision",
    "brier_score": "Brier score",
    "expected_calibration_error": "expected calibration error",
}


def _probability_rows(test: Split, classes: np.ndarray) -> list[list[str]]:
    """One row per probability metric on the test data; each value cell carries its value."""
    scores = probability_metrics(test.y, test.proba, classes)
    return [
        [
            td(PROBABILITY_METRICS[key]),
            td(f"{value:.4f}", numeric=True, id=f"test-{key}", data_value=repr(value)),
        ]
        for key, value in scores.items()
    ]


def probabilities_section(estimator: Any, test: Split, classes: np.ndarray) -> Section:
    """Ranking and calibration on the test data: their scores, ROC, precision-recall and the
    reliability diagram, and for two classes the metrics against the threshold."""
    body = table(["metric", "value"], _probability_rows(test, classes), id="probability-metrics")
    body += figure(plot_roc(test.y, test.proba), "roc")
    body += figure(plot_precision_recall(test.y, test.proba), "precision-recall")
    body += figure(plot_calibration(test.y, test.proba), "calibration")
    if len(classes) == 2:
        fig = plot_threshold(test.y, test.proba, threshold=threshold_in_use(estimator))
        body += figure(fig, "threshold")
    note = "One-vs-rest for more than two classes; all curves from sklearn.metrics, test data."
    return ("proba", "Probabilities", body + paragraph(note))


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


def _exact(value: float) -> str:
    """A numeric cell showing 4 significant digits and carrying the exact value."""
    return td(f"{value:.4g}", numeric=True, data_value=repr(float(value)))


def _coefficient_rows(table: Any) -> list[list[str]]:
    """One row per parameter: estimate, standard error, z, p-value, interval, stars."""
    from logitnet.linear import format_p, stars

    rows = []
    for name, r in table.iterrows():
        p = td(format_p(r["p_value"]), numeric=True, data_value=repr(float(r["p_value"])))
        interval = td(f"[{r['ci_lower']:.4g}, {r['ci_upper']:.4g}]", numeric=True)
        numbers = [_exact(r[column]) for column in ("coef", "std_err", "z")]
        rows.append([td(name, class_="mono"), *numbers, p, interval, td(stars(r["p_value"]))])
    return rows


def _coefficients_table(result: Any, coefficients: Any, id: str) -> str:
    """One coefficient table: estimates, errors, z, p, interval, stars."""
    level = f"{100 * result.level:g}% interval"
    headers = ["parameter", "estimate", "std. error", "z", "p-value", level, ""]
    return table(headers, _coefficient_rows(coefficients), id=id)


def _ratio_table(ratios: Any, level: float, id: str) -> str:
    """Odds (or relative risk) ratios with their intervals; ``Inf``/``NaN`` ends as such."""
    headers = ["parameter", "exp(estimate)", f"{100 * level:g}% interval"]
    rows = [
        [
            td(name, class_="mono"),
            _exact(r.iloc[0]),
            td(f"[{r['ci_lower']:.4g}, {r['ci_upper']:.4g}]", numeric=True),
        ]
        for name, r in ratios.iterrows()
    ]
    return table(headers, rows, id=id)


def _deviance_table(result: Any) -> str:
    """The analysis of deviance (each column dropped in turn), as R's drop1."""
    from logitnet.linear import format_p

    deviance = result.drop1().table
    headers = ["term", "df", "deviance", "AIC", "LR statistic", "p-value"]
    rows = [
        [
            td(name, class_="mono"),
            *(
                td("" if np.isnan(r[c]) else f"{r[c]:.6g}", numeric=True)
                for c in ("df", "deviance", "aic", "lrt")
            ),
            td("" if np.isnan(r["p_value"]) else format_p(r["p_value"]), numeric=True),
        ]
        for name, r in deviance.iterrows()
    ]
    title = "Analysis of deviance: likelihood-ratio test of each column, dropped in turn."
    return paragraph(title) + table(headers, rows, id="analysis-of-deviance")


def _has_levels(result: Any) -> bool:
    """Whether a binary unpenalized result has a text column coded by its levels."""
    return result.alpha == 0 and any(str(n).endswith("]") for n in result.table.index)


def _inference_body(result: Any) -> str:
    """The coefficient table(s), odds ratios, deviances, analysis of deviance and notes."""
    tables = getattr(result, "tables", None)
    if tables is None:
        body = _coefficients_table(result, result.table, "coefficients")
        body += paragraph("Odds ratios: exp of each estimate and of its interval.")
        body += _ratio_table(result.odds_ratios(), result.level, "odds-ratios")
    else:
        body = paragraph(f"Multinomial logit against the reference class {result.reference!r}.")
        ratios = result.relative_risk_ratios()
        for i, (label, coefficients) in enumerate(tables.items()):
            body += paragraph(f"{label} vs {result.reference}:")
            body += _coefficients_table(result, coefficients, f"coefficients-{i}")
            body += _ratio_table(ratios[label], result.level, f"relative-risk-ratios-{i}")
    body += paragraph(
        f"Null deviance {result.null_deviance:.5g} on {result.df_null:g} degrees of freedom; "
        f"residual deviance {result.deviance:.5g} on {result.df_residual:g}; "
        f"AIC {result.aic:.5g}; BIC {result.bic:.5g}."
    )
    body += paragraph(
        "Wald statistics from the inverse observed information on the training data (as R's "
        "summary(glm) and statsmodels' Logit). Signif. codes: 0 '***' 0.001 '**' 0.01 '*' "
        "0.05 '.' 0.1 ' ' 1."
    )
    if tables is None and _has_levels(result):
        body += _deviance_table(result)
    return body + (paragraph(result.note) if result.note else "")


def _kept_body(model: Any) -> str:
    """The nonzero coefficients of a lasso or elastic-net model (no standard errors)."""
    from logitnet.linear import kept_coefficients, kept_summary

    rows = [
        [td(name, class_="mono"), td(label, class_="mono"), td(f"{value:.6g}", numeric=True)]
        for name, label, value in kept_coefficients(model)
    ]
    note = paragraph(
        f"{kept_summary(model)} at alpha = {model.alpha:.4g}, l1_ratio = {model.l1_ratio:g}. "
        "The L1 penalty has no Wald standard errors."
    )
    return note + table(["feature", "class", "coefficient"], rows)


def regularization_section(estimator: Any) -> Section | None:
    """The coefficient path and, for a cross-validated model, the CV curve."""
    from logitnet.plotting import plot_cv, plot_path

    final = final_estimator(estimator)
    if getattr(final, "path_", None) is None:
        return None
    body = figure(plot_path(final), "path")
    if hasattr(final, "cv_mean_"):
        body += paragraph(
            f"alpha chosen by cross-validation ({final.select}): {final.alpha_:.4g} "
            f"(min {final.alpha_min_:.4g}, 1se {final.alpha_1se_:.4g})."
        )
        body += figure(plot_cv(final), "cv")
    return ("regularization", "Regularization", body)


def coefficients_section(estimator: Any, splits: list[Split]) -> Section | None:
    """The logistic model's coefficient table(s), odds ratios and, with a text column, its
    analysis of deviance, from its training data; None for other models."""

    from logitnet.exceptions import DataError
    from logitnet.linear import LogisticRegression, inference

    final = final_estimator(estimator)
    if isinstance(final, LogisticRegression) and final.l1_ratio > 0:
        return ("coefficients", "Coefficients", _kept_body(final))
    if not isinstance(final, LogisticRegression):
        return None
    train = next((s for s in splits if s.name == "train"), None)
    if train is None:
        body = paragraph("Pass X_train and y_train for standard errors, z and p-values.")
        return ("coefficients", "Coefficients", body)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            body = _inference_body(inference(estimator, train.X, train.y))
        except (DataError, ValueError) as exc:
            body = paragraph(f"No coefficient table: {exc}")
    body += "".join(paragraph(f"Warning: {w.message}") for w in caught)
    return ("coefficients", "Coefficients", body)
