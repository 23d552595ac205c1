"""Start local workers through torch's elastic launcher, and say in one line how one failed.

The launcher (``torch.distributed.launcher.api.elastic_launch``, what ``torchrun`` runs)
sets each worker's ``RANK``, ``WORLD_SIZE``, ``MASTER_ADDR`` and ``MASTER_PORT``, watches the
workers, stops them all when one fails, and restarts them up to ``max_restarts`` times.

A worker is either a command (a new Python that imports what it needs) or a function, run
in a worker *forked* from this process (``start_method="fork"``) once this process has
imported the modules the workers need: a forked worker starts with them loaded, so the job
imports torch, scikit-learn and pyarrow once, not once per worker.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
import time
import traceback
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from torch.distributed.elastic.multiprocessing.errors import ChildFailedError

LAUNCHED_BY_LOGITNET = "LOGITNET_LAUNCHER"  # set for the workers that ``launch`` starts
# torch's launcher reports only the first forked worker that it sees end with an error. A
# worker killed by a signal ends at once; one that failed with an error looks this long for
# a peer that has ended (a closed connection is how a killed peer shows) and, while the
# launcher has not yet reaped that peer, waits (at most PEER_GONE_WAIT seconds), so that the
# launcher reports the ended peer, however busy the machine. Which of several recorded errors
# came first, their files say (``failure_line``).
SEEN_FIRST = 2.0
PEER_GONE_WAIT = 60.0
WORKER_NAME = "logitnet-rank"  # a forked worker's process name (/proc/PID/comm), then its rank


class WorkerFailedError(RuntimeError):
    """A worker process failed; the message names its rank and its error."""


def launch(
    entrypoint: Sequence[str] | Callable[..., object],
    processes: int,
    *,
    max_restarts: int = 0,
    program: str | None = None,
    args: Sequence[object] = (),
    preload: Sequence[str] = (),
) -> None:
    """Run ``entrypoint`` in ``processes`` local workers.

    ``entrypoint`` is either the arguments of a command (``program`` with them; default:
    this Python), started afresh in each worker, or a function, called as
    ``entrypoint(*args)`` in each worker, forked from this process after it imported the
    modules ``preload`` names (and torch's). A forked worker runs nothing of this process but
    the function: an exception in it is recorded as the worker's error (:func:`record_error`)
    and ends the worker with status 1.

    Each worker runs with one OpenMP thread unless ``OMP_NUM_THREADS`` is set, as torchrun
    does. Returns when every worker has exited with status 0. Each attempt (the first, and
    each of up to ``max_restarts`` restarts) meets through a store of its own, which this
    process hosts (:mod:`logitnet.distributed._rendezvous`), so that restarted workers never
    read the addresses of the workers they replace.

    Raises
    ------
    WorkerFailedError
        When a worker fails (an error, a signal) and no restart is left: every other worker
        is stopped, and the message names the first failed rank and its error.
    KeyboardInterrupt
        On Ctrl-C (SIGINT), once the launcher has stopped every worker.
    """
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # before torch loads its OpenMP
    from torch.distributed.elastic.multiprocessing.api import SignalException
    from torch.distributed.elastic.multiprocessing.errors import ChildFailedError
    from torch.distributed.launcher.api import LaunchConfig, elastic_launch

    from logitnet.distributed import _rendezvous

    _rendezvous.register()

    forked = callable(entrypoint)
    if forked:
        _preload(preload)
    config = LaunchConfig(
        min_nodes=1,
        max_nodes=1,
        nproc_per_node=processes,
        run_id=uuid.uuid4().hex,
        rdzv_backend=_rendezvous.BACKEND,
        max_restarts=max_restarts,
        monitor_interval=0.1,
        start_method="fork" if forked else "spawn",
    )
    os.environ[LAUNCHED_BY_LOGITNET] = "1"
    _quiet_launcher()
    try:
        if callable(entrypoint):
            elastic_launch(config, _forked_worker)(entrypoint, *args)
        else:
            elastic_launch(config, program or sys.executable)(*entrypoint)
    except ChildFailedError as exc:
        raise WorkerFailedError(failure_line(exc)) from None
    except SignalException as exc:  # the launcher stopped its workers: Ctrl-C is Ctrl-C
        if exc.sigval == signal.SIGINT:
            raise KeyboardInterrupt from None
        raise
    finally:
        os.environ.pop(LAUNCHED_BY_LOGITNET, None)


def _preload(modules: Sequence[str]) -> None:
    """Import ``modules`` (and torch.distributed) here, once, for the workers forked from here.

    Only imports: no tensor is made and no thread pool started before the workers fork (an
    OpenMP pool does not survive a fork).
    """
    import importlib

    for name in ("torch.distributed", *modules):
        importlib.import_module(name)


def _forked_worker(function: Callable[..., object], *args: object) -> None:
    """One forked worker: ``function(*args)`` on ``OMP_NUM_THREADS`` threads.

    It is named by its rank (``logitnet-rank<R>``); SIGTERM and Ctrl-C (SIGINT) end it at
    once, as they end a C program (not the launcher's handlers, and no KeyboardInterrupt,
    which would wait for a rendezvous or a collective blocked in C++ to time out). Its
    threads are set here, as this process's libraries (NumPy's BLAS among them) may have loaded
    before ``OMP_NUM_THREADS`` was. An exception is recorded as this worker's error; the
    worker then gives a peer that ended first the time to be seen
    (:func:`_let_an_ended_peer_be_seen_first`) and ends with status 1 (a ``SystemExit``, so
    that torch records nothing of its own).
    """
    import torch
    from threadpoolctl import threadpool_limits

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    _name_process(f"{WORKER_NAME}{os.environ['RANK']}")
    threads = int(os.environ.get("OMP_NUM_THREADS", "1"))
    torch.set_num_threads(threads)
    threadpool_limits(threads)
    try:
        function(*args)
    except SystemExit as exc:  # a function that recorded its error itself and exits
        if exc.code not in (0, None):
            _let_an_ended_peer_be_seen_first()
        raise
    except Exception as exc:
        if not os.path.isfile(os.environ.get("TORCHELASTIC_ERROR_FILE", "")):
            record_error(exc)
        _let_an_ended_peer_be_seen_first()
        raise SystemExit(1) from None


def _let_an_ended_peer_be_seen_first() -> None:
    """Wait before this failed worker ends, so that the launcher reports a peer that ended first.

    Looks for :data:`SEEN_FIRST` seconds for a peer that has ended and that the launcher has
    not yet seen (a zombie); while one is there, waits (at most :data:`PEER_GONE_WAIT`
    seconds) for the launcher to see it, which then stops this worker if that peer failed.
    """
    deadline = time.monotonic() + SEEN_FIRST
    while time.monotonic() < deadline:
        if _ended_peers():
            deadline = time.monotonic() + PEER_GONE_WAIT
            while _ended_peers() and time.monotonic() < deadline:
                time.sleep(0.05)
            return
        time.sleep(0.05)


def _ended_peers() -> list[int]:
    """The other workers of this launcher that have ended and that it has not yet reaped.

    Reads ``/proc``: the launcher's children named ``logitnet-rank<R>``, other than this one,
    that are zombies. Where ``/proc`` is missing, none.
    """
    parent, me, ended = os.getppid(), os.getpid(), []
    with contextlib.suppress(OSError):
        for name in os.listdir("/proc"):
            if name.isdigit() and int(name) != me and _zombie_child(int(name), parent):
                ended.append(int(name))
    return ended


def _zombie_child(pid: int, parent: int) -> bool:
    """Whether ``pid`` is an ended, unreaped worker (``logitnet-rank<R>``) of ``parent``."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            text = stat.read()
    except OSError:
        return False
    name = text[text.index("(") + 1 : text.rindex(")")]
    state, ppid = text[text.rindex(")") + 2 :].split()[:2]
    return state == "Z" and int(ppid) == parent and name.startswith(WORKER_NAME)


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
    error recorded first, by :func:`record_error`'s time in nanoseconds, among the failures
    the launcher reports and the errors that the other ranks of the same attempt recorded
    (the launcher of forked workers reports one failure only).
    """
    failures = {**_recorded(exc), **exc.failures}
    rank, failure = min(failures.items(), key=lambda item: _order(*item))
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


def _recorded(exc: ChildFailedError) -> dict[int, Any]:
    """By rank, the errors recorded by every rank of the attempts that ``exc`` reports.

    torch keeps a worker's error file at ``<attempt folder>/<local rank>/error.json``.
    """
    from torch.distributed.elastic.multiprocessing.errors import ProcessFailure

    found = {}
    for rank, failure in exc.failures.items():
        if not os.path.isfile(failure.error_file):
            continue
        attempt = os.path.dirname(os.path.dirname(failure.error_file))
        for name in os.listdir(attempt):
            path = os.path.join(attempt, name, "error.json")
            if name.isdigit() and os.path.isfile(path):
                other = rank - failure.local_rank + int(name)
                found[other] = ProcessFailure(int(name), 0, 1, path)
    return found


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


def _name_process(name: str) -> None:
    """Show ``name`` as this process's name (``ps``, ``top``; Linux only, at most 15 bytes).

    A forked worker keeps its launcher's command line, so its name is what tells it apart.
    """
    with contextlib.suppress(OSError), open("/proc/self/comm", "w") as comm:
        comm.write(name[:15])


def _quiet_launcher() -> None:
    """Keep the launcher's own log lines (rendezvous, worker groups) off the terminal."""
    for name in ("torch.distributed.elastic", "torch.distributed.launcher"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
