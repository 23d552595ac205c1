"""The notebook builder: a failing cell fails the run, the kernel is this Python, no CDN."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

PROBE = """# %%
import os
import sys

print(sys.executable)
print(os.getcwd())
print(os.environ["LOGITNET_OUT"])
print(repr(os.environ["LOGITNET_POKEMON"]))
"""
MESSAGE = "a cell that breaks"
NOT_WRITTEN = "the notebook and page were not written"
BROKEN = """# %%
print("the first cell ran")

# %%
raise ValueError("a cell that breaks")
"""


def _source(folder: Path, name: str, text: str) -> Path:
    """Write a percent-format notebook ``name`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
def test_the_kernel_is_this_python_started_beside_the_source(build_notebook, tmp_path):
    source = _source(tmp_path / "src", "probe.py", PROBE)
    out = tmp_path / "out"
    done = build_notebook("--source", str(source), "--out", str(out), "--pokemon", "")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"wrote {out / 'probe.ipynb'} and {out / 'probe.html'}\n"
    printed = nbformat.read(out / "probe.ipynb", as_version=4).cells[0].outputs[0].text
    expected = [sys.executable, str(source.parent), str(out.resolve()), "''"]
    assert printed.splitlines() == expected


def test_a_cell_that_raises_fails_the_run_and_keeps_the_old_files(build_notebook, tmp_path):
    source = _source(tmp_path, "broken.py", BROKEN)
    out = tmp_path / "out"
    out.mkdir()
    (out / "broken.html").write_text("the old page", encoding="utf-8")
    done = build_notebook("--source", str(source), "--out", str(out))
    assert done.returncode == 1
    first, *detail = done.stderr.splitlines()
    assert first == f"error: {source}: a cell raised ValueError: {MESSAGE}; {NOT_WRITTEN}"
    assert 'raise ValueError("a cell that breaks")' in detail and "\x1b" not in done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["broken.html"]
    assert (out / "broken.html").read_text(encoding="utf-8") == "the old page"


@pytest.mark.parametrize("option", ["--pokemon", "--source"])
def test_a_missing_input_file_is_one_line(build_notebook, tmp_path, option):
    missing = tmp_path / "missing.csv"
    done = build_notebook("--out", str(tmp_path / "out"), option, str(missing))
    assert done.returncode == 1
    assert done.stderr == f"error: {option} {missing}: no such file\n"
    assert not (tmp_path / "out").exists()


def test_the_page_loads_no_script_from_a_cdn(builder_module):
    from nbconvert import HTMLExporter

    notebook = new_notebook(
        cells=[new_markdown_cell("The sigmoid: $1 / (1 + e^{-z})$"), new_code_cell("1 + 1")]
    )
    default_page, _ = HTMLExporter().from_notebook_node(notebook)
    assert "require.min.js" in default_page and "mathjax" in default_page.lower()
    page = builder_module.to_html(notebook, "sigmoid")
    assert "<script src=" not in page and "mathjax" not in page.lower()
    assert "<title>sigmoid</title>" in page and "The sigmoid:" in page


def test_a_cell_that_times_out_is_named_on_the_first_line(builder_module):
    from nbclient.exceptions import CellTimeoutError

    timeout = CellTimeoutError("A cell timed out while it was being executed, after 600 seconds.")
    first, *_ = builder_module._failure(Path("lecture.py"), timeout).splitlines()
    assert first == (
        "error: lecture.py: CellTimeoutError: A cell timed out while it was being executed, "
        f"after 600 seconds; {NOT_WRITTEN}"
    )
