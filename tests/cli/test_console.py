"""The CLI's consoles: rich is imported only when something is printed."""

from __future__ import annotations

import io

from rich.console import Console

from logitnet.cli._console import LazyConsole


def test_the_console_is_made_on_first_use_with_its_options():
    handle = io.StringIO()
    lazy = LazyConsole(file=handle, width=20, highlight=False)
    assert lazy._console is None
    lazy.print("hello [bold]world[/]")
    assert isinstance(lazy._console, Console) and lazy.width == 20
    assert handle.getvalue() == "hello world\n"


def test_it_follows_the_current_stdout(capsys):
    LazyConsole(highlight=False).print("to stdout")
    assert capsys.readouterr().out == "to stdout\n"
