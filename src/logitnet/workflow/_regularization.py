"""What ``metrics.json`` keeps of an elastic-net model: its alpha, the kept coefficients and,
when cross-validation chose the alpha, the CV curve."""

from __future__ import annotations

from typing import Any

import numpy as np


def feature_names_of(model: Any) -> list[str]:
    """The names of the columns the final estimator sees (after a Pipeline's preprocessor)."""
    from logitnet._pipeline import final_estimator

    steps = getattr(model, "steps", None)
    if steps and len(steps) > 1:
        return [str(n) for n in model[:-1].get_feature_names_out()]
    names = getattr(final_estimator(model), "feature_names_in_", None)
    n = np.atleast_2d(final_estimator(model).coef_).shape[1]
    return [str(x) for x in names] if names is not None else [f"x{j}" for j in range(n)]


def kept(model: Any) -> list[dict[str, Any]]:
    """``{"feature", "class", "coef"}`` of each nonzero coefficient of the final estimator."""
    from logitnet._pipeline import final_estimator

    estimator = final_estimator(model)
    coef = np.atleast_2d(np.asarray(estimator.coef_, dtype=np.float64))
    names = feature_names_of(model)
    classes = [None] if len(coef) == 1 else [str(c) for c in estimator.classes_]
    return [
        {"feature": names[j], "class": classes[k], "coef": float(coef[k, j])}
        for k, j in zip(*np.nonzero(coef), strict=True)
    ]


def regularization_document(model: Any) -> dict[str, Any] | None:
    """``{"alpha", "l1_ratio", "n_features", "kept"[, "cv"]}``; None without an L1 part or CV."""
    from logitnet._pipeline import final_estimator

    estimator = final_estimator(model)
    l1_ratio = float(getattr(estimator, "l1_ratio", 0.0) or 0.0)
    cv = hasattr(estimator, "cv_mean_")
    if l1_ratio == 0 and not cv:
        return None
    doc = {
        "alpha": float(estimator.alpha),
        "l1_ratio": l1_ratio,
        "n_features": int(np.atleast_2d(estimator.coef_).shape[1]),
        "kept": kept(model),
    }
    if cv:
        doc["cv"] = _cv_curve(estimator)
    return doc


def _cv_curve(estimator: Any) -> dict[str, Any]:
    """The CV curve of a LogisticRegressionCV, as lists."""
    return {
        "scoring": estimator.scoring if isinstance(estimator.scoring, str) else "custom",
        "select": estimator.select,
        "folds": int(len(estimator.cv_scores_)),
        "alpha_min": float(estimator.alpha_min_),
        "alpha_1se": float(estimator.alpha_1se_),
        "alphas": estimator.alphas_.tolist(),
        "mean": estimator.cv_mean_.tolist(),
        "std": estimator.cv_std_.tolist(),
        "n_nonzero": [int(v) for v in estimator.path_.n_nonzero],
    }


def regularization_lines(doc: dict[str, Any]) -> list[str]:
    """What ``train`` and ``summary`` print: the alpha, how it was chosen, the kept features."""
    alpha = f"alpha: {doc['alpha']:.6g} (l1_ratio {doc['l1_ratio']:g})"
    cv = doc.get("cv")
    if cv is not None:
        alpha += f", chosen by {cv['folds']}-fold cross-validation on {cv['scoring']} "
        alpha += f"({cv['select']}; min {cv['alpha_min']:.6g}, 1se {cv['alpha_1se']:.6g})"
    features = sorted({row["feature"] for row in doc["kept"]})
    lines = [alpha, f"kept {len(features)} of {doc['n_features']} features:"]
    for row in doc["kept"]:
        where = f" [{row['class']}]" if row["class"] is not None else ""
        lines.append(f"  {row['feature']}{where}: {row['coef']:.6g}")
    return lines
