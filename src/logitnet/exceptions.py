"""The exceptions and warnings that logitnet raises, in one place.

:class:`NotFittedError` and :class:`ConvergenceWarning` subclass scikit-learn's, so that code
written for scikit-learn catches them too. They are made on first use (PEP 562), so that
``import logitnet`` does not import scikit-learn; every use sees the same class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["ConvergenceWarning", "DataError", "ModelFileError", "NotFittedError"]


class DataError(ValueError):
    """Raised when a table cannot be used as it is (missing columns, missing values, ...)."""


class ModelFileError(ValueError):
    """Raised when a model file is missing, damaged, tampered with or of another version."""


# Lazily made classes: name -> docstring; each subclasses scikit-learn's class of the same name.
_SKLEARN_SUBCLASSES = {
    "NotFittedError": "Raised when a method that needs a fitted model is called before ``fit``.",
    "ConvergenceWarning": "Warned when a solver stops before it has converged.",
}

if TYPE_CHECKING:  # what type checkers and IDEs see
    from sklearn.exceptions import ConvergenceWarning as _SkConvergenceWarning
    from sklearn.exceptions import NotFittedError as _SkNotFittedError

    class NotFittedError(_SkNotFittedError):
        """Raised when a method that needs a fitted model is called before ``fit``."""

    class ConvergenceWarning(_SkConvergenceWarning):
        """Warned when a solver stops before it has converged."""


def _make_subclass(name: str) -> type:
    """``class <name>(sklearn.exceptions.<name>)``, defined in this module."""
    from sklearn import exceptions

    namespace = {"__doc__": _SKLEARN_SUBCLASSES[name], "__module__": __name__}
    return type(name, (getattr(exceptions, name),), namespace)


def __getattr__(name: str) -> Any:
    """Make ``NotFittedError`` or ``ConvergenceWarning`` on first use (once: it is then kept)."""
    if name not in _SKLEARN_SUBCLASSES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return globals().setdefault(name, _make_subclass(name))


def __dir__() -> list[str]:
    """List the public names, made or not."""
    return sorted(set(globals()) | set(__all__))
