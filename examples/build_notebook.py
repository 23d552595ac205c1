"""Execute the lecture notebook and render it to HTML: what ``make notebook`` runs.

Usage (from the repository root)::

    .venv/bin/python examples/build_notebook.py [--out demo-output] [--pokemon pokemon.csv]

``examples/lecture.py`` (jupytext percent format) becomes a notebook, runs cell by cell in a
kernel on this very Python, and is written with its outputs to ``<out>/lecture.ipynb`` and as a
self-contained page to ``<out>/lecture.html``. The page needs no network: plotly.js is inlined
once, by the first figure, and the template's CDN scripts (require.js, MathJax) are left out.
A cell that raises stops the run with exit status 1 and writes nothing. Each file is written
atomically, so a reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import jupytext
import nbformat
from ipykernel.kernelspec import get_kernel_dict
from jinja2 import DictLoader
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter
from traitlets import default
from traitlets.config import Config

from logitnet._io import write_atomic

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")  # the colours of an IPython traceback
HERE = Path(__file__).resolve().parent
SOURCE = HERE / "lecture.py"
CELL_TIMEOUT_S = 600  # one cell may train a network; none should take this long
# The lab template without the scripts it would fetch from a CDN.
OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


def read_notebook(source: Path) -> Any:
    """The percent-format script as a notebook, as ``jupytext --to ipynb`` converts it."""
    return jupytext.read(source)


class _ThisPythonSpecs(KernelSpecManager):
    """Kernel specs in which ``python3`` is always this interpreter, whatever else is installed."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        """The native ipykernel spec, which runs ``sys.executable``."""
        return KernelSpec(resource_dir=str(HERE), **get_kernel_dict())


class _ThisPythonKernel(AsyncKernelManager):
    """A kernel manager that starts its kernels on this interpreter."""

    @default("kernel_spec_manager")
    def _kernel_spec_manager_default(self) -> KernelSpecManager:
        """Specs that point at ``sys.executable``."""
        return _ThisPythonSpecs(data_dir=self.data_dir)


def execute(notebook: Any, cwd: Path, env: dict[str, str]) -> Any:
    """Run every cell in a fresh kernel started in ``cwd``; raise on the first cell that fails.

    The kernel talks over Unix sockets in a private temporary folder, not over TCP.
    """
    with tempfile.TemporaryDirectory(prefix="logitnet-kernel-") as sockets:
        ipc = {"transport": "ipc", "ip": str(Path(sockets) / "kernel")}
        client = NotebookClient(
            notebook,
            kernel_name="python3",
            kernel_manager_class=_ThisPythonKernel,
            timeout=CELL_TIMEOUT_S,
            config=Config({"KernelManager": ipc}),
        )
        client.execute(cwd=str(cwd), env=env)
    return notebook


def to_html(notebook: Any, title: str) -> str:
    """The executed notebook as one offline HTML page."""
    exporter = HTMLExporter(
        extra_loaders=[DictLoader({"offline.html.j2": OFFLINE_TEMPLATE})],
        template_file="offline.html.j2",
    )
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title}})
    return body


def kernel_env(out_dir: Path, pokemon: str | None) -> dict[str, str]:
    """The kernel's environment: where reports go and, if given, the Pokemon table."""
    env = {**os.environ, "LOGITNET_OUT": str(out_dir.resolve())}
    if pokemon is not None:
        env["LOGITNET_POKEMON"] = str(Path(pokemon).resolve()) if pokemon else ""
    return env


def build(source: Path, out_dir: Path, pokemon: str | None = None) -> tuple[Path, Path]:
    """Execute ``source`` and write ``<out_dir>/<name>.ipynb`` and ``.html``; return both paths.

    ``pokemon`` is the lecture's table (``""`` for the built-in data; ``None`` lets the
    notebook look for ``../shared/data/pokemon.csv`` beside the repository).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    notebook = execute(read_notebook(source), source.parent, kernel_env(out_dir, pokemon))
    ipynb = write_atomic(out_dir / f"{source.stem}.ipynb", nbformat.writes(notebook))
    html = write_atomic(out_dir / f"{source.stem}.html", to_html(notebook, source.stem))
    return ipynb, html


def _failure(source: Path, exc: Exception) -> str:
    """One line naming what failed, then the failing cell and its traceback without colours."""
    detail = ANSI_ESCAPE.sub("", str(exc)).strip()
    if isinstance(exc, CellExecutionError):
        what = f"a cell raised {exc.ename}: {exc.evalue}"
    else:  # a cell ran past CELL_TIMEOUT_S, or the kernel died
        first = detail.splitlines()[0].rstrip(".") if detail else "no detail"
        what = f"{type(exc).__name__}: {first}"
    return f"error: {source}: {what}; the notebook and page were not written\n{detail}"


def _parser() -> argparse.ArgumentParser:
    """The command line: --source, --out, --pokemon."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="percent-format notebook")
    parser.add_argument("--out", type=Path, default=Path("demo-output"), help="output folder")
    parser.add_argument(
        "--pokemon", default=None, help="the lecture's pokemon.csv; '' for the built-in data"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Build the notebook; print where it went, or one line saying which cell failed."""
    args = _parser().parse_args(argv)
    for option, path in (("--source", args.source), ("--pokemon", args.pokemon)):
        if path and not Path(path).is_file():
            print(f"error: {option} {path}: no such file", file=sys.stderr)
            return 1
    try:
        paths = build(args.source, args.out, args.pokemon)
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        print(_failure(args.source, exc), file=sys.stderr)
        return 1
    print("wrote " + " and ".join(str(path) for path in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
