"""Input features of two coordinates: x1, x2, their squares, their product and their sines.

:class:`InputFeatures` turns the two raw columns ``(x1, x2)`` into the chosen features, as
TensorFlow Playground's input toggles do. It is a stateless scikit-learn transformer, so a
``Pipeline([("features", InputFeatures(...)), ("model", model)])`` predicts from the raw
coordinates and saves to ``.safetensors`` like any logitnet pipeline.

Examples
--------
>>> import numpy as np
>>> from logitnet.features import InputFeatures
>>> InputFeatures(("x1sq", "x1x2")).fit_transform(np.array([[2.0, 3.0]]))
array([[4., 6.]])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from logitnet._validation import check_option

__all__ = ["FEATURE_LABELS", "INPUT_FEATURES", "InputFeatures"]

#: Name -> the feature as a function of the two columns ``(x1, x2)``.
INPUT_FEATURES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1sq": lambda x1, x2: x1 * x1,
    "x2sq": lambda x1, x2: x2 * x2,
    "x1x2": lambda x1, x2: x1 * x2,
    "sinx1": lambda x1, x2: np.sin(x1),
    "sinx2": lambda x1, x2: np.sin(x2),
}
#: Name -> how the feature is written.
FEATURE_LABELS = {
    "x1": "x1",
    "x2": "x2",
    "x1sq": "x1²",
    "x2sq": "x2²",
    "x1x2": "x1·x2",
    "sinx1": "sin x1",
    "sinx2": "sin x2",
}


class InputFeatures(TransformerMixin, BaseEstimator):
    """The chosen features of two input columns, in the order given.

    Parameters
    ----------
    features : sequence of str, default=("x1", "x2")
        Names from :data:`INPUT_FEATURES`; at least one, none twice.
    """

    def __init__(self, features: Sequence[str] = ("x1", "x2")) -> None:
        self.features = features

    def _check(self) -> tuple[str, ...]:
        """The feature names, checked."""
        names = tuple(self.features)
        if not names:
            raise ValueError("features must name at least one input feature; got none")
        for name in names:
            check_option("features", name, INPUT_FEATURES)
        if len(set(names)) != len(names):
            raise ValueError(f"features must not repeat a name; got {list(names)}")
        return names

    def fit(self, X: Any, y: Any = None) -> InputFeatures:
        """Check the features and that ``X`` has two columns; learns nothing else."""
        self._check()
        self.n_features_in_ = self._columns(X).shape[1]
        return self

    def _columns(self, X: Any) -> np.ndarray:
        """``X`` as a float matrix of two columns; ValueError otherwise."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != 2:
            raise ValueError(f"X must have two columns (x1, x2); got shape {X.shape}")
        return X

    def transform(self, X: Any) -> np.ndarray:
        """The features, one column each: shape ``(n_samples, len(features))``."""
        X = self._columns(X)
        return np.column_stack([INPUT_FEATURES[n](X[:, 0], X[:, 1]) for n in self._check()])

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The feature names, as given."""
        return np.asarray(self._check(), dtype=object)
