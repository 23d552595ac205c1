"""Lasso paths of 100 alphas: logitnet against glmnet, skglm and scikit-learn's saga.

Problems (issue 20): (a) binary lasso 50,000 x 200; (b) binary lasso 200 x 10,000; (c) 5-class
lasso 20,000 x 100; (d) 10-fold CV of (a). Every method gets the same 100 alphas (logitnet's
``alpha_max`` down to glmnet's default ratio), and each solution's objective is checked against
the best method's at the same alpha (within 1e-7 relative). glmnet runs in R (``Rscript``) and
is timed inside R by ``system.time``, so R's start-up and the data transfer are not counted;
logitnet and skglm are timed after one small warm-up fit (numba compiles their kernels).

Usage::

    python benchmarks/bench_elastic_net.py            # the issue's sizes
    python benchmarks/bench_elastic_net.py --quick    # a fifth of the rows and features
    python benchmarks/bench_elastic_net.py --skip saga --problems a,b
    python benchmarks/bench_elastic_net.py --budget-s 300   # stop skglm and saga at 300 s

Prints one table per problem: wall-clock and CPU seconds (medians of --repeats runs; the
CPU seconds of the process, R's user + system time for glmnet), logitnet's times over each
method's, and each method's largest objective gap to the best at any alpha. On a shared
machine the CPU seconds move less with the load than the wall clock. skglm's and saga's
loops run in a child process and are stopped after --budget-s seconds; such a method shows
"> budget", the alphas it did, its gap over those, and upper bounds on logitnet / it.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

from logitnet import LogisticRegressionCV, regularization_path
from logitnet.linear._elastic_net import Problem, objective
from logitnet.linear._path import path_alphas

SIZES = {"a": (50_000, 200, 2), "b": (200, 10_000, 2), "c": (20_000, 100, 5), "d": (50_000, 200, 2)}
TOL = 1e-7  # objective gap allowed, relative to the best method's

R_PATH = r"""
suppressMessages(library(glmnet))
args <- commandArgs(TRUE); d <- args[1]; n <- as.integer(args[2]); p <- as.integer(args[3])
K <- as.integer(args[4]); cv <- args[5] == "cv"
x <- matrix(readBin(file.path(d, "X.bin"), "double", n * p), n, p)
y <- readBin(file.path(d, "y.bin"), "double", n)
lam <- readBin(file.path(d, "alphas.bin"), "double", 100)
family <- if (K == 2) "binomial" else "multinomial"
if (cv) {
  foldid <- as.integer(readBin(file.path(d, "folds.bin"), "double", n))
  t <- system.time(fit <- cv.glmnet(x, y, family=family, lambda=lam, foldid=foldid,
                                    standardize=FALSE, thresh=1e-12, maxit=1e7))
  writeBin(c(t[["elapsed"]], t[["user.self"]] + t[["sys.self"]], fit$lambda.min, fit$lambda.1se),
           file.path(d, "r_out.bin"))
} else {
  t <- system.time(fit <- glmnet(x, y, family=family, lambda=lam, standardize=FALSE,
                                 thresh=1e-12, maxit=1e7))
  b <- if (K == 2) as.matrix(coef(fit)) else do.call(rbind, lapply(coef(fit), as.matrix))
  writeBin(c(t[["elapsed"]], t[["user.self"]] + t[["sys.self"]], ncol(b), as.vector(b)),
           file.path(d, "r_out.bin"))
}
"""


def make_problem(n: int, p: int, k: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Standard normal features; 10 informative ones; labels from a softmax with Gumbel noise."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    W = np.zeros((p, k))
    W[: min(10, p)] = rng.standard_normal((min(10, p), k))
    return X, (X @ W + rng.gumbel(size=(n, k))).argmax(axis=1)


def timed(fn, repeats: int):
    """``((median wall seconds, median CPU seconds), last result)`` of ``repeats`` calls.

    The CPU seconds are the process's (every thread's): on a shared machine they move less
    with the load than the wall clock does.
    """
    times, result = [], None
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return tuple(np.median(times, axis=0).tolist()), result


def run_logitnet(X, y, alphas, repeats):
    seconds, path = timed(lambda: regularization_path(X, y, alphas=alphas, tol=1e-7), repeats)
    return seconds, path.coef, path.intercept


def skglm_fits(X, y, alphas):
    """skglm's ProxNewton warm-started from one alpha to the next: one (coef, intercept) each."""
    from skglm import GeneralizedLinearEstimator
    from skglm.datafits import Logistic
    from skglm.penalties import L1
    from skglm.solvers import ProxNewton

    X_small, y_small = make_problem(100, 5, 2)
    GeneralizedLinearEstimator(Logistic(), L1(0.01), ProxNewton(fit_intercept=True)).fit(
        X_small, 2.0 * y_small - 1
    )  # skglm compiles its numba kernels on first use: not timed

    def fits():
        solver = ProxNewton(tol=1e-9, fit_intercept=True, warm_start=True)
        model = GeneralizedLinearEstimator(Logistic(), L1(alphas[0]), solver)
        for alpha in alphas:
            model.penalty.alpha = alpha
            model.fit(X, 2.0 * y - 1)
            yield model.coef_.reshape(1, -1), np.atleast_1d(model.intercept_)

    return fits()


def saga_fits(X, y, alphas):
    """scikit-learn's saga looped over the alphas with ``warm_start=True``."""
    from sklearn.linear_model import LogisticRegression

    warnings.simplefilter("ignore")  # in the child process only

    def fits():
        model = LogisticRegression(
            l1_ratio=1.0, solver="saga", tol=1e-8, max_iter=100_000, warm_start=True
        )
        for alpha in alphas:
            model.set_params(C=1.0 / (alpha * len(y))).fit(X, y)
            yield model.coef_, model.intercept_

    return fits()


def run_budgeted(fits, X, y, alphas, k, repeats, budget):
    """``fits``'s loop over the alphas in a forked child, stopped after ``budget`` seconds.

    Returns ``((wall, CPU seconds), coef, intercept, alphas done)``: the median times of the
    runs that finished, or, when a run did not, the budget and the CPU seconds it had used at
    its last alpha done (lower bounds both); the solutions of the alphas not done are NaN.
    """
    times = []
    for _ in range(repeats):
        seconds, coef, intercept, done = _budgeted_run(fits, X, y, alphas, k, budget)
        if done < len(alphas):
            return seconds, coef, intercept, done
        times.append(seconds)
    return tuple(np.median(times, axis=0).tolist()), coef, intercept, len(alphas)


def _budgeted_run(fits, X, y, alphas, k, budget):
    """One run of :func:`run_budgeted`; the solutions come back through shared memory."""
    ctx = mp.get_context("fork")  # the child inherits the data; nothing is pickled
    m, outputs, p = len(alphas), (1 if k == 2 else k), X.shape[1]
    coef = np.frombuffer(ctx.RawArray("d", m * outputs * p)).reshape(m, outputs, p)
    intercept = np.frombuffer(ctx.RawArray("d", m * outputs)).reshape(m, outputs)
    done, clock, ready = ctx.RawValue("i", 0), ctx.RawArray("d", 2), ctx.Event()
    args = (fits, X, y, alphas, coef, intercept, done, clock, ready)
    process = ctx.Process(target=_child, args=args)
    process.start()
    ready.wait(timeout=600)
    process.join(budget)
    if process.is_alive():
        process.kill()
        process.join()
        coef[done.value :], intercept[done.value :] = np.nan, np.nan
        return (budget, clock[1]), coef.copy(), intercept.copy(), done.value
    if process.exitcode != 0 or done.value < m:
        raise RuntimeError(f"{fits.__name__} failed (exit code {process.exitcode}).")
    return (clock[0], clock[1]), coef.copy(), intercept.copy(), m


def _child(fits, X, y, alphas, coef, intercept, done, clock, ready) -> None:
    """The child of :func:`_budgeted_run`: the timed loop, each solution stored as it comes."""
    loop = fits(X, y, alphas)  # imports and warm-up: not timed
    ready.set()
    start, cpu = time.perf_counter(), time.process_time()
    for a, (c, b) in enumerate(loop):
        coef[a], intercept[a] = c, b
        clock[0], clock[1] = time.perf_counter() - start, time.process_time() - cpu
        done.value = a + 1


def run_glmnet(folder: Path, X, y, alphas, k: int, cv: bool = False, folds=None):
    """glmnet in R; its time from system.time. Returns (seconds, coef, intercept) or CV picks."""
    X.T.astype(np.float64).tofile(folder / "X.bin")  # R's matrices are column-major
    y.astype(np.float64).tofile(folder / "y.bin")
    alphas.astype(np.float64).tofile(folder / "alphas.bin")
    if folds is not None:
        folds.astype(np.float64).tofile(folder / "folds.bin")
    (folder / "run.R").write_text(R_PATH)
    args = ["Rscript", str(folder / "run.R"), str(folder), *map(str, (len(y), X.shape[1], k))]
    subprocess.run([*args, "cv" if cv else "path"], check=True)
    out = np.fromfile(folder / "r_out.bin")
    seconds, out = (float(out[0]), float(out[1])), out[2:]
    if cv:
        return seconds, out[0], out[1]
    columns = int(out[0])
    B = out[1:].reshape(columns, -1)  # one row per alpha: [intercept, coef...] per class
    B = B.reshape(columns, k if k > 2 else 1, X.shape[1] + 1)
    return seconds, B[:, :, 1:], B[:, :, 0]


def gaps(problem, alphas, results: dict) -> dict:
    """Each method's largest objective gap to the best method, relative, over the alphas it did."""
    values = {
        name: np.array(
            [
                objective(problem, c[a], b[a], alpha, 1.0) if a < done else np.nan
                for a, alpha in enumerate(alphas)
            ]
        )
        for name, (_, c, b, done) in results.items()
    }
    best = np.nanmin(np.stack(list(values.values())), axis=0)
    return {name: float(np.nanmax((v - best) / np.abs(best))) for name, v in values.items()}


def path_problem(key, n, p, k, methods, repeats, folder, budget):
    X, y = make_problem(n, p, k)
    problem = Problem.of(X, y, np.full(n, 1 / n), k)
    alphas = path_alphas(problem, 1.0, 100)
    results = {"logitnet": (*run_logitnet(X, y, alphas, repeats), len(alphas))}
    if "glmnet" in methods:
        results["glmnet (R)"] = (*run_glmnet(folder, X, y, alphas, k), len(alphas))
    if "skglm" in methods and k == 2:
        results["skglm"] = run_budgeted(skglm_fits, X, y, alphas, k, repeats, budget)
    if "saga" in methods:
        results["sklearn saga, warm loop"] = run_budgeted(
            saga_fits, X, y, alphas, k, repeats, budget
        )
    report(
        f"({key}) {'binary' if k == 2 else f'{k}-class'} lasso, {n:,} x {p:,}, 100 alphas",
        results,
        gaps(problem, alphas, results),
        len(alphas),
    )
    return results["logitnet"][0]


def cv_problem(n, p, methods, repeats, folder, path_seconds):
    X, y = make_problem(n, p, 2)
    problem = Problem.of(X, y, np.full(n, 1 / n), 2)
    alphas = path_alphas(problem, 1.0, 100)
    folds = np.arange(n) % 10 + 1
    model = LogisticRegressionCV(alphas=alphas, cv=folds, tol=1e-7)
    (wall, cpu), model = timed(lambda: model.fit(X, y), repeats)
    print(f"\n(d) 10-fold CV of (a), {n:,} x {p:,}, 100 alphas")
    print(
        f"  logitnet      {wall:8.2f} s wall ({wall / path_seconds[0]:.1f}x its path), "
        f"{cpu:8.2f} s CPU ({cpu / path_seconds[1]:.1f}x its path)  "
        f"alpha_min {model.alpha_min_:.6g}  alpha_1se {model.alpha_1se_:.6g}"
    )
    if "glmnet" in methods:
        (r_wall, r_cpu), r_min, r_1se = run_glmnet(folder, X, y, alphas, 2, cv=True, folds=folds)
        same = r_min == model.alpha_min_ and r_1se == model.alpha_1se_
        print(
            f"  glmnet (R)    {r_wall:8.2f} s wall, {r_cpu:8.2f} s CPU  logitnet / glmnet "
            f"{wall / r_wall:.2f} wall, {cpu / r_cpu:.2f} CPU  alpha_min {r_min:.6g}  "
            f"alpha_1se {r_1se:.6g}  same choice: {same}"
        )


def report(title: str, results: dict, gap: dict, m: int) -> None:
    """One row per method; a method stopped at the budget shows ``>`` and bounds."""
    print(f"\n{title}")
    ours = results["logitnet"][0]
    print(
        f"  {'method':24s} {'wall s':>8s} {'CPU s':>8s} {'alphas':>7s} "
        f"{'logitnet / it: wall':>20s} {'CPU':>7s} {'max objective gap':>18s}"
    )
    for name, ((wall, cpu), _, _, done) in results.items():
        flag = "" if gap[name] <= TOL else "  (above 1e-7)"
        bound = "> " if done < m else ""
        ratio = "< " if done < m else ""
        cpu_ratio = ratio + f"{ours[1] / cpu:.3f}" if cpu > 0 else "-"
        print(
            f"  {name:24s} {bound + f'{wall:.2f}':>8s} {bound + f'{cpu:.2f}':>8s} {done:7d} "
            f"{ratio + f'{ours[0] / wall:.3f}':>20s} {cpu_ratio:>7s} "
            f"{gap[name]:18.1e}{flag}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fifth of the rows and features")
    parser.add_argument("--problems", default="a,b,c,d")
    parser.add_argument("--skip", default="", help="methods to leave out: glmnet,skglm,saga")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument(
        "--budget-s", type=float, default=300.0, help="stop skglm's and saga's loops after it"
    )
    args = parser.parse_args()
    methods = {"glmnet", "skglm", "saga"} - set(args.skip.split(","))
    regularization_path(*make_problem(200, 5, 2), n_alphas=3)  # compile (or load) the kernels
    regularization_path(*make_problem(200, 5, 3), n_alphas=3)
    scale = 5 if args.quick else 1
    path_seconds = None
    with tempfile.TemporaryDirectory() as tmp:
        for key in args.problems.split(","):
            n, p, k = SIZES[key]
            n, p = max(n // scale, 50), max(p // scale, 5)
            if key == "d":
                if path_seconds is None:
                    path_seconds = run_logitnet(*make_problem(n, p, 2), None, 1)[0]
                cv_problem(n, p, methods, args.repeats, Path(tmp), path_seconds)
            else:
                seconds = path_problem(
                    key, n, p, k, methods, args.repeats, Path(tmp), args.budget_s
                )
                path_seconds = seconds if key == "a" else path_seconds


if __name__ == "__main__":
    main()
