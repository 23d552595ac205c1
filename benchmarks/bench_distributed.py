"""2 processes against 1 on torch.distributed (gloo), one thread per process, in one run.

Each measurement starts its workers through logitnet's elastic launcher (what
``logitnet train --processes N`` does) and times, inside the workers, only the work:

- a logistic regression (Newton, ``alpha=1e-4``) on ``--logistic-rows`` x 50 rows: each rank
  holds its contiguous share in memory and sums loss, gradient and Hessian over it, one
  all-reduce per quantity (:mod:`logitnet.distributed._objective`);
- one MLP epoch on ``--mlp-rows`` x 50 rows, hidden (256, 256), 512 rows per process per step
  (``batch_size = 512 * processes``), through DistributedDataParallel;
- ``all_reduce`` of float64 arrays of the sizes one step sends (2 processes).

Every rank makes the same synthetic rows from a seed and keeps its share, so the data are the
same for 1 and 2 processes. Medians of ``--repeats`` runs inside one launch.

Run from the repository root (the issue's sizes)::

    .venv/bin/python benchmarks/bench_distributed.py --logistic-rows 2000000 --mlp-rows 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

FEATURES = 50
REDUCE_SIZES = {  # float64 values per all-reduce
    "logistic gradient (51)": 1 + FEATURES + 1,
    "logistic Hessian (51 x 51)": (FEATURES + 1) ** 2,
    "39,809 float64 (~ the mlp step: 79,105 float32 gradients, 316 KB)": 39_809,
    "1 MiB": 131_072,
    "16 MiB": 2_097_152,
}


def make_rows(n_rows: int, rank: int, world: int, seed: int = 0):
    """This rank's share of ``n_rows`` synthetic rows (features float64, labels 0/1)."""
    from logitnet.distributed import shard_rows

    rows = shard_rows(n_rows, rank, world)
    rng = np.random.default_rng(seed)
    w = rng.normal(size=FEATURES)
    X = np.random.default_rng([seed, int(rows[0]) if len(rows) else 0]).normal(
        size=(len(rows), FEATURES)
    )
    noise = np.random.default_rng([seed, 1, int(rows[0]) if len(rows) else 0]).logistic(
        size=len(rows)
    )
    return X, (X @ w + noise > 0).astype(np.int64)


def time_logistic(n_rows: int, repeats: int) -> list[float]:
    """Seconds of each fit of a sharded logistic regression."""
    from logitnet import LogisticRegression
    from logitnet.distributed import barrier, rank, world_size
    from logitnet.distributed._logistic import fit_logistic

    X, y = make_rows(n_rows, rank(), world_size())
    times = []
    for _ in range(repeats):
        barrier()
        start = time.perf_counter()
        fit_logistic(LogisticRegression(alpha=1e-4), X, y, np.array([0, 1]))
        barrier()
        times.append(time.perf_counter() - start)
    return times


def time_mlp_epoch(n_rows: int, repeats: int) -> list[float]:
    """Seconds of each one-epoch DDP fit of an MLP (256, 256), 512 rows per process per step."""
    from logitnet.distributed import barrier, rank, world_size
    from logitnet.distributed._network import fit_network
    from logitnet.nn import NeuralNetClassifier

    X, y = make_rows(n_rows, rank(), world_size(), seed=1)
    X = X.astype(np.float32)
    times = []
    for _ in range(repeats):
        model = NeuralNetClassifier((256, 256), batch_size=512 * world_size(), epochs=1,
                                    random_state=0)  # fmt: skip
        barrier()
        start = time.perf_counter()
        fit_network(model, X, y, np.array([0, 1]))
        barrier()
        times.append(time.perf_counter() - start)
    return times


def time_all_reduce(repeats: int) -> dict[str, float]:
    """Median seconds of one all-reduce of each size in ``REDUCE_SIZES``."""
    from logitnet.distributed import all_reduce, barrier

    found = {}
    for name, size in REDUCE_SIZES.items():
        value, times = np.ones(size), []
        for _ in range(max(5, repeats * 5)):
            barrier()
            start = time.perf_counter()
            all_reduce(value)
            times.append(time.perf_counter() - start)
        found[name] = statistics.median(times)
    return found


def worker(args: argparse.Namespace) -> None:
    """One rank: time what ``args.task`` names; rank 0 writes the times to ``args.out``."""
    from logitnet.distributed import process_group, rank

    with process_group():
        if args.task == "logistic":
            found = time_logistic(args.logistic_rows, args.repeats)
        elif args.task == "mlp":
            found = time_mlp_epoch(args.mlp_rows, args.repeats)
        else:
            found = time_all_reduce(args.repeats)
        if rank() == 0:
            Path(args.out).write_text(json.dumps(found))


def measure(task: str, processes: int, args: argparse.Namespace) -> object:
    """Launch ``processes`` workers for ``task``; what rank 0 measured."""
    from logitnet.distributed._launch import launch

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "times.json"
        launch([__file__, "--worker", "--task", task, "--out", str(out),
                "--logistic-rows", str(args.logistic_rows), "--mlp-rows", str(args.mlp_rows),
                "--repeats", str(args.repeats)], processes)  # fmt: skip
        return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logistic-rows", type=int, default=400_000)
    parser.add_argument("--mlp-rows", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--task", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)
    os.environ["OMP_NUM_THREADS"] = "1"  # one thread per process, for both
    print(f"logistic: {args.logistic_rows:,} x {FEATURES}; mlp: {args.mlp_rows:,} x {FEATURES}, "
          f"hidden (256, 256), 512 rows per process per step; {args.repeats} repeats")  # fmt: skip
    print("| task | 1 process (s) | 2 processes (s) | speed-up |")
    print("|---|---:|---:|---:|")
    for task, label in (("logistic", "logistic fit (Newton)"), ("mlp", "MLP epoch")):
        one, two = (statistics.median(measure(task, n, args)) for n in (1, 2))
        print(f"| {label} | {one:.2f} | {two:.2f} | {one / two:.2f}x |")
    print("\n| all_reduce, 2 processes (gloo) | median (ms) |\n|---|---:|")
    for name, seconds in measure("reduce", 2, args).items():
        print(f"| {name} | {1e3 * seconds:.3f} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
