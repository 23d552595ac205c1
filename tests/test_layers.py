"""No package imports another package's private modules or names, nor uses its private members.

A package is a folder under ``src/logitnet`` (``linear``, ``streaming``, ``_group``, ...). What
other packages need from it, its ``__init__`` exports; a module or name whose dotted path has a
part starting with ``_`` below the package is its own. Every import counts: at the top, inside
a function (lazy), and under ``TYPE_CHECKING``. The top-level core modules (``logitnet._io``,
``logitnet._validation``, ...) are shared by every layer.

A private member (``obj._name``, other than ``self._name``) is another package's when only
another package's classes define ``_name`` (a method, or an annotated class attribute such as a
dataclass field). Import-linter keeps the layers; this file keeps the packages' insides.
"""

from __future__ import annotations

import ast
import collections
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


def _class_members(tree: ast.Module) -> set[str]:
    """The private methods and annotated class attributes of the classes in ``tree``."""
    found = set()
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for node in cls.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.add(node.name)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                found.add(node.target.id)
    return {name for name in found if _private(name)}


def foreign_members(tree: ast.Module, foreign: set[str]) -> list[str]:
    """``line: .name`` of each use in ``tree`` of a private member in ``foreign``."""
    uses = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr in foreign]
    return [f"{n.lineno}: .{n.attr}" for n in uses if not _own(n.value)]


def _own(value: ast.expr) -> bool:
    """Whether ``value`` is ``self`` or ``cls``."""
    return isinstance(value, ast.Name) and value.id in ("self", "cls")


def test_no_package_uses_another_packages_private_members():
    trees = {_module_name(p): ast.parse(p.read_text()) for p in sorted(PACKAGE.rglob("*.py"))}
    members: dict[str | None, set[str]] = collections.defaultdict(set)
    for module, tree in trees.items():
        members[_package(module)] |= _class_members(tree)
    found = []
    for module, tree in trees.items():
        mine = _package(module)
        others = set().union(*(names for p, names in members.items() if p != mine))
        found += [f"{module}:{use}" for use in foreign_members(tree, others - members[mine])]
    assert found == []


def test_the_member_check_sees_calls_and_attributes_but_not_self():
    code = (
        "def f(model, scan):\n"
        "    model._check_params()\n"
        "    scan._cache['classes'] = 1\n"
        "    self._check_params()\n"
        "    model.check_params()\n"
    )
    foreign = {"_check_params", "_cache"}
    assert foreign_members(ast.parse(code), foreign) == ["2: ._check_params", "3: ._cache"]
