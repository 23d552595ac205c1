"""``logitnet serve`` as a client meets it: a real server in a subprocess, real HTTP requests."""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import signal
import socket
import subprocess
import sys
import threading

import numpy as np
import pandas as pd
import pytest

import logitnet

FEATURES = ["attack", "defense", "sp_attack", "sp_defense", "speed", "capture_rt", "type", "gen"]


@pytest.fixture(scope="module")
def gaps_table(gaps_csv) -> pd.DataFrame:
    """The model's columns of the table with gaps, as pandas reads the file."""
    return pd.read_csv(gaps_csv)[FEATURES]


@pytest.fixture(scope="module")
def cli_predictions(binary_model, gaps_csv, tmp_path_factory) -> pd.DataFrame:
    """What ``logitnet predict --proba`` writes for the table with gaps."""
    out = tmp_path_factory.mktemp("predict") / "predictions.csv"
    command = [
        sys.executable,
        "-m",
        "logitnet",
        "predict",
        str(binary_model),
        str(gaps_csv),
        "--proba",
        "-o",
        str(out),
    ]
    subprocess.run(command, check=True, capture_output=True)
    return pd.read_csv(out)


def test_health_and_metadata(serving, binary_server, binary_model):
    assert serving.call(binary_server, "/health") == (200, {"status": "ok"})
    status, meta = serving.call(binary_server, "/metadata")
    assert status == 200
    assert [c["name"] for c in meta["inputs"]] == FEATURES[:6] + ["gen", "type"]
    assert {c["name"]: c["type"] for c in meta["inputs"]}["type"] == "text"
    assert {c["name"]: c["type"] for c in meta["inputs"]}["attack"] == "number"
    assert meta["classes"] == [0, 1]
    assert meta["threshold"] == 0.5
    assert meta["logitnet_version"] == logitnet.__version__
    assert meta["model_sha256"] == hashlib.sha256(binary_model.read_bytes()).hexdigest()
    assert meta["model"] == "Pipeline(ColumnTransformer -> LogisticRegression)"


def test_answers_equal_logitnet_predict_bit_for_bit(
    serving, binary_server, gaps_table, cli_predictions
):
    status, answer = serving.call(binary_server, "/invocations", serving.split_body(gaps_table))
    assert status == 200
    labels, proba = serving.answer_arrays(answer)
    assert len(labels) == len(gaps_table) == 801
    np.testing.assert_array_equal(labels, cli_predictions["prediction"].to_numpy())
    expected = cli_predictions[["proba_0", "proba_1"]].to_numpy()
    assert np.array_equal(proba, expected)  # bit for bit
    assert answer["threshold"] == 0.5


def test_calibrated_network_with_tuned_threshold_equals_logitnet_predict(
    serving, calibrated_network, gaps_csv, gaps_table, tmp_path
):
    out = tmp_path / "predictions.csv"
    command = [
        sys.executable,
        "-m",
        "logitnet",
        "predict",
        str(calibrated_network),
        str(gaps_csv),
        "--proba",
        "-o",
        str(out),
    ]
    subprocess.run(command, check=True, capture_output=True)
    expected = pd.read_csv(out)
    with serving.running_server(calibrated_network) as (url, _):
        status, answer = serving.call(url, "/invocations", serving.split_body(gaps_table))
        _, meta = serving.call(url, "/metadata")
    assert status == 200
    assert meta["model"] == "Pipeline(ColumnTransformer -> FixedThresholdClassifier)"
    assert answer["threshold"] == meta["threshold"] != 0.5
    labels, proba = serving.answer_arrays(answer)
    np.testing.assert_array_equal(labels, expected["prediction"].to_numpy())
    assert np.array_equal(proba, expected[["proba_0", "proba_1"]].to_numpy())


def test_csv_body_equals_logitnet_predict(serving, binary_server, gaps_csv, cli_predictions):
    body = pd.read_csv(gaps_csv)[FEATURES].to_csv(index=False).encode()
    status, answer = serving.call(binary_server, "/predict", body, "text/csv")
    assert status == 200
    labels, proba = serving.answer_arrays(answer)
    np.testing.assert_array_equal(labels, cli_predictions["prediction"].to_numpy())
    assert np.array_equal(proba, cli_predictions[["proba_0", "proba_1"]].to_numpy())


def test_every_mlflow_format_gives_the_same_answer(serving, binary_server, gaps_table):
    head = gaps_table.head(20)
    split = serving.split_body(head)
    columns, rows = split["dataframe_split"]["columns"], split["dataframe_split"]["data"]
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    bodies = [
        split,
        {"dataframe_records": records},
        {"instances": records},
        {"inputs": records},
        {"inputs": {c: [row[i] for row in rows] for i, c in enumerate(columns)}},
        {
            "instances": [
                [row[columns.index(n)] for n in FEATURES[:6] + ["gen", "type"]] for row in rows
            ]
        },
    ]
    answers = [serving.call(binary_server, "/invocations", body) for body in bodies]
    assert all(status == 200 for status, _ in answers)
    assert all(answer == answers[0][1] for _, answer in answers)


def test_threshold_query_overrides_the_saved_one(serving, binary_server, gaps_table):
    body = serving.split_body(gaps_table)
    _, plain = serving.call(binary_server, "/predict", body)
    status, low = serving.call(binary_server, "/predict?threshold=0.05", body)
    assert status == 200 and low["threshold"] == 0.05
    _, proba = serving.answer_arrays(plain)
    labels, _ = serving.answer_arrays(low)
    np.testing.assert_array_equal(labels, np.where(proba[:, 1] > 0.05, 1, 0))
    assert (labels == 1).sum() > (serving.answer_arrays(plain)[0] == 1).sum()


ROW = {
    "attack": 49,
    "defense": 49,
    "sp_attack": 65,
    "sp_defense": 65,
    "speed": 45,
    "capture_rt": 45,
    "type": "grass",
    "gen": 1,
}
COLUMNS = "['attack', 'defense', 'sp_attack', 'sp_defense', 'speed', 'capture_rt', 'gen', 'type']"

BAD_REQUESTS = [
    (
        b'{"inputs": [',
        "application/json",
        400,
        "malformed JSON: Expecting value (line 1, column 13)",
    ),
    (
        b"",
        "application/json",
        400,
        'the request body is empty; send JSON such as {"dataframe_split": {"columns": [...], '
        '"data": [[...]]}} or a CSV table',
    ),
    (
        json.dumps({"input": [ROW]}).encode(),
        "application/json",
        400,
        "unknown key 'input': expected one of 'dataframe_split', 'dataframe_records', 'instances', "
        "'inputs'. Did you mean 'inputs'?",
    ),
    (
        json.dumps(
            {"inputs": [{**{k: v for k, v in ROW.items() if k != "speed"}, "sped": 45}]}
        ).encode(),
        "application/json",
        400,
        f"\"inputs\": row 1: unknown column 'sped'. Did you mean 'speed'? The model's columns: "
        f"{COLUMNS}",
    ),
    (
        json.dumps({"inputs": [{k: v for k, v in ROW.items() if k != "gen"}]}).encode(),
        "application/json",
        400,
        f"\"inputs\": row 1: missing column 'gen'; the model's columns: {COLUMNS}",
    ),
    (
        json.dumps({"inputs": [{**ROW, "name": "Bulbasaur"}]}).encode(),
        "application/json",
        400,
        f"\"inputs\": row 1: unknown column 'name'. The model's columns: {COLUMNS}",
    ),
    (
        json.dumps({"inputs": [ROW, {**ROW, "attack": "high"}]}).encode(),
        "application/json",
        400,
        "column 'attack' holds numbers; row 2 has text 'high'",
    ),
    (
        json.dumps({"inputs": [{**ROW, "speed": True}]}).encode(),
        "application/json",
        400,
        "column 'speed' holds numbers; row 1 has a bool True",
    ),
    (
        b"attack,defense\n1,2\n",
        "text/csv",
        400,
        "missing columns 'sp_attack', 'sp_defense', 'speed', 'capture_rt', 'gen', 'type'; the "
        f"model's columns: {COLUMNS}",
    ),
    (
        b"<xml/>",
        "application/xml",
        415,
        "unsupported Content-Type 'application/xml'; send application/json or text/csv",
    ),
    (json.dumps({"inputs": []}).encode(), "application/json", 400, "the request holds no rows"),
    (
        json.dumps({"dataframe_split": {"columns": list(ROW), "data": [[1, 2]]}}).encode(),
        "application/json",
        400,
        '"dataframe_split": "data": row 1 has 2 values; expected 8',
    ),
    (b"[" * 100_000, "application/json", 400, "malformed JSON: it is nested too deeply"),
]


@pytest.mark.parametrize(("body", "content_type", "status", "message"), BAD_REQUESTS)
def test_bad_requests_get_one_clear_message(
    serving, binary_server, body, content_type, status, message
):
    assert serving.call(binary_server, "/invocations", body, content_type) == (
        status,
        {"error": message},
    )
    assert serving.call(binary_server, "/health")[0] == 200  # and it keeps serving


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("threshold=abc", "threshold must be a number in [0, 1]; got 'abc'"),
        ("threshold=1.5", "threshold must be a number in [0, 1]; got '1.5'"),
        (
            "treshold=0.3",
            "unknown query parameter 'treshold'. Did you mean 'threshold'? Known: threshold",
        ),
    ],
)
def test_bad_threshold(serving, binary_server, query, message):
    body = {"inputs": [ROW]}
    assert serving.call(binary_server, f"/predict?{query}", body) == (400, {"error": message})


def test_missing_values_follow_the_model(serving, binary_server, binary_model, strict_model):
    """Imputed where the model imputes (as the pipeline does); an error where it does not."""
    row = {**ROW, "attack": None, "type": None}
    status, answer = serving.call(binary_server, "/predict", {"inputs": [row]})
    model = logitnet.load(binary_model)
    frame = pd.DataFrame([{**row, "attack": np.nan}])
    assert status == 200
    assert np.array_equal(serving.answer_arrays(answer)[1], model.predict_proba(frame))
    with serving.running_server(strict_model) as (url, _):
        body = {
            "inputs": {
                "attack": [50, None],
                "defense": [50, 60],
                "speed": [40, 40],
                "type": ["fire", "water"],
            }
        }
        error = (
            "column 'attack' has a missing value in row 2, and this model fills in no missing "
            "values (it was trained without imputation)"
        )
        assert serving.call(url, "/predict", body) == (400, {"error": error})
        body["inputs"]["attack"] = [50, 60]
        body["inputs"]["type"] = ["fire", "plasma"]
        status, answer = serving.call(url, "/predict?threshold=0.5", body)
        assert status == 400
        assert answer["error"].startswith("a threshold applies to two classes; this model has 7")
        status, answer = serving.call(url, "/predict", body)
        assert status == 200
        assert answer["warnings"] == [
            "column 'type': 'plasma' (row 2) was not seen in training; it counts as no category"
        ]
        model = logitnet.load(strict_model)
        frame = pd.DataFrame(body["inputs"])
        assert np.array_equal(serving.answer_arrays(answer)[1], model.predict_proba(frame))
        assert serving.answer_arrays(answer)[0].tolist() == model.predict(frame).tolist()


def test_body_over_the_limit_is_refused(serving, binary_model):
    with serving.running_server(binary_model, "--max-body-mb", "0.001") as (url, _):
        body = {"inputs": [ROW] * 20}  # about 2.6 kB
        assert serving.call(url, "/predict", body) == (
            413,
            {"error": "the request body is over the limit of 0.000999451 MB (--max-body-mb)"},
        )
        assert serving.call(url, "/predict", {"inputs": [ROW]})[0] == 200


def test_two_workers_answer_alike(serving, binary_model, gaps_table):
    body = serving.split_body(gaps_table.head(50))
    with serving.running_server(binary_model, "--workers", "2") as (url, _):
        answers = [serving.call(url, "/predict", body) for _ in range(6)]
    assert all(answer == answers[0] for answer in answers) and answers[0][0] == 200


def test_sigterm_lets_the_request_in_flight_finish(serving, binary_model, gaps_table):
    body = json.dumps(serving.split_body(gaps_table.head(5))).encode()
    with serving.running_server(binary_model) as (url, process):
        host, port = url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        connection.putrequest("POST", "/predict")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders()
        connection.send(body[:10])  # the request is in flight: half its body sent
        threading.Event().wait(0.5)
        process.send_signal(signal.SIGTERM)
        threading.Event().wait(0.5)
        connection.send(body[10:])
        response = connection.getresponse()
        answer = json.loads(response.read())
        assert response.status == 200 and len(answer["predictions"]) == 5
        # uvicorn re-raises the signal once it has shut down gracefully
        assert process.wait(timeout=30) in (0, -signal.SIGTERM)


def test_csv_reading_matches_pandas(serving, binary_server):
    body = io.StringIO()
    pd.DataFrame([ROW, {**ROW, "attack": None}]).to_csv(body, index=False)
    status, answer = serving.call(binary_server, "/predict", body.getvalue().encode(), "text/csv")
    assert status == 200 and len(answer["predictions"]) == 2


def test_routes_other_than_post_predict_go_through_starlette(serving, binary_server):
    host, port = binary_server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    for method, path, status in [
        ("GET", "/predict", 405),
        ("PUT", "/invocations", 405),
        ("POST", "/nowhere", 404),
        ("GET", "/ping", 200),
    ]:
        connection.request(method, path, b"" if method != "GET" else None)
        response = connection.getresponse()
        response.read()
        assert response.status == status, (method, path)
    connection.close()


def test_a_chunked_body_is_read_whole(serving, binary_server, gaps_table):
    body = json.dumps(serving.split_body(gaps_table.head(30))).encode()
    host, port = binary_server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    pieces = [body[i : i + 100] for i in range(0, len(body), 100)]
    connection.request(
        "POST", "/predict", iter(pieces), {"Content-Type": "application/json"}, encode_chunked=True
    )
    response = connection.getresponse()
    answer = json.loads(response.read())
    assert response.status == 200
    _, expected = serving.call(binary_server, "/predict", serving.split_body(gaps_table.head(30)))
    assert answer == expected


def test_ten_thousand_rows_equal_predict_proba_bit_for_bit(
    serving, binary_server, binary_model, gaps_table
):
    """A body over 64 KB, answered off the event loop, as JSON and as CSV."""
    rows = pd.concat([gaps_table] * 13, ignore_index=True).head(10_000)
    model = logitnet.load(binary_model)
    expected = model.predict_proba(rows)
    status, answer = serving.call(binary_server, "/invocations", serving.split_body(rows))
    assert status == 200 and np.array_equal(serving.answer_arrays(answer)[1], expected)
    body = rows.to_csv(index=False).encode()
    status, answer = serving.call(binary_server, "/invocations", body, "text/csv")
    assert status == 200 and np.array_equal(serving.answer_arrays(answer)[1], expected)
    assert answer["predictions"] == model.predict(rows).tolist()


def test_each_worker_gets_a_socket_of_its_own_on_one_port():
    from logitnet.serving import bind
    from logitnet.serving._server import worker_sockets

    shared = bind("127.0.0.1", 0, reuse_port=True)
    sockets = worker_sockets(shared, 3)
    try:
        assert len(sockets) == 3 and sockets[0] is shared
        assert len({s.getsockname() for s in sockets}) == 1
        assert all(s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) for s in sockets)
        port = shared.getsockname()[1]
        with pytest.raises(OSError, match=rf"^cannot listen on 127\.0\.0\.1:{port}: "):
            bind("127.0.0.1", port, reuse_port=True)  # a second server may not join in
    finally:
        for sock in sockets:
            sock.close()
    plain = bind("127.0.0.1", 0)
    with plain:
        assert worker_sockets(plain, 3) == [plain] and worker_sockets(plain, 1) == [plain]
