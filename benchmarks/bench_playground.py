"""Benchmark: how live the playground is, measured as a page sees it, over a real WebSocket.

A real server (``logitnet playground --port 0 --no-browser`` in a subprocess) and clients that
speak the page's protocol, each on its own thread with its own WebSocket. Measured in one run:

- the time from ``play`` to the first frame (median over ``--repeats`` plays, each after a reset);
- the median gap between frames while an MLP (8, 8) trains on circles with the 100 x 100 map;
- the same median with ``--pages`` pages training at once;

each with the network view off and on (issue 24: every unit's picture and weights in each frame).
Each is printed beside its budget from issue 11 (1 s, 100 ms, 250 ms) and the ratio to it, and the
view's cost as the ratio of "on" to "off".
There is no peer to run beside it: TensorFlow Playground runs in the browser, in JavaScript.

Run: ``.venv/bin/python benchmarks/bench_playground.py`` (``--help`` for options).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time

from websockets.sync.client import connect

SETTINGS = {"dataset": "circles", "model": "mlp", "hidden": "8,8", "seed": "0"}
VIEWS = {"off": "0", "on": "1"}  # the network view's setting
TIMEOUT = 120.0


def start_server(workers: int) -> tuple[subprocess.Popen, str]:
    """Start the playground on a free port; return the process and its URL."""
    command = [
        sys.executable,
        "-m",
        "logitnet",
        "playground",
        "--port",
        "0",
        "--no-browser",
        "--workers",
        str(workers),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in process.stdout], daemon=True).start()
    return process, lines.get(timeout=TIMEOUT).split()[2]


class Page:
    """One page's WebSocket, configured with SETTINGS."""

    def __init__(self, url: str, view: str) -> None:
        origin = url.rstrip("/")
        self.ws = connect(
            url.replace("http", "ws") + "ws", origin=origin, max_size=None, open_timeout=TIMEOUT
        ).__enter__()
        self.until("hello")
        self.send("configure", settings={**SETTINGS, "network-view": VIEWS[view]})
        self.until("frame")

    def send(self, kind: str, **fields) -> None:
        self.ws.send(json.dumps({"type": kind, **fields}))

    def until(self, kind: str) -> dict:
        """Wait for the next message of ``kind``."""
        while True:
            message = json.loads(self.ws.recv(timeout=TIMEOUT))
            if message["type"] == "error":
                raise RuntimeError(message["message"])
            if message["type"] == kind:
                return message

    def play_to_first_frame(self) -> float:
        """Seconds from sending ``play`` to receiving the first frame; then pause and reset."""
        started = time.perf_counter()
        self.send("play")
        self.until("frame")
        elapsed = time.perf_counter() - started
        self.stop()
        return elapsed

    def frame_gaps(self, frames: int) -> list[float]:
        """Seconds between consecutive frames over ``frames`` frames of play."""
        self.send("play")
        stamps = []
        for _ in range(frames + 1):
            self.until("frame")
            stamps.append(time.perf_counter())
        self.stop()
        return [b - a for a, b in zip(stamps, stamps[1:], strict=False)]

    def stop(self) -> None:
        """Pause, wait until the player has stopped, and reset to epoch 0."""
        self.send("pause")
        while (message := json.loads(self.ws.recv(timeout=TIMEOUT)))["type"] != "state" or (
            message["playing"]
        ):
            pass
        self.send("reset")
        self.until("frame")

    def close(self) -> None:
        self.ws.close()


def gaps_of_pages(url: str, view: str, pages: int, frames: int) -> list[float]:
    """Frame gaps of ``pages`` pages that play at the same time, all gaps pooled."""
    clients = [Page(url, view) for _ in range(pages)]
    results: list[list[float]] = [[] for _ in clients]
    barrier = threading.Barrier(pages)

    def work(i: int) -> None:
        barrier.wait()
        results[i] = clients[i].frame_gaps(frames)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(pages)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for client in clients:
        client.close()
    return [gap for gaps in results for gap in gaps]


def row(name: str, value: float, budget: float) -> str:
    return f"| {name:<54} | {value * 1000:9.1f} | {budget * 1000:6.0f} | {value / budget:5.2f} |"


def measure(url: str, view: str, args: argparse.Namespace) -> tuple[float, float, float]:
    """Median play-to-first-frame, frame gap of one page, frame gap of ``--pages`` pages."""
    page = Page(url, view)
    page.frame_gaps(5)  # warm up: the first epochs build the step functions
    first = statistics.median(page.play_to_first_frame() for _ in range(args.repeats))
    one = statistics.median(page.frame_gaps(args.frames))
    page.close()
    many = statistics.median(gaps_of_pages(url, view, args.pages, args.frames))
    return first, one, many


def measure_server(workers: int, args: argparse.Namespace) -> dict:
    """``{view: measures}`` on one server, the views alternating so both meet the same load."""
    process, url = start_server(workers)
    try:
        return {view: measure(url, view, args) for view in args.network_view}
    finally:
        process.terminate()
        process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10, help="plays timed to the first frame")
    parser.add_argument("--frames", type=int, default=60, help="frames timed per page")
    parser.add_argument("--pages", type=int, default=8, help="pages training at once")
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[1, 2],
        help="server processes to compare (logitnet playground --workers)",
    )
    parser.add_argument(
        "--network-view",
        nargs="+",
        choices=list(VIEWS),
        default=list(VIEWS),
        help="measure with the network view off, on, or both",
    )
    args = parser.parse_args()
    results = {workers: measure_server(workers, args) for workers in args.workers}
    print(
        f"logitnet playground, MLP (8, 8) on circles, 100 x 100 map; {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print("| measure                                                | median ms | budget | ratio |")
    print("|--------------------------------------------------------|----------:|-------:|------:|")
    for workers, views in results.items():
        for view, (first, one, many) in views.items():
            tag = f"{workers} process{'es' if workers > 1 else ''}, view {view}"
            print(row(f"{tag}: play to first frame ({args.repeats} plays)", first, 1.0))
            print(row(f"{tag}: frame gap, 1 page ({args.frames} frames)", one, 0.1))
            print(row(f"{tag}: frame gap, {args.pages} pages at once", many, 0.25))
        if set(views) == set(VIEWS):
            on, off = views["on"], views["off"]
            print(
                f"{workers} process(es): view on / off: first frame {on[0] / off[0]:.2f}x, "
                f"1 page {on[1] / off[1]:.2f}x, {args.pages} pages {on[2] / off[2]:.2f}x"
            )


if __name__ == "__main__":
    main()
