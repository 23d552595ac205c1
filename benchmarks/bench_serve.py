"""``logitnet serve`` and the ONNX export against their peers, in one run, on 127.0.0.1.

Peers, each in the same run:

- a minimal baseline server, Starlette with uvicorn, that builds a pandas DataFrame per request
  and calls the loaded model's ``predict_proba`` (what one writes in ten lines);
- in-process ``predict_proba`` of the loaded model on a DataFrame;
- onnxruntime on the file ``logitnet export --onnx`` writes.

The model: a binary logistic regression of ``legendary`` on the Pokemon table (8 feature columns,
one of them text, median imputation), trained by ``logitnet train``. Every client loop is bounded
(a fixed number of requests). The goals of issue 22:

1. single-row requests, one client: >= 3x the baseline's requests per second, p99 <= 10 ms;
2. 32 concurrent clients, ``--workers 2``: >= 1.6x the requests per second of one worker;
3. a 10,000-row request: <= 1.5x the in-process ``predict_proba`` time;
4. onnxruntime on 100,000 rows: at least as fast as logitnet's ``predict_proba``.

The 10,000-row request is timed as JSON (``dataframe_split``) and as CSV, interleaved with the
in-process ``model.predict_proba(DataFrame)`` of the same rows (what a user calls). The 32
clients are keep-alive connections driven by one epoll loop in this process (one request in
flight on each, no pipelining), against ``--workers 1`` and ``--workers 2`` servers started once
and measured in interleaved blocks; the run also reports the server's and the client's CPU time
per request, and the most two workers can give on two cores that the client shares.

Run from the repository root::

    .venv/bin/python benchmarks/bench_serve.py --pokemon ../shared/data/pokemon.csv
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import select
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FEATURES = ["attack", "defense", "sp_attack", "sp_defense", "speed", "capture_rt", "type", "gen"]

BASELINE = """
import json, socket, sys
import pandas as pd, uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
import logitnet

model = logitnet.load(sys.argv[1])

async def predict(request):
    doc = (await request.json())["dataframe_split"]
    frame = pd.DataFrame(doc["data"], columns=doc["columns"])
    return JSONResponse({"probabilities": model.predict_proba(frame).tolist()})

async def health(request):
    return JSONResponse({"status": "ok"})

app = Starlette(routes=[Route("/invocations", predict, methods=["POST"]),
                        Route("/health", health)])
# the same socket as logitnet serve's (TCP_NODELAY): no 40 ms Nagle wait for either
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
sock.bind(("127.0.0.1", int(sys.argv[2])))
sock.listen(1024)
uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])
"""


def free_port() -> int:
    """A port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(command: list[str], port: int) -> subprocess.Popen:
    """Start a server and wait until it accepts a connection."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(1200):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/health")
            connection.getresponse().read()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{command} did not start")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children now alive (Linux's /proc)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    total = 0
    for each in [pid, *map(int, children)]:
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, then wait."""
    process.terminate()
    process.wait(timeout=60)


def post_loop(
    port: int, body: bytes, n: int, content_type: str = "application/json"
) -> list[float]:
    """``n`` POST /invocations on one keep-alive connection; the latency of each, in seconds."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.connect()  # headers and body go in two writes: without TCP_NODELAY, Nagle's
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # 40 ms wait
    headers = {"Content-Type": content_type}
    latencies = []
    for _ in range(n):
        begin = time.perf_counter()
        connection.request("POST", "/invocations", body, headers)
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - begin)
        if response.status != 200:
            raise RuntimeError(f"status {response.status}")
    connection.close()
    return latencies


def raw_request(body: bytes, content_type: str = "application/json") -> bytes:
    """The bytes of one POST /invocations, made once and sent as they are."""
    head = (
        b"POST /invocations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: %s\r\n"
        b"Content-Length: %d\r\n\r\n" % (content_type.encode(), len(body))
    )
    return head + body


def _answers(buffer: bytearray) -> int:
    """Remove the complete answers at the start of ``buffer``; how many there were."""
    done = 0
    while True:
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            return done
        head = bytes(buffer[:end])
        if not head.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(head.split(b"\r\n")[0].decode())
        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        if len(buffer) < end + 4 + length:
            return done
        del buffer[: end + 4 + length]
        done += 1


def concurrent_rate(port: int, body: bytes, clients: int, n: int) -> float:
    """Requests per second of ``clients`` concurrent clients, each sending ``n`` requests.

    Each client is a keep-alive connection with one request in flight (no pipelining); one
    process drives them all with an epoll loop (no threads, no GIL hand-offs), the request bytes
    made once: a client that costs little CPU next to the server it measures. An answer that
    arrives whole in one read, with the length of the first one, is counted at once; any other
    read goes through the parser of :func:`_answers`.
    """
    request = raw_request(body)
    poll = select.epoll()
    socks, left, buffers = {}, {}, {}
    for _ in range(clients):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        fd = sock.fileno()
        socks[fd], left[fd], buffers[fd] = sock, n, bytearray()
    whole = -1  # the length of one whole answer, once seen
    begin = time.perf_counter()
    for fd, sock in socks.items():
        sock.sendall(request)
        poll.register(fd, select.EPOLLIN)
    done, open_ = 0, clients
    while open_:
        for fd, _ in poll.poll():
            sock, buffer = socks[fd], buffers[fd]
            chunk = sock.recv(65536)
            if len(chunk) == whole and not buffer and chunk.startswith(b"HTTP/1.1 200 "):
                answered = 1
            else:
                if not chunk:
                    raise RuntimeError("the server closed a connection")
                buffer += chunk
                size = len(buffer)
                answered = _answers(buffer)
                if answered == 1 and not buffer:
                    whole = size
                if not answered:
                    continue
            done += answered
            left[fd] -= answered
            if left[fd]:
                sock.sendall(request)
            else:
                poll.unregister(fd)
                open_ -= 1
    elapsed = time.perf_counter() - begin
    poll.close()
    for sock in socks.values():
        sock.close()
    return done / elapsed


def summary(latencies: list[float]) -> dict:
    """Requests per second, median and p99 latency (ms) of one client's loop."""
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return {
        "rps": len(latencies) / sum(latencies),
        "median_ms": 1e3 * statistics.median(ordered),
        "p99_ms": 1e3 * p99,
    }


def split_body(frame) -> bytes:
    """``{"dataframe_split": ...}`` of a table, NaN as null."""
    rows = [[None if v != v else v for v in row] for row in frame.astype(object).values.tolist()]
    return json.dumps({"dataframe_split": {"columns": list(frame.columns), "data": rows}}).encode()


def timed(function, repeats: int) -> float:
    """The median seconds of ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        begin = time.perf_counter()
        function()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pokemon", default="../shared/data/pokemon.csv")
    parser.add_argument("--requests", type=int, default=2000, help="single-row requests per peer")
    parser.add_argument("--per-client", type=int, default=100, help="requests per client (32)")
    parser.add_argument("--blocks", type=int, default=5, help="interleaved 32-client runs")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    import numpy as np
    import pandas as pd

    import logitnet

    work = Path(tempfile.mkdtemp(prefix="bench_serve."))
    table = pd.read_csv(args.pokemon)
    table.loc[table.index % 7 == 3, "attack"] = np.nan  # gaps, filled in by the model
    data = work / "pokemon.csv"
    table.to_csv(data, index=False)
    cli = [sys.executable, "-m", "logitnet"]
    subprocess.run(
        [
            *cli,
            "train",
            str(data),
            "--target",
            "legendary",
            "--features",
            ",".join(FEATURES),
            "--impute",
            "median",
            "--out",
            str(work / "run"),
        ],
        check=True,
        capture_output=True,
    )
    model_path = work / "run" / "model.safetensors"
    onnx_path = work / "model.onnx"
    subprocess.run(
        [*cli, "export", str(model_path), "--onnx", str(onnx_path)], check=True, capture_output=True
    )
    model = logitnet.load(model_path)
    X = table[FEATURES]
    one_row = split_body(X.head(1))
    results: dict[str, object] = {"load_average": os.getloadavg()}

    # 1. single-row requests, one client: logitnet serve against the baseline, interleaved
    ports = {"serve": free_port(), "baseline": free_port()}
    servers = {
        "serve": start(
            [*cli, "serve", str(model_path), "--port", str(ports["serve"])], ports["serve"]
        ),
        "baseline": start(
            [sys.executable, "-c", BASELINE, str(model_path), str(ports["baseline"])],
            ports["baseline"],
        ),
    }
    latencies: dict[str, list[float]] = {"serve": [], "baseline": []}
    blocks = 10
    for name in latencies:
        post_loop(ports[name], one_row, 50)  # warm-up
    for _ in range(blocks):
        for name in latencies:
            latencies[name] += post_loop(ports[name], one_row, args.requests // blocks)
    single = {name: summary(values) for name, values in latencies.items()}
    single["ratio"] = single["serve"]["rps"] / single["baseline"]["rps"]
    results["single_row_one_client"] = single

    # 3. a 10,000-row request against in-process predict_proba of the same rows
    big = pd.concat([X] * 13, ignore_index=True).head(10_000)
    big_body = split_body(big)
    big_csv = big.to_csv(index=False).encode()
    post_loop(ports["serve"], big_body, 1)
    post_loop(ports["serve"], big_csv, 1, "text/csv")
    times: dict[str, list[float]] = {"json": [], "csv": [], "predict_proba": []}
    for _ in range(args.repeats):  # interleaved: the same load for each
        times["json"].append(timed(lambda: post_loop(ports["serve"], big_body, 1), 1))
        times["csv"].append(timed(lambda: post_loop(ports["serve"], big_csv, 1, "text/csv"), 1))
        times["predict_proba"].append(timed(lambda: model.predict_proba(big), 1))
    request, csv_request, in_process = (statistics.median(times[k]) for k in times)
    results["rows_10000"] = {
        "request_ms": 1e3 * request,
        "predict_proba_ms": 1e3 * in_process,
        "ratio": request / in_process,
        "csv_request_ms": 1e3 * csv_request,
        "csv_ratio": csv_request / in_process,
        "json_body_bytes": len(big_body),
        "csv_body_bytes": len(big_csv),
    }
    for process in servers.values():
        stop(process)

    # 2. 32 concurrent clients: --workers 2 against one worker, both started once, interleaved
    ports = {workers: free_port() for workers in (1, 2)}
    servers = {
        workers: start(
            [*cli, "serve", str(model_path), "--port", str(port), "--workers", str(workers)], port
        )
        for workers, port in ports.items()
    }
    rates: dict[int, list[float]] = {1: [], 2: []}
    cpu = {"server": 0.0, "client": 0.0}  # CPU seconds spent in the one-worker runs
    for port in ports.values():
        concurrent_rate(port, one_row, 32, 20)  # warm-up of every worker
    for _ in range(args.blocks):
        for workers, port in ports.items():
            server, client = cpu_seconds(servers[workers].pid), time.process_time()
            rates[workers].append(concurrent_rate(port, one_row, 32, args.per_client))
            if workers == 1:
                cpu["server"] += cpu_seconds(servers[workers].pid) - server
                cpu["client"] += time.process_time() - client
    for process in servers.values():
        stop(process)
    one, two = statistics.median(rates[1]), statistics.median(rates[2])
    n_requests = args.blocks * 32 * args.per_client
    server_us, client_us = (1e6 * cpu[k] / n_requests for k in ("server", "client"))
    results["clients_32"] = {
        "workers_1_rps": one,
        "workers_2_rps": two,
        "ratio": two / one,
        "blocks": {str(k): [round(r) for r in v] for k, v in rates.items()},
        # On two cores shared by the clients and the workers, two workers can reach at most
        # 2 / (1 + client/server) times one worker's rate: the client's share bounds the ratio.
        "cpu_us_per_request": {"server_one_worker": server_us, "client": client_us},
        "ratio_bound_two_cores": 2 / (1 + client_us / server_us),
    }

    # 4. onnxruntime against predict_proba on 100,000 rows
    import onnxruntime as ort

    rows = pd.concat([X] * 125, ignore_index=True).head(100_000)
    feeds = {name: rows[[name]].to_numpy(np.float64) for name in FEATURES if name != "type"}
    feeds["type"] = rows[["type"]].astype(str).to_numpy()
    sessions = {"default": ort.InferenceSession(str(onnx_path))}
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # on a loaded machine, a second spinning thread costs
    sessions["one_thread"] = ort.InferenceSession(str(onnx_path), options)
    onnx_s = {
        name: timed(lambda s=s: s.run(None, feeds), args.repeats) for name, s in sessions.items()
    }
    logitnet_s = timed(lambda: model.predict_proba(rows), args.repeats)
    results["rows_100000"] = {
        "predict_proba_ms": 1e3 * logitnet_s,
        **{f"onnxruntime_{name}_ms": 1e3 * value for name, value in onnx_s.items()},
        **{f"ratio_{name}": logitnet_s / value for name, value in onnx_s.items()},
    }
    results["load_average_end"] = os.getloadavg()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
