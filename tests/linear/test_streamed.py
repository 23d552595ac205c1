"""Logistic regression by streaming passes reaches the in-memory optimum."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from logitnet import LogisticRegression
from logitnet.exceptions import DataError
from logitnet.linear._streamed import StreamedObjective
from logitnet.streaming import scan

from ..streaming.conftest import make_frame, write_parquet

FEATURES = ["p", "q", "r", "s"]


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    frame = make_frame(1500, seed=1)
    path = write_parquet(frame, tmp_path_factory.mktemp("data") / "t.parquet", row_group_size=400)
    return frame, path


@pytest.mark.parametrize("target", ["flag", "kind"])
@pytest.mark.parametrize("solver", ["newton", "lbfgs"])
@pytest.mark.parametrize(
    "class_weight", [None, "balanced", {"a": 3.0}], ids=["none", "balanced", "dict"]
)
def test_streamed_fit_reaches_the_in_memory_optimum(table, target, solver, class_weight):
    frame, path = table
    if isinstance(class_weight, dict) and target == "flag":
        class_weight = {True: 2.5}
    params = dict(alpha=0.01, solver=solver, class_weight=class_weight, tol=1e-9, max_iter=500)
    data = scan(path, target=target, features=FEATURES, weight="w", batch_rows=300)
    streamed = LogisticRegression(**params).fit(data)
    memory = LogisticRegression(**params).fit(
        frame[FEATURES], frame[target], sample_weight=frame["w"]
    )
    assert np.abs(streamed.coef_ - memory.coef_).max() <= 1e-6
    assert np.abs(streamed.intercept_ - memory.intercept_).max() <= 1e-6
    assert streamed.classes_.tolist() == memory.classes_.tolist()
    assert streamed.feature_names_in_.tolist() == FEATURES


def test_predict_and_score_read_a_scan(table):
    frame, path = table
    data = scan(path, target="kind", weight="w", features=FEATURES, batch_rows=256)
    model = LogisticRegression(alpha=0.1).fit(data)
    np.testing.assert_allclose(model.predict_proba(data), model.predict_proba(frame[FEATURES]))
    np.testing.assert_array_equal(model.predict(data), model.predict(frame[FEATURES]))
    expected = model.score(frame[FEATURES], frame["kind"], sample_weight=frame["w"])
    assert model.score(data) == pytest.approx(expected, abs=1e-12)


def test_predict_takes_the_model_columns_from_a_wider_scan(table):
    frame, path = table
    model = LogisticRegression().fit(scan(path, target="flag", features=["q", "p"]))
    wide = scan(path)  # every column, the target's among them
    np.testing.assert_allclose(
        model.decision_function(wide), model.decision_function(frame[["q", "p"]])
    )


def test_score_names_a_label_the_model_never_saw(table, tmp_path):
    frame, path = table
    model = LogisticRegression().fit(scan(path, target="kind", features=FEATURES))
    other = write_parquet(frame.assign(kind="zebra"), tmp_path / "new.parquet")
    with pytest.raises(
        DataError,
        match=r"new\.parquet, row group 0: the target has labels the model never saw: 'zebra'",
    ):
        model.score(scan(other, target="kind", features=FEATURES))


def test_fit_on_a_scan_takes_no_y(table):
    _, path = table
    with pytest.raises(TypeError, match=r"fit\(scan\) takes the labels and weights from the scan"):
        LogisticRegression().fit(scan(path, target="kind", features=FEATURES), [0, 1])


def test_hessian_vector_products_match_the_summed_hessian(table):
    frame, path = table
    X = frame[FEATURES].to_numpy()
    codes = frame["flag"].to_numpy().astype(int)
    s = np.full(len(X), 1 / len(X))

    def chunks():
        for lo in range(0, len(X), 400):
            yield X[lo : lo + 400], codes[lo : lo + 400], s[lo : lo + 400]

    objective = StreamedObjective(chunks, 4, 2, 0.3, True)
    rng = np.random.default_rng(0)
    w, v = rng.normal(size=5), rng.normal(size=5)
    objective.loss_grad(w)
    H = objective._curvature_at(w).reshape(5, 5) + 0.3 * np.diag([0, 1, 1, 1, 1])
    np.testing.assert_allclose(objective.hessp(w, v), H @ v, rtol=1e-12)


def test_reduce_sees_every_pass_sum(table):
    frame, path = table
    seen = []

    def reduce(total):
        seen.append(len(total))
        return total

    data = scan(path, target="kind", features=FEATURES).with_reduce(reduce)
    LogisticRegression(solver="lbfgs").fit(data)
    # loss + 5 x 3 gradient entries per pass; 1 for the separability check (alpha=0)
    assert seen[:-1] == [1 + 15] * (len(seen) - 1) and seen[-1] == 1


def _traced_peak_of_fit(path) -> int:
    """Peak bytes that Python and NumPy allocated while fitting on the scan of ``path``."""
    import tracemalloc

    data = scan(path, target="flag", features=FEATURES, batch_rows=500)
    tracemalloc.start()
    try:
        LogisticRegression().fit(data)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_of_a_streamed_fit_does_not_grow_with_the_rows(tmp_path):
    frame = make_frame(4000, seed=2)
    short = write_parquet(frame, tmp_path / "short.parquet", row_group_size=1000)
    long_frame = pd.concat([frame] * 8, ignore_index=True)
    long = write_parquet(long_frame, tmp_path / "long.parquet", row_group_size=1000)
    _traced_peak_of_fit(short)  # first use: imports and caches
    small, large = _traced_peak_of_fit(short), _traced_peak_of_fit(long)
    assert large <= 1.1 * small, (small, large)
