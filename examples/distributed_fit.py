"""Fit a logistic regression inside a process group that you started, each rank on its share.

Run with torchrun, on one machine or several (the same script on each)::

    torchrun --standalone --nproc-per-node 2 examples/distributed_fit.py DATA.csv TARGET

torchrun starts the processes and sets RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT;
``process_group()`` joins that group (gloo on CPUs, NCCL on GPUs). Every rank reads the table
and keeps its contiguous share of the rows (``shard_rows``); ``fit`` then sums the loss,
gradient and Hessian over the ranks, so every rank holds the model one process would fit on
every row. ``evaluate_shared`` scores each rank's share and sums the figures: every row is
counted once. Run without torchrun, it is one process fitting every row.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler

from logitnet import LogisticRegression
from logitnet.distributed import (
    evaluate_shared,
    fit,
    process_group,
    rank,
    shard_rows,
    world_size,
)


def main(path: str, target: str) -> None:
    with process_group():
        frame = pd.read_csv(path)
        X = StandardScaler().fit_transform(frame.drop(columns=target).to_numpy(dtype=float))
        y = frame[target].to_numpy()
        mine = shard_rows(len(y), rank(), world_size())
        model = fit(LogisticRegression(alpha=1e-3), X[mine], y[mine], classes=np.unique(y))
        scores = evaluate_shared(model, X[mine], y[mine])
        print(f"rank {rank()} of {world_size()}: trained on {len(mine)} rows")
        if rank() == 0:
            print("coef:", np.round(model.coef_, 6).tolist())
            print(f"log_loss {scores['log_loss']:.6f} accuracy {scores['accuracy']:.4f} "
                  f"over {scores['n_rows']} rows")  # fmt: skip


if __name__ == "__main__":
    main(*sys.argv[1:3])
