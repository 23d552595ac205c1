"""Model files that are safe to load: one ``.safetensors`` file, arrays as tensors, the rest JSON.

The file's header holds one JSON document under the ``"logitnet"`` metadata key: the format
version, the logitnet version, the estimator class (looked up in an allow-list, never imported by
name from the file), its parameters and fitted state, and a checksum of the tensor data. Nothing is
unpickled and no code from the file is run.

What can be saved:

- :class:`logitnet.LogisticRegression`;
- :class:`logitnet.NeuralNetClassifier`, with the built-in MLP or a custom ``module`` (saved by its
  weights; pass the class to :func:`load`). ``callbacks`` are not saved;
- a scikit-learn ``Pipeline`` of a preprocessor from
  :func:`logitnet.preprocessing.make_preprocessor` and one of the estimators above (the scaler,
  encoder and imputer statistics are saved), or such a preprocessor on its own.

Examples
--------
>>> import logitnet
>>> from sklearn.datasets import load_breast_cancer
>>> X, y = load_breast_cancer(return_X_y=True)
>>> model = logitnet.LogisticRegression(alpha=1.0).fit(X, y)  # doctest: +SKIP
>>> logitnet.save(model, "cancer.safetensors")  # doctest: +SKIP
>>> same = logitnet.load("cancer.safetensors")  # doctest: +SKIP
>>> (same.predict(X) == model.predict(X)).all()  # doctest: +SKIP
True
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from logitnet._io import write_atomic
from logitnet.exceptions import ModelFileError

__all__ = ["FORMAT_VERSION", "load", "read_metadata", "save"]

#: Version of the file layout; :func:`load` refuses any other.
FORMAT_VERSION = 1
_META_KEY = "logitnet"
_PICKLE_OPCODE = 0x80  # a pickle (protocol >= 2) starts with PROTO
_ZIP_MAGIC = b"PK\x03\x04"  # torch.save writes a zip archive holding a pickle


# --------------------------------------------------------------------------- JSON values


def _to_json(value: Any, name: str) -> Any:
    """Encode a parameter or attribute value as JSON, tagging tuples, arrays and odd dicts."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, list | tuple):
        items = [_to_json(v, name) for v in value]
        return {"__tuple__": items} if isinstance(value, tuple) else items
    if isinstance(value, dict):
        return {"__dict__": [[_to_json(k, name), _to_json(v, name)] for k, v in value.items()]}
    if isinstance(value, np.ndarray):
        dtype = "object" if value.dtype == object else value.dtype.str
        return {"__ndarray__": _to_json(value.tolist(), name), "dtype": dtype}
    return _class_to_json(value, name)


def _class_to_json(value: Any, name: str) -> Any:
    """Encode a torch optimizer class by name; anything else cannot be saved."""
    import torch

    is_optimizer = isinstance(value, type) and issubclass(value, torch.optim.Optimizer)
    if is_optimizer and getattr(torch.optim, value.__name__, None) is value:
        return {"__optimizer__": value.__name__}
    raise TypeError(
        f"Cannot save {name!r}: {value!r} is not a JSON value (numbers, strings, lists, dicts, "
        "arrays) or a torch.optim optimizer class."
    )


def _optimizer_class(name: str) -> type:
    """Look up a torch.optim optimizer class; only real optimizer classes are returned."""
    import torch

    found = getattr(torch.optim, name, None) if name.isidentifier() else None
    if not (isinstance(found, type) and issubclass(found, torch.optim.Optimizer)):
        raise ValueError(f"{name!r} is not a torch.optim optimizer")
    return found


def _from_json(value: Any) -> Any:
    """Decode what :func:`_to_json` wrote."""
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__tuple__" in value:
        return tuple(_from_json(v) for v in value["__tuple__"])
    if "__dict__" in value:
        return {_from_json(k): _from_json(v) for k, v in value["__dict__"]}
    if "__ndarray__" in value:
        return np.array(_from_json(value["__ndarray__"]), dtype=value["dtype"])
    if "__optimizer__" in value:
        return _optimizer_class(value["__optimizer__"])
    raise ValueError(f"unknown tagged value {sorted(value)}")


# --------------------------------------------------------------------------- fitted state


class _Tensors:
    """The tensors of one file, keyed by dotted names such as ``"steps.1.coef_"``."""

    def __init__(self, arrays: dict[str, Any] | None = None) -> None:
        self.arrays = arrays if arrays is not None else {}

    def put(self, key: str, array: Any) -> str:
        """Store a numpy array or torch tensor under ``key``; return the key."""
        self.arrays[key] = array
        return key

    def numpy(self, key: str) -> np.ndarray:
        """Return the tensor stored under ``key`` as a numpy array."""
        return self.arrays[key].numpy().copy()


def _is_tensor_like(value: Any) -> bool:
    """True for numeric or boolean numpy arrays, which are stored as tensors."""
    return isinstance(value, np.ndarray) and value.dtype.kind in "biuf"


def _encode_attrs(obj: Any, names: list[str], prefix: str, tensors: _Tensors) -> dict:
    """Encode the fitted attributes ``names`` that ``obj`` has: arrays as tensors, the rest JSON."""
    state = {}
    for name in names:
        if not hasattr(obj, name):
            continue
        value = getattr(obj, name)
        if _is_tensor_like(value) and name not in ("classes_", "feature_names_in_"):
            state[name] = {"__tensor__": tensors.put(prefix + name, value)}
        else:
            state[name] = _to_json(value, name)
    return state


def _decode_attrs(obj: Any, state: dict, tensors: _Tensors) -> None:
    """Set the attributes encoded by :func:`_encode_attrs` on ``obj``."""
    for name, value in state.items():
        if isinstance(value, dict) and "__tensor__" in value:
            setattr(obj, name, tensors.numpy(value["__tensor__"]))
        else:
            setattr(obj, name, _from_json(value))


def _encode_params(params: dict) -> dict:
    """Encode ``get_params(deep=False)`` as JSON."""
    return {name: _to_json(value, name) for name, value in params.items()}


def _decode_params(params: dict) -> dict:
    """Decode what :func:`_encode_params` wrote."""
    return {name: _from_json(value) for name, value in params.items()}


# --------------------------------------------------------------------------- codecs


@dataclass(frozen=True)
class _Codec:
    """How one allowed class is turned into JSON plus tensors, and back."""

    load_class: Callable[[], type]  # imported lazily, from logitnet or scikit-learn only
    encode: Callable[[Any, str, _Tensors], dict]
    decode: Callable[[dict, _Tensors, Any], Any]


_LOGISTIC_STATE = [
    "coef_",
    "intercept_",
    "classes_",
    "n_features_in_",
    "feature_names_in_",
    "n_iter_",
    "loss_curve_",
]


def _logistic_class() -> type:
    """``logitnet.LogisticRegression``."""
    from logitnet.linear import LogisticRegression

    return LogisticRegression


def _encode_logistic(model: Any, prefix: str, tensors: _Tensors) -> dict:
    """Parameters and fitted state of a LogisticRegression."""
    return {
        "params": _encode_params(model.get_params(deep=False)),
        "state": _encode_attrs(model, _LOGISTIC_STATE, prefix, tensors),
    }


def _decode_logistic(doc: dict, tensors: _Tensors, module: Any) -> Any:
    """Rebuild a fitted LogisticRegression."""
    model = _logistic_class()(**_decode_params(doc["params"]))
    _decode_attrs(model, doc["state"], tensors)
    return model


def _neural_class() -> type:
    """``logitnet.NeuralNetClassifier``."""
    from logitnet.nn import NeuralNetClassifier

    return NeuralNetClassifier


def _encode_neural(model: Any, prefix: str, tensors: _Tensors) -> dict:
    """Parameters, weights, classes and history of a NeuralNetClassifier."""
    params = dict(model.get_params(deep=False))
    custom = params.get("module")
    params["module"], params["callbacks"] = None, None
    for name, tensor in model.module_.state_dict().items():
        tensors.put(f"{prefix}module.{name}", tensor.detach().cpu().contiguous())
    history = model.history_.to_list() if getattr(model, "history_", None) is not None else None
    names = ["n_features_in_", "classes_", "feature_names_in_", "n_epochs_", "best_epoch_"]
    return {
        "params": _encode_params(params),
        "custom_module": None if custom is None else getattr(custom, "__qualname__", repr(custom)),
        "weights": sorted(model.module_.state_dict()),
        "state": _encode_attrs(model, names, prefix, tensors),
        "history": _to_json(history, "history_"),
    }


def _decode_neural(doc: dict, tensors: _Tensors, module: Any) -> Any:
    """Rebuild a trained NeuralNetClassifier: build the network, then load its weights."""
    import torch

    from logitnet.nn import History

    params = _decode_params(doc["params"])
    if doc["custom_module"] is not None and module is None:
        raise ValueError(
            f"the network was saved with a custom module {doc['custom_module']!r}; "
            "pass its class: load(path, module=ThatClass)"
        )
    params["module"] = module
    state = dict(doc["state"])
    model = _neural_class()(**params)
    model.initialize(state.pop("n_features_in_"), _from_json(state.pop("classes_")))
    prefix = doc["prefix"] + "module."
    weights = {name: tensors.arrays[prefix + name] for name in doc["weights"]}
    model.module_.load_state_dict({k: torch.as_tensor(v) for k, v in weights.items()})
    _decode_attrs(model, state, tensors)
    history = _from_json(doc["history"])
    model.history_ = None if history is None else History.from_list(history)
    return model


def _preprocessor_class() -> type:
    """scikit-learn's ``ColumnTransformer``."""
    from sklearn.compose import ColumnTransformer

    return ColumnTransformer


def _same_structure(a: Any, b: Any) -> bool:
    """True when two scikit-learn objects have the same types and parameters, recursively."""
    if hasattr(a, "get_params") and not isinstance(a, type):
        if type(a) is not type(b):
            return False
        pa, pb = a.get_params(deep=False), b.get_params(deep=False)
        return pa.keys() == pb.keys() and all(_same_structure(pa[k], pb[k]) for k in pa)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same_structure(x, y) for x, y in zip(a, b, strict=True))
    both_nan = isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b)
    return type(a) is type(b) and (both_nan or a == b)


def _preprocessor_spec(ct: Any) -> dict:
    """The arguments of ``make_preprocessor`` that rebuild ``ct``; TypeError if it is foreign."""
    from logitnet.preprocessing import make_preprocessor

    columns = {name: list(cols) for name, _, cols in ct.transformers}
    steps = {name: dict(pipe.steps) for name, pipe, _ in ct.transformers if hasattr(pipe, "steps")}
    imputer = next((s["impute"] for s in steps.values() if "impute" in s), None)
    spec = {
        "numeric": columns.get("numeric", []),
        "categorical": columns.get("categorical", []),
        "impute": None if imputer is None else imputer.strategy,
    }
    try:
        same = _same_structure(ct, make_preprocessor(**spec))
    except ValueError:
        same = False
    if not same:
        raise TypeError(
            "Cannot save this ColumnTransformer: only preprocessors built by "
            "logitnet.preprocessing.make_preprocessor can be saved."
        )
    return spec


def _encode_preprocessor(ct: Any, prefix: str, tensors: _Tensors) -> dict:
    """Columns, imputation and the fitted statistics of a preprocessor."""
    spec = _preprocessor_spec(ct)
    fitted = {
        f"{part}.{step}": obj
        for part, pipe, _ in ct.transformers_
        if hasattr(pipe, "steps")
        for step, obj in pipe.steps
    }
    names = ["mean_", "var_", "scale_", "n_samples_seen_", "statistics_", "categories_"]
    stats = {
        key: _encode_attrs(obj, names, f"{prefix}{key}.", tensors) for key, obj in fitted.items()
    }
    return {"spec": spec, "feature_names_in_": list(ct.feature_names_in_), "stats": stats}


def _synthetic_frame(doc: dict) -> Any:
    """A small table with the saved columns whose categorical columns hold exactly the saved
    categories, so that fitting on it gives the right shapes before the statistics are set."""
    import pandas as pd

    categories = doc["stats"].get("categorical.onehot", {}).get("categories_", [])
    categories = [_from_json(c) for c in _from_json(categories)] if categories else []
    n_rows = max([2, *(len(c) for c in categories)])
    frame = pd.DataFrame({name: np.zeros(n_rows) for name in doc["feature_names_in_"]})
    for name, cats in zip(doc["spec"]["categorical"], categories, strict=True):
        frame[name] = pd.Series(np.resize(np.asarray(cats, dtype=object), n_rows), dtype=object)
    return frame


def _decode_preprocessor(doc: dict, tensors: _Tensors, module: Any) -> Any:
    """Rebuild a fitted preprocessor: fit on a synthetic table, then set the saved statistics."""
    from logitnet.preprocessing import make_preprocessor

    ct = make_preprocessor(**doc["spec"]).fit(_synthetic_frame(doc))
    for key, state in doc["stats"].items():
        part, step = key.split(".")
        target = ct.named_transformers_[part].named_steps[step]
        expected = getattr(target, "categories_", None)
        _decode_attrs(target, state, tensors)
        if expected is not None and not _same_categories(expected, target.categories_):
            raise ValueError(f"the categories of {key!r} are not sorted and unique")
    return ct


def _same_categories(a: list, b: list) -> bool:
    """True when two lists of category arrays hold the same values in the same order."""
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def _pipeline_class() -> type:
    """scikit-learn's ``Pipeline``."""
    from sklearn.pipeline import Pipeline

    return Pipeline


def _encode_pipeline(pipe: Any, prefix: str, tensors: _Tensors) -> dict:
    """Every step of a Pipeline, each by its own codec."""
    params = {k: v for k, v in pipe.get_params(deep=False).items() if k != "steps"}
    steps = [
        _encode_model(step, f"{prefix}steps.{i}.", tensors, name=name)
        for i, (name, step) in enumerate(pipe.steps)
    ]
    return {"params": _encode_params(params), "steps": steps}


def _decode_pipeline(doc: dict, tensors: _Tensors, module: Any) -> Any:
    """Rebuild a Pipeline from its decoded steps."""
    steps = [(step["name"], _decode_model(step, tensors, module)) for step in doc["steps"]]
    return _pipeline_class()(steps, **_decode_params(doc["params"]))


_CODECS: dict[str, _Codec] = {
    "LogisticRegression": _Codec(_logistic_class, _encode_logistic, _decode_logistic),
    "NeuralNetClassifier": _Codec(_neural_class, _encode_neural, _decode_neural),
    "ColumnTransformer": _Codec(_preprocessor_class, _encode_preprocessor, _decode_preprocessor),
    "Pipeline": _Codec(_pipeline_class, _encode_pipeline, _decode_pipeline),
}


def _codec_name(model: Any) -> str:
    """The registry name of ``model``'s class; TypeError for a class that cannot be saved."""
    for name, codec in _CODECS.items():
        with contextlib.suppress(ImportError):
            if type(model) is codec.load_class():
                return name
    raise TypeError(
        f"Cannot save a {type(model).__name__}: logitnet saves {', '.join(_CODECS)} "
        "(a Pipeline of a logitnet preprocessor and a logitnet estimator)."
    )


def _encode_model(model: Any, prefix: str, tensors: _Tensors, *, name: str | None = None) -> dict:
    """``{"class", "prefix", ...}`` for one model, its arrays put into ``tensors``."""
    kind = _codec_name(model)
    doc = _CODECS[kind].encode(model, prefix, tensors)
    return {"class": kind, "name": name, "prefix": prefix, **doc}


def _decode_model(doc: dict, tensors: _Tensors, module: Any) -> Any:
    """Rebuild one model from its document; the class comes from the allow-list only."""
    kind = doc["class"]
    if kind not in _CODECS:
        raise ValueError(
            f"estimator class {kind!r} is not one logitnet loads ({', '.join(_CODECS)})"
        )
    return _CODECS[kind].decode(doc, tensors, module)


# --------------------------------------------------------------------------- save


def _tensor_table(arrays: dict[str, Any]) -> dict:
    """``{key: {"dtype", "shape"}}`` for the metadata, checked against the file on load."""
    return {key: {"dtype": str(a.dtype), "shape": list(a.shape)} for key, a in arrays.items()}


def _to_torch(arrays: dict[str, Any]) -> dict:
    """Torch tensors for safetensors: numpy arrays are wrapped without changing their bits."""
    import torch

    return {
        key: torch.from_numpy(np.ascontiguousarray(a)) if isinstance(a, np.ndarray) else a
        for key, a in arrays.items()
    }


def _check_fitted_for_save(model: Any) -> None:
    """Refuse to save a model that has not been fitted."""
    from logitnet._validation import check_fitted

    own_state = _codec_name(model) in ("LogisticRegression", "NeuralNetClassifier")
    check_fitted(model, "classes_" if own_state else None)


def save(model: Any, path: str | os.PathLike) -> Path:
    """Save a fitted model to one ``.safetensors`` file, atomically.

    Parameters
    ----------
    model : LogisticRegression, NeuralNetClassifier, Pipeline or ColumnTransformer
        A fitted model (see the module docstring for what is covered).
    path : str or path-like
        Where to write; an existing file is replaced only once the new one is complete.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    TypeError
        For a class that logitnet does not save, or a parameter that is not a JSON value.
    NotFittedError
        When ``model`` is not fitted.
    """
    import safetensors.torch

    from logitnet import __version__

    _check_fitted_for_save(model)
    tensors = _Tensors()
    model_doc = _encode_model(model, "", tensors)
    torch_arrays = _to_torch(tensors.arrays)
    body = safetensors.torch.save(torch_arrays)
    doc = {
        "format_version": FORMAT_VERSION,
        "logitnet_version": __version__,
        "model": model_doc,
        "tensors": _tensor_table(torch_arrays),
        "data_sha256": _data_digest(body),
    }
    blob = safetensors.torch.save(torch_arrays, metadata={_META_KEY: json.dumps(doc)})
    return write_atomic(path, blob)


# --------------------------------------------------------------------------- load


def _data_digest(blob: bytes) -> str:
    """sha256 of the tensor data of a safetensors blob (everything after the header)."""
    (header_len,) = struct.unpack("<Q", blob[:8])
    return hashlib.sha256(blob[8 + header_len :]).hexdigest()


def _not_safetensors_reason(blob: bytes) -> str | None:
    """Why ``blob`` cannot be a safetensors file, or None when its framing is plausible."""
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


def _load_tensors(blob: bytes) -> _Tensors:
    """Every tensor in the file, as torch tensors."""
    import safetensors.torch

    try:
        return _Tensors(safetensors.torch.load(blob))
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


def load(path: str | os.PathLike, *, module: type | None = None) -> Any:
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
        return _decode_model(doc["model"], _load_tensors(blob), module)
