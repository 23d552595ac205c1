"""The lasso in a process group: two processes, in memory or streamed, give one process's model."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.distributed


@pytest.mark.parametrize("stream", [[], ["--stream"]], ids=["memory", "stream"])
def test_two_processes_give_the_lasso_of_one(table_csv, tmp_path, run_train, final_model, stream):
    one, two = tmp_path / "one", tmp_path / "two"
    lasso = ["--l1-ratio", "1", "--alpha", "0.02", *stream]
    assert run_train(table_csv, one, *lasso).returncode == 0
    done = run_train(table_csv, two, *lasso, "--processes", "2")
    assert done.returncode == 0, done.stderr
    a, b = final_model(one), final_model(two)
    assert np.abs(a.coef_ - b.coef_).max() <= 1e-6
    assert np.abs(a.intercept_ - b.intercept_).max() <= 1e-6
    np.testing.assert_array_equal(a.coef_ == 0, b.coef_ == 0)
    assert b.l1_ratio == 1.0
