"""The command table: every command's annotations are evaluated once, at import."""

from __future__ import annotations

import inspect

import pytest

from logitnet.cli import app


@pytest.mark.parametrize(
    "callback",
    [app.registered_callback.callback, *(c.callback for c in app.registered_commands)],
    ids=lambda callback: callback.__name__,
)
def test_annotations_are_objects_not_strings(callback):
    for function in (callback, inspect.unwrap(callback)):
        annotations = function.__annotations__
        assert annotations and not [v for v in annotations.values() if isinstance(v, str)]


def test_the_command_list_shows_each_command_s_line_whole():
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["--help"], terminal_width=80)
    assert result.exit_code == 0
    listed = result.stdout.split("Commands:\n")[1].split("\n\n")[0].splitlines()
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert [line.split()[0] for line in listed] == names
    assert not [line for line in listed if line.endswith("...")]  # how click cuts a line short
    assert "  train       Train a model on a table; write the model, metrics and report." in listed
