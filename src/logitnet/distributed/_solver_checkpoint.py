"""A solver's checkpoint at each iteration, for a logistic fit that a restarted group resumes.

Rank 0 writes ``checkpoint.safetensors`` (the iterate ``w``, float64) and ``checkpoint.json``
(the settings it belongs to, the iteration count, each iteration's loss and duration) into a
staging folder that then replaces the checkpoint folder whole, so a worker killed while
writing leaves the previous checkpoint intact. It works through the solvers' own hooks
(``SolverOptions.on_iteration`` and ``resume``), so it serves any objective they take: in
memory, sharded over the ranks, or streamed. This module does not import torch.

Examples
--------
Around any solver run of a process group (``checkpoint`` is a :class:`Checkpointing`)::

    start, options = resume_solver(checkpoint, start, options)
    result = SOLVERS[estimator.solver](objective, start, options)
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np

from logitnet._group import all_reduce, rank
from logitnet._io import atomic_folder, write_atomic
from logitnet.distributed._resume import Checkpointing, prepare
from logitnet.linear import SolverOptions, SolverResult

TENSORS, DOCUMENT = "checkpoint.safetensors", "checkpoint.json"


def resume_solver(
    checkpoint: Checkpointing | None, w0: np.ndarray, options: SolverOptions
) -> tuple[np.ndarray, SolverOptions]:
    """The start point and the options of a solver run that keeps ``checkpoint``.

    Call it on every rank, with the same ``w0``. Rank 0 reads the checkpoint in
    ``checkpoint.folder`` when its settings equal ``checkpoint.settings`` and its iterate has
    ``w0``'s size; every rank then takes that iterate, its count and its losses from rank 0
    (all-reduced), so the ranks agree even where only rank 0 sees the folder. The options
    returned resume from it, and write the next checkpoint after each iteration (rank 0).

    Parameters
    ----------
    checkpoint : Checkpointing or None
        None leaves ``w0`` and ``options`` as they are.
    w0 : ndarray of shape (n_params,)
        Where the solver starts without a checkpoint.
    options : SolverOptions
        The solver's options; an ``on_iteration`` of theirs is still called.

    Returns
    -------
    w : ndarray
        The checkpoint's iterate, or ``w0``.
    options : SolverOptions
        With ``resume`` (the checkpoint's iterations, or None) and an ``on_iteration`` that
        writes the checkpoint.
    """
    plan = checkpoint
    if plan is None:
        return w0, options
    prepare(plan.folder)
    mine = load_solver_checkpoint(plan.folder, plan.settings, len(w0)) if rank() == 0 else None
    found = _from_rank_0(mine, len(w0))
    options = dataclasses.replace(
        options, resume=found, on_iteration=_Writer(plan, options.on_iteration)
    )
    if found is None:
        return w0, options
    plan.on_note(f"resumed from the checkpoint of iteration {found.n_iter} in {plan.folder}")
    return found.w, options


class _Writer:
    """``on_iteration``: the checkpoint, written by rank 0; then the caller's own hook."""

    def __init__(self, plan: Checkpointing, then: Any) -> None:
        self.plan, self.then = plan, then

    def __call__(self, w: np.ndarray, result: SolverResult) -> None:
        if rank() == 0:
            save_solver_checkpoint(self.plan.folder, self.plan.settings, w, result)
        if self.then is not None:
            self.then(w, result)


def save_solver_checkpoint(folder: Path, settings: dict, w: np.ndarray, result: Any) -> None:
    """Write ``w`` and ``result``'s count, losses and durations into ``folder``, atomically.

    Parameters
    ----------
    folder : Path
        The checkpoint folder; replaced whole.
    settings : dict
        JSON values that a run must have to resume from it.
    w : ndarray
        The iterate.
    result : SolverResult
        The result so far: ``n_iter``, ``loss_curve`` and ``durations()``.
    """
    from safetensors.numpy import save_file

    document = {
        "settings": settings,
        "n_iter": int(result.n_iter),
        "loss_curve": [float(v) for v in result.loss_curve],
        "durations": [float(v) for v in result.durations()],
    }
    with atomic_folder(folder, replace=True) as staging:
        save_file({"w": np.ascontiguousarray(w, dtype=np.float64)}, str(staging / TENSORS))
        write_atomic(staging / DOCUMENT, json.dumps(document) + "\n")


def load_solver_checkpoint(folder: Path, settings: dict, n_params: int) -> SolverResult | None:
    """The checkpoint in ``folder`` as a SolverResult, when it is there, belongs to
    ``settings`` and holds ``n_params`` parameters; None otherwise."""
    from safetensors.numpy import load_file

    folder = Path(folder)
    if not (folder / DOCUMENT).is_file() or not (folder / TENSORS).is_file():
        return None
    document = json.loads((folder / DOCUMENT).read_text())
    if document.get("settings") != settings:
        return None
    w = load_file(str(folder / TENSORS)).get("w")
    if w is None or w.shape != (n_params,):
        return None
    return SolverResult(
        w.astype(np.float64),
        int(document["n_iter"]),
        loss_curve=list(document["loss_curve"]),
        earlier=list(document["durations"]),
    )


def _from_rank_0(found: SolverResult | None, n_params: int) -> SolverResult | None:
    """Rank 0's checkpoint on every rank: its iterate, count, losses and durations."""
    header = np.zeros(2) if found is None else np.array([1.0, found.n_iter])
    header = all_reduce(header)
    if header[0] == 0:
        return None
    k = int(header[1])
    body = np.zeros(n_params + 2 * k)
    if found is not None:
        body = np.concatenate([found.w, found.loss_curve, found.durations()])
    body = all_reduce(body)  # the others add zeros: rank 0's numbers, exactly
    return SolverResult(
        body[:n_params].copy(),
        k,
        loss_curve=body[n_params : n_params + k].tolist(),
        earlier=body[n_params + k :].tolist(),
    )
