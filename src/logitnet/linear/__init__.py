"""Logistic regression from scratch: the lecture's functions and a scikit-learn estimator.

The functions take ``(w, X, y)`` in that order, so they plug straight into
``scipy.optimize.minimize(loss, w0, jac=grad, args=(X, y))``.
"""

from typing import TYPE_CHECKING

# ``from ... import x as x``: x is for logitnet's other packages, not in __all__.
from logitnet.linear._binary import (
    add_intercept,
    log_loss,
    log_loss_and_grad,
    log_loss_grad,
    predict_logistic,
)
from logitnet.linear._inference import InferenceResult, inference
from logitnet.linear._inference_text import format_p as format_p
from logitnet.linear._inference_text import stars as stars
from logitnet.linear._kept import kept_coefficients as kept_coefficients
from logitnet.linear._kept import kept_summary as kept_summary
from logitnet.linear._logistic import LogisticRegression
from logitnet.linear._lrtest import DevianceTable, lr_test
from logitnet.linear._metrics import accuracy
from logitnet.linear._multinomial import (
    multinomial_loss,
    multinomial_loss_and_grad,
    multinomial_loss_grad,
)
from logitnet.linear._multinomial_inference import MultinomialInferenceResult
from logitnet.linear._sharded import fit_scan_resumed as fit_scan_resumed
from logitnet.linear._sharded import fit_sharded as fit_sharded
from logitnet.linear._sigmoid import sigmoid
from logitnet.linear._softmax import softmax
from logitnet.linear._solvers import SolverOptions as SolverOptions
from logitnet.linear._solvers import SolverResult as SolverResult
from logitnet.linear._weights import class_weights as class_weights

if TYPE_CHECKING:
    from logitnet.linear._cv import LogisticRegressionCV as LogisticRegressionCV
    from logitnet.linear._path import RegularizationPath as RegularizationPath
    from logitnet.linear._path import regularization_path as regularization_path

# The elastic net's path and cross-validation load numba: imported on first use.
_LAZY = {
    "LogisticRegressionCV": "logitnet.linear._cv",
    "RegularizationPath": "logitnet.linear._path",
    "regularization_path": "logitnet.linear._path",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'logitnet.linear' has no attribute {name!r}")


__all__ = [
    "DevianceTable",
    "InferenceResult",
    "LogisticRegression",
    "LogisticRegressionCV",
    "MultinomialInferenceResult",
    "RegularizationPath",
    "accuracy",
    "add_intercept",
    "inference",
    "log_loss",
    "log_loss_and_grad",
    "log_loss_grad",
    "lr_test",
    "multinomial_loss",
    "multinomial_loss_and_grad",
    "multinomial_loss_grad",
    "predict_logistic",
    "regularization_path",
    "sigmoid",
    "softmax",
]
