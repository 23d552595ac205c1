"""Tests for ``logitnet serve``'s command line: the errors before it serves, and its help.

The server itself, over real HTTP, is tested in tests/serving/test_server.py.
"""

from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

import logitnet
from logitnet.cli import app
from logitnet.preprocessing import make_pipeline, prepare_table

runner = CliRunner()


@pytest.fixture
def model_path(tmp_path, table):
    prepared = prepare_table(table, "label")
    pipe = make_pipeline(logitnet.LogisticRegression(), prepared.plan)
    return logitnet.save(pipe.fit(prepared.X, prepared.y), tmp_path / "m.safetensors")


def test_a_missing_model_file_is_one_line(tmp_path):
    result = runner.invoke(app, ["serve", str(tmp_path / "none.safetensors"), "--port", "0"])
    assert result.exit_code == 1
    assert result.stderr == f"logitnet: error: {tmp_path / 'none.safetensors'}: no such file\n"


def test_a_pickle_is_refused(tmp_path):
    (tmp_path / "m.pkl").write_bytes(b"\x80\x04\x95" + b"\x00" * 20)
    result = runner.invoke(app, ["serve", str(tmp_path / "m.pkl")])
    assert result.exit_code == 1
    assert "it is a pickle file, which logitnet never loads" in result.stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_busy_port_is_one_line(model_path, workers):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        options = ["--port", str(port), "--workers", workers]
        result = runner.invoke(app, ["serve", str(model_path), *options])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"logitnet: error: cannot listen on 127.0.0.1:{port}:")


@pytest.mark.parametrize(
    ("args", "word"), [(["--workers", "0"], "--workers"), (["--max-body-mb", "0"], "--max-body-mb")]
)
def test_usage_errors_exit_2(model_path, args, word):
    result = runner.invoke(app, ["serve", str(model_path), *args])
    assert result.exit_code == 2 and word in result.stderr


def test_help_names_the_endpoints():
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "POST /invocations or /predict" in " ".join(result.stdout.split())
