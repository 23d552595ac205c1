"""No package imports another package's private modules or names (import-linter keeps the layers).

A package is a folder under ``src/logitnet`` (``linear``, ``streaming``, ``_group``, ...). What
other packages need from it, its ``__init__`` exports; a module or name whose dotted path has a
part starting with ``_`` below the package is its own. Every import counts: at the top, inside
a function (lazy), and under ``TYPE_CHECKING``. The top-level core modules (``logitnet._io``,
``logitnet._validation``, ...) are shared by every layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "logitnet"


def _module_name(path: Path) -> str:
    """``src/logitnet/linear/_cv.py`` -> ``logitnet.linear._cv``."""
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package(module: str) -> str | None:
    """The folder under logitnet that holds ``module`` (None for a top-level module)."""
    parts = module.split(".")
    if len(parts) < 2 or not (PACKAGE / parts[1]).is_dir():
        return None
    return parts[1]


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _ours(module: str) -> bool:
    return module.split(".")[0] == "logitnet"


def _imported(tree: ast.Module) -> list[tuple[int, str, list[str]]]:
    """``(line, module, names)`` of every absolute import of logitnet in ``tree``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name, []) for a in node.names if _ours(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _ours(node.module or ""):
            found.append((node.lineno, node.module, [a.name for a in node.names]))
    return found


def crossings(source: str, importer: str) -> list[str]:
    """The imports in ``source`` (module ``importer``) of another package's private parts."""
    mine = _package(importer)
    found = []
    for line, module, names in _imported(ast.parse(source)):
        target = _package(module)
        if target is None or target == mine:
            continue
        private = [p for p in module.split(".")[2:] if _private(p)]
        private += [n for n in names if _private(n)]
        if private:
            found.append(f"{importer}:{line} imports {module} ({', '.join(names) or 'module'})")
    return found


def test_no_package_imports_another_packages_private_modules_or_names():
    paths = sorted(PACKAGE.rglob("*.py"))
    found = [c for path in paths for c in crossings(path.read_text(), _module_name(path))]
    assert found == []


def test_the_check_sees_lazy_and_type_checking_imports():
    code = (
        "from typing import TYPE_CHECKING\n"
        "from logitnet.linear import LogisticRegression\n"
        "if TYPE_CHECKING:\n"
        "    from logitnet.streaming._scan import Scan\n"
        "def f():\n"
        "    from logitnet.metrics._classification import _json_numbers\n"
        "    import logitnet.linear._cv\n"
        "    from logitnet.nn._mlp import MLP\n"  # the importer's own package
        "    from logitnet import _io\n"  # a core module
        "    from logitnet.streaming import _scan\n"
    )
    assert crossings(code, "logitnet.nn._probe") == [
        "logitnet.nn._probe:4 imports logitnet.streaming._scan (Scan)",
        "logitnet.nn._probe:6 imports logitnet.metrics._classification (_json_numbers)",
        "logitnet.nn._probe:7 imports logitnet.linear._cv (module)",
        "logitnet.nn._probe:10 imports logitnet.streaming (_scan)",
    ]
