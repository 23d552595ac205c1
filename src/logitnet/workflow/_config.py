"""``TrainConfig``: everything one training run needs, checked before any work starts."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODELS = ("logistic", "mlp")
IMPUTE_STRATEGIES = ("mean", "median", "most_frequent")


@dataclass
class TrainConfig:
    """The settings of one training run: data, preparation, model, split and output.

    Each field is checked when the config is made, with the message the estimator itself
    would give (the estimator's own checks run), so a bad value fails before any data is read.
    Settings of the model not chosen (``solver`` for ``model="mlp"``, say) are not used.

    Parameters
    ----------
    data : str or path-like
        A CSV or Parquet file (``.parquet``, ``.pq``).
    target : str
        The column to predict.

    The other fields are documented by their comments in the source; see
    :func:`run_training` for what happens with them.

    Examples
    --------
    >>> config = TrainConfig("pokemon.csv", "legendary", model="mlp", hidden=(16,), epochs=5)
    >>> config.out is None
    True
    """

    data: str | os.PathLike[str]  # a CSV or Parquet file
    target: str  # the column to predict
    features: list[str] | None = None  # use only these columns (None: every usable column)
    drop: list[str] | None = None  # columns not to use
    model: str = "logistic"  # "logistic" or "mlp"
    hidden: tuple[int, ...] = (64,)  # hidden layer sizes of the mlp
    epochs: int = 50  # training epochs of the mlp
    lr: float = 0.01  # learning rate of the mlp
    batch_size: int = 50  # mini-batch size of the mlp
    alpha: float | str = 0.0  # penalty (the mlp's weight_decay); "cv": chosen by CV (logistic)
    l1_ratio: float = 0.0  # logistic: share of the L1 part of the penalty (0 ridge, 1 lasso)
    cv_select: str = "1se"  # alpha="cv": "min" (best mean score) or "1se" (glmnet's lambda.1se)
    cv_folds: int = 10  # alpha="cv": folds of the cross-validation
    solver: str = "auto"  # logistic solver: "auto", "newton", "lbfgs", "gd" or "cd"
    activation: str = "relu"  # hidden activation of the mlp
    dropout: float = 0.0  # dropout probability of the mlp, in [0, 1)
    optimizer: str = "adam"  # optimizer of the mlp: "adam", "adamw" or "sgd"
    early_stopping: bool = False  # mlp: stop when the validation loss stops improving
    validation_fraction: float = 0.1  # share of the training rows held out for early stopping
    patience: int = 10  # epochs without improvement before early stopping
    class_weight: str | dict | None = None  # None, "balanced" or {class: weight}
    balance: bool = False  # undersample every class to the smallest one's size
    threshold: float | None = None  # two classes: predict the second above this probability
    tune_threshold: str | None = None  # choose it by CV: f1, balanced_accuracy, precision:P, ...
    calibrate: str | None = None  # calibrate the probabilities: "sigmoid" or "isotonic"
    dropna: bool = False  # drop rows with missing values
    impute: str | None = None  # fill in missing values: "mean", "median" or "most_frequent"
    test_size: float = 0.2  # share of rows held out (stratified) for the metrics
    seed: int = 0  # random seed of the split, the balancing and the training
    out: str | os.PathLike[str] | None = None  # folder to write (None: write nothing)
    force: bool = False  # replace ``out`` when it exists
    stream: bool = False  # read the table in batches from disk, whatever its size
    memory_limit: int | str | None = None  # stream above this size (bytes or "4GB"; None: RAM/4)
    batch_rows: int = 65_536  # rows read at a time when streaming
    processes: int = 1  # worker processes on this machine (the CLI starts them; torchrun: 1)
    max_restarts: int = 0  # times the launcher restarts the workers after one fails

    def __post_init__(self) -> None:
        self.data = Path(self.data)
        self.out = None if self.out is None else Path(self.out)
        self.hidden = tuple(self.hidden) if isinstance(self.hidden, list) else self.hidden
        if isinstance(self.memory_limit, str):
            from logitnet.streaming._memory import parse_size

            self.memory_limit = parse_size(self.memory_limit)
        self.check()

    def check(self) -> None:
        """Raise ValueError or TypeError, naming the field and the value, for a bad setting."""
        from logitnet._validation import check_in_range, check_int, check_option

        if not isinstance(self.target, str) or not self.target:
            raise TypeError(f"`target` must be a column name. Got {self.target!r} instead.")
        check_option("model", self.model, MODELS)
        if self.impute is not None:
            check_option("impute", self.impute, IMPUTE_STRATEGIES)
        check_in_range("test_size", self.test_size, 0.0, 1.0, closed="neither")
        self._check_penalty()
        check_int("seed", self.seed, min_value=0)
        check_int("batch_rows", self.batch_rows)
        if self.memory_limit is not None:
            check_int("memory_limit", self.memory_limit)
        check_int("processes", self.processes, min_value=1)
        check_int("max_restarts", self.max_restarts, min_value=0)
        if self.model == "mlp":
            self._check_hidden()
        self._check_probability_options()
        self.estimator()._check_params()

    def _check_penalty(self) -> None:
        """``alpha`` >= 0 or "cv" (logistic, in memory, one process); ``l1_ratio`` in [0, 1]."""
        from logitnet._validation import check_in_range, check_int, check_option

        check_in_range("l1_ratio", self.l1_ratio, 0.0, 1.0)
        check_option("cv_select", self.cv_select, ("min", "1se"))
        check_int("cv_folds", self.cv_folds, min_value=2)
        if self.alpha != "cv":
            check_in_range("alpha", self.alpha, 0.0, None)  # the mlp calls it weight_decay
            return
        if self.model != "logistic":
            raise ValueError(
                "`alpha`='cv' chooses a logistic model's alpha by cross-validation; it does not "
                f"apply to model={self.model!r}. Give a number."
            )
        if self.processes > 1 or self.stream:
            raise ValueError(
                "`alpha`='cv' cross-validates a table in memory, in one process: it does not "
                "apply to stream or processes > 1. Give a number (choose it on a sample)."
            )

    def _check_probability_options(self) -> None:
        """``calibrate`` and ``tune_threshold`` are known names; a threshold is set or tuned."""
        from logitnet._validation import check_option
        from logitnet.tuning import CALIBRATION_METHODS
        from logitnet.tuning._threshold import make_objective

        if self.calibrate is not None:
            check_option("calibrate", self.calibrate, CALIBRATION_METHODS)
        if self.tune_threshold is not None:
            make_objective(self.tune_threshold, pos_label=1)
            if self.threshold is not None:
                raise ValueError(
                    "Give `threshold` or `tune_threshold`, not both. Got threshold="
                    f"{self.threshold!r} and tune_threshold={self.tune_threshold!r}."
                )

    def _check_hidden(self) -> None:
        """``hidden`` is a non-empty tuple of ints >= 1."""
        from logitnet._validation import check_int

        if not isinstance(self.hidden, tuple) or not self.hidden:
            raise TypeError(
                f"`hidden` must be a tuple of layer sizes. Got {self.hidden!r} instead."
            )
        for size in self.hidden:
            check_int("hidden", size)

    def streams(self) -> bool:
        """Whether the run streams: ``stream``, a folder or glob, or a table over the budget."""
        from logitnet.streaming._memory import should_stream

        many = self.data.is_dir() or any(c in str(self.data) for c in "*?[")
        if not many and not self.data.is_file():
            return False  # the in-memory reader names what is wrong with the path
        return should_stream(self.data, self.stream or many, self.memory_limit)

    def estimator(self, callbacks: Any = ()) -> Any:
        """The unfitted estimator these settings describe (``callbacks`` go to the mlp)."""
        from logitnet.workflow._estimator import build_estimator

        return build_estimator(self, callbacks)

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain JSON values (paths as text, tuples as lists)."""
        doc = dataclasses.asdict(self)
        for name in ("data", "out"):
            doc[name] = None if doc[name] is None else str(doc[name])
        doc["hidden"] = list(self.hidden)
        return doc
