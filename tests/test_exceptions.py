"""logitnet's exceptions: its own, and the subclasses of scikit-learn's made on first use."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import sklearn.exceptions

import logitnet
from logitnet import exceptions
from logitnet.exceptions import ConvergenceWarning, DataError, ModelFileError, NotFittedError


def test_they_subclass_scikit_learns():
    assert issubclass(NotFittedError, sklearn.exceptions.NotFittedError)
    assert issubclass(ConvergenceWarning, sklearn.exceptions.ConvergenceWarning)
    assert issubclass(DataError, ValueError) and issubclass(ModelFileError, ValueError)


def test_every_way_to_reach_them_gives_one_class():
    assert logitnet.NotFittedError is NotFittedError is exceptions.NotFittedError
    assert logitnet.ConvergenceWarning is ConvergenceWarning
    assert NotFittedError.__module__ == "logitnet.exceptions"
    assert NotFittedError.__qualname__ == "NotFittedError"
    assert "fitted model" in NotFittedError.__doc__
    assert {"NotFittedError", "ConvergenceWarning", "DataError"} <= set(dir(exceptions))


def test_an_unfitted_model_raises_what_both_libraries_catch():
    model = logitnet.LogisticRegression()
    with pytest.raises(logitnet.NotFittedError, match="not fitted"):
        model.predict([[0.0]])
    try:
        model.predict([[0.0]])
    except sklearn.exceptions.NotFittedError as exc:
        assert type(exc) is NotFittedError


def test_the_convergence_warning_can_be_filtered_as_scikit_learns():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", sklearn.exceptions.ConvergenceWarning)
        logitnet.LogisticRegression(max_iter=1).fit(X, [0, 1, 0, 1])
    assert [type(w.message) for w in caught] == [ConvergenceWarning]


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="'logitnet.exceptions' has no attribute 'Nope'"):
        _ = exceptions.Nope
