"""The estimator a TrainConfig describes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from logitnet.workflow._config import TrainConfig

LOGISTIC_MAX_ITER = 1000  # the command line's budget: enough for unscaled one-hot columns
# the elastic net's KKT tolerance: Newton steps converge fast, and a fit over several processes
# or a stream then reaches the in-memory coefficients to 1e-6
ELASTIC_NET_TOL = 1e-9


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
            l1_ratio=config.l1_ratio, cv=config.cv_folds, select=config.cv_select,
            class_weight=config.class_weight, threshold=_threshold(config),
        )  # fmt: skip
    return LogisticRegression(
        alpha=config.alpha,
        l1_ratio=config.l1_ratio,
        solver=config.solver,
        class_weight=config.class_weight,
        threshold=_threshold(config),
        max_iter=LOGISTIC_MAX_ITER,
        **({"tol": ELASTIC_NET_TOL} if config.l1_ratio > 0 else {}),
    )


def _network(config: TrainConfig, callbacks: list[Any]) -> Any:
    """The network of ``config``; its random_state is the config's seed."""
    from logitnet.nn import NeuralNetClassifier

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
