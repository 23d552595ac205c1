"""Start-up time of the ``logitnet`` command against ``python -c "import typer"``.

Each measurement is the wall time of a fresh process. The runs are interleaved (round-robin) so
that load on a shared machine hits every command alike; the script prints the median of each and
the ratios of ``logitnet --version`` and ``logitnet --help`` to ``import typer`` (goal: at most
1.5). With ``--train``, it also
times ``logitnet train`` of a logistic regression on a generated 300-row, penguins-like table.

The logitnet that runs is the one the interpreter imports (so ``PYTHONPATH=some/src`` measures that
tree). Run from the repository root::

    .venv/bin/python benchmarks/bench_startup.py --runs 9 --train
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 1.5


def logitnet_command() -> list[str]:
    """The ``logitnet`` console script beside this interpreter, else ``python -m logitnet``."""
    script = Path(sys.executable).with_name("logitnet")
    return [str(script)] if script.exists() else [sys.executable, "-m", "logitnet"]


def wall_time(command: list[str], cwd: str | None = None) -> float:
    """Seconds a fresh process running ``command`` takes; its failure stops the benchmark."""
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=cwd)
    return time.perf_counter() - start


def medians(commands: dict[str, list[str]], runs: int, cwd: str | None = None) -> dict:
    """The median wall time of every command over ``runs`` round-robin runs."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(wall_time(command, cwd))
    return {name: statistics.median(values) for name, values in times.items()}


def write_penguins(path: Path, n_rows: int = 300, seed: int = 0) -> None:
    """A penguins-like CSV: 3 species, an island, 4 measurements, a sex with a few gaps."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    species = rng.choice(["Adelie", "Chinstrap", "Gentoo"], size=n_rows)
    shift = pd.Series(species).map({"Adelie": 0.0, "Chinstrap": 1.0, "Gentoo": 2.0}).to_numpy()
    table = pd.DataFrame(
        {
            "species": species,
            "island": rng.choice(["Biscoe", "Dream", "Torgersen"], size=n_rows),
            "bill_length_mm": 39 + 5 * shift + rng.normal(0, 2.5, n_rows),
            "bill_depth_mm": 18 - 2 * shift + rng.normal(0, 1.0, n_rows),
            "flipper_length_mm": 190 + 12 * shift + rng.normal(0, 6, n_rows),
            "body_mass_g": 3700 + 700 * shift + rng.normal(0, 350, n_rows),
            "sex": rng.choice(["male", "female", None], size=n_rows, p=[0.48, 0.48, 0.04]),
        }
    )
    table.to_csv(path, index=False)


def startup(runs: int) -> None:
    """Print the medians of ``import typer``, ``logitnet --version`` and ``--help``, and ratios."""
    commands = {
        'python -c "import typer"': [sys.executable, "-c", "import typer"],
        "logitnet --version": [*logitnet_command(), "--version"],
        "logitnet --help": [*logitnet_command(), "--help"],
    }
    result = medians(commands, runs)
    typer_s = result['python -c "import typer"']
    for name, seconds in result.items():
        print(f"{name:<28} median {seconds:.3f} s over {runs} runs")
    for name, seconds in list(result.items())[1:]:
        verdict = "meets" if seconds / typer_s <= GOAL else "misses"
        print(
            f"ratio {name} / import typer: {seconds / typer_s:.2f}x ({verdict} the goal of {GOAL}x)"
        )


def train(runs: int) -> None:
    """Print the median wall time of ``logitnet train`` (logistic) on a 300-row table."""
    with tempfile.TemporaryDirectory() as folder:
        write_penguins(Path(folder) / "penguins.csv")
        command = [
            *logitnet_command(),
            "train",
            "penguins.csv",
            "--target",
            "species",
            "--dropna",
            "--out",
            "run",
            "--force",
        ]
        result = medians({"train": command}, runs, cwd=folder)
    print(
        f"logitnet train penguins.csv (300 rows, logistic) median {result['train']:.3f} s "
        f"over {runs} runs"
    )


def main() -> None:
    """Parse the options and run the benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="fresh processes per command")
    parser.add_argument("--train", action="store_true", help="also time `logitnet train`")
    parser.add_argument("--train-runs", type=int, default=5, help="runs of `logitnet train`")
    args = parser.parse_args()
    print(f"logitnet from {os.environ.get('PYTHONPATH') or 'the installed package'}")
    startup(args.runs)
    if args.train:
        train(args.train_runs)


if __name__ == "__main__":
    main()
