"""Ending the ``logitnet`` process without the interpreter's teardown, once torch is loaded.

Freeing torch's modules one by one at exit takes about 1 s on a quiet 2-core machine and 6 s
on a busy one; a ``--processes N`` job pays it in the launcher and in every worker, after the
work is done. By then every file is written and closed, so the process runs its exit handlers,
flushes its output and ends at once.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from collections.abc import Callable
from typing import NoReturn


def exit_now(code: object) -> NoReturn:
    """End the process with ``SystemExit(code)``'s status: exit handlers run, output flushed."""
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()  # logging's flush, torch's own handlers
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code or 0)


def run(app: Callable[..., object], **options: object) -> None:
    """``app(**options)``; a process that loaded torch then ends through :func:`exit_now`."""
    try:
        app(**options)
    except SystemExit as exc:
        if "torch" not in sys.modules:
            raise
        exit_now(exc.code)
