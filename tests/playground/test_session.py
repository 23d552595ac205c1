"""Sessions: settings in, frames out; uploads; exports that logitnet.load reads back."""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd
import pytest

import logitnet
from logitnet.exceptions import DataError
from logitnet.playground._session import Session


def table(n: int = 120, seed: int = 0) -> pd.DataFrame:
    """Numeric features, a text feature and a text target."""
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=n), rng.normal(size=n)
    colour = rng.choice(["red", "blue"], size=n)
    kind = np.where(x1 - x2 + 2 * (colour == "red") - 1 > 0, "fire", "water")
    return pd.DataFrame({"x1": x1, "x2": x2, "colour": colour, "kind": kind})


def upload(session: Session, frame: pd.DataFrame, name: str = "t.csv") -> dict:
    data = frame.to_csv(index=False).encode()
    session.upload_start(name, len(data))
    for start in range(0, len(data), 1000):
        session.upload_chunk(data[start : start + 1000])
    return session.upload_end()


def downloaded(message: dict, folder, name: str | None = None):
    path = folder / (name or message["filename"])
    path.write_bytes(base64.b64decode(message["base64"]))
    return path


def test_configure_sends_the_data_then_epoch_zero():
    data, frame = Session(1000).configure({"dataset": "blobs", "classes": "4"})
    assert data["type"] == "data" and data["classes"] == ["0", "1", "2", "3"]
    assert (frame["type"], frame["epoch"], frame["record"]) == ("frame", 0, None)


def test_a_model_change_keeps_the_data_and_restarts_the_run():
    session = Session(1000)
    session.configure({"dataset": "moons"})
    problem = session.problem
    session.step()
    session.configure({"dataset": "moons", "lr": "0.1"})
    assert session.problem is problem and session.run.epoch == 0
    session.configure({"dataset": "moons", "seed": "1"})
    assert session.problem is not problem


def test_reset_starts_again_and_replays_the_same_losses():
    session = Session(1000)
    session.configure({"dataset": "xor", "seed": "2"})
    first = [session.step()["record"]["train_loss"] for _ in range(3)]
    assert session.reset()[0]["epoch"] == 0
    assert [session.step()["record"]["train_loss"] for _ in range(3)] == first


def test_steps_before_any_data_are_refused():
    with pytest.raises(DataError, match=r"choose a data set first"):
        Session(1000).step()


def test_the_exported_network_predicts_as_the_page(tmp_path):
    session = Session(1000)
    session.configure({"dataset": "circles", "seed": "3"})
    for _ in range(3):
        frame = session.step()
    message = session.export_model()
    assert message["filename"] == "circles-mlp-epoch3.safetensors"
    model = logitnet.load(downloaded(message, tmp_path))
    grid = np.frombuffer(base64.b64decode(frame["grid"]["p"]), dtype=np.uint8)
    proba = model.predict_proba(session.problem.grid_inputs)[:, 1]
    assert np.abs(np.rint(proba * 255) - grid).max() <= 1  # float32 sums differ by batch size
    p = session.problem
    assert model.score(p.X_test, p.y_test) == frame["record"]["test_acc"]


def test_an_upload_with_text_trains_and_exports_its_whole_pipeline(tmp_path):
    session = Session(1_000_000)
    columns = upload(session, table())
    assert columns["numeric"] == ["x1", "x2"]
    settings = {
        "dataset": "upload",
        "target": "kind",
        "feature-x": "x1",
        "feature-y": "x2",
        "model": "logistic",
    }
    data, _ = session.configure(settings)
    assert data["classes"] == ["fire", "water"] and data["axes"] == ["x1", "x2"]
    for _ in range(5):
        frame = session.step()
    assert frame["record"]["test_acc"] > 0.9
    model = logitnet.load(downloaded(session.export_model(), tmp_path))
    X_test = session.problem.raw["X_test"]
    assert model.score(X_test, session.problem.y_test) == frame["record"]["test_acc"]
    np.testing.assert_array_equal(model.predict(X_test), session.run.exported().predict(X_test))


def test_the_report_is_a_self_contained_page_of_the_current_model(tmp_path):
    session = Session(1000)
    session.configure({"dataset": "blobs", "classes": "3", "model": "logistic"})
    for _ in range(2):
        session.step()
    message = session.export_report()
    assert (message["filename"], message["mime"]) == (
        "blobs-logistic-epoch2-report.html",
        "text/html",
    )
    html = downloaded(message, tmp_path).read_text()
    assert "logitnet playground: blobs-logistic-epoch2" in html
    assert "<script src=" not in html  # plotly.js inlined: opens offline


def test_an_upload_over_the_limit_is_dropped_and_said_so():
    session = Session(max_upload=100)
    session.upload_start("big.csv", 50)
    session.upload_chunk(b"x" * 60)
    with pytest.raises(DataError, match=r"'big.csv' is too large: over 9.54e-05 MB"):
        session.upload_chunk(b"x" * 60)
    session.upload_chunk(b"x" * 60)  # the rest of the refused file is ignored
    with pytest.raises(DataError, match=r"the upload was refused or interrupted"):
        session.upload_end()


def test_a_failed_upload_keeps_the_previous_table():
    session = Session(1_000_000)
    upload(session, table())
    with pytest.raises(DataError, match=r"'bad.csv' is not a usable table"):
        upload(session, pd.DataFrame({"a": [1]}), name="bad.csv")
    assert list(session.upload.frame.columns) == ["x1", "x2", "colour", "kind"]
