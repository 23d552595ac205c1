"""The lecture's data: the Pokemon table, its balanced sample, and two toy datasets."""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sklearn.datasets import make_blobs, make_circles
from sklearn.utils import check_random_state

from logitnet._validation import suggest
from logitnet.exceptions import DataError

if TYPE_CHECKING:
    from logitnet._typing import RandomState

__all__ = ["balance_classes", "load_pokemon", "make_lecture_blobs", "make_lecture_circles"]

INDEX = "name"  # the Pokemon table's index column


def load_pokemon(path: str | PathLike, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Read the lecture's Pokemon CSV into a DataFrame indexed by ``name``.

    The file starts with a UTF-8 byte-order mark and ends its lines with a bare carriage
    return; both are handled.

    Parameters
    ----------
    path : str or path-like
        The CSV file, e.g. ``../shared/data/pokemon.csv``.
    columns : sequence of str, optional
        Columns to keep (besides the ``name`` index), in this order. All by default.

    Returns
    -------
    DataFrame
        One row per Pokemon, indexed by ``name``.

    Raises
    ------
    FileNotFoundError
        When ``path`` does not exist (the message names it).
    DataError
        When a column of ``columns`` is not in the file (the message names it).

    Examples
    --------
    >>> df = load_pokemon("../shared/data/pokemon.csv", ["defense", "legendary"])  # doctest: +SKIP
    >>> df.shape  # doctest: +SKIP
    (801, 2)
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"The Pokemon table is not at {str(path)!r}: no such file.")
    df = pd.read_csv(path, encoding="utf-8-sig")
    _check_columns(df, [INDEX] + ([] if columns is None else list(columns)), path)
    df = df.set_index(INDEX)
    return df if columns is None else df[list(columns)]


def _check_columns(df: pd.DataFrame, wanted: list[str], path: Path) -> None:
    """Raise a DataError naming the first wanted column that ``df`` lacks."""
    for column in wanted:
        if column not in df.columns:
            raise DataError(
                f"Column {column!r} is not in {path.name}; its columns are "
                f"{list(map(str, df.columns))!r}.{suggest(column, map(str, df.columns))}"
            )


def balance_classes(
    df: pd.DataFrame, target: str, random_state: RandomState = None
) -> pd.DataFrame:
    """Undersample every larger class to the size of the smallest, as the lecture does.

    Each larger class, in sorted order, is drawn with ``DataFrame.sample(n, random_state=...)``
    and comes first; the smallest class follows as it is. With ``random_state=123`` on the
    Pokemon table this is the lecture's sample exactly.

    Parameters
    ----------
    df : DataFrame
        The table; its index is kept.
    target : str
        The column holding the classes.
    random_state : int, RandomState or None, default=None
        Seed of the draws (one generator shared by every larger class).

    Returns
    -------
    DataFrame
        ``n_classes * n_smallest`` rows.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [0, 0, 0, 1]})
    >>> balance_classes(df, "y", random_state=0)["y"].tolist()
    [0, 1]
    """
    if target not in df.columns:
        raise DataError(
            f"Column {target!r} is not in the DataFrame; its columns are "
            f"{list(map(str, df.columns))!r}.{suggest(target, map(str, df.columns))}"
        )
    counts = df[target].value_counts(sort=False).sort_index()
    if len(counts) < 2:
        raise ValueError(f"Column {target!r} must hold at least 2 classes. Got {len(counts)}.")
    return _undersample(df, target, counts, check_random_state(random_state))


def _undersample(df, target, counts: pd.Series, rng: np.random.RandomState) -> pd.DataFrame:
    """Draw each larger class down to the smallest size; larger classes first."""
    n = int(counts.min())
    smallest = counts.idxmin()
    larger = [
        df[df[target] == c].sample(n, random_state=rng) for c in counts.index if c != smallest
    ]
    return pd.concat([*larger, df[df[target] == smallest]])


def make_lecture_circles(random_state: RandomState = 2020) -> tuple[np.ndarray, np.ndarray]:
    """The lecture's binary toy data: two noisy concentric circles, 300 points.

    Returns
    -------
    X : ndarray, shape (300, 2)
    y : ndarray of int, shape (300,)
        0 for the outer circle, 1 for the inner one.
    """
    return make_circles(n_samples=300, factor=0.5, noise=0.1, random_state=random_state)


def make_lecture_blobs(random_state: RandomState = 12345) -> tuple[np.ndarray, np.ndarray]:
    """The lecture's four-class toy data: four tight blobs in ``[-1.2, 1.2]²``, 200 points.

    Returns
    -------
    X : ndarray, shape (200, 2)
    y : ndarray of int, shape (200,)
        Classes 0 to 3.
    """
    return make_blobs(
        n_samples=200,
        centers=4,
        center_box=(-1.2, 1.2),
        cluster_std=0.15,
        random_state=random_state,
    )
