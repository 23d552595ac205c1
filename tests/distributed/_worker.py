"""A worker for the distributed tests, started by the elastic launcher (not a test module).

``_worker.py launch N RESTARTS MODE ARGS...`` launches ``N`` workers running
``main([MODE, ARGS...])``, forked from the launcher as ``logitnet train --processes``'s are,
and prints the failure line on error. Modes:

- ``train DATA OUT MODEL FAULT``: ``run_training`` of a small mlp or a logistic model; on the
  first attempt rank 1 ``raise`` s or ``kill`` s itself (SIGKILL) in epoch 2, or kills itself
  once rank 0 has written OUT (``after-write``, without ``force``); or ``none``.
- ``evaluate OUT``: ``evaluate_shared`` of a fixed model on uneven shares of test rows.
- ``allreduce OUT``: the sum, min and max of each rank's numbers.
- ``scan DATA OUT``: ``fit`` on a ``logitnet.scan`` of DATA inside the group (logistic binary
  and multiclass, a small network); each rank writes ``OUT/rank<R>.json``.
- ``prepare DATA NETWORK OUT``: :func:`prepared` inside the group, with the limits shrunk
  (:func:`shrink`); each rank writes ``OUT/rank<R>.json``.
- ``gather OUT``: ``all_gather_array``, ``all_gather_json`` and ``gather_rows`` of uneven parts.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    mode, rest = argv[0], argv[1:]
    if mode == "launch":
        return _launch(int(rest[0]), int(rest[1]), rest[2:])
    from logitnet.distributed import process_group

    with process_group():
        modes = {
            "train": _train,
            "evaluate": _evaluate,
            "allreduce": _allreduce,
            "scan": _scan,
            "prepare": _prepare,
            "gather": _gather,
        }
        modes[mode](*rest)
    return 0


def _launch(processes: int, restarts: int, args: list[str]) -> int:
    from logitnet.distributed._launch import WorkerFailedError, launch

    try:
        launch(main, processes, max_restarts=restarts, args=(args,))  # forked, as the CLI's
    except WorkerFailedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _train(data: str, out: str, model: str, fault: str) -> None:
    from logitnet import TrainConfig, run_training
    from logitnet.nn import Callback

    faulty = os.environ["RANK"] == "1" and os.environ["TORCHELASTIC_RESTART_COUNT"] == "0"

    class Fault(Callback):
        def on_epoch_begin(self, ctx) -> None:
            if faulty and ctx.epoch == 2:
                if fault == "kill":
                    os.kill(os.getpid(), signal.SIGKILL)
                if fault == "raise":
                    raise RuntimeError("a fault on purpose")

    config = TrainConfig(
        data,
        "label",
        model=model,
        hidden=(8,),
        epochs=4,
        batch_size=16,
        out=out,
        force=fault != "after-write",
    )
    try:
        run_training(config, callbacks=[Fault()] if model == "mlp" else [])
        if faulty and fault == "after-write":  # once rank 0 has written the folder
            _wait_for(Path(out, "metrics.json"))
            os.kill(os.getpid(), signal.SIGKILL)
    except Exception as exc:
        from logitnet.distributed._launch import record_error

        record_error(exc)
        raise SystemExit(1) from None  # quietly, as the CLI's workers: the launcher says it


def _wait_for(path: Path, seconds: float = 120) -> None:
    """Return once ``path`` exists (or after ``seconds``)."""
    import time

    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.02)


def _evaluate(out: str) -> None:
    import numpy as np

    from logitnet import LogisticRegression
    from logitnet.distributed import evaluate_shared, rank

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(50, 3)), rng.integers(0, 3, size=50)
    model = LogisticRegression(alpha=0.1).fit(X, y)  # the same model on every rank
    rows = slice(0, 37) if rank() == 0 else slice(37, 50)  # uneven shares
    scores = evaluate_shared(model, X[rows], y[rows])
    if rank() == 0:
        Path(out).write_text(json.dumps(scores))


def _allreduce(out: str) -> None:
    import numpy as np

    from logitnet.distributed import all_reduce, rank, world_size

    mine = np.array([rank() + 1.0, 10.0 * rank()])
    found = {op: all_reduce(mine, op).tolist() for op in ("sum", "min", "max")}
    found["world"] = world_size()
    if rank() == 0:
        Path(out).write_text(json.dumps(found))


def _scan(data: str, out: str) -> None:
    import logitnet
    from logitnet._group import share_of
    from logitnet.distributed import rank

    def table(target: str):
        return logitnet.scan(data, target=target, features=list("abcd"), batch_rows=64)

    found = {"share_rows": share_of(table("label")).n_rows}
    for target in ("flag", "label"):
        model = logitnet.LogisticRegression(alpha=1e-3).fit(table(target))
        found[target] = [model.coef_.tolist(), model.intercept_.tolist()]
    net = logitnet.NeuralNetClassifier(
        hidden_layer_sizes=(8,), epochs=2, batch_size=64, random_state=0, verbose=0
    ).fit(table("label"))
    found["steps"] = int(net.optimizer_.state_dict()["state"][0]["step"])
    found["loss"] = [record["train_loss"] for record in net.history_]
    try:
        logitnet.LogisticRegression().fit(table("label").shard(0, 2))
    except ValueError as exc:
        found["sharded"] = str(exc)
    Path(out, f"rank{rank()}.json").write_text(json.dumps(found))


def shrink(setattr=setattr) -> None:
    """Limits small enough for a table of 1450 rows to pass them: 50 distinct values counted,
    a sample of about 300 values for a median, of about 200 rows for ROC AUC."""
    from logitnet.workflow import _stream_metrics as _metrics
    from logitnet.workflow import _stream_preprocess as _preprocess
    from logitnet.workflow import _stream_sharded_statistics as _sharded_statistics
    from logitnet.workflow import _stream_statistics as _statistics

    for module in (_statistics, _preprocess, _sharded_statistics):
        setattr(module, "MAX_DISTINCT", 50)
    setattr(_preprocess, "SAMPLE_ROWS", 300)
    setattr(_metrics, "PROBABILITY_ROWS", 200)


def prepared(data: str, network: str) -> dict:
    """The statistics of a streamed training part imputed by median, the classes, a logistic
    model fitted on it, and the test metrics of that model and of the saved ``network``."""
    from sklearn.pipeline import Pipeline

    import logitnet
    from logitnet.workflow._stream_metrics import streamed_metrics
    from logitnet.workflow._stream_preprocess import prepare_scan

    whole = logitnet.scan(data, target="label", batch_rows=100)
    train, test = whole.split(0.25, seed=0)
    table = prepare_scan(train, impute="median")
    numeric = table.preprocessor.named_transformers_["numeric"]
    encoder = table.preprocessor.named_transformers_["categorical"].named_steps["onehot"]
    model = logitnet.LogisticRegression(alpha=1e-3).fit(table.scan)
    pipeline = Pipeline([("preprocess", table.preprocessor), ("model", model)])
    plain = logitnet.scan(data, target="label", features=["a", "c", "d"]).split(0.25, seed=0)
    return {
        "classes": [a.tolist() for a in whole.class_totals()],
        "rows": table.rows,
        "plan": [table.plan.numeric, table.plan.categorical],
        "excluded": table.plan.excluded,
        "mean": numeric.named_steps["scale"].mean_.tolist(),
        "var": numeric.named_steps["scale"].var_.tolist(),
        "fill": numeric.named_steps["impute"].statistics_.tolist(),
        "categories": [c.tolist() for c in encoder.categories_],
        "coef": model.coef_.tolist(),
        "intercept": model.intercept_.tolist(),
        "metrics": streamed_metrics(pipeline, test.dropping_missing(table.scan.required)),
        "network": streamed_metrics(logitnet.load(network), plain[1]),
    }


def _prepare(data: str, network: str, out: str) -> None:
    from logitnet.distributed import rank

    shrink()
    Path(out, f"rank{rank()}.json").write_text(json.dumps(prepared(data, network)))


def _gather(out: str) -> None:
    import numpy as np

    from logitnet._group._gather import all_gather_array, all_gather_json, gather_rows
    from logitnet.distributed import rank

    mine = np.arange(3 + 2 * rank(), dtype=np.int64) * 10 + rank()  # 3 and 5 values
    positions = np.array([[0, 3, 4], [1, 2, 5, 6]][rank()])
    found = {
        "arrays": [a.tolist() for a in all_gather_array(mine)],
        "json": all_gather_json({"rank": rank(), "labels": ["a", 1, 2.5, True][: rank() + 2]}),
        "rows": [
            a.tolist()
            for a in gather_rows(
                positions, positions * 1.5, np.column_stack([positions, -positions])
            )
        ],
        "empty": [a.tolist() for a in all_gather_array(np.zeros(rank(), dtype=np.uint8))],
    }
    Path(out, f"rank{rank()}.json").write_text(json.dumps(found))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
