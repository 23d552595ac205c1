"""The ASGI app of ``logitnet serve``: POST /invocations and /predict, GET /health, /metadata.

The two prediction routes are answered by a lean ASGI path (no Request object, no middleware, no
router: the fewer cycles a request costs, the more each worker answers); every other request goes
to a Starlette app (/health, /ping, /metadata, 404 and 405 answers). Every refused request gets a
4xx answer ``{"error": "<one line>"}``; nothing a client sends is used as a path, and nothing is
unpickled.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from logitnet._validation import suggest
from logitnet.serving._errors import RequestError
from logitnet.serving._json import dumps
from logitnet.serving._predictor import Predictor

__all__ = ["DEFAULT_MAX_BODY", "ServingApp", "create_app"]

DEFAULT_MAX_BODY = 50 * 1024 * 1024  # bytes
_IN_THREAD = 64 * 1024  # bodies larger than this are answered off the event loop
_QUERY = ("threshold",)
PREDICT_PATHS = frozenset({"/invocations", "/predict"})
_JSON = b"application/json"


def _error_body(exc: RequestError) -> bytes:
    """``{"error": message}`` of a refused request, on one line."""
    return dumps({"error": " ".join(str(exc).split())})


def _threshold(query_string: bytes) -> float | None:
    """``?threshold=T`` as a float in [0, 1], or None; other parameters are refused."""
    if not query_string:
        return None
    query = dict(parse_qsl(query_string.decode("latin-1"), keep_blank_values=True))
    for name in query:
        if name not in _QUERY:
            hint = suggest(name, _QUERY)
            raise RequestError(f"unknown query parameter {name!r}.{hint} Known: threshold")
    text = query.get("threshold")
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0.0 <= value <= 1.0:
        raise RequestError(f"threshold must be a number in [0, 1]; got {text!r}")
    return value


def _headers(scope: dict) -> tuple[str, int | None]:
    """The request's Content-Type (lower case) and declared Content-Length (None: not given)."""
    content_type, length = "", None
    for name, value in scope["headers"]:
        if name == b"content-type" and not content_type:
            content_type = value.decode("latin-1")
        elif name == b"content-length" and value.isdigit():
            length = int(value)
    return content_type, length


async def _body(receive: Any, declared: int | None, limit: int) -> bytes | None:
    """The request body, refused (413) once it is over ``limit`` bytes; None if the client
    went away."""
    too_large = RequestError(
        f"the request body is over the limit of {limit / 1024 / 1024:g} MB (--max-body-mb)", 413
    )
    if declared is not None and declared > limit:
        raise too_large
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":  # http.disconnect
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def _send_json(send: Any, body: bytes, status: int = 200) -> None:
    """One JSON response: status, Content-Type and Content-Length, then the body."""
    headers = [(b"content-type", _JSON), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class ServingApp:
    """The serving app of a predictor: an ASGI callable.

    Parameters
    ----------
    predictor : Predictor
        The loaded model.
    max_body : int, default=50 MB
        The largest request body accepted, in bytes (413 above it).
    """

    def __init__(self, predictor: Predictor, *, max_body: int = DEFAULT_MAX_BODY) -> None:
        self.predictor = predictor
        self.max_body = max_body
        self.other = _starlette_app(predictor)

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] in PREDICT_PATHS:
            await self.predict(scope, receive, send)
        else:
            await self.other(scope, receive, send)

    async def predict(self, scope: dict, receive: Any, send: Any) -> None:
        """POST /invocations and /predict: the answer, or a 4xx with one line."""
        content_type, declared = _headers(scope)
        try:
            threshold = _threshold(scope["query_string"])
            body = await _body(receive, declared, self.max_body)
            if body is None:
                return
            if len(body) > _IN_THREAD:  # parsed, answered and written off the event loop
                from starlette.concurrency import run_in_threadpool

                answer = self.predictor.answer_json
                out = await run_in_threadpool(answer, body, content_type, threshold)
            else:
                out = self.predictor.answer_json(body, content_type, threshold)
        except RequestError as exc:
            await _send_json(send, _error_body(exc), exc.status)
            return
        await _send_json(send, out)


def _starlette_app(predictor: Predictor) -> Any:
    """GET /metadata, /health and /ping (MLflow's name); 404 and 405 answers."""
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    metadata = dumps(predictor.metadata())
    health = dumps({"status": "ok"})

    async def get_metadata(request: Any) -> Any:
        return Response(metadata, media_type="application/json")

    async def get_health(request: Any) -> Any:
        return Response(health, media_type="application/json")

    async def never(request: Any) -> Any:  # POST is answered by ServingApp.predict
        raise AssertionError("POST /invocations and /predict reached the Starlette app")

    routes = [  # the prediction routes are here for Starlette's 405 answer to other methods
        Route("/invocations", never, methods=["POST"]),
        Route("/predict", never, methods=["POST"]),
        Route("/metadata", get_metadata, methods=["GET"]),
        Route("/health", get_health, methods=["GET"]),
        Route("/ping", get_health, methods=["GET"]),
    ]
    return Starlette(routes=routes)


def create_app(predictor: Predictor, *, max_body: int = DEFAULT_MAX_BODY) -> ServingApp:
    """The serving app of ``predictor`` (see :class:`ServingApp`)."""
    return ServingApp(predictor, max_body=max_body)
