"""``export_onnx``: onnxruntime's answers equal logitnet's, for every model kind."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import onnxruntime as ort
import pandas as pd
import pytest

import logitnet
from logitnet.export import describe_onnx, export_onnx
from logitnet.serving import predict_table

TOLERANCE = 1e-5  # the bound; seen: about 1e-15 (logistic), 1e-7 (network)
KINDS = [
    "binary_logistic",
    "multinomial_logistic",
    "mlp_binary",
    "mlp_multiclass",
    "tuned_threshold",
    "calibrated_tuned",
    "calibrated_mlp_multiclass",
]


def _kinds(model) -> dict[str, str]:
    """``{column: "number" | "text"}`` of a model, in its input order."""
    from logitnet.serving import Predictor  # noqa: F401 - the encoder holds the columns
    from logitnet.serving._encoder import make_encoder
    from logitnet.serving._predictions import split_model

    encoder = make_encoder(*split_model(model))
    return {c.name: c.kind for c in encoder.columns}


def _run(path, feeds) -> tuple[np.ndarray, np.ndarray]:
    session = ort.InferenceSession(str(path))
    assert [o.name for o in session.get_outputs()] == ["label", "probabilities"]
    label, proba = session.run(None, feeds)
    return label, proba


@pytest.mark.parametrize("kind", KINDS)
def test_onnxruntime_agrees_with_logitnet(kind, trained, gaps_csv, feeds, tmp_path):
    model = logitnet.load(trained(kind))
    table = pd.read_csv(gaps_csv)
    X = table[list(_kinds(model))]
    path = export_onnx(model, tmp_path / "model.onnx")
    label, proba = _run(path, feeds(X, _kinds(model)))
    expected_labels, expected_proba = predict_table(model, X)
    np.testing.assert_allclose(proba, expected_proba, rtol=0, atol=TOLERANCE)
    np.testing.assert_array_equal(label, expected_labels)
    if "mlp" not in kind:  # float64 throughout; a network computes in float32 (about 1e-7)
        assert np.abs(proba - expected_proba).max() < 1e-12


def test_the_saved_threshold_is_in_the_graph(trained, gaps_csv, feeds, tmp_path):
    model = logitnet.load(trained("tuned_threshold"))
    threshold = model.steps[-1][1].threshold
    assert threshold != 0.5
    X = pd.read_csv(gaps_csv)[list(_kinds(model))]
    label, proba = _run(export_onnx(model, tmp_path / "t.onnx"), feeds(X, _kinds(model)))
    np.testing.assert_array_equal(label, np.where(proba[:, 1] > threshold, 1, 0))
    assert describe_onnx(tmp_path / "t.onnx")["metadata"]["threshold"] == repr(threshold)


def test_logitnet_predict_command_agrees(trained, gaps_csv, feeds, tmp_path):
    """The real ``logitnet predict`` on the CSV file, against onnxruntime on the same rows."""
    model_path = trained("calibrated_tuned")
    out = tmp_path / "predictions.csv"
    command = [
        sys.executable,
        "-m",
        "logitnet",
        "predict",
        str(model_path),
        str(gaps_csv),
        "--proba",
        "-o",
        str(out),
    ]
    subprocess.run(command, check=True, capture_output=True)
    predicted = pd.read_csv(out)
    model = logitnet.load(model_path)
    X = pd.read_csv(gaps_csv)[list(_kinds(model))]
    label, proba = _run(export_onnx(model_path, tmp_path / "c.onnx"), feeds(X, _kinds(model)))
    np.testing.assert_array_equal(label, predicted["prediction"].to_numpy())
    np.testing.assert_allclose(proba, predicted[["proba_0", "proba_1"]], rtol=0, atol=TOLERANCE)


def test_string_labels_and_unseen_categories(trained, gaps_csv, feeds, tmp_path, pokemon_path):
    """A text target gives string labels; an unseen category counts as none, as in logitnet."""
    from logitnet import LogisticRegression
    from logitnet.preprocessing import make_pipeline, plan_columns

    df = pd.read_csv(pokemon_path)
    X, y = df[["attack", "speed", "gen"]], df["type"]
    plan = plan_columns(X.assign(gen=X["gen"].astype(str)))
    X = X.assign(gen=X["gen"].astype(str))
    model = make_pipeline(LogisticRegression(alpha=1.0), plan).fit(X, y)
    new = X.head(30).assign(gen=["9"] * 5 + X["gen"].head(25).tolist())
    label, proba = _run(export_onnx(model, tmp_path / "s.onnx"), feeds(new, _kinds(model)))
    assert label.dtype == object and set(label) <= set(model.classes_)
    np.testing.assert_array_equal(label, model.predict(new))
    np.testing.assert_allclose(proba, model.predict_proba(new), rtol=0, atol=TOLERANCE)


@pytest.mark.parametrize("maker", ["make_lecture_circles", "make_lecture_blobs"])
def test_built_in_data_sets(maker, tmp_path):
    """Bare estimators fitted on the lecture's arrays: inputs x0, x1."""
    X, y = getattr(logitnet.datasets, maker)()
    models = [
        logitnet.LogisticRegression(alpha=0.1).fit(X, y),
        logitnet.NeuralNetClassifier((5,), epochs=20, random_state=0).fit(X, y),
    ]
    for i, model in enumerate(models):
        session = ort.InferenceSession(str(export_onnx(model, tmp_path / f"{i}.onnx")))
        assert [v.name for v in session.get_inputs()] == ["x0", "x1"]
        label, proba = session.run(None, {"x0": X[:, :1], "x1": X[:, 1:]})
        np.testing.assert_allclose(proba, model.predict_proba(X), rtol=0, atol=TOLERANCE)
        np.testing.assert_array_equal(label, model.predict(X))


def test_isotonic_calibration_is_refused(gaps_csv, tmp_path):
    from logitnet import TrainConfig, run_training

    result = run_training(
        TrainConfig(
            gaps_csv,
            "legendary",
            features=["attack", "speed"],
            calibrate="isotonic",
            impute="median",
        )
    )
    with pytest.raises(ValueError) as caught:
        export_onnx(result.model, tmp_path / "i.onnx")
    assert str(caught.value) == (
        "cannot export this model to ONNX: calibration method 'isotonic' is not exported: "
        "isotonic calibration is a step function of many pieces with no exact ONNX form here; "
        "train with --calibrate sigmoid to export a calibrated model"
    )
    assert not (tmp_path / "i.onnx").exists()


def test_missing_package_names_the_pip_command(trained, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "skl2onnx", None)  # as if it were not installed
    with pytest.raises(ImportError) as caught:
        export_onnx(logitnet.load(trained("binary_logistic")), tmp_path / "m.onnx")
    assert str(caught.value) == (
        "the ONNX export needs the package 'skl2onnx': pip install 'logitnet[onnx]'"
    )


def test_describe_onnx(trained, tmp_path):
    path = export_onnx(logitnet.load(trained("multinomial_logistic")), tmp_path / "m.onnx")
    info = describe_onnx(path)
    assert [(v["name"], v["type"], v["shape"]) for v in info["inputs"]][:2] == [
        ("attack", "DOUBLE", ["N", 1]),
        ("defense", "DOUBLE", ["N", 1]),
    ]
    assert ("type", "STRING", ["N", 1]) in [
        (v["name"], v["type"], v["shape"]) for v in info["inputs"]
    ]
    assert info["outputs"] == [
        {"name": "label", "type": "INT64", "shape": ["N"]},
        {"name": "probabilities", "type": "DOUBLE", "shape": ["N", 7]},
    ]
    assert info["opsets"] == {"ai.onnx.ml": 2, "ai.onnx": 17}
    assert info["metadata"]["classes"] == "[1, 2, 3, 4, 5, 6, 7]"
