"""The playground's built-in data sets: two features, two to six classes, seeded."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["BUILT_IN", "N_SAMPLES", "make_dataset"]

#: Points drawn for the generated sets (the lecture's sets keep their own sizes).
N_SAMPLES = 300
_TWO_PI = 2.0 * np.pi


def _circles(classes: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric circles (scikit-learn's ``make_circles``)."""
    from sklearn.datasets import make_circles

    return make_circles(N_SAMPLES, factor=0.5, noise=noise, random_state=seed)


def _moons(classes: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half moons (scikit-learn's ``make_moons``)."""
    from sklearn.datasets import make_moons

    return make_moons(N_SAMPLES, noise=noise, random_state=seed)


def _blobs(classes: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` Gaussian blobs centred evenly on the unit circle; spread 0.2 + noise."""
    from sklearn.datasets import make_blobs

    angles = _TWO_PI * np.arange(classes) / classes + np.pi / 4
    centers = np.column_stack([np.cos(angles), np.sin(angles)])
    return make_blobs(N_SAMPLES, centers=centers, cluster_std=0.2 + noise, random_state=seed)


def _xor(classes: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """As many points in each quadrant of [-1, 1]² (off the axes); class 1 where x and y have the
    same sign. Then jittered by ``noise``."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(0.05, 1.0, size=(N_SAMPLES, 2))
    X *= np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]])[np.arange(N_SAMPLES) % 4]
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    return X + rng.normal(scale=noise, size=X.shape), y


def _spiral(classes: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` interleaved spiral arms of radius up to 1, jittered by ``noise``."""
    rng = np.random.default_rng(seed)
    y = np.arange(N_SAMPLES) % classes
    r = rng.uniform(0.05, 1.0, size=N_SAMPLES)
    theta = 1.75 * _TWO_PI * r / 2 + _TWO_PI * y / classes
    X = np.column_stack([r * np.cos(theta), r * np.sin(theta)])
    return X + rng.normal(scale=noise, size=X.shape), y.astype(np.int64)


def _lecture_circles(classes: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The lecture's circles (300 points, noise 0.1); only the seed applies."""
    from logitnet.datasets import make_lecture_circles

    return make_lecture_circles(random_state=seed)


def _lecture_blobs(classes: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The lecture's four blobs (200 points); only the seed applies."""
    from logitnet.datasets import make_lecture_blobs

    return make_lecture_blobs(random_state=seed)


#: Name -> generator ``(classes, noise, seed) -> (X, y)``.
BUILT_IN: dict[str, Callable[[int, float, int], tuple[np.ndarray, np.ndarray]]] = {
    "circles": _circles,
    "moons": _moons,
    "blobs": _blobs,
    "xor": _xor,
    "spiral": _spiral,
    "lecture-circles": _lecture_circles,
    "lecture-blobs": _lecture_blobs,
}


def make_dataset(name: str, classes: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Draw the built-in data set ``name``.

    Parameters
    ----------
    name : str
        One of :data:`BUILT_IN`.
    classes : int
        Number of classes, for ``blobs`` and ``spiral`` (2 to 6); the others have their own.
    noise : float
        Standard deviation of the Gaussian noise (the lecture's sets keep theirs).
    seed : int
        Seeds the draw: the same seed gives the same points.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of int of shape (n_samples,)
    """
    from logitnet._validation import check_option

    check_option("dataset", name, BUILT_IN)
    X, y = BUILT_IN[name](classes, noise, seed)
    return np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64)
