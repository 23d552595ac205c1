"""``TrainConfig``: everything one training run needs, checked before any work starts, and the
estimator it describes."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from logitnet._typing import Estimator
    from logitnet.nn import Callback

MODELS = ("logistic", "mlp")
LOGISTIC_MAX_ITER = 1000  # the command line's budget: enough for unscaled one-hot columns
NEWTON_TOL = 1e-10  # Newton's method gets there in an iteration or two more than at 1e-6, and
# the coefficient table then agrees with R's and statsmodels' to their printed digits
# the elastic net's KKT tolerance: Newton steps converge fast, and a fit over several processes
# or a stream then reaches the in-memory coefficients to 1e-6
ELASTIC_NET_TOL = 1e-9
IMPUTE_STRATEGIES = ("mean", "median", "most_frequent")
CI_METHODS = ("wald", "profile")


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
    test_size: float = 0.2  # share of rows held out (stratified) for the metrics; 0: none
    reference: dict[str, str] | None = None  # logistic: {column: reference level} (default:
    # the first level in sorted order, as R); networks keep every level
    ci: str = "wald"  # intervals of the coefficient table: "wald" or "profile" (R's confint)
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
            from logitnet.streaming import parse_size

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
        check_in_range("test_size", self.test_size, 0.0, 1.0, closed="left")
        self._check_reference()
        check_option("ci", self.ci, CI_METHODS)
        if self.ci == "profile" and self.alpha != 0:
            raise ValueError(
                "ci='profile' profiles the unpenalized likelihood; set alpha=0. "
                f"Got alpha={self.alpha!r}."
            )
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
        self.estimator().check_params()

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
        from logitnet.tuning import CALIBRATION_METHODS, make_objective

        if self.calibrate is not None:
            check_option("calibrate", self.calibrate, CALIBRATION_METHODS)
        if self.tune_threshold is not None:
            make_objective(self.tune_threshold, pos_label=1)
            if self.threshold is not None:
                raise ValueError(
                    "Give `threshold` or `tune_threshold`, not both. Got threshold="
                    f"{self.threshold!r} and tune_threshold={self.tune_threshold!r}."
                )

    def _check_reference(self) -> None:
        """``reference`` is None or a ``{column: level}`` dict, for a logistic model only."""
        if self.reference is None:
            return
        if not isinstance(self.reference, dict):
            raise TypeError(
                f"`reference` must be a dict {{column: level}}. Got {self.reference!r} instead."
            )
        if self.model != "logistic" and self.reference:
            raise ValueError(
                "`reference` codes text columns against a reference level for the logistic "
                f"model; model={self.model!r} keeps every level. Got {self.reference!r}."
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
        from logitnet.streaming import should_stream

        data, limit = Path(self.data), self.memory_limit
        assert not isinstance(limit, str)  # parsed by __post_init__
        many = data.is_dir() or any(c in str(data) for c in "*?[")
        if not many and not data.is_file():
            return False  # the in-memory reader names what is wrong with the path
        return should_stream(data, self.stream or many, limit)

    def estimator(self, callbacks: Iterable[Callback] = ()) -> Estimator:
        """The unfitted estimator these settings describe (``callbacks`` go to the mlp)."""
        return build_estimator(self, callbacks)

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain JSON values (paths as text, tuples as lists)."""
        doc = dataclasses.asdict(self)
        for name in ("data", "out"):
            doc[name] = None if doc[name] is None else str(doc[name])
        doc["hidden"] = list(self.hidden)
        return doc


def build_estimator(config: TrainConfig, callbacks: Iterable[Any] = ()) -> Any:
    """A LogisticRegression or NeuralNetClassifier with the config's settings, unfitted."""
    if config.model == "logistic":
        return _logistic(config)
    return _network(config, list(callbacks))


def _logistic(config: TrainConfig) -> Any:
    """The logistic regression of ``config`` (never imports torch)."""
    from logitnet.linear import LogisticRegression

    if config.alpha == "cv":
        from logitnet.linear import LogisticRegressionCV

        return LogisticRegressionCV(
            l1_ratio=config.l1_ratio,
            cv=config.cv_folds,
            select=config.cv_select,
            class_weight=config.class_weight,
            threshold=_threshold(config),
        )
    assert not isinstance(config.alpha, str)  # "cv" is the only text, handled above
    return LogisticRegression(
        alpha=config.alpha,
        l1_ratio=config.l1_ratio,
        solver=config.solver,
        class_weight=config.class_weight,
        threshold=_threshold(config),
        max_iter=LOGISTIC_MAX_ITER,
        **_tolerance(config),
    )


def _tolerance(config: TrainConfig) -> dict[str, Any]:
    """The elastic net's KKT tolerance, or Newton's tighter one; the solver's default else."""
    if config.l1_ratio > 0:
        return {"tol": ELASTIC_NET_TOL}
    if config.solver in ("newton", "auto"):
        return {"tol": NEWTON_TOL}
    return {}


def _network(config: TrainConfig, callbacks: list[Any]) -> Any:
    """The network of ``config``; its random_state is the config's seed."""
    from logitnet.nn import NeuralNetClassifier

    assert not isinstance(config.alpha, str)  # "cv" is refused for a network
    return NeuralNetClassifier(
        config.hidden,
        activation=config.activation,
        dropout=config.dropout,
        optimizer=config.optimizer,
        lr=config.lr,
        weight_decay=config.alpha,
        batch_size=config.batch_size,
        epochs=config.epochs,
        early_stopping=config.early_stopping,
        validation_fraction=config.validation_fraction,
        patience=config.patience,
        class_weight=config.class_weight,
        threshold=_threshold(config),
        random_state=config.seed,
        callbacks=callbacks or None,
    )


def _threshold(config: TrainConfig) -> float:
    """The config's threshold, or the estimators' default of 0.5."""
    return 0.5 if config.threshold is None else config.threshold
