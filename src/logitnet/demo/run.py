"""Run every part of the demo, show each comparison as a table, and write a report per model.

Examples
--------
>>> from logitnet.demo.run import run_demo
>>> results = run_demo(out_dir="demo-output")  # doctest: +SKIP
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from logitnet.demo import DemoResult

__all__ = ["disagreements", "result_table", "run_demo", "write_reports"]


def result_table(result: DemoResult) -> Table:
    """One demo part as a table: step | logitnet | reference | agrees (disagreements in red)."""
    table = Table(title=result.title, title_justify="left")
    table.add_column("step")
    table.add_column("logitnet", justify="right")
    table.add_column("reference", justify="right")
    table.add_column("agrees", justify="center")
    for row in result.rows:
        verdict = "[green]yes[/]" if row.agrees else "[bold red]NO[/]"
        style = None if row.agrees else "red"
        table.add_row(row.step, row.logitnet, row.reference, verdict, style=style)
    return table


def disagreements(results: Sequence[DemoResult]) -> list[str]:
    """``"<title>: <step>"`` for every figure that does not agree with its reference."""
    return [f"{r.title}: {row.step}" for r in results for row in r.rows if not row.agrees]


def _unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name-2``, ``name-3``... if it is already taken."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}-{n}"
    taken.add(candidate)
    return candidate


def write_reports(results: Sequence[DemoResult], out_dir: str | os.PathLike) -> list[Path]:
    """Write ``<out_dir>/<name>.html`` for every part with a fitted model; return the paths."""
    from logitnet.report import write_report

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    taken: set[str] = set()
    for result in results:
        if result.estimator is None:
            continue
        path = out_dir / f"{_unique_name(result.name, taken)}.html"
        write_report(
            path, result.estimator, result.X, result.y, history=result.history, title=result.title
        )
        paths.append(path)
    return paths


def _logistic_part(pokemon: str | os.PathLike | None) -> list[DemoResult]:
    """Logistic regression from scratch against scikit-learn (and the lecture's Pokemon figures)."""
    from logitnet.demo.logistic import logistic_demo

    return logistic_demo(pokemon)


def _neural_part() -> list[DemoResult]:
    """The lecture's circles and blobs networks."""
    from logitnet.demo.neural import neural_demo

    return neural_demo()


def _parts(pokemon: str | os.PathLike | None) -> list[tuple[str, Callable[[], list]]]:
    """The demo parts in lecture order, each a label and a function returning DemoResults."""
    return [
        ("logistic regression", lambda: _logistic_part(pokemon)),
        ("neural networks", _neural_part),
    ]


def _run_parts(pokemon: Any, console: Console) -> list[DemoResult]:
    """Run each part, print its tables as soon as it is done, and collect the results."""
    results: list[DemoResult] = []
    for label, part in _parts(pokemon):
        start = time.perf_counter()
        produced = part()
        console.print(f"[dim]{label}: {time.perf_counter() - start:.1f} s[/]")
        for result in produced:
            console.print(result_table(result))
        results.extend(produced)
    return results


def _verdict(results: Sequence[DemoResult], console: Console) -> None:
    """One closing line: every figure agrees, or which ones do not."""
    wrong = disagreements(results)
    total = sum(len(r.rows) for r in results)
    if not wrong:
        console.print(f"[green]All {total} figures agree with their references.[/]")
        return
    console.print(f"[bold red]{len(wrong)} of {total} figures DISAGREE with their references:[/]")
    for line in wrong:
        console.print(f"[red]  - {line}[/]", markup=True)


def run_demo(
    pokemon: str | os.PathLike | None = None,
    out_dir: str | os.PathLike = "demo-output",
    console: Console | None = None,
) -> list[DemoResult]:
    """Run the lecture end to end and print it: tables of figures, then where the reports are.

    Parameters
    ----------
    pokemon : path, optional
        The lecture's ``pokemon.csv``; with it the Pokemon figures are reproduced too, without it
        the logistic part uses a dataset that ships with scikit-learn.
    out_dir : path, default="demo-output"
        Folder for one HTML report per fitted model.
    console : rich Console, optional
        Where to print; standard output by default.

    Returns
    -------
    list of DemoResult
        Every part's figures. A figure that disagrees is shown in red, not raised.
    """
    console = console or Console(highlight=False)
    if pokemon is not None and not Path(pokemon).is_file():
        from logitnet.exceptions import DataError

        raise DataError(f"{pokemon}: no such file (the lecture's pokemon.csv)")
    results = _run_parts(pokemon, console)
    _verdict(results, console)
    paths = write_reports(results, out_dir)
    if paths:
        console.print(f"Reports written to {Path(out_dir)}/: " + ", ".join(p.name for p in paths))
    else:
        console.print("[dim]No reports written: this install has no report writer.[/]")
    return results
