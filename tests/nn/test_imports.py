"""Each nn module imports on its own, and the nn modules import each other without a cycle."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import logitnet.nn

NN_DIR = Path(logitnet.nn.__file__).parent
MODULES = sorted(f"logitnet.nn.{p.stem}" for p in NN_DIR.glob("_*.py") if p.stem != "__init__")


def _nn_imports(module: str) -> set[str]:
    """The logitnet.nn modules that ``module`` imports, anywhere in it (TYPE_CHECKING too)."""
    tree = ast.parse((NN_DIR / f"{module.rsplit('.', 1)[1]}.py").read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("logitnet.nn."):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("logitnet.nn."))
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` as a path of module names, or None."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return path[path.index(node) :] + [node]
        if node in done:
            return None
        for child in sorted(graph.get(node, ())):
            if (found := visit(child, [*path, node])) is not None:
                return found
        done.add(node)
        return None

    return next((c for m in sorted(graph) if (c := visit(m, [])) is not None), None)


def test_the_nn_modules_import_each_other_without_a_cycle():
    graph = {m: _nn_imports(m) for m in MODULES}
    assert _cycle(graph) is None, " -> ".join(_cycle(graph))


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert _cycle(graph) == ["a", "b", "c", "a"]


def test_the_training_modules_are_covered():
    names = {m.rsplit(".", 1)[1] for m in MODULES}
    assert {"_callbacks", "_context", "_step", "_train", "_evaluate", "_classifier"} <= names


# Imports each module named in argv first among logitnet's modules: the ones loaded before are
# forgotten (torch and numpy stay, an import cycle runs between logitnet's own modules). Prints
# ``{module: traceback}`` of those that failed, as JSON.
_IMPORT_EACH_FIRST = """
import importlib, json, sys, traceback
failed = {}
for module in sys.argv[1:]:
    for name in [m for m in sys.modules if m == "logitnet" or m.startswith("logitnet.")]:
        del sys.modules[name]
    try:
        importlib.import_module(module)
    except Exception:
        failed[module] = traceback.format_exc()
print(json.dumps(failed))
"""


@pytest.mark.slow
def test_each_nn_module_imports_first_in_a_fresh_process():
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_EACH_FIRST, *MODULES], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == {}


def test_a_module_that_fails_first_is_reported(tmp_path):
    (tmp_path / "logitnet_probe.py").write_text("import logitnet\nraise ImportError('cycle')\n")
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_EACH_FIRST, "logitnet.exceptions", "logitnet_probe"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    failed = json.loads(result.stdout.splitlines()[-1])
    assert list(failed) == ["logitnet_probe"]
    assert failed["logitnet_probe"].endswith("ImportError: cycle\n")
