"""The stratified train/test split of a prepared table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from logitnet.exceptions import DataError


@dataclass(frozen=True)
class Split:
    """Training and test rows: features as DataFrames, labels as Series."""

    X_train: Any  # DataFrame, the training rows' features
    X_test: Any  # DataFrame, the held-out rows' features
    y_train: Any  # Series, the training rows' labels
    y_test: Any  # Series, the held-out rows' labels
    held_out: bool = True  # False: nothing was held out, and the "test" rows are the training rows

    @property
    def n_train(self) -> int:
        """Number of training rows."""
        return len(self.y_train)

    @property
    def n_test(self) -> int:
        """Number of held-out rows (0 when nothing was held out)."""
        return len(self.y_test) if self.held_out else 0


def split_table(X: Any, y: Any, *, test_size: float, seed: int) -> Split:
    """Hold out ``test_size`` of the rows, stratified by ``y``; a DataError when it cannot.

    ``test_size=0`` holds out nothing: the model is fitted on every row, as R's ``glm`` is,
    and it is scored on those same rows (``held_out`` is False).
    """
    from sklearn.model_selection import train_test_split

    if test_size == 0:
        return Split(X, X, y, y, held_out=False)
    try:
        X_tr, X_te, y_tr, y_te = train_test_split(
            X, y, test_size=test_size, random_state=seed, stratify=y
        )
    except ValueError as exc:
        raise DataError(
            f"cannot make a stratified split with test_size={test_size}: {exc}"
        ) from None
    return Split(X_tr, X_te, y_tr, y_te)
