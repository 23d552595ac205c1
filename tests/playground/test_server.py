"""The server over real HTTP and WebSockets: fixed routes, host and origin checks, isolation."""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request
from pathlib import Path

import plotly
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from logitnet.playground._server import allowed_hosts, origin_allowed

from .conftest import running_server

TIMEOUT = 60  # seconds for any one reply, on a busy machine
TEST_IDS = [
    "dataset",
    "classes",
    "noise",
    "seed",
    "test-fraction",
    "upload",
    "target",
    "feature-x",
    "feature-y",
    "model",
    "hidden",
    "activation",
    "optimizer",
    "lr",
    "batch-size",
    "l2",
    "play",
    "pause",
    "step",
    "reset",
    "epoch",
    "train-loss",
    "test-loss",
    "test-accuracy",
    "boundary",
    "curves",
    "export-model",
    "export-report",
    "error",
]


def get(url: str, host: str | None = None) -> tuple[int, dict, bytes]:
    """GET ``url``; ``(status, headers, body)`` whatever the status."""
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, _lower(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers), error.read()


def _lower(headers) -> dict:
    return {name.lower(): value for name, value in headers.items()}


def ws_url(http_url: str) -> str:
    return http_url.replace("http://", "ws://") + "ws"


def origin_of(http_url: str) -> str:
    return http_url.rstrip("/")


class Page:
    """A WebSocket client speaking the page's protocol."""

    def __init__(self, http_url: str) -> None:
        self._stack = contextlib.ExitStack()
        self.ws = self._stack.enter_context(
            connect(
                ws_url(http_url), origin=origin_of(http_url), open_timeout=TIMEOUT, max_size=None
            )
        )
        self.hello = self.receive("hello")

    def send(self, kind: str, **fields) -> None:
        self.ws.send(json.dumps({"type": kind, **fields}))

    def receive(self, *kinds: str) -> dict:
        """The next message whose type is in ``kinds``; others are skipped, but not errors."""
        while True:
            message = json.loads(self.ws.recv(timeout=TIMEOUT))
            if message["type"] in kinds:
                return message
            assert message["type"] != "error", message

    def close(self) -> None:
        self._stack.close()


@pytest.fixture
def page(server_url):
    client = Page(server_url)
    yield client
    client.close()


def test_the_page_has_every_test_id_and_security_headers(server_url):
    status, headers, body = get(server_url)
    assert status == 200
    html = body.decode()
    missing = [name for name in TEST_IDS if f'data-testid="{name}"' not in html]
    assert missing == []
    assert headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_plotly_js_comes_from_the_installed_package(server_url):
    status, headers, body = get(server_url + "static/plotly.min.js")
    assert status == 200
    assert body == (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
    assert headers["content-type"].startswith("text/javascript")


@pytest.mark.parametrize(
    "path",
    [
        "static/../pyproject.toml",
        "static/%2e%2e/%2e%2e/pyproject.toml",
        "static/index.html",
        "etc/passwd",
        "static/app.js/..%2f..%2fapp.js",
        "static/",
    ],
)
def test_no_route_opens_a_path_the_client_names(server_url, path):
    status, _, _ = get(server_url + path)
    assert status == 404


def test_a_request_for_another_host_is_refused(server_url):
    status, _, body = get(server_url, host="evil.example:80")
    assert status == 400
    assert body == b"Invalid host header"


@pytest.mark.parametrize("origin", ["http://evil.example", "http://localhost:1", None])
def test_a_websocket_from_another_origin_is_refused(server_url, origin):
    with (
        pytest.raises(InvalidStatus) as refused,
        connect(ws_url(server_url), origin=origin, open_timeout=TIMEOUT),
    ):
        pass
    assert refused.value.response.status_code == 403


def test_hosts_and_origins_allowed():
    assert allowed_hosts("127.0.0.1") == ["127.0.0.1", "localhost"]
    assert allowed_hosts("0.0.0.0") == ["*"]
    assert allowed_hosts("10.0.0.5") == ["10.0.0.5", "127.0.0.1", "localhost"]
    assert origin_allowed({"origin": "http://127.0.0.1:8765", "host": "127.0.0.1:8765"})
    assert not origin_allowed({"origin": "http://127.0.0.1:8766", "host": "127.0.0.1:8765"})
    assert not origin_allowed({"host": "127.0.0.1:8765"})


def test_hello_gives_the_upload_limit(page):
    assert page.hello == {"type": "hello", "max_upload": 50 * 1024 * 1024, "chunk": 1024 * 1024}


@pytest.mark.slow
def test_a_page_configures_steps_and_plays(page):
    page.send("configure", settings={"dataset": "moons", "seed": "1"})
    assert page.receive("data")["classes"] == ["0", "1"]
    assert page.receive("frame")["epoch"] == 0
    page.send("step")
    assert page.receive("frame")["epoch"] == 1
    page.send("play")
    epochs = [page.receive("frame")["epoch"] for _ in range(3)]
    page.send("pause")
    assert epochs == [2, 3, 4]
    while (message := json.loads(page.ws.recv(timeout=TIMEOUT)))["type"] != "state":
        assert message["type"] == "frame"
    assert message == {"type": "state", "playing": False}


def test_two_pages_do_not_see_each_other(server_url):
    first, second = Page(server_url), Page(server_url)
    try:
        first.send("configure", settings={"dataset": "xor"})
        first.receive("frame")
        first.send("step")
        assert first.receive("frame")["epoch"] == 1
        second.send("step")
        assert second.receive("error")["message"] == "choose a data set first"
        second.ws.send("not json")
        assert second.receive("error")["message"].startswith("Expecting value")
        second.send("configure", settings={"dataset": "blobs", "classes": "5"})
        assert second.receive("data")["classes"] == ["0", "1", "2", "3", "4"]
        first.send("step")
        assert first.receive("frame")["epoch"] == 2
    finally:
        first.close()
        second.close()


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ({"type": "dance"}, "unknown message type 'dance'"),
        (
            {"type": "configure", "settings": {"lr": "-1"}},
            "lr must be between 1e-06 and 10; got '-1'",
        ),
        ({"type": "export-model"}, "choose a data set first"),
        ({"type": "upload-end"}, "the upload was refused or interrupted; choose the file again"),
    ],
)
def test_bad_messages_get_an_error_and_the_page_goes_on(page, message, error):
    page.ws.send(json.dumps(message))
    assert page.receive("error")["message"] == error
    page.send("configure", settings={})
    assert page.receive("data")["type"] == "data"


@pytest.mark.slow
def test_the_server_enforces_the_upload_cap_whatever_the_page_declares():
    with running_server("--max-upload-mb", "0.01") as url:
        page = Page(url)
        assert page.hello["max_upload"] == 10485
        page.send("upload-start", name="big.csv", size=100_000)
        assert "'big.csv' is too large: over 0.01 MB" in page.receive("error")["message"]
        page.send("upload-start", name="liar.csv", size=10)
        page.ws.send(b"a,b,c\n" * 2000)
        assert "'liar.csv' is too large" in page.receive("error")["message"]
        page.send("upload-end")
        assert "refused or interrupted" in page.receive("error")["message"]
        page.close()


def test_it_listens_on_127_0_0_1_by_default(server_url):
    assert server_url.startswith("http://127.0.0.1:")


@pytest.mark.slow
def test_two_worker_processes_each_serve_whole_sessions():
    with running_server("--workers", "2") as url:
        pages = [Page(url) for _ in range(3)]
        for i, page in enumerate(pages):
            page.send("configure", settings={"dataset": "blobs", "classes": str(i + 2)})
        for i, page in enumerate(pages):
            assert len(page.receive("data")["classes"]) == i + 2
            assert page.receive("frame")["epoch"] == 0
            page.send("step")
            assert page.receive("frame")["epoch"] == 1
            page.close()


MODEL_VIEW_IDS = [
    "feature-x1",
    "feature-x2",
    "feature-x1sq",
    "feature-x2sq",
    "feature-x1x2",
    "feature-sinx1",
    "feature-sinx2",
    "regularization",
    "regularization-rate",
    "show-test",
    "discretize",
    "network",
    "add-layer",
    "remove-layer",
    "loss-surface",
    "surface-solver-gd",
    "surface-solver-newton",
    "surface-solver-adam",
    "surface-steps-gd",
    "surface-steps-newton",
    "surface-steps-adam",
    "compare",
    "connection",
]


def test_the_page_has_every_control_of_the_model_view(server_url):
    status, _, body = get(server_url)
    html = body.decode()
    assert status == 200
    assert [name for name in MODEL_VIEW_IDS if f'data-testid="{name}"' not in html] == []
    assert '<option value="linear">linear</option>' in html
