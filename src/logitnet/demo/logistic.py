"""The lecture's logistic-regression walk-through, as figures compared with their references.

With the Pokemon table, each figure of the lecture is recomputed with logitnet and set beside
the lecture's value (or scikit-learn's). Without it, the same steps run on data that ships with
scikit-learn: one standardized feature of the breast-cancer table, and a three-class model of
the wine table.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from typing import Any

import numpy as np
from scipy.optimize import minimize
from sklearn.datasets import load_breast_cancer, load_wine
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.preprocessing import StandardScaler

from logitnet.datasets import balance_classes, load_pokemon
from logitnet.demo import DemoResult, DemoRow
from logitnet.linear import (
    LogisticRegression,
    accuracy,
    add_intercept,
    log_loss,
    log_loss_grad,
    predict_logistic,
)

__all__ = ["logistic_demo"]

LECTURE = {  # the lecture's printed figures
    "first_five": ["Roggenrola", "Gible", "Gastly", "Minun", "Marill"],
    "accuracy_fixed": 0.7142857142857143,
    "w_defense": [0.05153269, 1.34147091],
    "accuracy_optimum": 0.8,
    "w_three": [-0.23259512, 1.33705304, 0.52029373, 1.36780376],
}
FIXED_W = [-1.0, 3.0]  # the lecture's hand-picked weights, intercept first
SEED = 123  # the lecture's sampling seed
TOL_MINIMIZE = 1e-5  # agreement of minimize's weights with the lecture's printed ones
TOL_ESTIMATOR = 1e-4  # agreement of LogisticRegression with scikit-learn


def logistic_demo(pokemon_path: str | PathLike | None = None) -> list[DemoResult]:
    """Reproduce the lecture's logistic regression and compare each figure with its reference.

    Parameters
    ----------
    pokemon_path : path, optional
        The lecture's ``pokemon.csv``. Without it, the walk-through runs on scikit-learn's
        breast-cancer and wine tables instead.

    Returns
    -------
    list of DemoResult
        One per model, each with its rows, fitted estimator and the ``X``, ``y`` it saw.

    Examples
    --------
    >>> results = logistic_demo()
    >>> all(row.agrees for result in results for row in result.rows)
    True
    """
    if pokemon_path is None:
        return [_breast_cancer_part(), _wine_part()]
    df = load_pokemon(pokemon_path, ["attack", "defense", "speed", "legendary"])
    sample = balance_classes(df, "legendary", random_state=SEED)
    return [_pokemon_defense_part(sample), _pokemon_three_features_part(sample)]


def _fmt(value: Any) -> str:
    """A figure as text: arrays to 8 decimals, floats in full."""
    if isinstance(value, (list, tuple, np.ndarray)) and not isinstance(value[0], str):
        return "[" + ", ".join(f"{v:.8f}" for v in np.ravel(value)) + "]"
    return ", ".join(value) if isinstance(value, (list, tuple)) else repr(value)


def _row(step: str, ours: Any, reference: Any, tol: float = 0.0) -> DemoRow:
    """Compare a figure with its reference, exactly or within ``tol``."""
    if isinstance(ours, (int, float, np.ndarray, np.floating)) and tol:
        agrees = bool(np.allclose(ours, reference, rtol=0.0, atol=tol))
    else:
        agrees = bool(np.array_equal(np.asarray(ours), np.asarray(reference)))
    return DemoRow(step, _fmt(ours), _fmt(reference), agrees)


def _standardize(X: Any) -> np.ndarray:
    """Columns to zero mean and unit variance."""
    return StandardScaler().fit_transform(X)


def _sklearn_unpenalized(X: np.ndarray, y: np.ndarray) -> SkLogisticRegression:
    """scikit-learn's unpenalized logistic regression, run to a tight tolerance."""
    return SkLogisticRegression(C=np.inf, tol=1e-10, max_iter=10_000).fit(X, y)


def _estimator_rows(
    model: LogisticRegression, sk: SkLogisticRegression, X: np.ndarray, y: np.ndarray
) -> list[DemoRow]:
    """logitnet's fitted intercept, coefficients and score beside scikit-learn's."""
    centered = sk.coef_ - sk.coef_.mean(axis=0) if len(sk.classes_) > 2 else sk.coef_
    return [
        _row("LogisticRegression: intercept", model.intercept_, sk.intercept_, TOL_ESTIMATOR),
        _row("LogisticRegression: coefficients", model.coef_, centered, TOL_ESTIMATOR),
        _row("LogisticRegression: score", model.score(X, y), sk.score(X, y)),
    ]


def _minimize(X1: np.ndarray, y: np.ndarray, w0: Sequence[float], ref: Any, tol: float):
    """Minimize the log-loss from ``w0``; the weights' row (against ``ref``) and predictions."""
    w = minimize(log_loss, np.asarray(w0, float), jac=log_loss_grad, args=(X1, y)).x
    row = _row(f"minimize(log_loss) from {list(w0)}: w", w, ref, tol)
    return row, predict_logistic(X1, w, output="hard")


def _pokemon_defense_part(sample) -> DemoResult:
    """The lecture's one-feature model: legendary from standardized defense."""
    x, y = _standardize(sample[["defense"]]), sample["legendary"].to_numpy()
    X1 = add_intercept(x)
    fixed = accuracy(y, predict_logistic(X1, FIXED_W, output="hard"))
    w_row, hard = _minimize(X1, y, [-1.0, 1.0], LECTURE["w_defense"], TOL_MINIMIZE)
    model = LogisticRegression().fit(x, y)
    rows = [
        _row("balanced sample: rows", len(sample), 140),
        _row("balanced sample: first five", list(sample.index[:5]), LECTURE["first_five"]),
        _row(f"accuracy, w = {FIXED_W}", fixed, LECTURE["accuracy_fixed"]),
        w_row,
        _row("accuracy at the minimum", accuracy(y, hard), LECTURE["accuracy_optimum"]),
        *_estimator_rows(model, _sklearn_unpenalized(x, y), x, y),
    ]
    title = "Logistic regression on the Pokemon table: legendary from defense"
    return DemoResult(title, rows, estimator=model, X=x, y=y, name="pokemon_defense")


def _pokemon_three_features_part(sample) -> DemoResult:
    """The lecture's three-feature model, minimized with L-BFGS from zeros."""
    x = _standardize(sample[["defense", "attack", "speed"]])
    y = sample["legendary"].to_numpy()
    X1 = add_intercept(x)
    w = minimize(log_loss, np.zeros(4), jac=log_loss_grad, args=(X1, y), method="L-BFGS-B").x
    model = LogisticRegression().fit(x, y)
    rows = [
        _row("L-BFGS from zeros: w", w, LECTURE["w_three"], TOL_MINIMIZE),
        *_estimator_rows(model, _sklearn_unpenalized(x, y), x, y),
    ]
    title = "Logistic regression on the Pokemon table: defense, attack and speed"
    return DemoResult(title, rows, estimator=model, X=x, y=y, name="pokemon_three_features")


def _breast_cancer_part() -> DemoResult:
    """The lecture's steps on one standardized feature of scikit-learn's breast-cancer table."""
    data = load_breast_cancer()
    x, y = _standardize(data.data[:, :1]), data.target  # "mean radius"
    X1 = add_intercept(x)
    hard_fixed = predict_logistic(X1, FIXED_W, output="hard")
    sk = _sklearn_unpenalized(x, y)
    sk_w = np.r_[sk.intercept_, sk.coef_.ravel()]
    w_row, hard = _minimize(X1, y, [-1.0, 1.0], sk_w, TOL_ESTIMATOR)  # scipy's default gtol
    model = LogisticRegression().fit(x, y)
    rows = [
        _row(f"accuracy, w = {FIXED_W}", accuracy(y, hard_fixed), float(np.mean(hard_fixed == y))),
        w_row,
        _row("accuracy at the minimum", accuracy(y, hard), sk.score(x, y)),
        *_estimator_rows(model, sk, x, y),
    ]
    title = "Logistic regression on breast cancer: malignant or benign from mean radius"
    return DemoResult(title, rows, estimator=model, X=x, y=y, name="breast_cancer")


def _wine_part() -> DemoResult:
    """A multinomial (softmax) model of scikit-learn's three-class wine table, two features."""
    data = load_wine()
    x, y = _standardize(data.data[:, :2]), data.target  # alcohol, malic acid
    model = LogisticRegression().fit(x, y)
    rows = _estimator_rows(model, _sklearn_unpenalized(x, y), x, y)
    title = "Multinomial logistic regression on wine: cultivar from alcohol and malic acid"
    return DemoResult(title, rows, estimator=model, X=x, y=y, name="wine")
