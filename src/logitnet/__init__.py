"""logitnet: classification from logistic regression written from scratch to PyTorch networks."""

from importlib.metadata import PackageNotFoundError, version

from logitnet.exceptions import ConvergenceWarning, DataError, ModelFileError, NotFittedError

try:
    __version__ = version("logitnet")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "ConvergenceWarning",
    "DataError",
    "ModelFileError",
    "NotFittedError",
    "__version__",
]

# Each subpackage adds its public names below, in its own block.
# --- linear (logistic regression from scratch) ---
from logitnet.linear import (  # noqa: E402
    LogisticRegression,
    accuracy,
    add_intercept,
    log_loss,
    log_loss_and_grad,
    log_loss_grad,
    multinomial_loss,
    multinomial_loss_and_grad,
    multinomial_loss_grad,
    predict_logistic,
    sigmoid,
    softmax,
)

__all__ += [
    "LogisticRegression",
    "accuracy",
    "add_intercept",
    "log_loss",
    "log_loss_and_grad",
    "log_loss_grad",
    "multinomial_loss",
    "multinomial_loss_and_grad",
    "multinomial_loss_grad",
    "predict_logistic",
    "sigmoid",
    "softmax",
]
# --- datasets ---
from logitnet.datasets import (  # noqa: E402
    balance_classes,
    load_pokemon,
    make_lecture_blobs,
    make_lecture_circles,
)

__all__ += ["balance_classes", "load_pokemon", "make_lecture_blobs", "make_lecture_circles"]
# --- nn (PyTorch classifiers) ---
from logitnet.nn import (  # noqa: E402
    MLP,
    Callback,
    Checkpoint,
    EarlyStopping,
    History,
    LRScheduler,
    NeuralNetClassifier,
    ProgressBar,
    summary,
    train,
)

__all__ += [
    "MLP",
    "Callback",
    "Checkpoint",
    "EarlyStopping",
    "History",
    "LRScheduler",
    "NeuralNetClassifier",
    "ProgressBar",
    "summary",
    "train",
]
# --- plotting and report ---
from logitnet.plotting import (  # noqa: E402
    plot_classification_2d,
    plot_confusion_matrix,
    plot_logistic,
    plot_loss,
    plot_probability_histogram,
)

__all__ += [
    "plot_classification_2d",
    "plot_confusion_matrix",
    "plot_logistic",
    "plot_loss",
    "plot_probability_histogram",
]
from logitnet.report import write_report  # noqa: E402

__all__ += ["write_report"]
# --- persistence and preprocessing ---
from logitnet import preprocessing  # noqa: E402
from logitnet.persistence import load, save  # noqa: E402

__all__ += ["load", "preprocessing", "save"]
