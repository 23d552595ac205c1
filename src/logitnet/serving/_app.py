"""The Starlette app of ``logitnet serve``: POST /invocations and /predict, GET /health, /metadata.

Every refused request gets a 4xx answer ``{"error": "<one line>"}``; nothing a client sends is
used as a path, and nothing is unpickled.
"""

from __future__ import annotations

import json
from typing import Any

from logitnet._validation import suggest
from logitnet.serving._errors import RequestError
from logitnet.serving._predictor import Predictor

__all__ = ["DEFAULT_MAX_BODY", "create_app"]

DEFAULT_MAX_BODY = 50 * 1024 * 1024  # bytes
_IN_THREAD = 64 * 1024  # bodies larger than this are answered off the event loop
_QUERY = ("threshold",)


def _dumps(doc: Any) -> bytes:
    """Compact JSON; floats as Python writes them (``repr``), so they read back exactly."""
    return json.dumps(doc, separators=(",", ":"), allow_nan=False).encode()


def _json(doc: Any, status: int = 200) -> Any:
    """A JSON response of ``doc`` (or of JSON bytes already written)."""
    from starlette.responses import Response

    body = doc if isinstance(doc, bytes) else _dumps(doc)
    return Response(body, status_code=status, media_type="application/json")


def _error(exc: RequestError) -> Any:
    """``{"error": message}`` with the error's status."""
    return _json({"error": " ".join(str(exc).split())}, exc.status)


def _threshold(query: Any) -> float | None:
    """``?threshold=T`` as a float in [0, 1], or None; other parameters are refused."""
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


async def _body(request: Any, limit: int) -> bytes:
    """The request body, refused (413) once it is over ``limit`` bytes."""
    too_large = RequestError(
        f"the request body is over the limit of {limit / 1024 / 1024:g} MB (--max-body-mb)", 413
    )
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(predictor: Predictor, *, max_body: int = DEFAULT_MAX_BODY) -> Any:
    """The serving app of ``predictor``.

    Parameters
    ----------
    predictor : Predictor
        The loaded model.
    max_body : int, default=50 MB
        The largest request body accepted, in bytes (413 above it).

    Returns
    -------
    starlette.applications.Starlette
    """
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.routing import Route

    metadata = predictor.metadata()

    async def predict(request: Any) -> Any:
        try:
            threshold = _threshold(request.query_params)
            body = await _body(request, max_body)
            content_type = request.headers.get("content-type", "")
            if len(body) > _IN_THREAD:  # parsed, answered and written off the event loop
                answer = await run_in_threadpool(_answer, body, content_type, threshold)
            else:
                answer = _answer(body, content_type, threshold)
        except RequestError as exc:
            return _error(exc)
        return _json(answer)

    def _answer(body: bytes, content_type: str, threshold: float | None) -> bytes:
        return _dumps(predictor.answer_body(body, content_type, threshold))

    async def get_metadata(request: Any) -> Any:
        return _json(metadata)

    async def get_health(request: Any) -> Any:
        return _json({"status": "ok"})

    routes = [
        Route("/invocations", predict, methods=["POST"]),
        Route("/predict", predict, methods=["POST"]),
        Route("/metadata", get_metadata, methods=["GET"]),
        Route("/health", get_health, methods=["GET"]),
        Route("/ping", get_health, methods=["GET"]),  # MLflow's name
    ]
    return Starlette(routes=routes)
