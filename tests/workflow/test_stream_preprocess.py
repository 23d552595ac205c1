"""The CLI's column handling on a stream equals the in-memory preprocessing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from logitnet import LogisticRegression
from logitnet.exceptions import DataError
from logitnet.preprocessing import make_preprocessor, prepare_table
from logitnet.streaming import scan
from logitnet.workflow._stream_preprocess import prepare_scan

from ..streaming.conftest import write_parquet


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """Names, ids, numbers with gaps, text with gaps, booleans and a 3-class target."""
    rng = np.random.default_rng(0)
    n = 900
    df = pd.DataFrame(
        {
            "name": [f"n{i}" for i in range(n)],
            "id": np.arange(n),
            "x": rng.normal(size=n),
            "k": rng.integers(0, 5, n),
            "colour": rng.choice(["red", "blue", "green"], n).astype(object),
            "ok": rng.random(n) > 0.5,
            "y": rng.choice(["u", "v", "w"], n),
        }
    )
    df.loc[rng.choice(n, 30, replace=False), "x"] = np.nan
    df.loc[rng.choice(n, 20, replace=False), "colour"] = None
    path = write_parquet(df, tmp_path_factory.mktemp("mixed") / "mix.parquet", 200)
    return df, path


@pytest.mark.parametrize(
    "options",
    [{"dropna": True}, {"impute": "mean"}, {"impute": "median"}, {"impute": "most_frequent"}],
    ids=["dropna", "mean", "median", "most_frequent"],
)
def test_streamed_preprocessing_equals_the_in_memory_one(mixed, options):
    df, path = mixed
    streamed = prepare_scan(scan(path, target="y", batch_rows=128), **options)
    table = prepare_table(df, "y", **options)
    memory = make_preprocessor(
        table.plan.numeric, table.plan.categorical, impute=options.get("impute")
    ).fit(table.X)
    assert streamed.plan == table.plan
    assert streamed.notes == table.notes
    X = np.vstack([batch.X for batch in streamed.scan.batches()])
    np.testing.assert_allclose(X, memory.transform(table.X), rtol=0, atol=1e-12)
    # the fitted preprocessor also works on a table in memory, as the saved pipeline will
    np.testing.assert_allclose(
        streamed.preprocessor.transform(table.X), memory.transform(table.X), atol=1e-12
    )


def test_missing_values_without_dropna_or_impute(mixed):
    _, path = mixed
    with pytest.raises(
        DataError, match=r"mix\.parquet has 50 missing values in 2 columns: 'x' \(30\), 'colour'"
    ):
        prepare_scan(scan(path, target="y"))


def test_named_features_keep_identifiers(mixed):
    _, path = mixed
    table = prepare_scan(scan(path, target="y"), features=["id", "k"])
    assert table.plan.numeric == ["id", "k"]
    assert table.notes == []


def test_drop_leaves_columns_out(mixed):
    _, path = mixed
    table = prepare_scan(scan(path, target="y"), drop=["x", "colour"])
    assert table.plan.features == ["k", "ok"]


def test_a_model_fits_on_the_prepared_stream(mixed):
    df, path = mixed
    table = prepare_scan(scan(path, target="y"), impute="mean")
    model = LogisticRegression(alpha=0.1).fit(table.scan)
    memory = prepare_table(df, "y", impute="mean")
    X = make_preprocessor(
        memory.plan.numeric, memory.plan.categorical, impute="mean"
    ).fit_transform(memory.X)
    expected = LogisticRegression(alpha=0.1).fit(X, memory.y)
    assert np.abs(model.coef_ - expected.coef_).max() <= 1e-6
    assert model.n_features_in_ == 7 and not hasattr(model, "feature_names_in_")


@pytest.mark.parametrize("sample", [False, True])
def test_a_pass_keeps_a_sample_of_the_numbers_only_when_asked(mixed, sample):
    from logitnet.workflow._stream_preprocess import _Pass

    pass_ = _Pass(scan(mixed[1], target="y"), ["x", "k"], [], sample=sample)
    pass_.run()
    assert [bool(pass_.stats[n].sample) for n in ("x", "k")] == [sample, sample]
