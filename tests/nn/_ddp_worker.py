"""A worker for test_ddp_step.py, started by the elastic launcher (not a test module).

``_ddp_worker.py FOLDER CLASSES WEIGHTED OPTIMIZER``: for each step kind (fast, autograd),
every rank builds the same network (seed 0) and takes ``STEPS`` DDP steps on its own fixed
batches (:func:`batches`); rank 0 writes the weights to ``FOLDER/KIND.safetensors``.
"""

from __future__ import annotations

import sys

import numpy as np

STEPS = 4
ROWS = 24  # per rank and step


def batches(rank: int, n_classes: int, weighted: bool) -> list[tuple]:
    """The fixed batches ``(X, y[, w])`` of ``rank`` (float32 X, y as the classifier encodes)."""
    import torch

    rng = np.random.default_rng([7, rank])
    found = []
    for _ in range(STEPS):
        X = torch.tensor(rng.normal(size=(ROWS, 5)), dtype=torch.float32)
        labels = rng.integers(0, n_classes, size=ROWS)
        y = torch.tensor(labels, dtype=torch.float32 if n_classes == 2 else torch.int64)
        w = torch.tensor(rng.uniform(0.5, 2.0, size=ROWS), dtype=torch.float32)
        found.append((X, y, w) if weighted else (X, y))
    return found


def network(step: str, n_classes: int, optimizer: str = "adam"):
    """The classifier every rank builds: hidden (16, 8), lr 0.05, seed 0.

    SGD's update is proportional to the gradient (Adam's is not: it hides a wrong scale).
    """
    from logitnet.nn import NeuralNetClassifier

    model = NeuralNetClassifier(
        (16, 8),
        lr=0.05,
        optimizer=optimizer,
        momentum=0.9,
        random_state=0,
        step=step,
        verbose=False,
    )
    return model.initialize(5, np.arange(n_classes))


def main(folder: str, n_classes: str, weighted: str, optimizer: str) -> None:
    from safetensors.torch import save_file

    from logitnet.distributed import process_group, rank
    from logitnet.nn._ddp_step import ddp_module, ddp_step

    with process_group():
        for step in ("fast", "autograd"):
            model = network(step, int(n_classes), optimizer)
            train = ddp_step(ddp_module(model), model.optimizer_)
            for batch in batches(rank(), int(n_classes), weighted == "1"):
                train(*batch)
            if rank() == 0:
                weights = {k: v.contiguous() for k, v in model.module_.state_dict().items()}
                save_file(weights, f"{folder}/{step}.safetensors")


if __name__ == "__main__":
    main(*sys.argv[1:])
