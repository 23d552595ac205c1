"""Tests for the CLI's shared parts: option parsing, error handling, --version and --debug."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from logitnet import __version__
from logitnet.cli import app
from logitnet.cli._common import (
    handles_errors,
    parse_hidden,
    set_global_debug,
)
from logitnet.exceptions import DataError
from logitnet.workflow._prepare import split_names

runner = CliRunner()


def test_split_names_accepts_repeats_and_commas():
    assert split_names(["a,b", " c ", "d,"]) == ["a", "b", "c", "d"]
    assert split_names(None) is None


@pytest.mark.parametrize(("text", "sizes"), [("64", (64,)), ("64,32", (64, 32)), ("8, 8", (8, 8))])
def test_parse_hidden(text, sizes):
    assert parse_hidden(text) == sizes


@pytest.mark.parametrize("text", ["", "a,b", "0", "16,-2"])
def test_parse_hidden_rejects_bad_sizes(text):
    with pytest.raises(typer.BadParameter, match="expected positive layer sizes such as 64,64"):
        parse_hidden(text)


def test_handled_errors_become_one_line_and_exit_1(capsys):
    set_global_debug(False)

    @handles_errors
    def broken(debug: bool = False) -> None:
        raise DataError("the table has\n2 problems")

    with pytest.raises(typer.Exit) as info:
        broken()
    assert info.value.exit_code == 1
    assert capsys.readouterr().err == "logitnet: error: the table has 2 problems\n"
    with pytest.raises(DataError):
        broken(debug=True)


def test_unexpected_errors_say_so(capsys):
    @handles_errors
    def buggy() -> None:
        raise ZeroDivisionError("division by zero")

    with pytest.raises(typer.Exit):
        buggy()
    err = capsys.readouterr().err
    assert (
        err
        == "logitnet: error: unexpected ZeroDivisionError: division by zero (rerun with --debug)\n"
    )


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"logitnet {__version__}\n"


def test_every_command_help_has_an_example():
    for command in (c.name or c.callback.__name__ for c in app.registered_commands):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert f"Example: logitnet {command}" in result.stdout


def test_missing_data_file_is_a_data_error(tmp_path):
    result = runner.invoke(app, ["train", str(tmp_path / "nope.csv"), "-t", "y"])
    assert result.exit_code == 1
    assert result.stderr == f"logitnet: error: {tmp_path / 'nope.csv'}: no such file\n"


def test_debug_shows_the_traceback(tmp_path):
    args = ["train", str(tmp_path / "nope.csv"), "-t", "y"]
    for debug_args in (["--debug", *args], [*args, "--debug"]):
        result = runner.invoke(app, debug_args)
        assert result.exit_code == 1
        assert isinstance(result.exception, DataError)


def test_missing_required_option_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["train", "data.csv"])
    assert result.exit_code == 2
    assert "Missing option '--target'" in result.stderr
