"""Tests for ``logitnet demo``: it shows disagreements clearly and still exits 0."""

from __future__ import annotations

from typer.testing import CliRunner

from logitnet.cli import app
from logitnet.demo import DemoResult, DemoRow
from logitnet.demo import run as demo_run

runner = CliRunner()


def test_demo_exits_0_and_shows_a_disagreement(tmp_path, monkeypatch):
    rows = [DemoRow("accuracy", "0.8", "0.8", True), DemoRow("w", "[1.3]", "[1.2]", False)]
    part = [DemoResult("A part", rows)]
    monkeypatch.setattr(demo_run, "_parts", lambda pokemon: [("fake", lambda: part)])
    result = runner.invoke(app, ["demo", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert "1 of 2 figures DISAGREE with their references:" in result.stdout
    assert "- A part: w" in result.stdout


def test_demo_with_a_missing_pokemon_file(tmp_path):
    result = runner.invoke(app, ["demo", "--pokemon", str(tmp_path / "p.csv")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"logitnet: error: {tmp_path / 'p.csv'}: no such file (the lecture's pokemon.csv)\n"
    )
