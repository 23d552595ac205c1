"""The multi-process logistic fit in one process against the ordinary in-memory fit.

``fit_sharded`` (``linear/_sharded.py``, what ``logitnet train --processes N`` runs on a table in
memory) sums each pass over this rank's rows with an all-reduce; alone, the all-reduce is a
copy, so its time against ``LogisticRegression.fit`` on the same rows is the price of the
shared machinery. Prints the median of ``--repeats`` fits of each, and their ratio.

Run: ``.venv/bin/python benchmarks/bench_sharded.py`` (``--help`` for options). With
``PYTHONPATH=<checkout>/src`` it measures that checkout (before 2026-12 the function was
``logitnet.distributed._logistic.fit_logistic``; both are found).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings
from functools import partial

import numpy as np


def sharded_fit():
    """The multi-process fit of this checkout."""
    try:
        from logitnet.linear import fit_sharded
    except ImportError:
        from logitnet.distributed._logistic import fit_logistic as fit_sharded
    return fit_sharded


def median_seconds(fit, repeats: int) -> float:
    """Median wall time of ``fit()`` over ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fit()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Parse the options, fit, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--features", type=int, default=50)
    parser.add_argument("--classes", type=int, nargs="+", default=[2, 3])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    from logitnet import LogisticRegression

    warnings.simplefilter("ignore")
    fit_sharded = sharded_fit()
    rng = np.random.default_rng(0)
    X = rng.normal(size=(args.rows, args.features))
    score = X @ rng.normal(size=args.features) + rng.normal(size=args.rows)
    print(
        f"logitnet from {os.environ.get('PYTHONPATH') or 'the installed package'}; "
        f"{args.rows:,} x {args.features}, Newton, alpha 1e-3, {args.repeats} repeats; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print("| classes | ordinary fit (s) | sharded fit, 1 process (s) | ratio |")
    print("|---:|---:|---:|---:|")
    for k in args.classes:
        y = np.digitize(score, np.quantile(score, np.linspace(0, 1, k + 1)[1:-1]))
        classes = np.unique(y)
        plain = median_seconds(partial(LogisticRegression(alpha=1e-3).fit, X, y), args.repeats)
        sharded = partial(fit_sharded, LogisticRegression(alpha=1e-3), X, y, classes)
        shared = median_seconds(sharded, args.repeats)
        print(f"| {k} | {plain:.3f} | {shared:.3f} | {shared / plain:.2f}x |")


if __name__ == "__main__":
    main()
