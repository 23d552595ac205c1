"""The types that public signatures name, for type checkers only.

Import them under ``TYPE_CHECKING``: at run time this module defines nothing, so naming a
model type never imports scikit-learn, torch or the model packages at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from typing import Any, Protocol

    import numpy as np
    import torch
    from numpy.typing import ArrayLike
    from sklearn.base import BaseEstimator
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import Pipeline
    from torch.optim.lr_scheduler import LRScheduler, ReduceLROnPlateau

    from logitnet.history import History
    from logitnet.linear import LogisticRegression
    from logitnet.nn import NeuralNetClassifier
    from logitnet.streaming import Scan

    #: An estimator of logitnet.
    Estimator: TypeAlias = LogisticRegression | NeuralNetClassifier
    #: What ``save`` writes and ``load`` returns.
    Model: TypeAlias = LogisticRegression | NeuralNetClassifier | Pipeline | ColumnTransformer
    #: A fitted classifier: a logitnet estimator, or a Pipeline ending in one.
    Classifier: TypeAlias = LogisticRegression | NeuralNetClassifier | Pipeline
    #: Rows to fit or predict on: an array, a DataFrame, or a lazy table.
    Rows: TypeAlias = ArrayLike | Scan

    #: ``class_weight``: a weight per class label, ``"balanced"`` (the only name; ``fit``
    #: checks it), or None (every class 1).
    ClassWeight: TypeAlias = dict[Any, float] | str | None
    #: ``random_state``: a seed, a NumPy ``RandomState``, or None (a fresh seed).
    RandomState: TypeAlias = int | np.random.RandomState | None

    class Splitter(Protocol):
        """A cross-validation splitter: anything with scikit-learn's ``split`` method."""

        def split(self, X: Any, y: Any = ..., groups: Any = ...) -> Iterable[tuple[Any, Any]]:
            """The ``(train, test)`` row indices of each fold."""
            ...

    #: ``cv``: a number of folds, a splitter, or one fold label per row.
    CV: TypeAlias = int | Splitter | ArrayLike
    #: ``scoring``: a scorer's name, or a callable ``scorer(estimator, X, y)``.
    Scorer: TypeAlias = str | Callable[..., float]

    class ProbaClassifier(Protocol):
        """A fitted classifier with ``predict_proba`` (logitnet's, scikit-learn's, a Pipeline)."""

        def predict_proba(self, X: Any) -> Any:
            """The probability of each class, one column per class of ``classes_``."""
            ...

    class ScanProgress(Protocol):
        """Told of each pass over a streamed table (the CLI's rows-per-second bar)."""

        def begin(self, rows: int) -> None:
            """A pass over ``rows`` rows begins."""
            ...

        def advance(self, rows: int) -> None:
            """``rows`` more rows were read."""
            ...

    #: A training history: a ``History``, per-epoch dicts, a dict of such lists, or an
    #: estimator with ``history_`` or ``loss_curve_``.
    HistoryLike: TypeAlias = (
        History
        | Sequence[Mapping[str, Any]]
        | Mapping[str, Sequence[Mapping[str, Any]]]
        | BaseEstimator
    )
    #: Training data: batches of ``(X, y)`` tensors (a DataLoader), or one pair of arrays.
    TrainData: TypeAlias = (
        Iterable[tuple[torch.Tensor, torch.Tensor]]
        | tuple[ArrayLike | torch.Tensor, ArrayLike | torch.Tensor]
    )
    #: A learning-rate scheduler, or a class or factory called as ``scheduler(optimizer, ...)``.
    Scheduler: TypeAlias = (
        LRScheduler | ReduceLROnPlateau | Callable[..., LRScheduler | ReduceLROnPlateau]
    )
