"""Streaming fits on Parquet files larger than they need to be: memory, time, and SGD.

For each size (rows x 20 float32 columns, a binary target drawn from a logistic model), a file
is generated into a temporary folder (deleted afterwards, never committed), then each contender
runs in its own child process, which reports its time and its peak RSS (after the fit, and
after the log-loss pass that follows it): ``VmHWM`` from
``/proc/self/status``, the high-water mark of the child's own memory, imports included. (Not
``ru_maxrss``: a child started by ``subprocess`` (vfork, then exec) inherits the parent's peak in
it, and the parent has just generated the file.)

- ``logitnet stream``: ``LogisticRegression().fit(logitnet.scan(path, target="y"))`` (newton),
  or ``logitnet train PATH --target y --stream`` with ``--cli`` (the CLI's ``main`` run in the
  child, as ``python -m logitnet`` runs it);
- ``logitnet in memory``: ``pyarrow.parquet.read_table`` to a float64 matrix, then ``fit``
  (reading included, as in the streamed fit);
- ``SGD partial_fit``: ``SGDClassifier(loss="log_loss")`` over the same batches of the same scan,
  ``--sgd-passes`` passes;
- ``mlp``: ``NeuralNetClassifier((64,), epochs=E, batch_size=256).fit(scan)`` (``--epochs``,
  default 1);
- ``cli-mlp``: ``logitnet train PATH --target y --stream --model mlp --hidden 64 --epochs E
  --batch-size 256`` (the CLI's ``main`` in the child, as for ``--cli``).

Each model kind reports its final mean log-loss over the whole file, computed batch by batch.
``--data DIR`` keeps the generated files in ``DIR`` and reuses them on the next run.

Run from the repository root::

    .venv/bin/python benchmarks/bench_stream.py --rows 5000000 20000000
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

N_FEATURES = 20
CHUNK_ROWS = 1_000_000  # rows generated and written at a time (one row group each)


def generate(path: Path, rows: int, seed: int = 0) -> None:
    """Write ``rows`` x 20 float32 features and a 0/1 target, a million rows at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    beta = np.linspace(-1.0, 1.0, N_FEATURES)
    writer = None
    for start in range(0, rows, CHUNK_ROWS):
        n = min(CHUNK_ROWS, rows - start)
        X = rng.standard_normal((n, N_FEATURES), dtype=np.float32)
        y = (rng.random(n) < 1.0 / (1.0 + np.exp(-(X @ beta)))).astype(np.int8)
        table = pa.table({**{f"x{j}": X[:, j] for j in range(N_FEATURES)}, "y": y})
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table, row_group_size=CHUNK_ROWS)
    writer.close()


def streamed_log_loss(model, data) -> float:
    """Mean log-loss of ``model`` over every batch of the scan."""
    from sklearn.metrics import log_loss

    total = rows = 0.0
    for batch in data.batches():
        proba = model.predict_proba(batch.X)
        total += log_loss(batch.y, proba, labels=[0, 1], normalize=False)
        rows += len(batch.y)
    return total / rows


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (VmHWM; ru_maxrss where /proc is missing)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_cli_here(path: str, options: list[str]) -> dict:
    """``logitnet train PATH --target y --stream OPTIONS`` here: its time and peak RSS."""
    from logitnet.cli import main

    out = Path(path).with_suffix(".model")
    sys.argv = ["logitnet", "train", path, "--target", "y", "--stream", "--out", str(out)]
    sys.argv += ["--force", *options]
    start = time.perf_counter()
    try:
        main()
    except SystemExit as exc:
        if exc.code:
            raise
    elapsed = time.perf_counter() - start
    peak = peak_rss_mb()
    return {"seconds": elapsed, "fit_peak_rss_mb": peak, "peak_rss_mb": peak, "log_loss": math.nan}


def mlp_options(epochs: int) -> list[str]:
    """The CLI options of the ``mlp`` contender's network."""
    return ["--model", "mlp", "--hidden", "64", "--epochs", str(epochs), "--batch-size", "256"]


def work(kind: str, path: str, passes: int, epochs: int) -> dict:
    """One contender's run, in this (child) process."""
    if kind in ("cli", "cli-mlp"):
        return run_cli_here(path, mlp_options(epochs) if kind == "cli-mlp" else [])
    import logitnet
    from logitnet import LogisticRegression

    data = logitnet.scan(path, target="y")
    start = time.perf_counter()
    if kind == "stream":
        model = LogisticRegression().fit(data)
        extra = {"passes": model.n_iter_ + 1}
    elif kind == "memory":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        X = np.column_stack([table[f"x{j}"].to_numpy() for j in range(N_FEATURES)])
        X = X.astype(np.float64)
        y = table["y"].to_numpy()
        del table
        model = LogisticRegression().fit(X, y)
        extra = {"iterations": model.n_iter_}
    elif kind == "sgd":
        from sklearn.linear_model import SGDClassifier

        model = SGDClassifier(loss="log_loss", random_state=0)
        for _ in range(passes):
            for batch in data.batches():
                model.partial_fit(batch.X, batch.y, classes=[0, 1])
        extra = {"passes": passes}
    else:  # "mlp"
        model = logitnet.NeuralNetClassifier((64,), epochs=epochs, batch_size=256, random_state=0)
        model.fit(data)
        extra = {"epochs": epochs}
    elapsed = time.perf_counter() - start
    fit_peak = peak_rss_mb()  # before the log-loss pass, which predicts on every batch
    return {
        "seconds": elapsed,
        "fit_peak_rss_mb": fit_peak,
        "log_loss": streamed_log_loss(model, data),
        "peak_rss_mb": peak_rss_mb(),
        **extra,
    }


def run_child(kind: str, path: Path, passes: int, epochs: int) -> dict:
    """Run one contender in a fresh Python process and read its report."""
    command = [sys.executable, __file__, "--worker", kind, str(path), "--sgd-passes", str(passes)]
    command += ["--epochs", str(epochs)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    """Generate each size, run the contenders, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[5_000_000, 20_000_000])
    parser.add_argument("--sgd-passes", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=1, help="the network's epochs")
    parser.add_argument(
        "--kinds",
        nargs="+",
        default=["stream", "memory", "sgd", "mlp"],
        choices=["stream", "memory", "sgd", "mlp", "cli", "cli-mlp"],
    )
    parser.add_argument("--data", type=Path, help="keep the generated files here and reuse them")
    parser.add_argument("--cli", action="store_true", help="also time `logitnet train --stream`")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(work(*args.worker, args.sgd_passes, args.epochs)))
        return
    results: dict[int, dict[str, dict]] = {}
    kinds = [*args.kinds, "cli"] if args.cli else args.kinds
    with tempfile.TemporaryDirectory(prefix="bench-stream-") as scratch:
        for rows in args.rows:
            path = data_file(args.data or Path(scratch), rows)
            runs = {kind: run_child(kind, path, args.sgd_passes, args.epochs) for kind in kinds}
            results[rows] = runs
            if args.data is None:
                path.unlink()
            report(rows, results[rows])
    growth(results)


def data_file(folder: Path, rows: int) -> Path:
    """The file of ``rows`` rows in ``folder``, generated unless it is there already."""
    path = folder / f"rows-{rows}.parquet"
    if not path.exists():
        partial = path.with_suffix(".partial")
        generate(partial, rows)
        partial.rename(path)
    return path


def report(rows: int, runs: dict[str, dict]) -> None:
    """One size's table: seconds, ratio to the streamed fit, log-loss, peak RSS."""
    print(f"\n{rows:,} rows x {N_FEATURES} float32 columns")
    head = f"| {'contender':<22} | {'seconds':>8} | {'/ stream':>8} | {'log-loss':>10} |"
    print(f"{head} {'fit peak MB':>11} | {'peak RSS MB':>11} |")
    print(f"|{'-' * 24}|{'-' * 9}:|{'-' * 9}:|{'-' * 11}:|{'-' * 12}:|{'-' * 12}:|")
    base = runs.get("stream", {}).get("seconds")
    for kind, run in runs.items():
        ratio = f"{run['seconds'] / base:8.2f}" if base else "       -"
        print(
            f"| {kind:<22} | {run['seconds']:8.2f} | {ratio} | {run['log_loss']:10.6f} "
            f"| {run['fit_peak_rss_mb']:11.0f} | {run['peak_rss_mb']:11.0f} |"
        )
    if "sgd" in runs and "stream" in runs:
        gap = runs["sgd"]["log_loss"] - runs["stream"]["log_loss"]
        print(f"SGD log-loss - logitnet's: {gap:+.6f}")


def growth(results: dict[int, dict[str, dict]]) -> None:
    """Peak RSS growth from the smallest to the largest size, per contender."""
    sizes = sorted(results)
    if len(sizes) < 2:
        return
    small, large = results[sizes[0]], results[sizes[-1]]
    for kind in (k for k in small if k in large):
        for key in ("fit_peak_rss_mb", "peak_rss_mb"):
            change = large[kind][key] / small[kind][key] - 1
            print(f"{key} growth {sizes[0]:,} -> {sizes[-1]:,} rows, {kind}: {change:+.1%}")


if __name__ == "__main__":
    main()
