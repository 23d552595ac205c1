"""Fit time and final objective of logitnet's LogisticRegression solvers against scikit-learn.

Data: ``make_classification(200_000, 50, n_informative=25, random_state=0)``, binary and with
5 classes. Every contender fits the same data; the runs are interleaved (round-robin) so that
load on a shared machine hits them alike. The table gives the median fit time of the repeats,
its ratio to scikit-learn's (lbfgs, default tol=1e-4), and the objective each reached:
``mean log-loss + alpha / 2 * ||coef||²`` with scikit-learn's ``C = 1 / (alpha * n_samples)``.

Run from the repository root::

    .venv/bin/python benchmarks/bench_logistic.py --repeats 5
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.metrics import log_loss

from logitnet import ConvergenceWarning, LogisticRegression

GD_ITER = 50  # gradient descent gets a fixed, small budget: it is the lecture's baseline
# logitnet's default tol is 1e-6 (max |gradient|): stricter than scikit-learn's 1e-4.


def contenders(alpha: float, n_samples: int) -> dict[str, object]:
    """The estimators to time, by the name shown in the table."""
    return {
        "scikit-learn lbfgs": SkLogisticRegression(C=1.0 / (alpha * n_samples)),
        "logitnet newton (default)": LogisticRegression(alpha),
        "logitnet lbfgs (tol 1e-4, as scikit-learn)": LogisticRegression(
            alpha, solver="lbfgs", tol=1e-4
        ),
        f"logitnet gd ({GD_ITER} iterations)": LogisticRegression(
            alpha, solver="gd", max_iter=GD_ITER
        ),
    }


def objective(model, X: np.ndarray, y: np.ndarray, alpha: float) -> float:
    """Mean log-loss plus ``alpha / 2 * ||coef||²``, for either library's model."""
    return log_loss(y, model.predict_proba(X)) + 0.5 * alpha * float(np.sum(model.coef_**2))


def time_fits(models: dict, X: np.ndarray, y: np.ndarray, repeats: int) -> dict[str, list]:
    """Fit every model ``repeats`` times, round-robin; return the fit times per model."""
    times: dict[str, list] = {name: [] for name in models}
    for _ in range(repeats):
        for name, model in models.items():
            start = time.perf_counter()
            model.fit(X, y)
            times[name].append(time.perf_counter() - start)
    return times


def table(title: str, models: dict, times: dict, X, y, alpha: float) -> str:
    """The results of one dataset as a Markdown table."""
    ref_name = "scikit-learn lbfgs"
    ref_time = np.median(times[ref_name])
    ref_obj = objective(models[ref_name], X, y, alpha)
    lines = [
        f"{title}",
        "",
        "| estimator | median fit (s) | ratio to scikit-learn | objective | minus scikit-learn's |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, model in models.items():
        t, obj = np.median(times[name]), objective(model, X, y, alpha)
        lines.append(
            f"| {name} | {t:.3f} | {t / ref_time:.2f}x | {obj:.10f} | {obj - ref_obj:+.2e} |"
        )
    return "\n".join(lines)


def run(n_classes: int, repeats: int, n_samples: int) -> str:
    """Benchmark one dataset and return its table."""
    X, y = make_classification(n_samples, 50, n_informative=25, n_classes=n_classes, random_state=0)
    alpha = 1.0 / n_samples  # scikit-learn's default C = 1
    models = contenders(alpha, n_samples)
    times = time_fits(models, X, y, repeats)
    title = f"**{n_classes} classes**, {n_samples} x 50, alpha = 1/n (C = 1), {repeats} repeats"
    return table(title, models, times, X, y, alpha)


def main() -> None:
    """Parse the options and print one table per dataset."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="fits per estimator (>= 3)")
    parser.add_argument("--n-samples", type=int, default=200_000)
    args = parser.parse_args()
    warnings.simplefilter("ignore", ConvergenceWarning)  # gd stops at its budget on purpose
    for n_classes in (2, 5):
        print(run(n_classes, args.repeats, args.n_samples), end="\n\n", flush=True)


if __name__ == "__main__":
    main()
