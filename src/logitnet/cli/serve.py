"""``logitnet serve``: a saved model as an HTTP service (MLflow's ``/invocations``)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated

import typer

from logitnet.cli._common import Debug, handles_errors, out

MEGABYTE = 1024 * 1024


@handles_errors
def serve(
    model_path: Annotated[Path, typer.Argument(metavar="MODEL", help="A .safetensors model file.")],
    host: Annotated[
        str, typer.Option(help="Address to listen on; other machines can reach it if not local.")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port to listen on (0: any free port).")
    ] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="Server processes answering from the same port.")
    ] = 1,
    max_body_mb: Annotated[
        float, typer.Option(min=0.000001, help="Largest request body, in MB (413 above it).")
    ] = 50.0,
    debug: Debug = False,
) -> None:
    """Answer predictions over HTTP: POST /invocations or /predict (JSON in MLflow's formats, or
    CSV), GET /health and /metadata. The saved preprocessing, threshold and calibration apply, as
    in `logitnet predict`. SIGTERM or Ctrl+C stops it once the requests in flight are answered.
    """
    from logitnet.playground import url_of
    from logitnet.serving import Predictor, bind
    from logitnet.serving import serve as run

    predictor = Predictor(model_path)
    sock = bind(host, port, reuse_port=workers > 1)
    out.print(f"logitnet serve: {url_of(sock)}  (Ctrl+C to stop)", markup=False)
    out.file.flush()
    with contextlib.suppress(KeyboardInterrupt):
        run(predictor, sock, workers=workers, max_body=int(max_body_mb * MEGABYTE))
