"""Fit a logistic regression on a ``logitnet.scan`` inside a process group that you started.

Run with torchrun, on one machine or several (the same script on each)::

    torchrun --standalone --nproc-per-node 2 examples/distributed_fit.py DATA TARGET

DATA is a Parquet file, a folder of Parquet files, a glob or a CSV file of number columns.
torchrun starts the processes and sets RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT;
``process_group()`` joins that group (gloo on CPUs, NCCL on GPUs).

Inside the group, ``fit`` on a scan shards it by rank: each rank reads only its own share of
the row groups (or, when there are too few of them to share out evenly, its slice of each),
and every pass ends in one all-reduce of its sums. So every rank holds the model that one
process fits on every row, while each reads about 1/N of the data per pass. The classes come
from a pass over the target column of every row, on every rank. ``score(scan)`` reads every
row. Run without torchrun, it is one process fitting every row.
"""

from __future__ import annotations

import sys

import numpy as np

import logitnet
from logitnet.distributed import process_group, rank, share_of, world_size


def say(line: str) -> None:
    """Print ``line`` in one write: the ranks share one stdout, and the pieces of a ``print``
    (its values, separators and newline) could interleave with another rank's line."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(path: str, target: str) -> None:
    with process_group():
        data = logitnet.scan(path, target=target)
        model = logitnet.LogisticRegression(alpha=1e-3).fit(data)
        say(f"rank {rank()} of {world_size()}: trained on {share_of(data).n_rows} rows")
        accuracy = model.score(data)
        if rank() == 0:
            say(f"coef: {np.round(model.coef_, 6).tolist()}")
            say(f"accuracy {accuracy:.4f} over {data.n_rows} rows")


if __name__ == "__main__":
    main(*sys.argv[1:3])
