"""The ``logitnet`` command: train, evaluate, predict, summary, demo, playground, serve, export.

Exit codes: 0 on success, 2 for a usage error, 1 for a data or model error (one line on stderr;
``--debug`` shows the traceback).
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from logitnet.cli._common import Debug, set_global_debug
from logitnet.cli.demo import demo
from logitnet.cli.evaluate import evaluate
from logitnet.cli.export import export
from logitnet.cli.playground import playground
from logitnet.cli.predict import predict
from logitnet.cli.serve import serve
from logitnet.cli.summary import summary
from logitnet.cli.train import train

__all__ = ["app", "main"]


class _PlainHelpGroup(TyperGroup):
    """``logitnet --help`` in click's plain layout; each command's own help keeps rich's panels.

    Rich's help layout imports rich's Markdown, tables and panels: 80 ms, more than the rest
    of ``logitnet --help`` together. The command list needs none of them.
    """

    def format_help(self, ctx: Any, formatter: Any) -> None:
        super(TyperGroup, self).format_help(ctx, formatter)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """With no arguments: the command list on stderr, exit status 2 (as click does)."""
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            typer.echo(ctx.get_help(), err=True)
            ctx.exit(2)
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_PlainHelpGroup,
    name="logitnet",
    help="Classification from logistic regression to PyTorch networks, from the shell.",
    epilog="Example: logitnet train pokemon.csv --target legendary --out run1",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    """Print ``logitnet <version>`` and stop."""
    if value:
        from logitnet import __version__

        typer.echo(f"logitnet {__version__}")  # plain echo: no rich console to import
        raise typer.Exit()


def _with_hints(command: Callable[..., Any]) -> Callable[..., Any]:
    """``command`` with its annotations evaluated once, here.

    Under ``from __future__ import annotations`` they are strings, which Typer would evaluate
    six times per command on every start (a third of ``logitnet --version``'s own time).
    """
    hints = typing.get_type_hints(command, include_extras=True)
    command.__annotations__.update(hints)  # shared with the function that @handles_errors wraps
    return command


@app.callback()
@_with_hints
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Debug = False,
) -> None:
    """Classification from logistic regression to PyTorch networks, from the shell."""
    set_global_debug(debug)


# Each command's line in ``logitnet --help`` (click cuts a longer first sentence short with
# "...", at 64 characters in an 80-column terminal), and its example.
_COMMANDS = {
    train: (
        "Train a model on a table; write the model, metrics and report.",
        "logitnet train pokemon.csv --target legendary --model mlp --hidden 16 --out run1",
    ),
    evaluate: (
        "Score a saved model on a labelled table.",
        "logitnet evaluate run1/model.safetensors test.csv --target legendary --json",
    ),
    predict: (
        "Predict the class (or probabilities) of every row of a table.",
        "logitnet predict run1/model.safetensors new.csv --proba -o predictions.csv",
    ),
    summary: (
        "Describe a saved model: inputs, parameters, layers, statistics.",
        "logitnet summary run1/model.safetensors",
    ),
    demo: (
        "Run the lecture end to end and compare every figure with it.",
        "logitnet demo --pokemon ../shared/data/pokemon.csv --out demo-output",
    ),
    playground: (
        "Train classifiers in the browser and watch them learn.",
        "logitnet playground --port 8765",
    ),
    serve: (
        "Answer predictions over HTTP (/invocations, /predict).",
        "logitnet serve run1/model.safetensors --port 8000 --workers 2",
    ),
    export: (
        "Write the whole pipeline as one ONNX graph.",
        "logitnet export run1/model.safetensors --onnx model.onnx",
    ),
}
for _command, (_line, _example) in _COMMANDS.items():
    app.command(short_help=_line, epilog=f"Example: {_example}")(_with_hints(_command))


def main() -> None:
    """Entry point of the ``logitnet`` console script (and of ``python -m logitnet``)."""
    from logitnet.cli._exit import run

    run(app, prog_name="logitnet")
