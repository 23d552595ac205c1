"""Start local workers through torch's elastic launcher, and say in one line how one failed.

The launcher (``torch.distributed.launcher.api.elastic_launch``, what ``torchrun`` runs)
sets each worker's ``RANK``, ``WORLD_SIZE``, ``MASTER_ADDR`` and ``MASTER_PORT``, watches the
workers, stops them all when one fails, and restarts them up to ``max_restarts`` times.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import time
import traceback
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from torch.distributed.elastic.multiprocessing.errors import ChildFailedError

LAUNCHED_BY_LOGITNET = "LOGITNET_LAUNCHER"  # set for the workers that ``launch`` starts
# torch >= 2.5 keeps one store for every attempt of a job, and a restarted worker group finds
# the previous attempt's addresses there (pytorch/pytorch#135712): gloo then connects to dead
# workers, and the restart fails or hangs. With this set, each attempt gets a store of its own.
FRESH_STORE_EACH_ATTEMPT = "TORCH_DISABLE_SHARE_RDZV_TCP_STORE"


class WorkerFailedError(RuntimeError):
    """A worker process failed; the message names its rank and its error."""


def launch(
    args: Sequence[str], processes: int, *, max_restarts: int = 0, program: str | None = None
) -> None:
    """Run ``program args...`` (default: this Python) in ``processes`` local workers.

    Each worker runs with one OpenMP thread unless ``OMP_NUM_THREADS`` is set, as torchrun
    does. Returns when every worker has exited with status 0. Each attempt (the first, and
    each of up to ``max_restarts`` restarts) rendezvous through a store of its own
    (``TORCH_DISABLE_SHARE_RDZV_TCP_STORE=1`` unless set), so that restarted workers never
    read the addresses of the workers they replace.

    Raises
    ------
    WorkerFailedError
        When a worker fails (an error, a signal) and no restart is left: every other worker
        is stopped, and the message names the first failed rank and its error.
    """
    from torch.distributed.elastic.multiprocessing.errors import ChildFailedError
    from torch.distributed.launcher.api import LaunchConfig, elastic_launch

    config = LaunchConfig(
        min_nodes=1,
        max_nodes=1,
        nproc_per_node=processes,
        run_id=uuid.uuid4().hex,
        rdzv_backend="c10d",
        rdzv_endpoint="localhost:0",
        max_restarts=max_restarts,
        monitor_interval=0.1,
    )
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault(FRESH_STORE_EACH_ATTEMPT, "1")
    os.environ[LAUNCHED_BY_LOGITNET] = "1"
    _quiet_launcher()
    try:
        elastic_launch(config, program or sys.executable)(*args)
    except ChildFailedError as exc:
        raise WorkerFailedError(failure_line(exc)) from None
    finally:
        os.environ.pop(LAUNCHED_BY_LOGITNET, None)


def launched_by_us() -> bool:
    """Whether this process is a worker that :func:`launch` started."""
    return os.environ.get(LAUNCHED_BY_LOGITNET) == "1"


def restarted_by_us() -> bool:
    """Whether this worker is of a restarted attempt of a job that :func:`launch` started.

    ``logitnet train --processes N`` refuses an existing ``--out`` before it launches, so an
    output folder that such a worker finds was written by an earlier attempt of its own job.
    """
    return launched_by_us() and int(os.environ.get("TORCHELASTIC_RESTART_COUNT", "0")) > 0


def failure_line(exc: ChildFailedError) -> str:
    """``rank R failed: <its error>`` from a ChildFailedError, for the failure that came first.

    A rank killed by a signal comes first (its peers fail because it is gone); otherwise the
    error recorded first, by :func:`record_error`'s time in nanoseconds.
    """
    rank, failure = min(exc.failures.items(), key=lambda item: _order(*item))
    if failure.exitcode < 0:
        return (
            f"rank {rank} failed: killed by {failure.signal_name()} (exit code {failure.exitcode})"
        )
    message = failure.message
    if isinstance(message, dict):  # torch keeps a recorded error's whole entry
        message = message.get("message", message)
    if not os.path.isfile(failure.error_file):  # no error recorded: the exit code says it all
        message = f"exited with code {failure.exitcode}"
    return f"rank {rank} failed: {message}"


def _order(rank: int, failure: Any) -> tuple[int, int, int]:
    """Sort key of a failure: what caused the job to fail first, what followed from it last.

    A rank killed by a signal of its own (SIGKILL, SIGSEGV) comes first; then the errors the
    ranks recorded, by time; then bare exit codes; last the ranks that the launcher itself
    stopped (SIGTERM, SIGINT, SIGHUP) once the job was failing.
    """
    if failure.exitcode < 0:
        stopped = -failure.exitcode in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
        return (3 if stopped else 0, 0, rank)
    data = failure.error_file_data.get("message")
    extra = data.get("extraInfo", {}) if isinstance(data, dict) else {}
    if "time_ns" in extra:
        return (1, int(extra["time_ns"]), rank)
    return (2, 0, rank)


def record_error(exc: BaseException) -> None:
    """Write ``exc`` where the launcher reads a worker's error (its error file), if it has one.

    The file has the layout of torch's ``ErrorHandler``, plus the time in nanoseconds: when
    one rank's error makes the others fail too (a closed connection), :func:`failure_line`
    names the rank whose error came first, which torch's seconds cannot tell apart.
    """
    path = os.environ.get("TORCHELASTIC_ERROR_FILE")
    if not path:
        return

    from logitnet._io import write_atomic

    message = {
        "message": f"{type(exc).__name__}: {exc}",
        "extraInfo": {
            "py_callstack": "".join(traceback.format_exception(exc)),
            "timestamp": str(int(time.time())),
            "time_ns": str(time.time_ns()),
        },
    }
    write_atomic(path, json.dumps({"message": message}))


def _quiet_launcher() -> None:
    """Keep the launcher's own log lines (rendezvous, worker groups) off the terminal."""
    for name in ("torch.distributed.elastic", "torch.distributed.launcher"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
