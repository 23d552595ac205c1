"""2 processes against 1 on torch.distributed (gloo), one thread per process, in one run.

Each measurement starts its workers through logitnet's elastic launcher (what
``logitnet train --processes N`` does) and times, inside the workers, only the work:

- a streamed logistic regression (Newton, ``alpha=1e-4``) on ``--logistic-rows`` x 50 rows in a
  Parquet file (float32 features, row groups of 100,000 rows), written once before the
  launches: every rank calls ``LogisticRegression.fit(logitnet.scan(path, target="y"))``, which
  inside the group reads only the rank's share of the row groups and all-reduces each pass's
  sums (the class pass included);
- one MLP epoch on ``--mlp-rows`` x 50 rows, hidden (256, 256), 512 rows per process per step
  (``batch_size = 512 * processes``), five ways: logitnet (through DistributedDataParallel;
  alone in its group, the single-process step), ``NeuralNetClassifier.fit`` without a group
  (one process), a minimal hand-written DDP loop (the peer), logitnet's single-process step
  with one bare ``all_reduce`` of a gradient-sized float32 tensor per step (the floor of any
  data-parallel step on gloo: no DDP, nothing but the one collective), and that step with no
  communication at all on every rank at once (the compute-only ceiling of any speed-up);
  each epoch's time is the slowest rank's, excluding start-up and data generation;
- ``all_reduce`` of float64 arrays of the sizes one step sends, each after a barrier, and of
  float32 tensors in a loop of 200 as training calls it (2 processes);
- ``train`` (``--tasks train``): ``logitnet train FILE --target y --stream --processes P``
  end to end, as a user runs it, for a logistic regression on each of ``--train-rows``
  (Parquet files as above, float32, row groups of 100,000 rows), 1 and 2 processes. Rank 0
  writes the seconds of each phase (``LOGITNET_PHASES``): launch (from the command's start to
  the run's), statistics (the one pass that also counts the classes), fit, test, report (its
  rows and figures), write, and exit (from the run's end to the command's). The passes that
  read data (statistics, fit, test) are modelled from their 1- and 2-process times as
  ``T(P) = s + p / P`` with ``p = 2 (T1 - T2)`` and ``s = 2 T2 - T1`` (each at least 0); the
  others (launch, report, write, exit) as fixed at their 2-process time. A second table
  gives, for each phase, its passes over the data and the rows rank 0 decoded in them: with
  2 processes every pass decodes half the rows, so no pass is left that every rank makes
  over every row.

Every rank makes the same synthetic rows from a seed and keeps its share, so the data are the
same for 1 and 2 processes. Medians of ``--repeats`` runs inside one launch, after an
untimed warm-up (a logistic fit of one row group; the MLP's repeats run every way in turn).
The load average is printed before and after each part: on a machine whose cores are busy
with other work, the processes do not get a core each and the figures say little.

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
from functools import partial
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


def write_parquet(path: Path, n_rows: int, chunk: int = 100_000) -> None:
    """``n_rows`` rows as Parquet: x0..x49 (float32), y (0/1); a row group per ``chunk`` rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    w = np.random.default_rng(0).normal(size=FEATURES)
    writer = None
    for start in range(0, n_rows, chunk):
        rng = np.random.default_rng([0, start])
        X = rng.normal(size=(min(chunk, n_rows - start), FEATURES)).astype(np.float32)
        y = (X @ w + rng.logistic(size=len(X)) > 0).astype(np.int8)
        columns = {f"x{k}": X[:, k] for k in range(FEATURES)} | {"y": y}
        table = pa.table(columns)
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table, row_group_size=chunk)
    writer.close()


def time_logistic(path: str, repeats: int) -> list[float]:
    """Seconds of each streamed fit of a logistic regression, every rank on its share.

    An untimed fit on the file's first row group comes first, so that no timed fit pays for
    importing the solver's modules.
    """
    import pyarrow.parquet as pq

    import logitnet
    from logitnet.distributed import all_reduce, barrier, rank

    first = Path(path).with_name("first-row-group.parquet")
    if rank() == 0 and not first.exists():
        pq.write_table(pq.ParquetFile(path).read_row_group(0), first)
    barrier()
    logitnet.LogisticRegression(alpha=1e-4).fit(logitnet.scan(first, target="y"))
    times = []
    for _ in range(repeats):
        barrier()
        start = time.perf_counter()
        logitnet.LogisticRegression(alpha=1e-4).fit(logitnet.scan(path, target="y"))
        times.append(float(all_reduce(np.array([time.perf_counter() - start]), "max")[0]))
    return times


def time_mlp_epoch(n_rows: int, repeats: int) -> dict[str, list[list[float]]]:
    """Seconds of one MLP epoch, each way, the slowest rank's; 512 rows per process per step.

    Each time is a pair: the wall-clock seconds, and the CPU seconds of all the process's
    threads (its compute and gloo's) over the same epoch; a fully loaded rank spends about as
    many of either, a rank that waits (for a core, or for its peer) fewer CPU seconds.

    ``logitnet``: ``fit_ddp`` (DDP), timed by its history (``dur``: the epoch loop only);
    ``plain DDP``: a minimal hand-written DDP loop (torch's Adam, autograd, pre-sliced
    batches); ``compute + 1 bare all_reduce``: logitnet's single-process step and one
    ``all_reduce`` per step (the floor on gloo); ``compute only``: logitnet's single-process
    step on this rank's rows with no communication at all, every rank at once (the ceiling of
    any speed-up here); with one
    process also ``logitnet, no group``: ``NeuralNetClassifier.fit``, what runs without
    ``--processes``.
    """
    import torch

    from logitnet.distributed import all_reduce, rank, world_size

    torch.set_num_threads(1)
    X, y = make_rows(n_rows, rank(), world_size(), seed=1)
    X = X.astype(np.float32)
    ways = {
        "logitnet": _logitnet_epoch,
        "plain DDP": _plain_ddp_epoch,
        "compute + 1 bare all_reduce": partial(_compute_only_epoch, reduce=True),
        "compute only": _compute_only_epoch,
    }
    if world_size() == 1:
        ways["logitnet, no group"] = _ungrouped_epoch
    times: dict[str, list[list[float]]] = {name: [] for name in ways}
    for _ in range(repeats):
        for name, way in ways.items():
            times[name].append(all_reduce(np.array(way(X, y)), "max").tolist())
    return times


def _classifier():
    """The network of the issue: hidden (256, 256), 512 rows per process per step, 1 epoch."""
    from logitnet.distributed import world_size
    from logitnet.nn import NeuralNetClassifier

    return NeuralNetClassifier(
        (256, 256), batch_size=512 * world_size(), epochs=1, random_state=0, verbose=False
    )


def _epoch_clock():
    """A callback that keeps the epoch's CPU seconds; the wall-clock is the history's ``dur``."""
    from logitnet.nn import Callback

    class EpochClock(Callback):
        def on_epoch_begin(self, ctx) -> None:
            self.cpu = time.process_time()

        def on_epoch_end(self, ctx) -> None:
            self.cpu = time.process_time() - self.cpu

    return EpochClock()


def _logitnet_epoch(X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """logitnet's DDP fit of one epoch; the epoch loop's seconds on this rank."""
    from logitnet.distributed import barrier
    from logitnet.nn._ddp import fit_ddp

    clock = _epoch_clock()
    model = _classifier().set_params(callbacks=[clock])
    barrier()
    return fit_ddp(model, X, y, np.array([0, 1])).history_[0]["dur"], clock.cpu


def _ungrouped_epoch(X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """``NeuralNetClassifier.fit`` of one epoch (one process, no DDP); the epoch loop's seconds."""
    clock = _epoch_clock()
    return _classifier().set_params(callbacks=[clock]).fit(X, y).history_[0]["dur"], clock.cpu


def _plain_ddp_epoch(X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """A minimal DDP loop as torch's tutorial writes it; seconds of its epoch on this rank."""
    import torch
    from torch import nn
    from torch.nn.parallel import DistributedDataParallel

    from logitnet.distributed import barrier

    torch.manual_seed(0)
    net = nn.Sequential(
        nn.Linear(FEATURES, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 1)
    )
    model, loss_fn = DistributedDataParallel(net), nn.BCEWithLogitsLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y.astype(np.float32))
    barrier()
    start, cpu = time.perf_counter(), time.process_time()
    order = torch.randperm(len(X_t), generator=torch.Generator().manual_seed(0))
    X_t, y_t = X_t[order], y_t[order]
    for i in range(0, len(X_t), 512):
        optimizer.zero_grad()
        loss_fn(model(X_t[i : i + 512])[:, 0], y_t[i : i + 512]).backward()
        optimizer.step()
    return time.perf_counter() - start, time.process_time() - cpu


def _compute_only_epoch(X: np.ndarray, y: np.ndarray, reduce: bool = False) -> tuple[float, float]:
    """logitnet's single-process step over this rank's rows, no communication; its seconds.

    With ``reduce``, each step also all-reduces one float32 tensor of the gradient's size
    (79,105 values) between its gradient and its update: one bare ``all_reduce`` of
    torch.distributed and nothing else, the least any data-parallel step on gloo sends.
    """
    import torch
    import torch.distributed as dist

    from logitnet.distributed import barrier
    from logitnet.nn import InMemoryBatches
    from logitnet.nn._step import make_step

    model = _classifier().initialize(FEATURES, np.array([0, 1]))
    data = (torch.from_numpy(X), torch.from_numpy(y.astype(np.float32)))
    batches = InMemoryBatches(data, 512, generator=torch.Generator().manual_seed(0))
    flat = torch.zeros(sum(p.numel() for p in model.module_.parameters()))
    hook = (lambda loss: dist.all_reduce(flat)) if reduce else None
    step = make_step(
        model.module_, model._loss(), model.optimizer_, kind="fast", on_grad_computed=hook
    )
    barrier()
    start, cpu = time.perf_counter(), time.process_time()
    for batch in batches:
        step(*batch)
    return time.perf_counter() - start, time.process_time() - cpu


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


def time_back_to_back(repeats: int) -> dict[str, list[float]]:
    """Wall and CPU milliseconds of one float32 ``all_reduce`` in a loop of 200, no barrier.

    This is how a training loop calls it. 4 values already make gloo's ring (2 processes)
    send each half in 2 segments, one after the other; 1 value sends 1 segment.
    """
    import torch
    import torch.distributed as dist

    from logitnet.distributed import barrier

    found = {}
    for size in (1, 4, 79_105):
        value, times = torch.ones(size), []
        for _ in range(repeats):
            barrier()
            start, cpu = time.perf_counter(), time.process_time()
            for _ in range(200):
                dist.all_reduce(value)
            times.append([(time.perf_counter() - start) * 5, (time.process_time() - cpu) * 5])
        found[f"{size:,} float32, back to back"] = np.median(times, axis=0).tolist()
    return found


def worker(args: argparse.Namespace) -> None:
    """One rank: time what ``args.task`` names; rank 0 writes the times to ``args.out``."""
    from logitnet.distributed import process_group, rank

    with process_group():
        if args.task == "logistic":
            found = time_logistic(args.parquet, args.repeats)
        elif args.task == "mlp":
            found = time_mlp_epoch(args.mlp_rows, args.repeats)
        else:
            found = {
                "barrier": time_all_reduce(args.repeats),
                "loop": time_back_to_back(args.repeats),
            }
        if rank() == 0:
            Path(args.out).write_text(json.dumps(found))


def measure(task: str, processes: int, args: argparse.Namespace) -> object:
    """Launch ``processes`` workers for ``task``; what rank 0 measured."""
    from logitnet.distributed._launch import launch

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "times.json"
        launch(
            [
                __file__,
                "--worker",
                "--task",
                task,
                "--out",
                str(out),
                "--parquet",
                str(args.parquet),
                "--mlp-rows",
                str(args.mlp_rows),
                "--repeats",
                str(args.repeats),
            ],
            processes,
        )
        return json.loads(out.read_text())


PHASES = ("launch", "statistics", "fit", "test", "report", "write", "exit")
SHARED = ("statistics", "fit", "test")  # the phases that read the data


def time_train(path: Path, processes: int) -> dict[str, float]:
    """``logitnet train PATH --stream --processes N`` once: wall seconds in all, and per phase."""
    import subprocess

    with tempfile.TemporaryDirectory() as folder:
        phases = Path(folder) / "phases.json"
        env = {**os.environ, "LOGITNET_PHASES": str(phases)}
        command = [
            sys.executable,
            "-m",
            "logitnet",
            "train",
            str(path),
            "--target",
            "y",
            "--stream",
            "--processes",
            str(processes),
            "--out",
            str(Path(folder) / "out"),
        ]
        start, began = time.perf_counter(), time.time()
        done = subprocess.run(command, capture_output=True, text=True, env=env)
        total = time.perf_counter() - start
        if done.returncode:
            raise SystemExit(f"train failed: {done.stderr}")
        found = json.loads(phases.read_text())
    found["launch"] = found.pop("began") - began
    found["exit"] = began + total - found.pop("ended")
    return {"total": total, **found}


def report_train(args: argparse.Namespace) -> None:
    """End-to-end ``train --stream`` of a logistic regression, 1 and 2 processes, per phase."""
    for rows in (int(r) for r in args.train_rows.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "rows.parquet"
            write_parquet(path, rows)
            runs = {n: [] for n in (1, 2)}
            for _ in range(args.repeats):  # 1 and 2 processes in turn, side by side
                for n in runs:
                    runs[n].append(time_train(path, n))
        print(f"\ntrain --stream, logistic, {rows:,} x {FEATURES} ({load()})")
        for n, times in runs.items():
            print(
                f"{n} process(es), every repeat (s): "
                + ", ".join(f"{t['total']:.2f}" for t in times)
            )
        medians = {
            n: {k: statistics.median(t[k] for t in runs[n]) for k in runs[n][0] if k != "reads"}
            for n in runs
        }
        print_phases(medians[1], medians[2])
        print_reads(runs[1][0]["reads"], runs[2][0]["reads"])


def print_phases(one: dict[str, float], two: dict[str, float]) -> None:
    """The per-phase table, and the model of 8 and 64 processes."""
    print(
        "| phase | 1 process (s) | 2 processes (s) | speed-up | model: serial s (s) "
        "| model: shared p (s) | 8 processes (s) | 64 processes (s) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    totals = {8: 0.0, 64: 0.0}
    for name in PHASES:
        t1, t2 = one.get(name, 0.0), two.get(name, 0.0)
        p, s = max(0.0, 2 * (t1 - t2)), max(0.0, 2 * t2 - t1)
        if name not in SHARED:
            p, s = 0.0, t2
        model = {n: s + p / n for n in totals}
        for n in totals:
            totals[n] += model[n]
        ratio = f"{t1 / t2:.2f}x" if t2 > 0 else ""
        print(
            f"| {name} | {t1:.2f} | {t2:.2f} | {ratio} | {s:.2f} | {p:.2f} "
            f"| {model[8]:.2f} | {model[64]:.2f} |"
        )
    print("| classes | (counted in the statistics pass) | | | | | | |")
    t1, t2 = one["total"], two["total"]
    print(
        f"| **total (wall)** | {t1:.2f} | {t2:.2f} | **{t1 / t2:.2f}x** | | "
        f"| {totals[8]:.2f} ({t1 / totals[8]:.2f}x) | {totals[64]:.2f} "
        f"({t1 / totals[64]:.2f}x) |"
    )


def print_reads(one: dict, two: dict) -> None:
    """Each phase's passes over the data and the rows rank 0 decoded, 1 and 2 processes."""
    print(
        "| phase | passes | rows decoded, 1 process | rows decoded by rank 0, 2 processes "
        "| share |\n|---|---:|---:|---:|---:|"
    )
    for name, (passes, rows) in one.items():
        theirs = two.get(name, [0, 0])[1]
        print(f"| {name} | {passes} | {rows:,} | {theirs:,} | {theirs / max(rows, 1):.2f} |")


def load() -> str:
    """The machine's 1, 5 and 15 minute load averages."""
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def report_logistic(args: argparse.Namespace) -> None:
    """The logistic fit with 1 and 2 processes."""
    with tempfile.TemporaryDirectory() as folder:
        args.parquet = Path(folder) / "rows.parquet"
        write_parquet(args.parquet, args.logistic_rows)
        found = {n: measure("logistic", n, args) for n in (1, 2)}
    for n, times in found.items():
        print(f"{n} process(es), every repeat: {', '.join(f'{t:.2f}' for t in times)}")
    one, two = (statistics.median(found[n]) for n in (1, 2))
    print("| task | 1 process (s) | 2 processes (s) | speed-up |\n|---|---:|---:|---:|")
    print(f"| streamed logistic fit (Newton) | {one:.2f} | {two:.2f} | {one / two:.2f}x |")


def report_mlp(args: argparse.Namespace) -> None:
    """The MLP epoch each way with 1 and 2 processes, and logitnet's speed-up."""
    found = {n: measure("mlp", n, args) for n in (1, 2)}
    for n, times in found.items():
        print(
            f"{n} process(es), every repeat (wall s / CPU s): "
            + "; ".join(
                f"{name} " + ", ".join(f"{w:.2f}/{c:.2f}" for w, c in pairs)
                for name, pairs in times.items()
            )
        )
    one, two = ({k: np.median(v, axis=0) for k, v in found[n].items()} for n in (1, 2))
    print(
        "| MLP epoch, slowest rank | 1 process (s) | 2 processes (s) | speed-up "
        "| CPU s, 1 process | CPU s, 2 processes (busiest rank) | CPU-bound speed-up |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in two:
        (w1, c1), (w2, c2) = one[name], two[name]
        print(
            f"| {name} | {w1:.2f} | {w2:.2f} | {w1 / w2:.2f}x | {c1:.2f} | {c2:.2f} "
            f"| {c1 / c2:.2f}x |"
        )
    w1, c1 = one["logitnet, no group"]
    print(f"| logitnet, no group | {w1:.2f} | | | {c1:.2f} | | |")
    best = min(one["logitnet"][0], one["logitnet, no group"][0])
    print(
        f"logitnet, 2 processes against the faster 1-process logitnet: "
        f"{best / two['logitnet'][0]:.2f}x; logitnet / plain DDP time, 2 processes: "
        f"{two['logitnet'][0] / two['plain DDP'][0]:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logistic-rows", type=int, default=400_000)
    parser.add_argument("--mlp-rows", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--train-rows", default="1000000,4000000", help="rows of each end-to-end train table"
    )
    parser.add_argument(
        "--tasks",
        default="logistic,mlp,reduce",
        help="what to measure, of logistic, mlp, reduce and train (comma-separated)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--task", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--parquet", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)
    os.environ["OMP_NUM_THREADS"] = "1"  # one thread per process, for both
    tasks = args.tasks.split(",")
    print(
        f"logistic: {args.logistic_rows:,} x {FEATURES}; mlp: {args.mlp_rows:,} x {FEATURES}, "
        f"hidden (256, 256), 512 rows per process per step; {args.repeats} repeats"
    )
    print(load())
    if "logistic" in tasks:
        report_logistic(args)
        print(load())
    if "mlp" in tasks:
        report_mlp(args)
        print(load())
    if "train" in tasks:
        report_train(args)
        print(load())
    if "reduce" in tasks:
        found = measure("reduce", 2, args)
        print("\n| all_reduce after a barrier, 2 processes (gloo) | median (ms) |\n|---|---:|")
        for name, seconds in found["barrier"].items():
            print(f"| {name} | {1e3 * seconds:.3f} |")
        print("\n| all_reduce in a loop, 2 processes (gloo) | wall (ms) | CPU (ms) |")
        print("|---|---:|---:|")
        for name, (wall, cpu) in found["loop"].items():
            print(f"| {name} | {wall:.3f} | {cpu:.3f} |")
        print(load())
    sys.stdout.flush()


if __name__ == "__main__":
    main()
