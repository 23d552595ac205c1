"""The exceptions and warnings that logitnet raises, in one place."""

from __future__ import annotations

from sklearn.exceptions import ConvergenceWarning as _SkConvergenceWarning
from sklearn.exceptions import NotFittedError as _SkNotFittedError

__all__ = ["ConvergenceWarning", "DataError", "ModelFileError", "NotFittedError"]


class NotFittedError(_SkNotFittedError):
    """Raised when a method that needs a fitted model is called before ``fit``."""


class ConvergenceWarning(_SkConvergenceWarning):
    """Warned when a solver stops before it has converged."""


class DataError(ValueError):
    """Raised when a table cannot be used as it is (missing columns, missing values, ...)."""


class ModelFileError(ValueError):
    """Raised when a model file is missing, damaged, tampered with or of another version."""
