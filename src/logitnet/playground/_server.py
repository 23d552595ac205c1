"""The playground's web server: a Starlette app of fixed routes, served by uvicorn.

Security, as designed:

- it listens on 127.0.0.1 unless told otherwise, and answers only requests whose ``Host`` is
  that address (or ``localhost``), which defeats DNS rebinding;
- a WebSocket is accepted only when its ``Origin`` is this very server;
- the page, its script and plotly.js are read from the package once, when the app is made: no
  route opens a path, let alone one a client sent;
- each WebSocket gets its own session; there is no way to name another one;
- uploads are capped (50 MB by default) and kept in memory.
"""

from __future__ import annotations

import os
import socket
from importlib import resources
from pathlib import Path
from typing import Any

from logitnet.playground._upload import DEFAULT_MAX_UPLOAD

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "bind", "create_app", "serve"]

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8765
_LOOPBACK = ("127.0.0.1", "localhost")
_ANY = ("0.0.0.0", "::", "")
_CHUNK_SLACK = 64 * 1024  # a WebSocket message may be an upload chunk of 1 MiB plus this
UPLOAD_CHUNK = 1024 * 1024
_ENV_HOST, _ENV_MAX_UPLOAD = "LOGITNET_PLAYGROUND_HOST", "LOGITNET_PLAYGROUND_MAX_UPLOAD"
# 'unsafe-eval': test drivers such as Playwright evaluate their checks in the page.
_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'"
    ),
}


def _assets() -> dict[str, tuple[bytes, str]]:
    """Every file the server sends, read once: ``{route: (bytes, media type)}``."""
    import plotly

    static = resources.files("logitnet.playground") / "static"
    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    return {
        "/": ((static / "index.html").read_bytes(), "text/html; charset=utf-8"),
        "/static/app.js": ((static / "app.js").read_bytes(), "text/javascript; charset=utf-8"),
        "/static/style.css": ((static / "style.css").read_bytes(), "text/css; charset=utf-8"),
        "/static/plotly.min.js": (plotly_js.read_bytes(), "text/javascript; charset=utf-8"),
        "/favicon.ico": ((static / "favicon.svg").read_bytes(), "image/svg+xml"),
    }


def allowed_hosts(host: str) -> list[str]:
    """Host names the server answers to: the loopback names and ``host``; any for 0.0.0.0."""
    if host in _ANY:
        return ["*"]
    return list(dict.fromkeys([host, *_LOOPBACK]))


def origin_allowed(headers: Any) -> bool:
    """True when the WebSocket's ``Origin`` is the server the page came from (its ``Host``)."""
    origin, host = headers.get("origin"), headers.get("host")
    return bool(origin and host) and origin in (f"http://{host}", f"https://{host}")


def _asset_route(path: str, body: bytes, media_type: str) -> Any:
    """A GET route that always answers the same bytes."""
    from starlette.responses import Response
    from starlette.routing import Route

    async def endpoint(request: Any) -> Response:
        return Response(body, media_type=media_type, headers=_SECURITY_HEADERS)

    return Route(path, endpoint, methods=["GET", "HEAD"])


def _websocket_route(max_upload: int) -> Any:
    """The ``/ws`` route: origin check, then one Connection per socket."""
    from starlette.routing import WebSocketRoute
    from starlette.websockets import WebSocketDisconnect

    from logitnet.playground._connection import Connection

    async def endpoint(websocket: Any) -> None:
        if not origin_allowed(websocket.headers):
            await websocket.close(code=1008)  # policy violation: refused before the handshake
            return
        await websocket.accept()
        connection = Connection(websocket, max_upload)
        try:
            await connection.send(
                {"type": "hello", "max_upload": max_upload, "chunk": UPLOAD_CHUNK}
            )
            while True:
                message = await websocket.receive()
                if message["type"] == "websocket.disconnect":
                    break
                if message.get("bytes") is not None:
                    await connection.on_bytes(message["bytes"])
                elif message.get("text") is not None:
                    await connection.on_text(message["text"])
        except WebSocketDisconnect:
            pass
        finally:
            await connection.close()

    return WebSocketRoute("/ws", endpoint)


def create_app(*, host: str = DEFAULT_HOST, max_upload: int = DEFAULT_MAX_UPLOAD) -> Any:
    """Build the playground's Starlette app.

    Parameters
    ----------
    host : str, default="127.0.0.1"
        The address served; requests naming another host are refused (400).
    max_upload : int, default=50 MB
        The largest upload accepted, in bytes.

    Returns
    -------
    starlette.applications.Starlette
    """
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    routes = [_asset_route(path, *asset) for path, asset in _assets().items()]
    routes.append(_websocket_route(max_upload))
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host))]
    return Starlette(routes=routes, middleware=middleware)


def bind(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: a free port), so the URL is known at once."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise OSError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(128)
    return sock


def url_of(sock: socket.socket) -> str:
    """``http://host:port/`` of a bound socket (the loopback address for a wildcard bind)."""
    host, port = sock.getsockname()[:2]
    host = "127.0.0.1" if host in _ANY else host
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def app_from_environment() -> Any:
    """The app of one uvicorn worker process, set up from what :func:`serve` put in the
    environment; its sessions' work runs on one torch thread each."""
    import torch

    torch.set_num_threads(1)
    return create_app(host=os.environ[_ENV_HOST], max_upload=int(os.environ[_ENV_MAX_UPLOAD]))


def serve(
    sock: socket.socket,
    *,
    max_upload: int = DEFAULT_MAX_UPLOAD,
    workers: int = 1,
    log_level: str = "warning",
) -> None:
    """Serve the playground on the listening socket ``sock`` until interrupted.

    With ``workers`` > 1, that many processes accept pages from the same socket, each page's
    session living in the process that accepted it: the pages train on every core, not on one
    interpreter's lock.
    """
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    os.environ[_ENV_HOST] = sock.getsockname()[0]
    os.environ[_ENV_MAX_UPLOAD] = str(int(max_upload))
    config = uvicorn.Config(
        f"{__name__}:app_from_environment",
        factory=True,
        workers=workers,
        log_level=log_level,
        ws_max_size=UPLOAD_CHUNK + _CHUNK_SLACK,
        lifespan="off",
        timeout_worker_healthcheck=120,
    )
    if workers > 1:
        Multiprocess(config, sockets=[sock]).run()
    else:
        uvicorn.Server(config).run(sockets=[sock])
