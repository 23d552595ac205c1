"""A real playground server: the ``logitnet playground`` command in a subprocess, on a free port."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

START_TIMEOUT = 90  # seconds; the first start imports torch on a busy machine
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]
CHROMIUM = "/usr/bin/chromium"


def _first_line(stream, lines: queue.Queue) -> None:
    """Pass the stream's lines to ``lines`` (run in a thread)."""
    for line in stream:
        lines.put(line)


@contextmanager
def running_server(*options: str) -> Iterator[str]:
    """Start ``logitnet playground --port 0 --no-browser OPTIONS``; yield its URL; stop it."""
    command = [
        sys.executable,
        "-m",
        "logitnet",
        "playground",
        "--port",
        "0",
        "--no-browser",
        *options,
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_first_line, args=(process.stdout, lines), daemon=True).start()
    try:
        try:
            line = lines.get(timeout=START_TIMEOUT)
        except queue.Empty:
            pytest.fail(f"the playground did not print its URL within {START_TIMEOUT} s")
        if not line.startswith("logitnet playground: http://"):
            pytest.fail(f"unexpected first line from the playground: {line!r}")
        yield line.split()[2]
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """One server with the default settings, shared by the whole test session."""
    with running_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by Playwright (skipped without it, failed under CI)."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        message = "Chromium is not installed: apt-get install -y chromium (make browser)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield launched
        launched.close()
