"""Running the serving app with uvicorn: one process, or ``workers`` on one port.

Each worker listens on a socket of its own, all bound to the port with ``SO_REUSEPORT`` (the
kernel shares new connections evenly among them), or, where the system lacks it, on one shared
socket. Worker processes import the app by name (:func:`app_from_environment`), so the model
file and the body limit travel in environment variables. uvicorn's shutdown on SIGTERM or
Ctrl+C stops accepting connections and lets the requests in flight finish.
"""

from __future__ import annotations

import gc
import os
import socket
from pathlib import Path
from typing import Any

from logitnet.serving._app import DEFAULT_MAX_BODY, create_app
from logitnet.serving._predictor import Predictor

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "app_from_environment",
    "bind",
    "serve",
    "settle_memory",
    "worker_sockets",
]

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000
ENV_MODEL, ENV_MAX_BODY = "LOGITNET_SERVE_MODEL", "LOGITNET_SERVE_MAX_BODY"


def bind(
    host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, reuse_port: bool = False
) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0: a free port), without Nagle's delay.

    uvicorn writes a response's headers and body in two writes; under Nagle's algorithm the
    body waits for the client's delayed ACK of the headers, 40 ms on Linux. asyncio turns
    TCP_NODELAY on for the connections of a socket made with ``IPPROTO_TCP`` only, so it is
    made so, and the option is also set on the listening socket, which Linux passes on.

    With ``reuse_port`` (for several workers, where the system has ``SO_REUSEPORT``), the port is
    first checked free with a plain socket, then bound with ``SO_REUSEPORT``, so that
    :func:`serve` can give each worker a listening socket of its own on the same port.
    """
    if not (reuse_port and hasattr(socket, "SO_REUSEPORT")):
        return _listen(host, port)
    probe = _listen(host, port)  # the port is free (another server on it: a clear error)
    port = probe.getsockname()[1]
    probe.close()
    return _listen(host, port, reuse_port=True)


def _listen(host: str, port: int, reuse_port: bool = False) -> socket.socket:
    """A bound, listening TCP_NODELAY socket; OSError with one line when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise OSError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(1024)
    return sock


def worker_sockets(sock: socket.socket, workers: int) -> list[socket.socket]:
    """One listening socket per worker on ``sock``'s port where ``sock`` has ``SO_REUSEPORT``
    (the kernel then shares new connections evenly among them); else ``[sock]``, shared."""
    reuse = getattr(socket, "SO_REUSEPORT", None)
    if workers < 2 or reuse is None or not sock.getsockopt(socket.SOL_SOCKET, reuse):
        return [sock]
    host, port = sock.getsockname()[:2]
    return [sock, *(_listen(host, port, reuse_port=True) for _ in range(workers - 1))]


def app_from_environment() -> Any:
    """The app of one uvicorn worker process, from what :func:`serve` put in the environment."""
    predictor = Predictor(Path(os.environ[ENV_MODEL]))
    app = create_app(predictor, max_body=int(os.environ[ENV_MAX_BODY]))
    settle_memory()
    return app


def settle_memory() -> None:
    """Once the model and the libraries are loaded, leave them out of the garbage collector's
    passes (``gc.freeze``).

    A request's parsed JSON is many small lists; the collections they set off would otherwise
    walk the hundred thousand objects of torch, scikit-learn and the model each time. The
    collector's thresholds stay Python's, so that the cycles of closed connections are freed as
    soon as before.
    """
    gc.collect()
    gc.freeze()


def serve(
    predictor: Predictor,
    sock: socket.socket,
    *,
    workers: int = 1,
    max_body: int = DEFAULT_MAX_BODY,
    log_level: str = "warning",
) -> None:
    """Serve ``predictor`` on the listening socket ``sock`` until SIGTERM or Ctrl+C.

    Parameters
    ----------
    predictor : Predictor
        The loaded model; with ``workers`` > 1 each worker loads the same file again.
    sock : socket.socket
        A bound, listening socket (:func:`bind`).
    workers : int, default=1
        Processes that accept requests from the same socket.
    max_body : int, default=50 MB
        The largest request body, in bytes.
    log_level : str, default="warning"
        uvicorn's log level ("info" logs every request).
    """
    import uvicorn

    common: dict[str, Any] = {
        "log_level": log_level,
        "access_log": log_level in ("info", "debug", "trace"),
        "lifespan": "off",
        "timeout_graceful_shutdown": None,
        "proxy_headers": False,  # the client's address is not used; no middleware to pass
        # "auto": httptools' parser and uvloop's event loop (logitnet's dependencies), both in C
        "http": "auto",
        "loop": "auto",
    }
    if workers > 1:
        os.environ[ENV_MODEL] = str(predictor.path.resolve())
        os.environ[ENV_MAX_BODY] = str(int(max_body))
        # libuv (uvloop's loop) accepts every pending connection at once by default, so that
        # one worker can take a whole burst of keep-alive connections and leave the others idle;
        # one accept per wake-up lets the workers share them.
        os.environ.setdefault("UV_TCP_SINGLE_ACCEPT", "1")
        config = uvicorn.Config(
            f"{__name__}:app_from_environment",
            factory=True,
            workers=workers,
            timeout_worker_healthcheck=120,
            **common,
        )
        _run_workers(config, worker_sockets(sock, workers))
        return
    app = create_app(predictor, max_body=max_body)
    settle_memory()
    uvicorn.Server(uvicorn.Config(app, **common)).run(sockets=[sock])


def _run_workers(config: Any, sockets: list[socket.socket]) -> None:
    """uvicorn's supervisor of ``config.workers`` processes, each started on a socket of its own
    when there is one per worker (else every worker on every socket). A replacement worker,
    after a crash, listens on every socket, so that none is left unanswered."""
    from uvicorn.supervisors.multiprocess import Multiprocess, Process

    class Workers(Multiprocess):
        def init_processes(self) -> None:
            if len(self.sockets) != self.processes_num:
                super().init_processes()
                return
            for sock in self.sockets:
                process = Process(self.config, [sock])
                process.start()
                self.processes.append(process)

    Workers(config, sockets=sockets).run()
