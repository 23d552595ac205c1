"""A live playground in the browser: train logitnet's models and watch the boundary move.

``logitnet playground`` serves a page (Starlette and uvicorn, one WebSocket and one session per
page) where a learner picks a data set (built in, or their own CSV or Parquet table), a model
(logistic regression or an MLP) and its settings, then plays, pauses or steps the training while
the probability map and the loss curves update. The URL holds every setting; the current model
downloads as ``.safetensors`` (read back by :func:`logitnet.load`) or as an HTML report.

Examples
--------
>>> from logitnet.playground import bind, serve, url_of  # doctest: +SKIP
>>> sock = bind("127.0.0.1", 0)  # doctest: +SKIP
>>> print(url_of(sock))  # doctest: +SKIP
>>> serve(sock)  # doctest: +SKIP
"""

from __future__ import annotations

from logitnet.playground._server import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    bind,
    create_app,
    serve,
    url_of,
)
from logitnet.playground._upload import DEFAULT_MAX_UPLOAD

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_MAX_UPLOAD",
    "DEFAULT_PORT",
    "bind",
    "create_app",
    "serve",
    "url_of",
]
