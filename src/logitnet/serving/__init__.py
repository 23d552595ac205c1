"""Serving a saved model over HTTP: ``logitnet serve``, MLflow's scoring formats, same answers.

:class:`Predictor` loads a model file and answers request bodies; :func:`create_app` wraps it in
a Starlette app (``POST /invocations`` and ``/predict``, ``GET /health`` and ``/metadata``);
:func:`serve` runs that app with uvicorn. :func:`predict_table` is the prediction path that
``logitnet predict`` and the server share.
"""

from __future__ import annotations

# ``from ... import x as x``: x is for logitnet's other packages, not in __all__.
from logitnet.serving._app import DEFAULT_MAX_BODY, create_app
from logitnet.serving._encoder import Encoder as Encoder
from logitnet.serving._encoder import make_encoder as make_encoder
from logitnet.serving._errors import RequestError
from logitnet.serving._parse import FORMATS
from logitnet.serving._predictions import predict_features, predict_table, split_model
from logitnet.serving._predictor import Predictor
from logitnet.serving._server import DEFAULT_HOST, DEFAULT_PORT, bind, serve

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_MAX_BODY",
    "DEFAULT_PORT",
    "FORMATS",
    "RequestError",
    "bind",
    "Predictor",
    "create_app",
    "predict_features",
    "predict_table",
    "serve",
    "split_model",
]
