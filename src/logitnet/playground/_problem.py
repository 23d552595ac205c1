"""A problem: the train/test split, the features the model sees and the grid the map shows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from logitnet.exceptions import DataError
from logitnet.playground._datasets import make_dataset
from logitnet.playground._settings import Settings
from logitnet.playground._upload import MAX_CLASSES, Upload

__all__ = ["GRID_SIZE", "NEURON_GRID", "Problem", "make_problem"]

GRID_SIZE = 100  # the map is GRID_SIZE x GRID_SIZE cells
NEURON_GRID = 24  # each neuron's picture is NEURON_GRID x NEURON_GRID cells of the same plane
MAX_POINTS = 2000  # points drawn per split; training always uses every row
_PAD = 0.1  # share of the data's range added on each side of the map


@dataclass
class Problem:
    """Prepared data: model inputs, labels, the map's grid and the points to draw."""

    X_train: np.ndarray  # what the estimator is trained on (preprocessed for uploads)
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    classes: np.ndarray  # sorted labels, as the estimators order them
    grid_inputs: np.ndarray  # estimator inputs of the GRID_SIZE² map cells, row-major from y_min
    extent: tuple[float, float, float, float]  # x_min, x_max, y_min, y_max
    axes: tuple[str, str]
    points: dict  # {"train": {...}, "test": {...}} coordinates and class indices for the page
    raw: dict  # {"X_train", "X_test", "preprocess"}: the untransformed split, for export
    inputs: tuple[str, ...] = ()  # names of the model's input columns (layer 0 of the diagram)
    neuron_inputs: np.ndarray | None = None  # model inputs of the NEURON_GRID² picture cells
    built_in: bool = True  # a generated 2-D set (else the user's table)

    @cached_property
    def codes_train(self) -> np.ndarray:
        """Index of each training label in ``classes``."""
        return np.searchsorted(self.classes, self.y_train)

    @cached_property
    def codes_test(self) -> np.ndarray:
        """Index of each test label in ``classes``."""
        return np.searchsorted(self.classes, self.y_test)

    def describe(self) -> dict:
        """The ``data`` message: classes, axes, the map's extent and the points."""
        return {
            "type": "data",
            "classes": [str(c) for c in self.classes],
            "axes": list(self.axes),
            "extent": list(self.extent),
            "grid_size": GRID_SIZE,
            "points": self.points,
            "equal_axes": self.built_in,
            "inputs": list(self.inputs),
            "neuron_grid": NEURON_GRID,
            "input_pictures": self._input_pictures(),
        }

    def _input_pictures(self) -> dict | None:
        """The pictures of the input columns, for the network view."""
        from logitnet.playground._network import input_pictures

        return None if self.neuron_inputs is None else input_pictures(self.neuron_inputs)


def _split(X: Any, y: np.ndarray, settings: Settings) -> tuple:
    """Seeded train/test split, stratified when every class has two rows or more."""
    from sklearn.model_selection import train_test_split

    _, counts = np.unique(y, return_counts=True)
    stratify = y if counts.min() >= 2 else None
    try:
        return train_test_split(
            X, y, test_size=settings.test_fraction, random_state=settings.seed, stratify=stratify
        )
    except ValueError as exc:
        raise DataError(
            f"cannot split {len(y)} rows with test-fraction {settings.test_fraction:g}: {exc}"
        ) from None


def _extent(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float]:
    """The data's range on both axes, padded; never empty."""
    bounds = []
    for values in (x, y):
        low, high = float(np.min(values)), float(np.max(values))
        pad = _PAD * (high - low) or 1.0
        bounds += [low - pad, high + pad]
    return bounds[0], bounds[1], bounds[2], bounds[3]


def _mesh(
    extent: tuple[float, float, float, float], size: int = GRID_SIZE
) -> tuple[np.ndarray, np.ndarray]:
    """Cell centres of a ``size`` x ``size`` map: x varies fastest, rows go from y_min up."""
    x_min, x_max, y_min, y_max = extent
    xs = np.linspace(x_min, x_max, size)
    ys = np.linspace(y_min, y_max, size)
    gx, gy = np.meshgrid(xs, ys)
    return gx.ravel(), gy.ravel()


def _points(x: np.ndarray, y: np.ndarray, codes: np.ndarray, seed: int) -> dict:
    """At most MAX_POINTS points (a seeded sample) as plain lists for the page."""
    keep = np.arange(len(x))
    if len(keep) > MAX_POINTS:
        keep = np.sort(np.random.default_rng(seed).choice(keep, MAX_POINTS, replace=False))
    return {
        "x": np.round(x[keep], 6).tolist(),
        "y": np.round(y[keep], 6).tolist(),
        "c": codes[keep].tolist(),
    }


def _input_features(settings: Settings) -> Any:
    """The fitted feature transformer, or None when the inputs are x1 and x2 as they are."""
    from logitnet.features import InputFeatures

    if settings.features == ("x1", "x2"):
        return None
    return InputFeatures(settings.features).fit(np.zeros((1, 2)))


def _built_in(settings: Settings) -> Problem:
    """A generated two-feature set; the model sees the chosen features of the coordinates."""
    X, y = make_dataset(settings.dataset, settings.classes, settings.noise, settings.seed)
    X_train, X_test, y_train, y_test = _split(X, y, settings)
    classes = np.unique(y)
    extent = _extent(X[:, 0], X[:, 1])
    features = _input_features(settings)
    expand = (lambda A: A) if features is None else features.transform
    points = {
        name: _points(part[:, 0], part[:, 1], np.searchsorted(classes, labels), settings.seed)
        for name, part, labels in (("train", X_train, y_train), ("test", X_test, y_test))
    }
    raw = {"X_train": X_train, "X_test": X_test, "preprocess": features}
    return Problem(
        expand(X_train),
        expand(X_test),
        y_train,
        y_test,
        classes,
        expand(np.column_stack(_mesh(extent))),
        extent,
        ("x1", "x2"),
        points,
        raw,
        inputs=settings.features,
        neuron_inputs=expand(np.column_stack(_mesh(extent, NEURON_GRID))),
    )


def _check_axes(upload: Upload, settings: Settings) -> None:
    """The map's two features: distinct numeric columns other than the target."""
    axes = (settings.feature_x, settings.feature_y)
    for key, name in zip(("feature-x", "feature-y"), axes, strict=True):
        if name not in upload.numeric or name == settings.target:
            offered = [c for c in upload.numeric if c != settings.target]
            raise DataError(
                f"{key} must be a numeric feature column ({', '.join(offered)}); got {name!r}"
            )
    if axes[0] == axes[1]:
        raise DataError(f"feature-x and feature-y must differ; both are {axes[0]!r}")


def _check_target(y: Any, target: str) -> np.ndarray:
    """At most MAX_CLASSES classes; the labels as an array."""
    n = y.nunique()
    if n > MAX_CLASSES:
        raise DataError(
            f"the target {target!r} has {n} classes; the playground shows at most "
            f"{MAX_CLASSES}: pick a column of class labels"
        )
    return y.to_numpy()


def _typical_row(X: Any, numeric: list[str]) -> dict:
    """The median of each numeric column and the most frequent value of each other column."""
    return {c: X[c].median() if c in numeric else X[c].mode(dropna=True).iloc[0] for c in X}


def _grid_frame(
    X_train: Any, numeric: list[str], axes: tuple[str, str], extent: tuple, size: int = GRID_SIZE
) -> Any:
    """Map cells as table rows: the two axes vary, every other feature held at its typical value."""
    import pandas as pd

    typical = _typical_row(X_train, numeric)
    gx, gy = _mesh(extent, size)
    grid = pd.DataFrame(
        {c: np.repeat(np.asarray([v], dtype=object), len(gx)) for c, v in typical.items()}
    )
    grid = grid.astype(X_train.dtypes.to_dict())
    grid[axes[0]], grid[axes[1]] = gx, gy
    return grid


def _uploaded(settings: Settings, upload: Upload | None) -> Problem:
    """The user's table: every usable feature trains, two of them make the map."""
    from logitnet.preprocessing import make_preprocessor, prepare_table

    if upload is None:
        raise DataError("upload a CSV or Parquet file first (the data set is 'upload')")
    if settings.target not in upload.frame.columns:
        raise DataError(f"target must be a column of {upload.name!r}; got {settings.target!r}")
    _check_axes(upload, settings)
    table = prepare_table(upload.frame, settings.target, dropna=True)
    axes = (settings.feature_x, settings.feature_y)
    if not set(axes) <= set(table.plan.numeric):
        raise DataError(
            f"feature-x and feature-y must be usable numeric features of "
            f"{upload.name!r}: {'; '.join(table.notes)}"
        )
    y = _check_target(table.y, settings.target)
    X_train, X_test, y_train, y_test = _split(table.X, y, settings)
    preprocess = make_preprocessor(table.plan.numeric, table.plan.categorical).fit(X_train)
    classes = np.unique(y)
    extent = _extent(table.X[axes[0]].to_numpy(float), table.X[axes[1]].to_numpy(float))
    grid = _grid_frame(X_train, table.plan.numeric, axes, extent)
    points = {
        name: _points(
            part[axes[0]].to_numpy(float),
            part[axes[1]].to_numpy(float),
            np.searchsorted(classes, labels),
            settings.seed,
        )
        for name, part, labels in (("train", X_train, y_train), ("test", X_test, y_test))
    }
    raw = {"X_train": X_train, "X_test": X_test, "preprocess": preprocess}
    small = _grid_frame(X_train, table.plan.numeric, axes, extent, NEURON_GRID)
    return Problem(
        preprocess.transform(X_train),
        preprocess.transform(X_test),
        y_train,
        y_test,
        classes,
        preprocess.transform(grid),
        extent,
        axes,
        points,
        raw,
        inputs=tuple(str(n).split("__", 1)[-1] for n in preprocess.get_feature_names_out()),
        neuron_inputs=preprocess.transform(small),
        built_in=False,
    )


def make_problem(settings: Settings, upload: Upload | None = None) -> Problem:
    """Build the problem that ``settings`` describe (``upload`` for the ``upload`` data set)."""
    if settings.dataset == "upload":
        return _uploaded(settings, upload)
    return _built_in(settings)
