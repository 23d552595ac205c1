"""Tests for ``logitnet export --onnx`` and ``logitnet summary`` of the .onnx file."""

from __future__ import annotations

import sys

import numpy as np
import onnxruntime as ort
import pytest
from typer.testing import CliRunner

import logitnet
from logitnet.cli import app
from logitnet.preprocessing import make_pipeline, prepare_table

runner = CliRunner()


@pytest.fixture
def model_path(tmp_path, table):
    prepared = prepare_table(table, "label")
    pipe = make_pipeline(logitnet.LogisticRegression(threshold=0.3), prepared.plan)
    return logitnet.save(pipe.fit(prepared.X, prepared.y), tmp_path / "m.safetensors")


def test_export_writes_a_graph_that_agrees(model_path, tmp_path, table):
    result = runner.invoke(app, ["export", str(model_path), "--onnx", str(tmp_path / "m.onnx")])
    assert result.exit_code == 0, result.output
    assert f"note: wrote {tmp_path / 'm.onnx'}" in result.stderr
    session = ort.InferenceSession(str(tmp_path / "m.onnx"))
    assert [v.name for v in session.get_inputs()] == ["x1", "x2", "colour"]
    feeds = {
        "x1": table[["x1"]].to_numpy(np.float64),
        "x2": table[["x2"]].to_numpy(np.float64),
        "colour": table[["colour"]].to_numpy(str),
    }
    label, proba = session.run(None, feeds)
    model = logitnet.load(model_path)
    assert label.tolist() == model.predict(table).tolist()
    np.testing.assert_allclose(proba, model.predict_proba(table), rtol=0, atol=1e-12)


def test_summary_describes_the_onnx_file(model_path, tmp_path):
    onnx_path = tmp_path / "m.onnx"
    assert runner.invoke(app, ["export", str(model_path), "--onnx", str(onnx_path)]).exit_code == 0
    result = runner.invoke(app, ["summary", str(onnx_path)])
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.replace("│", " ").split()) for line in result.stdout.splitlines()]
    assert f"{onnx_path}: ONNX graph by logitnet {logitnet.__version__}" in lines
    assert any(line.startswith("opsets: ai.onnx 17, ai.onnx.ml ") for line in lines)
    assert "x1 DOUBLE (N, 1)" in lines and "colour STRING (N, 1)" in lines
    assert "label STRING (N)" in lines and "probabilities DOUBLE (N, 2)" in lines
    assert "threshold: 0.3" in lines and 'classes: ["no", "yes"]' in lines


def test_export_errors(model_path, tmp_path):
    missing = runner.invoke(app, ["export", str(model_path)])
    assert missing.exit_code == 2 and "--onnx" in missing.stderr
    absent = runner.invoke(app, ["export", str(tmp_path / "no.safetensors"), "--onnx", "x.onnx"])
    assert absent.exit_code == 1
    assert absent.stderr == f"logitnet: error: {tmp_path / 'no.safetensors'}: no such model file\n"
    (tmp_path / "bad.onnx").write_text("not onnx")
    bad = runner.invoke(app, ["summary", str(tmp_path / "bad.onnx")])
    assert bad.exit_code == 1
    assert bad.stderr.startswith(f"logitnet: error: {tmp_path / 'bad.onnx'}: cannot read it as ")


def test_a_missing_package_names_the_pip_command(model_path, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "skl2onnx", None)  # as if it were not installed
    result = runner.invoke(app, ["export", str(model_path), "--onnx", str(tmp_path / "m.onnx")])
    assert result.exit_code == 1
    assert result.stderr == (
        "logitnet: error: the ONNX export needs the package 'skl2onnx': "
        "pip install 'logitnet[onnx]'\n"
    )
    assert not (tmp_path / "m.onnx").exists()
