"""Tests for logitnet.demo.run: tables, the closing verdict, reports, and the run as a whole."""

from __future__ import annotations

import numpy as np
import pytest
from rich.console import Console

import logitnet
from logitnet.demo import DemoResult, DemoRow
from logitnet.demo import run as demo_run
from logitnet.exceptions import DataError

X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0], [0.5, 0.5], [2.5, 0.5]])
Y = np.array([0, 0, 1, 1, 0, 1])


def _results(agrees: bool = True) -> list[DemoResult]:
    model = logitnet.LogisticRegression(alpha=1.0).fit(X, Y)
    fitted = DemoResult(
        "Fitted part",
        [DemoRow("accuracy", "1.0", "1.0", True), DemoRow("w", "[1.5]", "[1.2]", agrees)],
        estimator=model,
        X=X,
        y=Y,
        name="part",
    )
    table_only = DemoResult("Table only", [DemoRow("rows", "140", "140", True)], name="part")
    return [fitted, table_only, DemoResult("Again", [], estimator=model, X=X, y=Y, name="part")]


def _text(renderable) -> str:
    console = Console(record=True, width=100)
    console.print(renderable)
    return console.export_text()


def test_result_table_shows_each_row_and_the_verdict():
    text = _text(demo_run.result_table(_results(agrees=False)[0]))
    assert "Fitted part" in text
    assert "accuracy" in text and "yes" in text
    assert "[1.5]" in text and "[1.2]" in text and "NO" in text


def test_disagreements_name_the_part_and_the_step():
    assert demo_run.disagreements(_results()) == []
    assert demo_run.disagreements(_results(agrees=False)) == ["Fitted part: w"]


def test_write_reports_one_per_fitted_model_with_unique_names(tmp_path):
    paths = demo_run.write_reports(_results(), tmp_path / "out")
    assert [p.name for p in paths] == ["part.html", "part-2.html"]
    assert all(p.read_text().lstrip().lower().startswith("<!doctype html") for p in paths)


def test_run_demo_prints_tables_verdict_and_report_paths(tmp_path, monkeypatch):
    results = _results(agrees=False)
    monkeypatch.setattr(demo_run, "_parts", lambda pokemon: [("fake", lambda: results)])
    console = Console(record=True, width=120)
    got = demo_run.run_demo(out_dir=tmp_path, console=console)
    text = console.export_text()
    assert [r.title for r in got] == ["Fitted part", "Table only", "Again"]
    assert "1 of 3 figures DISAGREE with their references:" in text
    assert "  - Fitted part: w" in text
    assert f"Reports written to {tmp_path}/: part.html, part-2.html" in text


def test_run_demo_all_agree(tmp_path, monkeypatch):
    monkeypatch.setattr(demo_run, "_parts", lambda pokemon: [("fake", _results)])
    console = Console(record=True, width=120)
    demo_run.run_demo(out_dir=tmp_path, console=console)
    assert "All 3 figures agree with their references." in console.export_text()


def test_run_demo_names_a_missing_pokemon_file(tmp_path):
    with pytest.raises(DataError, match=r"nope\.csv: no such file \(the lecture's pokemon\.csv\)"):
        demo_run.run_demo(pokemon=tmp_path / "nope.csv", out_dir=tmp_path)


@pytest.mark.slow
def test_the_real_demo_agrees_and_writes_a_report_per_model(tmp_path):
    console = Console(record=True, width=120)
    results = demo_run.run_demo(out_dir=tmp_path, console=console)
    assert demo_run.disagreements(results) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{r.name}.html" for r in results)
    assert "figures agree with their references." in console.export_text()
