"""``TrainResult``: what one training run made."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from logitnet.workflow._config import TrainConfig
from logitnet.workflow._split import Split

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

    from logitnet.linear import InferenceResult, MultinomialInferenceResult


@dataclass
class TrainResult:
    """The fitted model, its metrics and history, the data it saw, and the files written."""

    config: TrainConfig  # the settings of the run
    model: Pipeline  # the fitted Pipeline: preprocessor, then the estimator
    metrics: dict[str, Any]  # the metrics.json document: test metrics, config, params
    history: list[dict[str, Any]]  # the history.json records, one per epoch or iteration
    split: Split  # the training and test rows
    notes: list[str] = field(default_factory=list)  # what preparing the table did
    out: Path | None = None  # the folder written, or None
    files: list[Path] = field(default_factory=list)  # the files in ``out``, in the usual order
    # An unpenalized logistic model: the coefficient table of the training rows, else None.
    inference: InferenceResult | MultinomialInferenceResult | None = None

    @property
    def scores(self) -> dict[str, Any]:
        """The test metrics: ``accuracy``, ``balanced_accuracy``, ``log_loss``, ..."""
        return self.metrics["metrics"]
