"""Time of R's tables in logitnet against statsmodels, on ISLR's Default table (10,000 rows).

Each task is timed for both libraries, round-robin, ``--repeats`` times; the table gives the
medians and logitnet's time over statsmodels'. The tasks:

- fit + table: fit ``default ~ student + balance + income`` and compute the Wald table;
- drop1: the likelihood-ratio test of each column (statsmodels: one refit per column);
- marginal effects: average marginal effects with delta-method errors (``get_margeff``);
- profile intervals: logitnet only (statsmodels has none; R's ``confint`` is the reference).

The data come from the ISLP package (``pip install --no-deps ISLP``). Run from the repository
root::

    .venv/bin/python benchmarks/bench_statistics.py --repeats 5
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.api as sm

import logitnet

COLUMNS = ["studentYes", "balance", "income"]


def default_table() -> tuple[pd.DataFrame, pd.Series]:
    """ISLR's Default, with student coded against "No" as R does."""
    spec = importlib.util.find_spec("ISLP")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("needs the ISLP package: pip install --no-deps ISLP")
    df = pd.read_csv(Path(next(iter(spec.submodule_search_locations))) / "data" / "Default.csv")
    X = pd.DataFrame(
        {
            "studentYes": (df["student"] == "Yes").astype(float),
            "balance": df["balance"],
            "income": df["income"],
        }
    )
    return X, df["default"]


def logitnet_tasks(X: pd.DataFrame, y: pd.Series) -> dict:
    """The logitnet side of each task."""

    def fit():
        model = logitnet.LogisticRegression(tol=1e-10).fit(X, y)
        return logitnet.inference(model, X, y)

    model = logitnet.LogisticRegression(tol=1e-10).fit(X, y)
    result = logitnet.inference(model, X, y)
    return {
        "fit + table": fit,
        "drop1": result.drop1,
        "marginal effects": result.marginal_effects,
        "profile intervals": lambda: logitnet.inference(model, X, y, ci="profile"),
    }


def statsmodels_tasks(X: pd.DataFrame, y: pd.Series) -> dict:
    """The statsmodels side of each task (None: it has no such thing)."""
    event = (y == "Yes").astype(int)
    exog = sm.add_constant(X)

    def fit():
        result = sm.Logit(event, exog).fit(disp=0, method="newton", tol=1e-10)
        return result.summary()

    full = sm.Logit(event, exog).fit(disp=0, method="newton", tol=1e-10)

    def drop1():
        return [
            2 * (full.llf - sm.Logit(event, exog.drop(columns=c)).fit(disp=0, tol=1e-10).llf)
            for c in COLUMNS
        ]

    return {
        "fit + table": fit,
        "drop1": drop1,
        "marginal effects": lambda: full.get_margeff(at="overall", method="dydx").summary_frame(),
        "profile intervals": None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    X, y = default_table()
    sides = {"logitnet": logitnet_tasks(X, y), "statsmodels": statsmodels_tasks(X, y)}
    times: dict = {(side, task): [] for side in sides for task in sides[side]}
    for _ in range(args.repeats):
        for side, tasks in sides.items():
            for task, run in tasks.items():
                if run is not None:
                    start = time.perf_counter()
                    run()
                    times[side, task].append(time.perf_counter() - start)
    print(f"ISLR Default, {len(X):,} rows; medians of {args.repeats} round-robin repeats")
    print(f"{'task':<20} {'logitnet':>10} {'statsmodels':>12} {'ratio':>7}")
    for task in sides["logitnet"]:
        ours = statistics.median(times["logitnet", task]) * 1e3
        theirs = times["statsmodels", task]
        if theirs:
            peer = statistics.median(theirs) * 1e3
            print(f"{task:<20} {ours:>8.1f}ms {peer:>10.1f}ms {ours / peer:>7.2f}")
        else:
            print(f"{task:<20} {ours:>8.1f}ms {'-':>12} {'-':>7}")
    np.testing.assert_allclose(  # both sides computed the same drop1 statistics
        sides["logitnet"]["drop1"]().table["lrt"].iloc[1:],
        sides["statsmodels"]["drop1"](),
        rtol=1e-6,
    )


if __name__ == "__main__":
    main()
