"""The network view: every unit's weights and its picture over the visible plane.

A picture is the unit's output at each of the problem's ``NEURON_GRID²`` cells, one byte a cell:
hidden units (and inputs) as ``a / max|a|`` mapped from [-1, 1] to 0..255, with ``max|a|`` sent
beside it; output units as their class probability, 0..255. Logistic regression is drawn as its
output layer alone.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np

__all__ = ["input_pictures", "network_view"]


def _bytes(values: np.ndarray) -> str:
    """Values in [0, 1] as base64 bytes 0..255."""
    quantized = np.rint(np.clip(values, 0.0, 1.0) * 255.0).astype(np.uint8)
    return base64.b64encode(quantized.tobytes()).decode("ascii")


def _units_first(A: np.ndarray) -> np.ndarray:
    """``(cells, units)`` -> unit after unit, cells row-major: one picture after another."""
    return np.ascontiguousarray(A.T)


def _signed_layer(A: np.ndarray) -> dict:
    """A hidden layer's pictures, unit by unit."""
    scales = np.abs(A).max(axis=0)
    safe = np.where(scales > 0, scales, 1.0)
    return {
        "p": _bytes(_units_first((A / safe + 1.0) / 2.0)),
        "scale": scales.tolist(),
        "kind": "signed",
    }


def input_pictures(neuron_inputs: np.ndarray) -> dict:
    """The pictures of the model's input columns (layer 0)."""
    return _signed_layer(np.asarray(neuron_inputs, dtype=np.float64))


def _output_layer(proba: np.ndarray) -> dict:
    """The output units' pictures: P(second class) for one unit, else each class's probability."""
    return _probability_units(proba[:, 1:] if proba.shape[1] == 2 else proba)


def _probability_units(units: np.ndarray) -> dict:
    """Pictures of probabilities in [0, 1], one column per output unit."""
    return {"p": _bytes(_units_first(units)), "scale": [1.0] * units.shape[1], "kind": "proba"}


def _mlp_layers(model: Any, X: np.ndarray) -> tuple[list[list], list[list], list[dict]]:
    """Weights, biases and pictures of every Linear layer of a network."""
    import torch

    linears = model.module_.linears
    weights = [layer.weight.detach().tolist() for layer in linears]
    biases = [layer.bias.detach().tolist() for layer in linears]
    pictures, h = [], torch.as_tensor(X, dtype=torch.float32)
    with torch.no_grad():
        for module in model.module_.layers:
            h = module(h)
            if not isinstance(module, torch.nn.Linear):  # after each activation
                pictures.append(_signed_layer(h.double().numpy()))
        proba = torch.sigmoid(h) if h.shape[1] == 1 else torch.softmax(h, dim=1)
    return weights, biases, [*pictures, _probability_units(proba.double().numpy())]


def _logistic_layer(model: Any, X: np.ndarray, k: int, fitted: bool) -> tuple:
    """The single output layer of a logistic regression (zeros before the first epoch)."""
    units = 1 if k == 2 else k
    if not fitted:
        proba = np.full((len(X), k), 1.0 / k)
        return [np.zeros((units, X.shape[1])).tolist()], [[0.0] * units], [_output_layer(proba)]
    coef = np.asarray(model.coef_, dtype=np.float64).reshape(units, -1)
    intercept = np.atleast_1d(np.asarray(model.intercept_, dtype=np.float64))
    return [coef.tolist()], [intercept.tolist()], [_output_layer(model.predict_proba(X))]


def network_view(model: Any, neuron_inputs: np.ndarray, k: int, fitted: bool) -> dict:
    """The ``network`` part of a frame: ``weights[L-1][J][I]`` is the link from unit I of layer
    L-1 to unit J of layer L; ``pictures[L-1]`` are layer L's units."""
    X = np.asarray(neuron_inputs, dtype=np.float64)
    if hasattr(model, "module_"):
        weights, biases, pictures = _mlp_layers(model, X)
    else:
        weights, biases, pictures = _logistic_layer(model, X, k, fitted)
    return {"weights": weights, "biases": biases, "pictures": pictures}
