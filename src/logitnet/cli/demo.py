"""``logitnet demo``: the lecture end to end, on data that needs no download."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from logitnet.cli._common import Debug, handles_errors


@handles_errors
def demo(
    pokemon: Annotated[
        Path | None,
        typer.Option(
            help="The lecture's pokemon.csv, to reproduce its Pokemon figures.", show_default=False
        ),
    ] = None,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the HTML reports.")] = (
        Path("demo-output")
    ),
    debug: Debug = False,
) -> None:
    """Run the lecture end to end and compare every figure with its reference.

    Logistic regression from scratch against scikit-learn (and the lecture's Pokemon figures with
    --pokemon), then the circles and blobs networks; one HTML report per model goes to --out.
    """
    from logitnet.demo.run import run_demo

    run_demo(pokemon=pokemon, out_dir=out_dir)
