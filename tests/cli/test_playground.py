"""Tests for ``logitnet playground``'s options; the running server is tested in tests/playground."""

from __future__ import annotations

import socket

from typer.testing import CliRunner

from logitnet.cli import app

runner = CliRunner()


def test_help_names_the_options_and_an_example():
    result = runner.invoke(app, ["playground", "--help"])
    assert result.exit_code == 0
    for option in ("--port", "--host", "--no-browser", "--workers", "--max-upload-mb"):
        assert option in result.stdout
    assert "Example: logitnet playground --port 8765" in result.stdout
    assert "127.0.0.1" in result.stdout and "8765" in result.stdout


def test_a_port_in_use_is_one_clear_line_and_exit_1():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["playground", "--port", str(port), "--no-browser"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"logitnet: error: cannot listen on 127.0.0.1:{port}: Address already in use\n"
    )


def test_a_port_out_of_range_is_a_usage_error():
    result = runner.invoke(app, ["playground", "--port", "70000"])
    assert result.exit_code == 2
    assert "less than or equal to 65535" in result.stderr
