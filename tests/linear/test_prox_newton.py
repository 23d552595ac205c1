"""Proximal Newton over sums: the elastic net of a stream equals the in-memory one."""

from __future__ import annotations

import re

import numpy as np
import pytest

from logitnet import LogisticRegression, inference
from logitnet.linear._objective import BinaryObjective
from logitnet.linear._prox_newton import proximal_newton
from logitnet.linear._solvers import SolverOptions
from logitnet.streaming import scan

from ..streaming.conftest import make_frame, write_parquet

FEATURES = ["p", "q", "r", "s"]


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    frame = make_frame(1500, seed=1)
    path = write_parquet(frame, tmp_path_factory.mktemp("data") / "t.parquet", row_group_size=400)
    return frame, path


@pytest.mark.parametrize(("alpha", "l1_ratio"), [(0.02, 1.0), (0.05, 0.5)])
def test_streamed_elastic_net_equals_the_in_memory_fit(table, alpha, l1_ratio):
    frame, path = table
    params = dict(alpha=alpha, l1_ratio=l1_ratio, tol=1e-10)
    data = scan(path, target="flag", features=FEATURES, weight="w", batch_rows=300)
    streamed = LogisticRegression(**params).fit(data)
    memory = LogisticRegression(**params).fit(
        frame[FEATURES], frame["flag"], sample_weight=frame["w"]
    )
    assert np.abs(streamed.coef_ - memory.coef_).max() <= 1e-6
    assert np.abs(streamed.intercept_ - memory.intercept_).max() <= 1e-6
    np.testing.assert_array_equal(streamed.coef_ == 0, memory.coef_ == 0)
    assert (memory.coef_ == 0).any()


def test_a_streamed_multinomial_elastic_net_is_refused(table):
    _, path = table
    data = scan(path, target="kind", features=FEATURES)
    message = (
        "The elastic net over a stream needs the Hessian of a two-class model with at most 1024 "
        "parameters. Got 3 classes and 15 parameters."
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        LogisticRegression(0.1, l1_ratio=1.0).fit(data)


def test_proximal_newton_on_an_objective_matches_the_compiled_fit():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((400, 6))
    y = (X[:, 0] - X[:, 1] + rng.logistic(size=400) > 0).astype(float)
    objective = BinaryObjective(X, y, np.full(400, 1 / 400), 0.02 * 0.3, True)
    options = SolverOptions(max_iter=100, tol=1e-11, l1=0.02 * 0.7)
    result = proximal_newton(objective, np.zeros(7), options)
    model = LogisticRegression(0.02, l1_ratio=0.7, tol=1e-11).fit(X, y)
    np.testing.assert_allclose(result.w[1:], model.coef_[0], atol=1e-9)
    np.testing.assert_allclose(result.w[:1], model.intercept_, atol=1e-9)
    assert result.converged


def test_inference_refuses_a_lasso_model():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((100, 3))
    y = (X[:, 0] > 0).astype(int)
    model = LogisticRegression(0.05, l1_ratio=0.5).fit(X, y)
    message = (
        "inference needs an L2 or unpenalized model; this one has l1_ratio=0.5. Lasso and "
        "elastic-net estimates have no Wald standard errors"
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        inference(model, X, y)


def test_the_sharded_objective_of_one_process_gives_the_in_memory_lasso():
    from logitnet.linear import fit_sharded

    rng = np.random.default_rng(2)
    X = rng.standard_normal((300, 5))
    y = (X[:, 0] - X[:, 2] + rng.logistic(size=300) > 0).astype(int)
    params = dict(alpha=0.03, l1_ratio=1.0, tol=1e-10)
    shared = fit_sharded(LogisticRegression(**params), X, y, np.array([0, 1]))
    memory = LogisticRegression(**params).fit(X, y)
    assert np.abs(shared.coef_ - memory.coef_).max() <= 1e-8
    np.testing.assert_array_equal(shared.coef_ == 0, memory.coef_ == 0)
