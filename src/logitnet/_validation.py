"""Input and hyperparameter checks shared by every estimator and function.

One error style everywhere: the message names the thing, the rule and the value.
"""

from __future__ import annotations

import difflib
import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted as _sk_check_is_fitted
from sklearn.utils.validation import validate_data

from logitnet.exceptions import NotFittedError

__all__ = [
    "check_class_weight",
    "check_fitted",
    "check_in_range",
    "check_int",
    "check_option",
    "check_targets",
    "suggest",
    "validate_X",
    "validate_X_y",
]


def suggest(name: str, choices: Iterable[str]) -> str:
    """Return ``" Did you mean 'x'?"`` for the closest choice, or ``""``."""
    close = difflib.get_close_matches(str(name), [str(c) for c in choices], n=1)
    return f" Did you mean {close[0]!r}?" if close else ""


def check_option(name: str, value: Any, options: Iterable[Any]) -> Any:
    """Check that ``value`` is one of ``options``; the error lists the valid ones."""
    options = list(options)
    if isinstance(value, str) and value in options:
        return value
    valid = ", ".join(repr(o) for o in options)
    names = [o for o in options if isinstance(o, str)]
    hint = suggest(value, names) if isinstance(value, str) else ""
    raise ValueError(f"`{name}` must be one of {valid}. Got {value!r} instead.{hint}")


def check_int(name: str, value: Any, *, min_value: int = 1, allow_none: bool = False) -> Any:
    """Check that ``value`` is an int ``>= min_value`` (bools are rejected)."""
    if value is None and allow_none:
        return value
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise TypeError(f"`{name}` must be an int >= {min_value}. Got {value!r} instead.")
    if value < min_value:
        raise ValueError(f"`{name}` must be an int >= {min_value}. Got {value!r} instead.")
    return int(value)


def check_in_range(
    name: str,
    value: Any,
    low: float | None = None,
    high: float | None = None,
    *,
    closed: str = "both",
) -> float:
    """Check that ``value`` is a real number in the interval ``[low, high]``.

    ``closed`` is one of ``"both"``, ``"left"``, ``"right"``, ``"neither"``.
    """
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or np.isnan(float(value)):
        raise TypeError(f"`{name}` must be a real number. Got {value!r} instead.")
    left = "[" if closed in ("both", "left") else "("
    right = "]" if closed in ("both", "right") else ")"
    lo = "-inf" if low is None else low
    hi = "inf" if high is None else high
    number = float(value)
    too_low = low is not None and (number < low if left == "[" else number <= low)
    too_high = high is not None and (number > high if right == "]" else number >= high)
    if too_low or too_high:
        raise ValueError(f"`{name}` must be in {left}{lo}, {hi}{right}. Got {value!r} instead.")
    return float(value)


def validate_X(estimator: Any, X: Any, *, reset: bool, dtype: Any = np.float64) -> np.ndarray:
    """Validate a 2-D, finite, numeric, non-empty ``X`` and record or check its features.

    On ``reset`` it sets ``n_features_in_`` (and ``feature_names_in_`` for a DataFrame);
    otherwise it checks ``X`` against them.
    """
    return validate_data(estimator, X, reset=reset, dtype=dtype, ensure_all_finite=True)


def validate_X_y(
    estimator: Any, X: Any, y: Any, *, reset: bool = True, dtype: Any = np.float64
) -> tuple[np.ndarray, np.ndarray]:
    """Validate ``X`` as :func:`validate_X` does, and ``y`` as 1-D classification labels."""
    X, y = validate_data(
        estimator, X, y, reset=reset, dtype=dtype, ensure_all_finite=True, y_numeric=False
    )
    return X, y


def check_targets(y: np.ndarray, *, min_classes: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(classes, y_encoded)`` for classification labels, or raise a clear error.

    Continuous targets and targets with fewer than ``min_classes`` classes are rejected.
    """
    kind = type_of_target(y, input_name="y")
    if kind not in ("binary", "multiclass"):
        raise ValueError(
            f"Unknown label type: y must hold class labels (binary or multiclass). Got {kind!r}."
        )
    classes, encoded = np.unique(y, return_inverse=True)
    if len(classes) < min_classes:
        raise ValueError(
            f"y must contain at least {min_classes} classes; it has only one class: {classes[0]!r}."
        )
    return classes, encoded


def check_fitted(estimator: Any, attributes: str | list[str] | None = "classes_") -> None:
    """Raise logitnet's :class:`NotFittedError` when ``estimator`` is not fitted."""
    try:
        _sk_check_is_fitted(estimator, attributes)
    except Exception as exc:  # scikit-learn's NotFittedError
        name = type(estimator).__name__
        raise NotFittedError(
            f"This {name} instance is not fitted yet. Call 'fit' with appropriate "
            "arguments before using this estimator."
        ) from exc


def check_class_weight(class_weight: Any, classes: np.ndarray | None = None) -> Any:
    """Check ``class_weight``: None, ``"balanced"`` or a dict {class: weight >= 0}.

    With ``classes`` (the labels of ``y``), a dict may only name those classes. Every estimator
    checks it here, so they raise the same exception types with the same messages.
    """
    if class_weight is None:
        return None
    if isinstance(class_weight, str):
        return check_option("class_weight", class_weight, ("balanced",))
    if not isinstance(class_weight, dict):
        raise TypeError(
            "`class_weight` must be None, 'balanced' or a dict {class: weight}. "
            f"Got {class_weight!r} instead."
        )
    _check_weight_values(class_weight)
    if classes is not None:
        _check_weight_keys(class_weight, classes)
    return class_weight


def _check_weight_values(class_weight: dict) -> None:
    """Every weight of a ``class_weight`` dict is a finite real number >= 0."""
    bad = {
        c: w
        for c, w in class_weight.items()
        if not isinstance(w, numbers.Real) or isinstance(w, bool) or not 0 <= float(w) < np.inf
    }
    if bad:
        raise ValueError(f"`class_weight` values must be finite and >= 0. Got {bad!r}.")


def _check_weight_keys(class_weight: dict, classes: np.ndarray) -> None:
    """A ``class_weight`` dict names only classes of ``y``."""
    known = set(np.asarray(classes).tolist())
    unknown = [c for c in class_weight if c not in known]
    if unknown:
        raise ValueError(
            f"`class_weight` has keys that are not classes of y: {unknown!r}. "
            f"The classes are {np.asarray(classes).tolist()!r}."
        )
