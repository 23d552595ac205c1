"""Any supported classifier as one thing: its class labels and a probability function."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from logitnet._validation import check_fitted, check_option


@dataclass(frozen=True)
class ProbaModel:
    """A classifier reduced to its class labels and its probability function."""

    classes: np.ndarray  # (n_classes,) original labels, in column order
    predict_proba: Callable[[np.ndarray], np.ndarray]  # (n, n_features) -> (n, n_classes)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Return the label of the most probable class for each row of ``X``."""
        return self.classes[np.argmax(self.predict_proba(X), axis=1)]


def _sigmoid_columns(logits: Any) -> np.ndarray:
    """Turn one logit per row into the two columns ``[1 - p, p]``."""
    import torch

    logits = logits.reshape(len(logits), -1)
    if logits.shape[1] != 1:
        raise ValueError(
            "transform='sigmoid' needs a module with one output (the positive class's logit). "
            f"Got {logits.shape[1]} outputs; use transform='softmax'."
        )
    p = torch.sigmoid(logits[:, 0].double()).cpu().numpy()
    return np.column_stack([1.0 - p, p])


def _softmax_columns(logits: Any) -> np.ndarray:
    """Turn one logit per class and row into probabilities that sum to 1."""
    import torch

    if logits.ndim != 2 or logits.shape[1] < 2:
        raise ValueError(
            "transform='softmax' needs a module with one output per class (at least 2). "
            f"Got outputs of shape {tuple(logits.shape)}; use transform='sigmoid'."
        )
    return torch.softmax(logits.double(), dim=1).cpu().numpy()


TRANSFORMS: dict[str, Callable[[Any], np.ndarray]] = {
    "sigmoid": _sigmoid_columns,
    "softmax": _softmax_columns,
}


def _module_forward(module: Any, X: np.ndarray) -> Any:
    """Run ``module`` in eval mode without gradients, restoring its mode afterwards."""
    import torch

    param = next(module.parameters(), None)
    dtype = param.dtype if param is not None and param.is_floating_point() else torch.float32
    device = param.device if param is not None else "cpu"
    was_training = module.training
    module.eval()
    try:
        with torch.no_grad():
            return module(torch.as_tensor(X, dtype=dtype, device=device))
    finally:
        module.train(was_training)


def _check_transform(transform: Any) -> str:
    """Return the registry key for ``transform`` (case-insensitive, as in ``"Softmax"``)."""
    if transform is None:
        raise ValueError(
            "A raw torch.nn.Module returns logits: pass transform='sigmoid' (one output) or "
            "transform='softmax' (one output per class)."
        )
    if not isinstance(transform, str):
        raise TypeError(f"`transform` must be a string. Got {transform!r} instead.")
    return check_option("transform", transform.lower(), TRANSFORMS)


def _from_module(module: Any, transform: Any, labels: np.ndarray, n_features: int) -> ProbaModel:
    """Wrap a logits-returning module; its columns name ``labels`` when the counts agree."""
    to_proba = TRANSFORMS[_check_transform(transform)]

    def predict_proba(X: np.ndarray) -> np.ndarray:
        return to_proba(_module_forward(module, X))

    n_classes = predict_proba(np.zeros((1, n_features))).shape[1]
    classes = labels if len(labels) == n_classes else np.arange(n_classes)
    return ProbaModel(np.asarray(classes), predict_proba)


def _from_estimator(estimator: Any) -> ProbaModel:
    """Wrap a fitted scikit-learn-style classifier, keeping its feature names if it has them."""
    check_fitted(estimator)
    names = getattr(estimator, "feature_names_in_", None)

    def predict_proba(X: np.ndarray) -> np.ndarray:
        if names is not None:
            import pandas as pd

            X = pd.DataFrame(X, columns=names)
        return np.asarray(estimator.predict_proba(X), dtype=np.float64)

    return ProbaModel(np.asarray(estimator.classes_), predict_proba)


def as_proba_model(
    model: Any, *, transform: Any = None, labels: np.ndarray, n_features: int
) -> ProbaModel:
    """Return ``model`` as a :class:`ProbaModel`, or raise a clear error for what it cannot be.

    ``labels`` are the sorted labels of the data; a raw module's output columns are taken to
    stand for them, in order, when there are as many columns as labels.
    """
    torch = sys.modules.get("torch")  # a torch module exists only once torch is imported
    if torch is not None and isinstance(model, torch.nn.Module):
        return _from_module(model, transform, labels, n_features)
    if transform is not None:
        raise ValueError(
            f"`transform` applies only to a raw torch.nn.Module; {type(model).__name__} gives "
            f"probabilities itself. Got transform={transform!r}; leave it out."
        )
    if not callable(getattr(model, "predict_proba", None)):
        raise TypeError(
            "`model` must be a fitted classifier with predict_proba or a torch.nn.Module "
            f"returning logits. Got {type(model).__name__} instead."
        )
    return _from_estimator(model)
