"""The page's settings: parsed and checked from what the browser sends.

The keys are the controls' ``data-testid`` names, which are also the URL's query keys, so a URL, a
page and a session all describe a run the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from logitnet.features import INPUT_FEATURES
from logitnet.playground._datasets import BUILT_IN

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "MODELS",
    "OPTIMIZERS",
    "REGULARIZATIONS",
    "Settings",
    "parse_settings",
]

DATASETS = (*BUILT_IN, "upload")
MODELS = ("logistic", "mlp")
ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
OPTIMIZERS = ("adam", "sgd")
REGULARIZATIONS = ("none", "l1", "l2")
MAX_LAYERS, MAX_UNITS = 6, 256
_TRUE, _FALSE = ("1", "true", "on", "yes"), ("0", "false", "off", "no", "")


@dataclass(frozen=True)
class Settings:
    """Everything that defines a run; the same settings give the same run."""

    dataset: str = "circles"
    classes: int = 3
    noise: float = 0.1
    seed: int = 0
    test_fraction: float = 0.3
    target: str = ""
    feature_x: str = ""
    feature_y: str = ""
    model: str = "mlp"
    hidden: tuple[int, ...] = (8, 8)
    activation: str = "relu"
    optimizer: str = "adam"
    lr: float = 0.03
    batch_size: int = 16
    l2: float = 0.0  # the L2 rate (regularization "l2")
    l1: float = 0.0  # the L1 rate (regularization "l1")
    features: tuple[str, ...] = ("x1", "x2")  # the inputs of a built-in 2-D data set
    network_view: bool = True  # send every neuron's picture with each frame
    surface_step: float = 1.0  # gradient descent's step size on the loss surface

    def data_key(self) -> tuple:
        """The settings that decide the data (a change of any other only resets the model)."""
        return (
            self.dataset,
            self.classes,
            self.noise,
            self.seed,
            self.test_fraction,
            self.target,
            self.feature_x,
            self.feature_y,
            self.features,
        )

    @property
    def regularization(self) -> str:
        """``"l1"``, ``"l2"`` or ``"none"``."""
        return "l1" if self.l1 > 0 else "l2" if self.l2 > 0 else "none"


def _text(raw: dict, key: str, default: Any) -> str:
    """The raw value of ``key`` as stripped text, or the default as text."""
    value = raw.get(key, default)
    return str(default if value is None else value).strip()


def _choice(raw: dict, key: str, options: tuple[str, ...], default: str) -> str:
    """A value from ``options``; ValueError naming the key, the value and the options."""
    value = _text(raw, key, default)
    if value not in options:
        raise ValueError(f"{key} must be one of {', '.join(options)}; got {value!r}")
    return value


def _number(raw: dict, key: str, default: float, low: float, high: float) -> float:
    """A finite number in ``[low, high]``; ValueError naming the key and the value."""
    text = _text(raw, key, default)
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{key} must be a number; got {text!r}") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{key} must be between {low:.10g} and {high:.10g}; got {text!r}")
    return value


def _integer(raw: dict, key: str, default: int, low: int, high: int) -> int:
    """An integer in ``[low, high]``; ValueError naming the key and the value."""
    value = _number(raw, key, default, low, high)
    if value != int(value):
        raise ValueError(f"{key} must be a whole number; got {_text(raw, key, default)!r}")
    return int(value)


def _flag(raw: dict, key: str, default: bool) -> bool:
    """A checkbox: 1/true/on/yes or 0/false/off/no; ValueError naming the key otherwise."""
    text = _text(raw, key, "1" if default else "0").lower()
    if text not in _TRUE + _FALSE:
        raise ValueError(f"{key} must be 1 or 0; got {text!r}")
    return text in _TRUE


def parse_features(raw: dict) -> tuple[str, ...]:
    """The input features switched on (``feature-x1=1`` ...), in :data:`INPUT_FEATURES` order."""
    on = tuple(
        name for name in INPUT_FEATURES if _flag(raw, f"feature-{name}", name in ("x1", "x2"))
    )
    if not on:
        raise ValueError("switch on at least one input feature (feature-x1 ... feature-sinx2)")
    return on


def parse_penalty(raw: dict) -> tuple[float, float]:
    """``(l1, l2)`` from ``regularization`` and ``regularization-rate``; a bare ``l2`` (the older
    URLs) means L2 at that rate."""
    l2 = _number(raw, "l2", 0.0, 0.0, 10.0)
    default = "l2" if l2 > 0 else "none"
    kind = _choice(raw, "regularization", REGULARIZATIONS, default)
    rate = _number(raw, "regularization-rate", l2, 0.0, 10.0)
    return (rate if kind == "l1" else 0.0), (rate if kind == "l2" else 0.0)


def parse_hidden(text: str) -> tuple[int, ...]:
    """``"8,8"`` -> ``(8, 8)``: one to six layers of 1 to 256 units."""
    parts = [part.strip() for part in text.split(",")]
    if not text or not all(part.isdigit() for part in parts):
        raise ValueError(f"hidden must be layer sizes such as 8,8; got {text!r}")
    sizes = tuple(int(part) for part in parts)
    if len(sizes) > MAX_LAYERS or not all(1 <= size <= MAX_UNITS for size in sizes):
        raise ValueError(
            f"hidden must have 1 to {MAX_LAYERS} layers of 1 to {MAX_UNITS} units; got {text!r}"
        )
    return sizes


def parse_settings(raw: dict) -> Settings:
    """Turn the browser's ``{data-testid: text}`` into :class:`Settings`; ValueError if invalid."""
    if not isinstance(raw, dict):
        raise TypeError(f"settings must be an object; got {type(raw).__name__}")
    d = Settings()
    l1, l2 = parse_penalty(raw)
    return Settings(
        dataset=_choice(raw, "dataset", DATASETS, d.dataset),
        classes=_integer(raw, "classes", d.classes, 2, 6),
        noise=_number(raw, "noise", d.noise, 0.0, 1.0),
        seed=_integer(raw, "seed", d.seed, 0, 2**31 - 1),
        test_fraction=_number(raw, "test-fraction", d.test_fraction, 0.05, 0.95),
        target=_text(raw, "target", ""),
        feature_x=_text(raw, "feature-x", ""),
        feature_y=_text(raw, "feature-y", ""),
        model=_choice(raw, "model", MODELS, d.model),
        hidden=parse_hidden(_text(raw, "hidden", "8,8")),
        activation=_choice(raw, "activation", ACTIVATIONS, d.activation),
        optimizer=_choice(raw, "optimizer", OPTIMIZERS, d.optimizer),
        lr=_number(raw, "lr", d.lr, 1e-6, 10.0),
        batch_size=_integer(raw, "batch-size", d.batch_size, 1, 100_000),
        l1=l1,
        l2=l2,
        features=parse_features(raw),
        network_view=_flag(raw, "network-view", d.network_view),
        surface_step=_number(raw, "surface-gd-step", d.surface_step, 1e-4, 100.0),
    )
