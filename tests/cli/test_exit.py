"""Once torch is loaded, the command ends without the interpreter's teardown, its status and
its output intact."""

from __future__ import annotations

import subprocess
import sys

PROGRAM = """
import atexit, sys
from logitnet.cli._exit import run
if sys.argv[1] == "torch":
    import torch
atexit.register(lambda: print("handlers ran", file=sys.stderr))

def app(code):
    print("partial line, not flushed", end="")
    sys.exit(code)

named = {"none": None, "text": "text"}
code = named[sys.argv[2]] if sys.argv[2] in named else int(sys.argv[2])
run(app, code=code)
"""


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PROGRAM, *args], capture_output=True, text=True, timeout=120
    )


def test_with_torch_loaded_the_status_the_output_and_the_exit_handlers_are_kept():
    for code, status in (("none", 0), ("0", 0), ("3", 3)):
        done = _run("torch", code)
        assert (done.returncode, done.stdout) == (status, "partial line, not flushed")
        assert done.stderr == "handlers ran\n"


def test_a_text_status_is_printed_and_exits_with_1():
    done = _run("torch", "text")
    assert (done.returncode, done.stderr) == (1, "text\nhandlers ran\n")


def test_without_torch_the_interpreter_exits_as_usual():
    done = _run("plain", "3")
    assert (done.returncode, done.stdout, done.stderr) == (
        3,
        "partial line, not flushed",
        "handlers ran\n",
    )
