"""JSON in and out of the server, with orjson: fast, and exact for every float.

:func:`loads` reads a body with orjson and, only when orjson refuses it, with Python's ``json``:
what ``json`` accepts beyond the standard (``NaN``, integers over 64 bits, UTF-16 text) reads as
before, and a malformed body gets ``json``'s message (line and column). :func:`dumps` writes
numpy arrays natively; orjson writes each float64 as its shortest round-trip form (the digits
of Python's ``repr``), so the answers a client parses equal the server's floats bit for bit.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import orjson

from logitnet.serving._errors import RequestError

__all__ = ["dumps", "json_array", "loads"]

_OPTIONS = orjson.OPT_SERIALIZE_NUMPY


def loads(body: bytes) -> Any:
    """The JSON document of ``body``, or a RequestError with one clear line."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        pass  # Python's json: its reading of what orjson refuses, and its messages
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        raise RequestError(
            f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except UnicodeDecodeError:
        raise RequestError("malformed JSON: the body is not UTF-8 text") from None
    except RecursionError:
        raise RequestError("malformed JSON: it is nested too deeply") from None


def json_array(values: np.ndarray) -> Any:
    """``values`` in a form :func:`dumps` writes exactly.

    Numbers and booleans stay an array (float64, int64 and the like are written natively;
    float32 is widened to float64 first, as ``tolist`` would, so that a client reads the same
    float64 value); text and other objects become a list.
    """
    if values.dtype.kind == "f" and values.dtype != np.float64:
        return np.ascontiguousarray(values, dtype=np.float64)
    if values.dtype.kind in "biuf":
        return np.ascontiguousarray(values)
    return values.tolist()


def dumps(doc: Any) -> bytes:
    """Compact JSON of ``doc`` (numpy arrays and scalars included)."""
    return orjson.dumps(doc, option=_OPTIONS)
