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
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or np.isnan(value):
        raise TypeError(f"`{name}` must be a real number. Got {value!r} instead.")
    left = "[" if closed in ("both", "left") else "("
    right = "]" if closed in ("both", "right") else ")"
    lo = "-inf" if low is None else low
    hi = "inf" if high is None else high
    too_low = low is not None and (value < low if left == "[" else value <= low)
    too_high = high is not None and (value > high if right == "]" else value >= high)
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


def check_fitted(estimator: Any, attributes: str | list[str] = "classes_") -> None:
    """Raise logitnet's :class:`NotFittedError` when ``estimator`` is not fitted."""
    try:
        _sk_check_is_fitted(estimator, attributes)
    except Exception as exc:  # scikit-learn's NotFittedError
        name = type(estimator).__name__
        raise NotFittedError(
            f"This {name} instance is not fitted yet. Call 'fit' with appropriate "
            "arguments before using this estimator."
        ) from exc
