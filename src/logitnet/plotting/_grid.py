"""The two plotted features, the values held for the others, and the grid between them."""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from logitnet._validation import check_option, suggest

# How ``fixed="mean"`` / ``fixed="median"`` choose the value held for each other feature.
FIXED_RULES: dict[str, Callable[..., np.ndarray]] = {"mean": np.mean, "median": np.median}


@dataclass(frozen=True)
class Grid:
    """A rectangular grid over two features; row ``r * len(xs) + c`` is the point (xs[c], ys[r])."""

    xs: np.ndarray  # (resolution,) values of the first plotted feature
    ys: np.ndarray  # (resolution,) values of the second plotted feature
    points: np.ndarray  # (resolution**2, n_features) the full rows given to the model

    def reshape(self, values: np.ndarray) -> np.ndarray:
        """Return one value per grid point as a ``(len(ys), len(xs))`` image."""
        return np.asarray(values).reshape(len(self.ys), len(self.xs))


def axis_values(column: np.ndarray, resolution: int, margin: float) -> np.ndarray:
    """Return ``resolution`` values spanning ``column``'s range widened by ``margin`` of it."""
    low, high = float(np.min(column)), float(np.max(column))
    pad = margin * (high - low) if high > low else 0.5
    return np.linspace(low - pad, high + pad, resolution)


def make_grid(
    X: np.ndarray, pair: tuple[int, int], base_row: np.ndarray, resolution: int, margin: float
) -> Grid:
    """Return the grid over features ``pair`` of ``X``, other features held at ``base_row``."""
    xs = axis_values(X[:, pair[0]], resolution, margin)
    ys = axis_values(X[:, pair[1]], resolution, margin)
    gx, gy = np.meshgrid(xs, ys)
    points = np.tile(base_row, (gx.size, 1))
    points[:, pair[0]] = gx.ravel()
    points[:, pair[1]] = gy.ravel()
    return Grid(xs, ys, points)


def resolve_feature(key: Any, names: Sequence[str]) -> int:
    """Return the column index of a feature given by name or by index."""
    if isinstance(key, numbers.Integral) and not isinstance(key, bool):
        if not -len(names) <= int(key) < len(names):
            raise ValueError(
                f"Feature index {key} is out of range: X has {len(names)} features. Got {key}."
            )
        return int(key) % len(names)
    if isinstance(key, str):
        if key not in names:
            valid = ", ".join(repr(n) for n in names)
            raise ValueError(
                f"Unknown feature {key!r}: X's features are {valid}.{suggest(key, names)}"
            )
        return list(names).index(key)
    raise TypeError(f"A feature must be a column name or an int index. Got {key!r} instead.")


def choose_pair(features: Any, names: Sequence[str]) -> tuple[int, int]:
    """Return the two plotted columns: ``features`` resolved, or the only two there are."""
    if features is None:
        if len(names) == 2:
            return (0, 1)
        listed = ", ".join(repr(n) for n in names)
        raise ValueError(
            f"plot_classification_2d draws two features, and X has {len(names)} ({listed}). "
            "Pass features=[first, second] (names or indices) and, with a model, "
            "fixed={other: value, ...} or fixed='mean' for the others."
        )
    if isinstance(features, str) or len(features) != 2:
        raise ValueError(f"`features` must name exactly two features. Got {features!r} instead.")
    pair = (resolve_feature(features[0], names), resolve_feature(features[1], names))
    if pair[0] == pair[1]:
        raise ValueError(f"`features` must name two different features. Got {features!r}.")
    return pair


def _rule_row(X: np.ndarray, rule: str) -> np.ndarray:
    """Return each column's mean or median, as ``fixed="mean"`` asks."""
    return FIXED_RULES[check_option("fixed", rule, FIXED_RULES)](X, axis=0)


def _mapping_row(
    X: np.ndarray, pair: tuple[int, int], fixed: Mapping, names: Sequence
) -> np.ndarray:
    """Return a row holding ``fixed``'s value for each feature that is not plotted."""
    row = np.zeros(X.shape[1])
    given = {resolve_feature(key, names): value for key, value in fixed.items()}
    if set(given) & set(pair):
        plotted = [names[i] for i in sorted(set(given) & set(pair))]
        raise ValueError(f"`fixed` must not hold a plotted feature. Got values for {plotted}.")
    missing = [names[i] for i in range(X.shape[1]) if i not in pair and i not in given]
    if missing:
        raise ValueError(
            f"`fixed` must hold a value for every feature not plotted; missing {missing}."
        )
    for index, value in given.items():
        row[index] = float(value)
    return row


def base_row(X: np.ndarray, pair: tuple[int, int], fixed: Any, names: Sequence[str]) -> np.ndarray:
    """Return the values the model sees for the features that are not plotted."""
    if isinstance(fixed, str):
        return _rule_row(X, fixed)
    if isinstance(fixed, Mapping):
        return _mapping_row(X, pair, fixed, names)
    if fixed is None and X.shape[1] == 2:
        return np.zeros(2)
    if fixed is None:
        return _mapping_row(X, pair, {}, names)
    raise TypeError(
        "`fixed` must be a mapping {feature: value} or one of 'mean', 'median'. "
        f"Got {fixed!r} instead."
    )
