"""A bounded storm of 10,000 valid and invalid requests from concurrent clients.

No answer may be a 5xx; every valid answer must equal the in-process prediction bit for bit; the
server's resident memory may not grow by more than 10% from the first tenth of the requests on.
"""

from __future__ import annotations

import http.client
import json
import random
import socket
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import logitnet

N_REQUESTS = 10_000
CLIENTS = 8
WARM = N_REQUESTS // 10  # requests answered before the first memory reading


def _rss_kib(pid: int) -> int:
    """The resident set size of a process, from /proc/PID/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS line")


def _bodies(serving, table: pd.DataFrame, model) -> list[tuple]:
    """``(path, body, content type, expected)``: expected is (labels, proba) or a 4xx status."""
    rng = random.Random(0)
    valid = []
    for size in (1, 1, 1, 2, 5, 20, 100):
        start = rng.randrange(len(table) - size)
        rows = table.iloc[start : start + size]
        split = serving.split_body(rows)
        columns, data = split["dataframe_split"]["columns"], split["dataframe_split"]["data"]
        records = [dict(zip(columns, row, strict=True)) for row in data]
        expected = (model.predict(rows).tolist(), model.predict_proba(rows))
        for doc in (split, {"dataframe_records": records}, {"inputs": records}):
            valid.append(("/invocations", json.dumps(doc).encode(), "application/json", expected))
        valid.append(("/predict", rows.to_csv(index=False).encode(), "text/csv", expected))
    row = serving.split_body(table.head(1))["dataframe_split"]
    record = dict(zip(row["columns"], row["data"][0], strict=True))
    invalid = [
        ("/invocations", b'{"inputs": [', "application/json", 400),
        ("/invocations", b"", "application/json", 400),
        ("/invocations", b"[" * 50_000, "application/json", 400),
        ("/invocations", b'"just a string"', "application/json", 400),
        ("/invocations", json.dumps({"inputs": [{**record, "atack": 1}]}).encode(), "", 400),
        ("/invocations", json.dumps({"inputs": [{**record, "speed": "fast"}]}).encode(), "", 400),
        (
            "/invocations",
            json.dumps({"dataframe_split": {"columns": ["x"], "data": [[1]]}}).encode(),
            "application/json",
            400,
        ),
        ("/predict?threshold=2", json.dumps({"inputs": [record]}).encode(), "", 400),
        ("/predict", b"<a/>", "application/xml", 415),
        ("/predict", b"attack\n1\n", "text/csv", 400),
        ("/predict", b"x" * 1_100_000, "text/csv", 413),
    ]
    return valid + invalid


def _client(port: int, jobs: list[tuple], results: list) -> None:
    """Send ``jobs`` in order on one keep-alive connection; record (job, status, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.connect()
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for job in jobs:
        path, body, content_type, _ = job
        headers = {"Content-Type": content_type} if content_type else {}
        try:
            connection.request("POST", path, body, headers)
            response = connection.getresponse()
            results.append((job, response.status, response.read()))
        except (ConnectionError, http.client.HTTPException):  # the server closed after a 413
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            connection.request("POST", path, body, headers)
            response = connection.getresponse()
            results.append((job, response.status, response.read()))
    connection.close()


def _storm(port: int, jobs: list[tuple]) -> list:
    """``jobs`` shared out among CLIENTS concurrent clients; every result."""
    results: list = []
    threads = [
        threading.Thread(target=_client, args=(port, jobs[i::CLIENTS], results))
        for i in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.slow
def test_ten_thousand_mixed_requests(serving, binary_model, gaps_csv):
    model = logitnet.load(binary_model)
    table = pd.read_csv(gaps_csv)[serving.FEATURES]
    pool = _bodies(serving, table, model)
    rng = random.Random(1)
    jobs = [rng.choice(pool) for _ in range(N_REQUESTS)]
    with serving.running_server(binary_model, "--max-body-mb", "1") as (url, process):
        port = int(url.rsplit(":", 1)[1])
        results = _storm(port, jobs[:WARM])
        before = _rss_kib(process.pid)
        results += _storm(port, jobs[WARM:])
        after = _rss_kib(process.pid)
        assert serving.call(url, "/health")[0] == 200
    assert len(results) == N_REQUESTS
    statuses = [status for _, status, _ in results]
    assert max(statuses) < 500
    n_valid = 0
    for (_, _, _, expected), status, body in results:
        if isinstance(expected, int):
            assert status == expected and "error" in json.loads(body)
            continue
        answer = json.loads(body)
        assert status == 200 and answer["predictions"] == expected[0]
        assert np.array_equal(np.array(answer["probabilities"]), expected[1])
        n_valid += 1
    assert 0.5 * N_REQUESTS < n_valid < 0.9 * N_REQUESTS  # a real mix of both
    assert after <= 1.10 * before, f"resident memory grew from {before} to {after} KiB"
