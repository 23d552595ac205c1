"""The model file: save writes it, load and read_metadata check its framing, header and data."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from logitnet._safetensors import serialize, write_safetensors
from logitnet.exceptions import ModelFileError
from logitnet.persistence._codecs import codec_name, decode_model, encode_model
from logitnet.persistence._state import Tensors

if TYPE_CHECKING:
    from logitnet._typing import Model

__all__ = ["FORMAT_VERSION", "load", "read_metadata", "save"]

#: Version of the file layout; :func:`load` refuses any other.
FORMAT_VERSION = 1
_META_KEY = "logitnet"
_PICKLE_OPCODE = 0x80  # a pickle (protocol >= 2) starts with PROTO
_ZIP_MAGIC = b"PK\x03\x04"  # torch.save writes a zip archive holding a pickle
# safetensors dtypes that numpy reads; a file holding only these loads without torch
_NUMPY_DTYPES = {"BOOL", "F16", "F32", "F64", "I8", "I16", "I32", "I64", "U8", "U16", "U32", "U64"}


# --------------------------------------------------------------------------- save


def _tensor_table(arrays: dict[str, Any]) -> dict:
    """``{key: {"dtype", "shape"}}`` for the metadata, checked against the file on load."""
    return {
        key: {"dtype": str(a.dtype).removeprefix("torch."), "shape": list(a.shape)}
        for key, a in arrays.items()
    }


def _check_fitted_for_save(model: Any) -> None:
    """Refuse to save a model that has not been fitted."""
    from logitnet._validation import check_fitted

    own_state = codec_name(model) in ("LogisticRegression", "NeuralNetClassifier")
    check_fitted(model, "classes_" if own_state else None)


def save(model: Model, path: str | os.PathLike, *, extra: dict | None = None) -> Path:
    """Save a fitted model to one ``.safetensors`` file, atomically.

    Parameters
    ----------
    model : LogisticRegression, NeuralNetClassifier, Pipeline or ColumnTransformer
        A fitted model (see :mod:`logitnet.persistence` for what is covered).
    path : str or path-like
        Where to write; an existing file is replaced only once the new one is complete.
    extra : dict, optional
        JSON values kept beside the model (such as ``{"inference": result.to_dict()}``);
        :func:`read_metadata` returns them under ``"extra"``.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    TypeError
        For a class that logitnet does not save, or a parameter or ``extra`` value that is not
        a JSON value.
    NotFittedError
        When ``model`` is not fitted.
    """
    from logitnet import __version__

    _check_fitted_for_save(model)
    tensors = Tensors()
    model_doc = encode_model(model, "", tensors)
    doc = {
        "format_version": FORMAT_VERSION,
        "logitnet_version": __version__,
        "model": model_doc,
        "tensors": _tensor_table(tensors.arrays),
        "data_sha256": _data_digest(serialize(tensors.arrays)),
        **({"extra": _checked_extra(extra)} if extra is not None else {}),
    }
    return write_safetensors(path, tensors.arrays, {_META_KEY: json.dumps(doc)})


def _checked_extra(extra: Any) -> dict:
    """``extra`` itself, once it is known to be a dict of JSON values."""
    if not isinstance(extra, dict):
        raise TypeError(f"`extra` must be a dict of JSON values. Got {type(extra).__name__}.")
    try:
        json.dumps(extra, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"`extra` must hold JSON values only: {exc}") from None
    return extra


# --------------------------------------------------------------------------- load


def _data_digest(blob: bytes) -> str:
    """sha256 of the tensor data of a safetensors blob (everything after the header)."""
    (header_len,) = struct.unpack("<Q", blob[:8])
    return hashlib.sha256(blob[8 + header_len :]).hexdigest()


def _framed(blob: bytes) -> bool:
    """Whether ``blob`` has safetensors' framing: a header length that fits, then ``{``."""
    if len(blob) < 10:
        return False
    (header_len,) = struct.unpack("<Q", blob[:8])
    return header_len <= len(blob) - 8 and blob[8:9] == b"{"


def _not_safetensors_reason(blob: bytes) -> str | None:
    """Why ``blob`` cannot be a safetensors file, or None when its framing is plausible."""
    if _framed(blob):  # checked first: a header of 640, 896, 1152 or 1408 bytes starts 80 0N
        return None
    if blob[:1] == bytes([_PICKLE_OPCODE]) and blob[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
        return "it is a pickle file, which logitnet never loads (it could run code)"
    if blob[:4] == _ZIP_MAGIC:
        return "it is a zip archive (torch.save?), which may hold a pickle; logitnet never loads it"
    if len(blob) < 10:
        return f"it is too short to be a model file ({len(blob)} bytes)"
    (header_len,) = struct.unpack("<Q", blob[:8])
    if header_len > len(blob) - 8:
        return (
            f"its header claims {header_len} bytes but the file has {len(blob)}: "
            "it is truncated or not a safetensors file"
        )
    if blob[8:9] != b"{":
        return "it is not a safetensors file (no JSON header)"
    return None


def _read_header(blob: bytes) -> dict:
    """The safetensors header as a dict, or ValueError saying why it cannot be read."""
    reason = _not_safetensors_reason(blob)
    if reason:
        raise ValueError(reason)
    (header_len,) = struct.unpack("<Q", blob[:8])
    try:
        header = json.loads(blob[8 : 8 + header_len].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"its header is damaged or tampered with ({exc})") from None
    if not isinstance(header, dict):
        raise ValueError("its header is damaged or tampered with (not a JSON object)")
    return header


def _read_document(header: dict) -> dict:
    """logitnet's JSON document from the header's metadata, with its format version checked."""
    raw = (header.get("__metadata__") or {}).get(_META_KEY)
    if raw is None:
        raise ValueError("it is a safetensors file but not a logitnet model (no logitnet metadata)")
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"its logitnet metadata is damaged or tampered with ({exc})") from None
    version = doc.get("format_version") if isinstance(doc, dict) else None
    if version != FORMAT_VERSION:
        raise ValueError(
            f"it has format version {version!r}; this logitnet ({_logitnet_version()}) "
            f"reads version {FORMAT_VERSION} (it was written by logitnet "
            f"{doc.get('logitnet_version', '?') if isinstance(doc, dict) else '?'})"
        )
    return doc


def _logitnet_version() -> str:
    """The installed logitnet version."""
    from logitnet import __version__

    return __version__


def _check_tensors(header: dict, doc: dict, blob: bytes) -> None:
    """The tensors in the file are exactly the ones the metadata lists, with the same shapes."""
    expected = doc.get("tensors", {})
    present = {k: v for k, v in header.items() if k != "__metadata__"}
    if present.keys() != expected.keys():
        missing = sorted(expected.keys() - present.keys())
        extra = sorted(present.keys() - expected.keys())
        raise ValueError(
            f"its tensors do not match its metadata (missing {missing}, extra {extra})"
        )
    for key, info in present.items():
        if list(info.get("shape", [])) != list(expected[key]["shape"]):
            raise ValueError(
                f"tensor {key!r} has shape {info.get('shape')} but the metadata says "
                f"{expected[key]['shape']}"
            )
    if _data_digest(blob) != doc.get("data_sha256"):
        raise ValueError("its tensor data does not match its checksum (damaged or tampered with)")


def _load_tensors(header: dict, blob: bytes) -> Tensors:
    """Every tensor in the file (safetensors only: no code can run).

    They are numpy arrays, or torch tensors when a dtype has no numpy equivalent (bfloat16...).
    """
    dtypes = {info.get("dtype") for key, info in header.items() if key != "__metadata__"}
    if dtypes <= _NUMPY_DTYPES:
        from safetensors.numpy import load as read_safetensors
    else:
        from safetensors.torch import load as read_safetensors  # type: ignore[assignment]
    try:
        return Tensors(read_safetensors(blob))
    except Exception as exc:  # safetensors raises its own error type for bad framing
        raise ValueError(f"its tensor data cannot be read ({exc})") from None


def _read_bytes(path: Path) -> bytes:
    """The whole file, or ModelFileError when it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ModelFileError(f"{path}: no such model file") from None
    except OSError as exc:
        raise ModelFileError(f"{path}: cannot read the model file ({exc.strerror})") from None


@contextlib.contextmanager
def _model_file_errors(path: Path) -> Iterator[None]:
    """Re-raise any problem met while reading ``path`` as a ModelFileError naming the file."""
    try:
        yield
    except ModelFileError:
        raise
    except (ValueError, KeyError, TypeError, RuntimeError, AttributeError) as exc:
        problem = f"missing entry {exc}" if isinstance(exc, KeyError) else str(exc)
        raise ModelFileError(f"{path}: cannot load the model: {problem}") from exc


def read_metadata(path: str | os.PathLike) -> dict:
    """Return the JSON document of a model file (versions, class, parameters) without loading it.

    Raises
    ------
    ModelFileError
        As :func:`load` does, for a file that is not a readable logitnet model.
    """
    path = Path(path)
    blob = _read_bytes(path)
    with _model_file_errors(path):
        return _read_document(_read_header(blob))


def load(path: str | os.PathLike, *, module: type | None = None) -> Model:
    """Load a model saved by :func:`save`.

    Parameters
    ----------
    path : str or path-like
        A ``.safetensors`` file written by :func:`save`.
    module : torch.nn.Module subclass, optional
        The class of a custom network, for a NeuralNetClassifier saved with one. The file holds
        its weights only; no code is ever loaded from the file.

    Returns
    -------
    object
        The fitted model, predicting exactly as the saved one did.

    Raises
    ------
    ModelFileError
        A ``ValueError`` naming the file and the problem: missing, truncated, tampered with,
        another format version, a pickle, or not a model file at all.
    """
    path = Path(path)
    blob = _read_bytes(path)
    with _model_file_errors(path):
        header = _read_header(blob)
        doc = _read_document(header)
        _check_tensors(header, doc, blob)
        return decode_model(doc["model"], _load_tensors(header, blob), module)
