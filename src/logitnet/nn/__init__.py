"""Neural-network classifiers in PyTorch: building blocks, a training loop and an estimator."""

# ``from ... import x as x``: x is for logitnet's other packages, not in __all__.
from logitnet.history import History
from logitnet.nn._batching import InMemoryBatches
from logitnet.nn._callbacks import (
    Callback,
    Checkpoint,
    EarlyStopping,
    EpochPrinter,
    GradientClipping,
    LRScheduler,
    ProgressBar,
)
from logitnet.nn._classifier import NeuralNetClassifier
from logitnet.nn._context import TrainingContext
from logitnet.nn._ddp import fit_ddp as fit_ddp
from logitnet.nn._fast_step import FastMLPStep
from logitnet.nn._mlp import ACTIVATIONS, MLP
from logitnet.nn._optim import OPTIMIZERS
from logitnet.nn._streamed import fit_scan_resumed as fit_scan_resumed
from logitnet.nn._summary import ModelSummary, summary
from logitnet.nn._train import train

__all__ = [
    "ACTIVATIONS",
    "MLP",
    "OPTIMIZERS",
    "Callback",
    "Checkpoint",
    "EarlyStopping",
    "EpochPrinter",
    "FastMLPStep",
    "GradientClipping",
    "History",
    "InMemoryBatches",
    "LRScheduler",
    "ModelSummary",
    "NeuralNetClassifier",
    "ProgressBar",
    "TrainingContext",
    "summary",
    "train",
]
