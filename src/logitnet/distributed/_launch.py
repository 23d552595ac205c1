"""Start local workers through torch's elastic launcher, and say in one line how one failed.

The launcher (``torch.distributed.launcher.api.elastic_launch``, what ``torchrun`` runs)
sets each worker's ``RANK``, ``WORLD_SIZE``, ``MASTER_ADDR`` and ``MASTER_PORT``, watches the
workers, stops them all when one fails, and restarts them up to ``max_restarts`` times.
"""

from __future__ import annotations

import logging
import os
import sys
import uuid
from collections.abc import Sequence

LAUNCHED_BY_LOGITNET = "LOGITNET_LAUNCHER"  # set for the workers that ``launch`` starts


class WorkerFailedError(RuntimeError):
    """A worker process failed; the message names its rank and its error."""


def launch(
    args: Sequence[str], processes: int, *, max_restarts: int = 0, program: str | None = None
) -> None:
    """Run ``program args...`` (default: this Python) in ``processes`` local workers.

    Each worker runs with one OpenMP thread unless ``OMP_NUM_THREADS`` is set, as torchrun
    does. Returns when every worker has exited with status 0.

    Raises
    ------
    WorkerFailedError
        When a worker fails (an error, a signal) and no restart is left: every other worker
        is stopped, and the message names the first failed rank and its error.
    """
    from torch.distributed.elastic.multiprocessing.errors import ChildFailedError
    from torch.distributed.launcher.api import LaunchConfig, elastic_launch

    config = LaunchConfig(
        min_nodes=1, max_nodes=1, nproc_per_node=processes, run_id=uuid.uuid4().hex,
        rdzv_backend="c10d", rdzv_endpoint="localhost:0", max_restarts=max_restarts,
        monitor_interval=0.1,
    )  # fmt: skip
    os.environ.setdefault("OMP_NUM_THREADS", "1")
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


def failure_line(exc: BaseException) -> str:
    """``rank R failed: <its error>`` from a ChildFailedError."""
    rank, failure = exc.get_first_failure()
    if failure.exitcode < 0:
        return (
            f"rank {rank} failed: killed by {failure.signal_name()} (exit code {failure.exitcode})"
        )
    message = failure.message
    if not os.path.isfile(failure.error_file):  # no error recorded: the exit code says it all
        message = f"exited with code {failure.exitcode}"
    return f"rank {rank} failed: {message}"


def record_error(exc: BaseException) -> None:
    """Write ``exc`` where the launcher reads a worker's error (its error file), if it has one."""
    if "TORCHELASTIC_ERROR_FILE" in os.environ:
        from torch.distributed.elastic.multiprocessing.errors import ErrorHandler

        ErrorHandler().record_exception(exc)


def _quiet_launcher() -> None:
    """Keep the launcher's own log lines (rendezvous, worker groups) off the terminal."""
    logging.getLogger("torch.distributed.elastic").setLevel(logging.ERROR)
    logging.getLogger("torch.distributed.launcher").setLevel(logging.ERROR)
