"""Models to serve, trained once per session, and a real ``logitnet serve`` in a subprocess."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

START_TIMEOUT = 120  # seconds; the first start imports torch on a busy machine
FEATURES = ["attack", "defense", "sp_attack", "sp_defense", "speed", "capture_rt", "type", "gen"]


def pokemon_with_gaps(path: Path) -> pd.DataFrame:
    """The Pokemon table with a missing value in every 7th attack and every 11th type."""
    df = pd.read_csv(path)
    df.loc[df.index % 7 == 3, "attack"] = np.nan
    df.loc[df.index % 11 == 5, "type"] = None
    return df


def train(data: Path, out: Path, target: str, **settings) -> Path:
    """Train with :func:`logitnet.run_training`; return the model file."""
    from logitnet import TrainConfig, run_training

    run_training(TrainConfig(data, target, out=out, force=True, **settings))
    return out / "model.safetensors"


@pytest.fixture
def table() -> pd.DataFrame:
    """A small generated table: two numbers, a colour and a yes/no label."""
    rng = np.random.default_rng(0)
    n = 60
    x1, x2 = rng.normal(size=n).round(3), rng.normal(size=n).round(3)
    colour = rng.choice(["red", "green", "blue"], size=n)
    score = 2 * x1 - x2 + (colour == "red") + rng.normal(scale=0.5, size=n)
    label = np.where(score > 0, "yes", "no")
    names = [f"item{i}" for i in range(n)]
    return pd.DataFrame(
        {"id": np.arange(n), "name": names, "x1": x1, "x2": x2, "colour": colour, "label": label}
    )


@pytest.fixture(scope="session")
def gaps_csv(pokemon_path, tmp_path_factory) -> Path:
    """The Pokemon table with gaps, as a CSV file."""
    path = tmp_path_factory.mktemp("data") / "pokemon_gaps.csv"
    pokemon_with_gaps(pokemon_path).to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def binary_model(gaps_csv, tmp_path_factory) -> Path:
    """Binary logistic regression (legendary), median imputation, on the table with gaps."""
    out = tmp_path_factory.mktemp("models") / "binary"
    return train(gaps_csv, out, "legendary", features=FEATURES, impute="median", alpha=0.01)


@pytest.fixture(scope="session")
def calibrated_network(gaps_csv, tmp_path_factory) -> Path:
    """An MLP, sigmoid-calibrated, with a threshold tuned for f1, median imputation."""
    out = tmp_path_factory.mktemp("models") / "network"
    return train(
        gaps_csv,
        out,
        "legendary",
        features=FEATURES,
        impute="median",
        model="mlp",
        hidden=(8,),
        epochs=3,
        calibrate="sigmoid",
        tune_threshold="f1",
    )


@pytest.fixture(scope="session")
def strict_model(pokemon_path, tmp_path_factory) -> Path:
    """Multinomial logistic regression (gen) without imputation."""
    out = tmp_path_factory.mktemp("models") / "strict"
    features = ["attack", "defense", "speed", "type"]
    return train(pokemon_path, out, "gen", features=features, alpha=0.01)


def _lines(stream, lines: queue.Queue) -> None:
    """Pass the stream's lines to ``lines`` (run in a thread)."""
    for line in stream:
        lines.put(line)


@contextmanager
def running_server(model: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start ``logitnet serve MODEL --port 0 OPTIONS``; yield its URL and process; stop it."""
    command = [sys.executable, "-m", "logitnet", "serve", str(model), "--port", "0", *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    try:
        try:
            line = lines.get(timeout=START_TIMEOUT)
        except queue.Empty:
            pytest.fail(f"logitnet serve did not print its URL within {START_TIMEOUT} s")
        if not line.startswith("logitnet serve: http://"):
            pytest.fail(f"unexpected first line from logitnet serve: {line!r}")
        url = line.split()[2].rstrip("/")
        wait_healthy(url)
        yield url, process
    finally:
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def wait_healthy(url: str) -> None:
    """Wait until ``GET /health`` answers (workers may still be starting)."""
    for _ in range(START_TIMEOUT * 10):
        try:
            if call(url, "/health")[0] == 200:
                return
        except OSError:
            threading.Event().wait(0.1)
    pytest.fail("logitnet serve never answered /health")


def call(
    url: str, path: str, body: bytes | dict | None = None, content_type: str = "application/json"
) -> tuple[int, dict]:
    """One HTTP request: GET without a body, POST with one; the status and the JSON answer."""
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    request = urllib.request.Request(
        url + path, data=data, method="GET" if body is None else "POST"
    )
    if body is not None:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.fixture(scope="module")
def binary_server(binary_model) -> Iterator[str]:
    """One server of the binary model, shared by a test module."""
    with running_server(binary_model) as (url, _):
        yield url


def split_body(df: pd.DataFrame) -> dict:
    """``{"dataframe_split": ...}`` of a table, floats exactly, missing values as null."""
    data = [[None if _missing(v) else v for v in row] for row in df.astype(object).values.tolist()]
    return {"dataframe_split": {"columns": list(df.columns), "data": data}}


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def answer_arrays(answer: dict) -> tuple[np.ndarray, np.ndarray]:
    """The labels and the probability matrix of an answer, in its class order."""
    assert len(answer["predictions"]) == len(answer["probabilities"])
    return np.array(answer["predictions"]), np.array(answer["probabilities"])


@pytest.fixture(scope="session")
def serving() -> SimpleNamespace:
    """The helpers of these tests: ``call``, ``running_server``, ``split_body``,
    ``answer_arrays`` and ``FEATURES``."""
    return SimpleNamespace(
        call=call,
        running_server=running_server,
        split_body=split_body,
        answer_arrays=answer_arrays,
        FEATURES=FEATURES,
    )
