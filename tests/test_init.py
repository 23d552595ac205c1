"""The package root: every public name resolves, and importing it stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import logitnet


@pytest.mark.parametrize("name", logitnet.__all__)
def test_every_public_name_resolves(name):
    assert getattr(logitnet, name) is not None
    assert name in dir(logitnet)


def test_lazy_names_are_the_defining_modules_objects():
    from logitnet.linear import LogisticRegression
    from logitnet.nn import NeuralNetClassifier

    assert logitnet.LogisticRegression is LogisticRegression
    assert logitnet.NeuralNetClassifier is NeuralNetClassifier


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'LogisticRegresion'"):
        _ = logitnet.LogisticRegresion


def test_import_does_not_load_torch_or_plotly():
    code = "import sys, logitnet; print('torch' in sys.modules, 'plotly' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
