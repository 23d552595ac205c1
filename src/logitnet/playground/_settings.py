"""The page's settings: parsed and checked from what the browser sends.

The keys are the controls' ``data-testid`` names, which are also the URL's query keys, so a URL, a
page and a session all describe a run the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from logitnet.playground._datasets import BUILT_IN

__all__ = ["ACTIVATIONS", "DATASETS", "MODELS", "OPTIMIZERS", "Settings", "parse_settings"]

DATASETS = (*BUILT_IN, "upload")
MODELS = ("logistic", "mlp")
ACTIVATIONS = ("relu", "tanh", "sigmoid")
OPTIMIZERS = ("adam", "sgd")
MAX_LAYERS, MAX_UNITS = 6, 256


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
    l2: float = 0.0

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
        )


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
        l2=_number(raw, "l2", d.l2, 0.0, 10.0),
    )
