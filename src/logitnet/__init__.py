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
# --- datasets ---
# --- nn (PyTorch classifiers) ---
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
# --- persistence and preprocessing ---
