"""A loaded model ready to answer requests: its columns, its encoder, its answers."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import numpy as np

from logitnet.serving._encoder import NUMBER, make_encoder
from logitnet.serving._errors import RequestError
from logitnet.serving._json import dumps, json_array
from logitnet.serving._parse import FORMATS, Table, parse_body
from logitnet.serving._predictions import predict_features, split_model

__all__ = ["Predictor"]


class Predictor:
    """Answers for a saved model, as ``logitnet predict`` gives them.

    Parameters
    ----------
    path : str or path-like
        A ``.safetensors`` model file (loaded with :func:`logitnet.load`: nothing unpickled).

    Examples
    --------
    >>> predictor = Predictor("run1/model.safetensors")  # doctest: +SKIP
    >>> predictor.answer_body(b'{"inputs": {"attack": 49, "type1": "Grass"}}', "")  # doctest: +SKIP
    """

    def __init__(self, path: str | os.PathLike) -> None:
        from logitnet.persistence import load, read_metadata
        from logitnet.tuning import threshold_in_use

        self.path = Path(path)
        self.sha256 = hashlib.sha256(self.path.read_bytes()).hexdigest()
        self.model = load(self.path)
        self.saved_by = read_metadata(self.path).get("logitnet_version")
        self.preprocess, self.final = split_model(self.model)
        self.encoder = make_encoder(self.preprocess, self.final)
        self.names = self.encoder.names
        self.numbers = frozenset(c.name for c in self.encoder.columns if c.kind == NUMBER)
        self.classes = np.asarray(self.final.classes_)
        self.class_list = self.classes.tolist()
        self.threshold = threshold_in_use(self.model) if len(self.classes) == 2 else None

    def answer_body(self, body: bytes, content_type: str, threshold: float | None = None) -> dict:
        """The answer to a request body (see :mod:`logitnet.serving._parse` for the formats)."""
        table = parse_body(body, content_type, self.names, self.numbers)
        return self.answer(table, threshold)

    def answer_json(self, body: bytes, content_type: str, threshold: float | None = None) -> bytes:
        """:meth:`answer_body` written as JSON, as the server sends it."""
        return dumps(self.answer_body(body, content_type, threshold))

    def answer(self, table: Table, threshold: float | None = None) -> dict:
        """The answer for ``table``, rows in the order sent.

        ``{"predictions": [label, ...], "probabilities": [[p, ...], ...], "classes": [...]}``:
        row i's label, and its probability of each class in the order of ``classes``; with
        ``"threshold"`` for two classes and ``"warnings"`` for categories unseen in training.
        Labels and probabilities are numpy arrays when they are numbers (lists otherwise), as
        :func:`logitnet.serving._json.dumps` writes them.
        """
        from logitnet.tuning import check_binary_threshold

        if threshold is not None:
            try:
                check_binary_threshold(self.classes, threshold)
            except ValueError as exc:
                raise RequestError(str(exc)) from None
        columns, n_rows = table
        Xt, notes = self.encoder.encode(columns, n_rows)
        labels, probabilities = predict_features(self.final, Xt, threshold)
        assert probabilities is not None  # asked for (proba=True)
        answer: dict[str, Any] = {
            "predictions": json_array(np.asarray(labels)),
            "probabilities": json_array(probabilities),
            "classes": self.class_list,
        }
        if len(self.classes) == 2:
            answer["threshold"] = self.threshold if threshold is None else threshold
        if notes:
            answer["warnings"] = notes
        return answer

    def metadata(self) -> dict:
        """What ``GET /metadata`` answers: inputs, classes, threshold, versions, checksum."""
        from logitnet import __version__

        return {
            "inputs": [column.describe() for column in self.encoder.columns],
            "classes": self.classes.tolist(),
            "threshold": self.threshold,
            "model": _describe(self.model),
            "model_file": self.path.name,
            "model_sha256": self.sha256,
            "saved_by_logitnet": self.saved_by,
            "logitnet_version": __version__,
            "formats": [*FORMATS, "text/csv"],
        }


def _describe(model: Any) -> str:
    """``Pipeline(ColumnTransformer -> LogisticRegression)`` or the class name."""
    steps = getattr(model, "steps", None)
    if steps:
        return "Pipeline(" + " -> ".join(type(step).__name__ for _, step in steps) + ")"
    return type(model).__name__
