"""The allow-list of classes that can be saved, each with its encoder and decoder."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from logitnet.persistence._json import from_json, to_json
from logitnet.persistence._state import (
    Tensors,
    decode_attrs,
    decode_params,
    encode_attrs,
    encode_params,
)


@dataclass(frozen=True)
class _Codec:
    """How one allowed class is turned into JSON plus tensors, and back."""

    load_class: Callable[[], type]  # imported lazily, from logitnet or scikit-learn only
    # (codec_name skips a codec whose load_class raises ImportError)
    encode: Callable[[Any, str, Tensors], dict]
    decode: Callable[[dict, Tensors, Any], Any]


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


def _encode_history(model: Any) -> Any:
    """The ``history_`` records as JSON, or None when the model has none."""
    history = getattr(model, "history_", None)
    return to_json(None if history is None else history.to_list(), "history_")


def _decode_history(doc: dict) -> Any:
    """The History saved in ``doc``, or None."""
    from logitnet.history import History

    records = from_json(doc.get("history"))
    return None if records is None else History.from_list(records)


def _encode_logistic(model: Any, prefix: str, tensors: Tensors) -> dict:
    """Parameters, fitted state and history of a LogisticRegression."""
    return {
        "params": encode_params(model.get_params(deep=False)),
        "state": encode_attrs(model, _LOGISTIC_STATE, prefix, tensors),
        "history": _encode_history(model),
    }


def _decode_logistic(doc: dict, tensors: Tensors, module: Any) -> Any:
    """Rebuild a fitted LogisticRegression (a file without a history gets none)."""
    model = _logistic_class()(**decode_params(doc["params"]))
    decode_attrs(model, doc["state"], tensors)
    history = _decode_history(doc)
    if history is not None:
        model.history_ = history
    return model


_CV_STATE = [
    *_LOGISTIC_STATE,
    "alpha_",
    "alpha_min_",
    "alpha_1se_",
    "alphas_",
    "cv_mean_",
    "cv_std_",
    "cv_scores_",
]
_PATH_STATE = [
    "alphas",
    "coef",
    "intercept",
    "deviance_ratio",
    "n_nonzero",
    "l1_ratio",
    "n_iter",
    "classes",
    "feature_names",
]


def _logistic_cv_class() -> type:
    """``logitnet.LogisticRegressionCV`` (its module loads numba: only when one is saved or
    loaded)."""
    from logitnet.linear import LogisticRegressionCV

    return LogisticRegressionCV


def _imported_logistic_cv_class() -> type:
    """``LogisticRegressionCV`` once its module is imported; ImportError before (as networks)."""
    if "logitnet.linear._cv" not in sys.modules:
        raise ImportError("logitnet.linear._cv is not imported: not a LogisticRegressionCV")
    return _logistic_cv_class()


def _encode_logistic_cv(model: Any, prefix: str, tensors: Tensors) -> dict:
    """Parameters, fitted state, CV curve and path of a LogisticRegressionCV."""
    return {
        "params": encode_params(model.get_params(deep=False)),
        "state": encode_attrs(model, _CV_STATE, prefix, tensors),
        "path": encode_attrs(model.path_, _PATH_STATE, prefix + "path_.", tensors),
    }


def _decode_logistic_cv(doc: dict, tensors: Tensors, module: Any) -> Any:
    """Rebuild a fitted LogisticRegressionCV with its path."""
    from logitnet.history import History
    from logitnet.linear import RegularizationPath

    model = _logistic_cv_class()(**decode_params(doc["params"]))
    decode_attrs(model, doc["state"], tensors)
    path = RegularizationPath(*(np.empty(0) for _ in range(5)))  # type: ignore[arg-type]
    decode_attrs(path, doc["path"], tensors)
    path.classes, path.feature_names = np.asarray(path.classes), np.asarray(path.feature_names)
    model.path_, model.history_ = path, History([])
    return model


def _neural_class() -> type:
    """``logitnet.NeuralNetClassifier``."""
    from logitnet.nn import NeuralNetClassifier

    return NeuralNetClassifier


def _imported_neural_class() -> type:
    """``logitnet.NeuralNetClassifier`` once ``logitnet.nn`` is imported; ImportError before.

    A network can only exist once ``logitnet.nn`` is imported, so matching a model against this
    class never imports torch (saving a logistic regression stays torch-free).
    """
    if "logitnet.nn" not in sys.modules:
        raise ImportError("logitnet.nn is not imported: the model is not a NeuralNetClassifier")
    return _neural_class()


def _encode_neural(model: Any, prefix: str, tensors: Tensors) -> dict:
    """Parameters, weights, classes and history of a NeuralNetClassifier."""
    params = dict(model.get_params(deep=False))
    custom = params.get("module")
    params["module"], params["callbacks"] = None, None
    for name, tensor in model.module_.state_dict().items():
        tensors.put(f"{prefix}module.{name}", tensor.detach().cpu().contiguous())
    names = ["n_features_in_", "classes_", "feature_names_in_", "n_epochs_", "best_epoch_"]
    return {
        "params": encode_params(params),
        "custom_module": None if custom is None else getattr(custom, "__qualname__", repr(custom)),
        "weights": sorted(model.module_.state_dict()),
        "state": encode_attrs(model, names, prefix, tensors),
        "history": _encode_history(model),
    }


def _as_torch(value: Any) -> Any:
    """A torch tensor of a weight read from the file (a numpy array is copied: it is read-only)."""
    import torch

    return torch.from_numpy(np.array(value)) if isinstance(value, np.ndarray) else value


def _decode_neural(doc: dict, tensors: Tensors, module: Any) -> Any:
    """Rebuild a trained NeuralNetClassifier: build the network, then load its weights."""
    params = decode_params(doc["params"])
    if doc["custom_module"] is not None and module is None:
        raise ValueError(
            f"the network was saved with a custom module {doc['custom_module']!r}; "
            "pass its class: load(path, module=ThatClass)"
        )
    params["module"] = module
    state = dict(doc["state"])
    model = _neural_class()(**params)
    model.initialize(state.pop("n_features_in_"), from_json(state.pop("classes_")))
    prefix = doc["prefix"] + "module."
    weights = {name: tensors.arrays[prefix + name] for name in doc["weights"]}
    model.module_.load_state_dict({k: _as_torch(v) for k, v in weights.items()})
    decode_attrs(model, state, tensors)
    model.history_ = _decode_history(doc)
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
    spec: dict[str, Any] = {
        "numeric": columns.get("numeric", []),
        "categorical": columns.get("categorical", []),
        "impute": None if imputer is None else imputer.strategy,
    }
    drop = getattr(steps.get("categorical", {}).get("onehot"), "drop", None)
    if drop is not None:  # reference coding: the reference level of each categorical column
        spec["reference"] = dict(zip(spec["categorical"], [str(d) for d in drop], strict=False))
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


def _encode_preprocessor(ct: Any, prefix: str, tensors: Tensors) -> dict:
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
        key: encode_attrs(obj, names, f"{prefix}{key}.", tensors) for key, obj in fitted.items()
    }
    return {"spec": spec, "feature_names_in_": list(ct.feature_names_in_), "stats": stats}


def _synthetic_frame(doc: dict) -> Any:
    """A small table with the saved columns whose categorical columns hold exactly the saved
    categories, so that fitting on it gives the right shapes before the statistics are set."""
    import pandas as pd

    categories = doc["stats"].get("categorical.onehot", {}).get("categories_", [])
    categories = [from_json(c) for c in from_json(categories)] if categories else []
    n_rows = max([2, *(len(c) for c in categories)])
    frame = pd.DataFrame({name: np.zeros(n_rows) for name in doc["feature_names_in_"]})
    for name, cats in zip(doc["spec"]["categorical"], categories, strict=True):
        frame[name] = pd.Series(np.resize(np.asarray(cats, dtype=object), n_rows), dtype=object)
    return frame


def _decode_preprocessor(doc: dict, tensors: Tensors, module: Any) -> Any:
    """Rebuild a fitted preprocessor: fit on a synthetic table, then set the saved statistics."""
    from logitnet.preprocessing import make_preprocessor

    ct = make_preprocessor(**doc["spec"]).fit(_synthetic_frame(doc))
    for key, state in doc["stats"].items():
        part, step = key.split(".")
        target = ct.named_transformers_[part].named_steps[step]
        expected = getattr(target, "categories_", None)
        decode_attrs(target, state, tensors)
        if expected is not None and not _same_categories(expected, target.categories_):
            raise ValueError(f"the categories of {key!r} are not sorted and unique")
    return ct


def _same_categories(a: list, b: list) -> bool:
    """True when two lists of category arrays hold the same values in the same order."""
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def _input_features_class() -> type:
    """``logitnet.features.InputFeatures``."""
    from logitnet.features import InputFeatures

    return InputFeatures


def _encode_input_features(step: Any, prefix: str, tensors: Tensors) -> dict:
    """The feature names and the input width (the transformer learns nothing else)."""
    return {"features": list(step.features), "n_features_in_": int(step.n_features_in_)}


def _decode_input_features(doc: dict, tensors: Tensors, module: Any) -> Any:
    """Rebuild a fitted InputFeatures; unknown feature names are refused."""
    step = _input_features_class()(tuple(str(name) for name in doc["features"]))
    step.get_feature_names_out()  # checks the names
    step.n_features_in_ = int(doc["n_features_in_"])
    return step


def _pipeline_class() -> type:
    """scikit-learn's ``Pipeline``."""
    from sklearn.pipeline import Pipeline

    return Pipeline


def _encode_pipeline(pipe: Any, prefix: str, tensors: Tensors) -> dict:
    """Every step of a Pipeline, each by its own codec."""
    params = {k: v for k, v in pipe.get_params(deep=False).items() if k != "steps"}
    steps = [
        encode_model(step, f"{prefix}steps.{i}.", tensors, name=name)
        for i, (name, step) in enumerate(pipe.steps)
    ]
    return {"params": encode_params(params), "steps": steps}


def _decode_pipeline(doc: dict, tensors: Tensors, module: Any) -> Any:
    """Rebuild a Pipeline from its decoded steps."""
    steps = [(step["name"], decode_model(step, tensors, module)) for step in doc["steps"]]
    return _pipeline_class()(steps, **decode_params(doc["params"]))


# --- wrappers from scikit-learn: calibrated probabilities and a fixed threshold -------------


def _calibrated_class() -> type:
    """scikit-learn's ``CalibratedClassifierCV``."""
    from sklearn.calibration import CalibratedClassifierCV

    return CalibratedClassifierCV


def _encode_calibrator(calibrator: Any, prefix: str, tensors: Tensors) -> dict:
    """One fitted calibrator: Platt's two numbers, or the isotonic step function's points."""
    if hasattr(calibrator, "a_"):
        return {"kind": "sigmoid", "a_": float(calibrator.a_), "b_": float(calibrator.b_)}
    names = ["X_thresholds_", "y_thresholds_", "X_min_", "X_max_", "increasing_"]
    return {
        "kind": "isotonic",
        "params": encode_params(calibrator.get_params(deep=False)),
        "state": encode_attrs(calibrator, names, prefix, tensors),
    }


def _decode_calibrator(doc: dict, tensors: Tensors) -> Any:
    """Rebuild a fitted ``_SigmoidCalibration`` or ``IsotonicRegression``."""
    from sklearn.calibration import _SigmoidCalibration
    from sklearn.isotonic import IsotonicRegression

    if doc["kind"] == "sigmoid":
        calibrator = _SigmoidCalibration()
        calibrator.a_, calibrator.b_ = float(doc["a_"]), float(doc["b_"])
        return calibrator
    if doc["kind"] != "isotonic":
        raise ValueError(f"unknown calibrator {doc['kind']!r} (sigmoid or isotonic)")
    calibrator = IsotonicRegression(**decode_params(doc["params"]))
    decode_attrs(calibrator, doc["state"], tensors)
    calibrator._build_f(calibrator.X_thresholds_, calibrator.y_thresholds_)  # as unpickling does
    return calibrator


def _encode_calibrated(model: Any, prefix: str, tensors: Tensors) -> dict:
    """Parameters, classes and every member: a fitted estimator and its calibrators."""
    if model.method not in ("sigmoid", "isotonic"):
        raise TypeError(
            f"Cannot save a CalibratedClassifierCV with method={model.method!r}: logitnet "
            "saves method 'sigmoid' or 'isotonic'."
        )
    params = {k: v for k, v in model.get_params(deep=False).items() if k != "estimator"}
    members = [
        {
            "estimator": encode_model(member.estimator, f"{prefix}members.{i}.", tensors),
            "calibrators": [
                _encode_calibrator(c, f"{prefix}members.{i}.calibrators.{j}.", tensors)
                for j, c in enumerate(member.calibrators)
            ],
        }
        for i, member in enumerate(model.calibrated_classifiers_)
    ]
    names = ["classes_", "n_features_in_", "feature_names_in_"]
    state = encode_attrs(model, names, prefix, tensors)
    return {"params": encode_params(params), "state": state, "members": members}


def _decode_calibrated(doc: dict, tensors: Tensors, module: Any) -> Any:
    """Rebuild a fitted CalibratedClassifierCV from its members."""
    from sklearn.base import clone
    from sklearn.calibration import _CalibratedClassifier

    params = decode_params(doc["params"])
    model = _calibrated_class()(**params)
    decode_attrs(model, doc["state"], tensors)
    model.calibrated_classifiers_ = [
        _CalibratedClassifier(
            decode_model(member["estimator"], tensors, module),
            [_decode_calibrator(c, tensors) for c in member["calibrators"]],
            classes=model.classes_,
            method=params["method"],
        )
        for member in doc["members"]
    ]
    model.estimator = clone(model.calibrated_classifiers_[0].estimator)
    return model


def _fixed_threshold_class() -> type:
    """scikit-learn's ``FixedThresholdClassifier``."""
    from sklearn.model_selection import FixedThresholdClassifier

    return FixedThresholdClassifier


def _encode_fixed_threshold(model: Any, prefix: str, tensors: Tensors) -> dict:
    """The threshold and the fitted model it applies to."""
    params = {k: v for k, v in model.get_params(deep=False).items() if k != "estimator"}
    inner = encode_model(model.estimator_, f"{prefix}estimator_.", tensors)
    return {"params": encode_params(params), "estimator_": inner}


def _decode_fixed_threshold(doc: dict, tensors: Tensors, module: Any) -> Any:
    """Rebuild a FixedThresholdClassifier around its fitted model."""
    inner = decode_model(doc["estimator_"], tensors, module)
    model = _fixed_threshold_class()(inner, **decode_params(doc["params"]))
    model.estimator_ = inner
    return model


_CODECS: dict[str, _Codec] = {
    "LogisticRegression": _Codec(_logistic_class, _encode_logistic, _decode_logistic),
    "NeuralNetClassifier": _Codec(_imported_neural_class, _encode_neural, _decode_neural),
    "LogisticRegressionCV": _Codec(
        _imported_logistic_cv_class, _encode_logistic_cv, _decode_logistic_cv
    ),
    "ColumnTransformer": _Codec(_preprocessor_class, _encode_preprocessor, _decode_preprocessor),
    "InputFeatures": _Codec(_input_features_class, _encode_input_features, _decode_input_features),
    "Pipeline": _Codec(_pipeline_class, _encode_pipeline, _decode_pipeline),
    "CalibratedClassifierCV": _Codec(_calibrated_class, _encode_calibrated, _decode_calibrated),
    "FixedThresholdClassifier": _Codec(
        _fixed_threshold_class, _encode_fixed_threshold, _decode_fixed_threshold
    ),
}


def codec_name(model: Any) -> str:
    """The registry name of ``model``'s class; TypeError for a class that cannot be saved."""
    for name, codec in _CODECS.items():
        with contextlib.suppress(ImportError):
            if type(model) is codec.load_class():
                return name
    raise TypeError(
        f"Cannot save a {type(model).__name__}: logitnet saves {', '.join(_CODECS)} "
        "(a Pipeline of logitnet preprocessors or input features and a logitnet estimator; the "
        "wrappers around "
        "a logitnet estimator or such a Pipeline)."
    )


def encode_model(model: Any, prefix: str, tensors: Tensors, *, name: str | None = None) -> dict:
    """``{"class", "prefix", ...}`` for one model, its arrays put into ``tensors``."""
    kind = codec_name(model)
    doc = _CODECS[kind].encode(model, prefix, tensors)
    return {"class": kind, "name": name, "prefix": prefix, **doc}


def decode_model(doc: dict, tensors: Tensors, module: Any) -> Any:
    """Rebuild one model from its document; the class comes from the allow-list only."""
    kind = doc["class"]
    if kind not in _CODECS:
        raise ValueError(
            f"estimator class {kind!r} is not one logitnet loads ({', '.join(_CODECS)})"
        )
    return _CODECS[kind].decode(doc, tensors, module)
