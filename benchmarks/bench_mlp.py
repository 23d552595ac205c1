"""Benchmark: training a small tabular network on the CPU, logitnet against its peers.

Measured in one run, each the median of ``--runs`` runs:

- time per epoch and final training accuracy of logitnet's ``NeuralNetClassifier``,
  scikit-learn's ``MLPClassifier``, skorch's ``NeuralNetBinaryClassifier``, the lecture's
  ``DataLoader(TensorDataset)`` loop and a plain PyTorch loop over pre-sliced tensors;
- ``predict_proba`` throughput against ``MLPClassifier``;
- the peak memory of fitting 1,000,000 x 20 float64 rows (in a fresh process).

Data and settings: ``make_classification(100_000, 20, random_state=0)``, hidden (64, 64),
Adam with lr 1e-3, 5 epochs, batches of 256 and of 50.

Run: ``.venv/bin/python benchmarks/bench_mlp.py`` (``--help`` for options). On a machine whose
cores are busy with other work, ``--threads 1`` gives every contender one thread: idle OpenMP
and BLAS workers otherwise spin against the busy cores and slow small operations a hundredfold.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable

import numpy as np
import torch
from sklearn.datasets import make_classification
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_limits
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from logitnet import NeuralNetClassifier

HIDDEN = (64, 64)
LR = 1e-3
EPOCHS = 5
MEMORY_ROWS = 1_000_000


def _sequential(n_features: int, n_outputs: int = 1) -> nn.Module:
    """The (64, 64) ReLU network as plain PyTorch code would write it."""
    return nn.Sequential(
        nn.Linear(n_features, HIDDEN[0]),
        nn.ReLU(),
        nn.Linear(*HIDDEN),
        nn.ReLU(),
        nn.Linear(HIDDEN[1], n_outputs),
    )


def _torch_accuracy(model: nn.Module, X: torch.Tensor, y: np.ndarray) -> float:
    """Training accuracy of a one-logit torch model."""
    with torch.no_grad():
        return float(((model(X)[:, 0] > 0).numpy() == y).mean())


def fit_logitnet(X: np.ndarray, y: np.ndarray, batch_size: int) -> float:
    """logitnet's NeuralNetClassifier; returns the training accuracy."""
    clf = NeuralNetClassifier(
        HIDDEN, lr=LR, batch_size=batch_size, epochs=EPOCHS, random_state=0, device="cpu"
    )
    return clf.fit(X, y).score(X, y)


def fit_sklearn(X: np.ndarray, y: np.ndarray, batch_size: int) -> float:
    """scikit-learn's MLPClassifier with the same settings (no L2 penalty, no early stop)."""
    clf = MLPClassifier(
        HIDDEN,
        learning_rate_init=LR,
        batch_size=batch_size,
        max_iter=EPOCHS,
        alpha=0.0,
        tol=0.0,
        n_iter_no_change=10**6,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning: a fixed number of epochs
        return clf.fit(X, y).score(X, y)


class _Squeezed(nn.Module):
    """The network with its (n, 1) output flattened, as skorch's binary classifier expects."""

    def __init__(self, n_features: int = 20) -> None:
        super().__init__()
        self.net = _sequential(n_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)[:, 0]


def fit_skorch(X: np.ndarray, y: np.ndarray, batch_size: int) -> float:
    """skorch's NeuralNetBinaryClassifier, no validation split."""
    from skorch import NeuralNetBinaryClassifier

    torch.manual_seed(0)
    net = NeuralNetBinaryClassifier(
        _Squeezed,
        module__n_features=X.shape[1],
        max_epochs=EPOCHS,
        lr=LR,
        optimizer=torch.optim.Adam,
        batch_size=batch_size,
        train_split=None,
        iterator_train__shuffle=True,
        verbose=0,
    )
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    return float((net.fit(X32, y32).predict(X32) == y).mean())


def fit_lecture_loop(X: np.ndarray, y: np.ndarray, batch_size: int) -> float:
    """The lecture's loop: DataLoader(TensorDataset), zero_grad, forward, backward, step, item."""
    torch.manual_seed(0)
    X_t, y_t = torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)
    loader = DataLoader(TensorDataset(X_t, y_t), batch_size=batch_size, shuffle=True)
    model, criterion = _sequential(X.shape[1]), nn.BCEWithLogitsLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    for _ in range(EPOCHS):
        losses = 0.0
        for X_batch, y_batch in loader:
            optimizer.zero_grad()
            loss = criterion(model(X_batch).flatten(), y_batch)
            loss.backward()
            optimizer.step()
            losses += loss.item()
    return _torch_accuracy(model, X_t, y)


def fit_plain_torch(X: np.ndarray, y: np.ndarray, batch_size: int) -> float:
    """Plain PyTorch over pre-shuffled tensors sliced into batches, autograd and Adam."""
    torch.manual_seed(0)
    X_t, y_t = torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)
    model, criterion = _sequential(X.shape[1]), nn.BCEWithLogitsLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    for _ in range(EPOCHS):
        order = torch.randperm(len(X_t))
        X_s, y_s = X_t[order], y_t[order]
        total = torch.zeros(())
        for start in range(0, len(X_s), batch_size):
            optimizer.zero_grad(set_to_none=True)
            out = model(X_s[start : start + batch_size])[:, 0]
            loss = criterion(out, y_s[start : start + batch_size])
            loss.backward()
            optimizer.step()
            total += loss.detach()
    return _torch_accuracy(model, X_t, y)


CONTENDERS: dict[str, Callable[[np.ndarray, np.ndarray, int], float]] = {
    "logitnet": fit_logitnet,
    "sklearn MLPClassifier": fit_sklearn,
    "skorch NeuralNetBinaryClassifier": fit_skorch,
    "lecture DataLoader loop": fit_lecture_loop,
    "plain PyTorch, pre-sliced": fit_plain_torch,
}


def time_fit(fit: Callable, X: np.ndarray, y: np.ndarray, batch_size: int, runs: int):
    """Median seconds per epoch over ``runs`` fits, and the last training accuracy."""
    times, accuracy = [], float("nan")
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        accuracy = fit(X, y, batch_size)
        times.append((time.perf_counter() - start) / EPOCHS)
    return statistics.median(times), accuracy


def training_table(X: np.ndarray, y: np.ndarray, batch_size: int, runs: int, skip: set[str]):
    """Print one table of time per epoch, ratio and accuracy for ``batch_size``."""
    results = {
        name: time_fit(fit, X, y, batch_size, runs)
        for name, fit in CONTENDERS.items()
        if name not in skip
    }
    ours, our_acc = results["logitnet"]
    print(f"\nbatch size {batch_size}: median of {runs} runs, {EPOCHS} epochs, {len(X):,} rows")
    print(f"| {'method':34} | s/epoch | logitnet / it | train acc | acc gap (pts) |")
    print(f"|{'-' * 36}|--------:|--------------:|----------:|--------------:|")
    for name, (seconds, acc) in results.items():
        print(
            f"| {name:34} | {seconds:7.3f} | {ours / seconds:13.2f} | {acc:9.4f} "
            f"| {100 * (our_acc - acc):+13.2f} |"
        )


def throughput_table(X: np.ndarray, y: np.ndarray, runs: int) -> None:
    """Print predict_proba rows per second of logitnet and MLPClassifier, fitted on X."""
    ours = NeuralNetClassifier(HIDDEN, lr=LR, batch_size=256, epochs=1, random_state=0).fit(X, y)
    theirs = MLPClassifier(HIDDEN, batch_size=256, max_iter=1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.fit(X, y)
    rates = {}
    for name, clf in (("logitnet", ours), ("sklearn MLPClassifier", theirs)):
        seconds = []
        for _ in range(max(runs, 5)):
            start = time.perf_counter()
            clf.predict_proba(X)
            seconds.append(time.perf_counter() - start)
        rates[name] = len(X) / statistics.median(seconds)
    print(f"\npredict_proba on {len(X):,} rows: median of {max(runs, 5)} calls")
    print("| method | rows/s | logitnet rate / its rate |\n|---|---:|---:|")
    for name, rate in rates.items():
        print(f"| {name} | {rate:,.0f} | {rates['logitnet'] / rate:.2f} |")


def _rss_kib(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in KiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def memory_child() -> None:
    """Fit on 1,000,000 x 20 float64 rows and print the peak memory above the baseline (MiB)."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((MEMORY_ROWS, 20))
    y = (X[:, 0] + X[:, 1] > 0).astype(np.int64)
    NeuralNetClassifier(HIDDEN, epochs=1, random_state=0).fit(X[:1000], y[:1000])  # warm up
    gc.collect()
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # reset the peak (VmHWM) to the current resident size
    baseline = _rss_kib("VmRSS")
    NeuralNetClassifier(HIDDEN, lr=LR, batch_size=256, epochs=1, random_state=0).fit(X, y)
    print((_rss_kib("VmHWM") - baseline) / 1024)


def memory_table() -> None:
    """Run :func:`memory_child` in a fresh process and print its peak against the limit."""
    out = subprocess.run(
        [sys.executable, __file__, "--memory-child"], capture_output=True, text=True, check=True
    )
    peak = float(out.stdout.strip().splitlines()[-1])
    data = MEMORY_ROWS * 20 * 4 / 2**20
    print(f"\npeak memory fitting {MEMORY_ROWS:,} x 20 float64 rows (1 epoch, batch 256)")
    print("| above input + imports | float32 data size | ratio | limit |\n|---:|---:|---:|---:|")
    print(f"| {peak:.1f} MiB | {data:.1f} MiB | {peak / data:.2f}x | 3x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per contender (median)")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[256, 50])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--skip", nargs="*", default=[], help="contenders to leave out")
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="limit torch and BLAS threads for every contender (default: leave them alone)",
    )
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child()
        return
    with threadpool_limits(limits=args.threads):
        if args.threads is not None:
            torch.set_num_threads(args.threads)
        run(args)


def run(args: argparse.Namespace) -> None:
    """Every table, in one process."""
    X, y = make_classification(args.rows, 20, random_state=0)
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} torch threads, load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    for batch_size in args.batch_sizes:
        training_table(X, y, batch_size, args.runs, set(args.skip))
    throughput_table(X, y, args.runs)
    memory_table()


if __name__ == "__main__":
    main()
