"""The README's Spark recipe, run: pyspark's TorchDistributor starts ``logitnet train``."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest

SPARK_TIMEOUT = 480  # seconds: a JVM, a Spark session and torchrun's 2 workers on a busy machine
INSTALL_HINT = "Install it with `make java` (Debian: apt-get install -y openjdk-17-jre-headless)."

RECIPE = """
import sys
from pyspark.sql import SparkSession
from pyspark.ml.torch.distributor import TorchDistributor
import logitnet.__main__

spark = SparkSession.builder.master("local[2]").appName("logitnet").getOrCreate()
try:
    TorchDistributor(num_processes=2, local_mode=True, use_gpu=False).run(
        logitnet.__main__.__file__, "train", sys.argv[1], "--target", "label",
        "--out", sys.argv[2],
    )
finally:
    spark.stop()
"""


def java_path() -> str:
    """Java's path, or fail (under CI) / skip (elsewhere) saying how to install it."""
    found = shutil.which("java")
    if found is None:
        message = f"Java is not installed, and pyspark needs it. {INSTALL_HINT}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.mark.parametrize(
    ("ci", "outcome"), [("1", pytest.fail.Exception), (None, pytest.skip.Exception)]
)
def test_missing_java_fails_under_ci_and_skips_elsewhere(monkeypatch, ci, outcome):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    if ci:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match=r"apt-get install -y openjdk-17-jre-headless"):
        java_path()


@pytest.mark.slow
@pytest.mark.distributed
def test_spark_s_torch_distributor_trains_the_model_of_two_processes(
    tmp_path, make_table, run_python, run_train, final_model
):
    java_path()
    data = tmp_path / "table.parquet"
    make_table(n=1200, seed=1).to_parquet(data)
    spark = run_python(["-c", RECIPE, str(data), str(tmp_path / "spark")], timeout=SPARK_TIMEOUT)
    assert spark.returncode == 0, spark.stderr[-3000:]
    assert "wrote model.safetensors, metrics.json, history.json, report.html" in spark.stdout
    done = run_train(data, tmp_path / "two", "--processes", "2")
    assert done.returncode == 0, done.stderr
    a, b = final_model(tmp_path / "two"), final_model(tmp_path / "spark")
    assert np.abs(a.coef_ - b.coef_).max() <= 1e-6
    assert np.abs(a.intercept_ - b.intercept_).max() <= 1e-6
