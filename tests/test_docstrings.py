"""The ``>>>`` examples in logitnet's docstrings, run as doctests in an empty folder."""

from __future__ import annotations

import doctest
import importlib
import io
from pathlib import Path

import pytest

import logitnet

PACKAGE = Path(logitnet.__file__).resolve().parent
FLAGS = doctest.ELLIPSIS


def _module_name(path: Path) -> str:
    """``logitnet/linear/_binary.py`` -> ``logitnet.linear._binary`` (a package: its name)."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules_with_examples() -> list[str]:
    """Every module of logitnet whose source holds a ``>>>`` example."""
    return [
        _module_name(path)
        for path in sorted(PACKAGE.rglob("*.py"))
        if ">>>" in path.read_text(encoding="utf-8")
    ]


def test_the_examples_are_found():
    names = modules_with_examples()
    assert len(names) >= 30
    assert {"logitnet.linear._sigmoid", "logitnet.nn._train", "logitnet.persistence"} <= set(names)


@pytest.mark.parametrize("name", modules_with_examples())
def test_docstring_examples(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the examples that write files write them here
    module = importlib.import_module(name)
    tests = doctest.DocTestFinder().find(module, name)
    assert sum(len(test.examples) for test in tests) > 0, f"no examples found in {name}"
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report = io.StringIO()
    for test in tests:
        runner.run(test, out=report.write)
    assert runner.failures == 0, report.getvalue()
