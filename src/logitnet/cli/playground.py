"""``logitnet playground``: a local web page to train models and watch the boundary move."""

from __future__ import annotations

import contextlib
from typing import Annotated

import typer

from logitnet.cli._common import Debug, handles_errors, out

DEFAULT_PORT = 8765  # as logitnet.playground's
MEGABYTE = 1024 * 1024


def _open_later(url: str) -> None:
    """Open ``url`` in the default browser once the server has had a moment to start."""
    import threading
    import webbrowser  # here, not at start-up: importing it takes tens of milliseconds

    threading.Timer(0.5, webbrowser.open, args=(url,)).start()


@handles_errors
def playground(
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port to listen on (0: any free port).")
    ] = DEFAULT_PORT,
    host: Annotated[
        str, typer.Option(help="Address to listen on; other machines can reach it if not local.")
    ] = "127.0.0.1",
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the URL but do not open a browser.")
    ] = False,
    workers: Annotated[
        int,
        typer.Option(min=1, help="Server processes that share the pages out (sessions stay put)."),
    ] = 1,
    max_upload_mb: Annotated[
        float, typer.Option(min=0.001, help="Largest table a page may upload, in MB.")
    ] = 50.0,
    debug: Debug = False,
) -> None:
    """Train classifiers in the browser and watch the decision boundary move.

    Built-in data sets or your own CSV/Parquet table; logistic regression or an MLP; play, pause,
    step and reset; download the model (.safetensors) or its HTML report. The URL holds every
    setting. Stop the server with Ctrl+C.
    """
    from logitnet.playground import bind, serve, url_of

    sock = bind(host, port)
    url = url_of(sock)
    out.print(f"logitnet playground: {url}  (Ctrl+C to stop)", markup=False)
    out.file.flush()
    if not no_browser:
        _open_later(url)
    with contextlib.suppress(KeyboardInterrupt):
        serve(sock, max_upload=int(max_upload_mb * MEGABYTE), workers=workers)
