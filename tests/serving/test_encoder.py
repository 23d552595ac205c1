"""The numpy encoder equals the preprocessor's ``transform`` bit for bit, and explains refusals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import logitnet
from logitnet.preprocessing import make_pipeline, prepare_table
from logitnet.serving import RequestError
from logitnet.serving._encoder import Encoder, FrameEncoder, make_encoder
from logitnet.serving._predictions import split_model


def _fitted(df: pd.DataFrame, target: str, impute: str | None):
    table = prepare_table(df, target, impute=impute)
    return make_pipeline(logitnet.LogisticRegression(alpha=1.0), table.plan, impute=impute).fit(
        table.X, table.y
    )


def _columns(df: pd.DataFrame) -> dict:
    return {name: df[name].tolist() for name in df.columns}


@pytest.mark.parametrize("impute", ["mean", "median", "most_frequent"])
def test_equals_the_column_transformer(serving, gaps_csv, impute):
    df = pd.read_csv(gaps_csv)[[*serving.FEATURES, "legendary"]]
    model = _fitted(df, "legendary", impute)
    preprocess, final = split_model(model)
    encoder = make_encoder(preprocess, final)
    assert isinstance(encoder, Encoder)
    X = df[encoder.names]
    Xt, notes = encoder.encode(_columns(X), len(X))
    expected = preprocess.transform(X)
    assert Xt.dtype == expected.dtype and Xt.flags.c_contiguous
    assert np.array_equal(Xt, expected)  # bit for bit
    assert notes == []


def test_generated_table_with_booleans_and_numbers_as_text(table):
    df = table.assign(flag=[i % 3 == 0 for i in range(len(table))])
    model = _fitted(df.drop(columns=["id", "name"]), "label", None)
    preprocess, final = split_model(model)
    encoder = make_encoder(preprocess, final)
    X = df[encoder.names]
    Xt, _ = encoder.encode(_columns(X), len(X))
    assert np.array_equal(Xt, preprocess.transform(X))
    assert [c.kind for c in encoder.columns] == ["number", "number", "text", "text"]


def test_refusals_name_the_column_and_row(table):
    model = _fitted(table.drop(columns=["id", "name"]), "label", None)
    encoder = make_encoder(*split_model(model))
    good = {"x1": [0.5, 1.0], "x2": [1.0, 2.0], "colour": ["red", "blue"]}
    cases = [
        ({"x1": [0.5, "1.0"]}, "column 'x1' holds numbers; row 2 has text '1.0'"),
        ({"x2": [[1.0], 2.0]}, "column 'x2' holds numbers; row 1 has a list [1.0]"),
        (
            {"x1": [float("inf"), 1.0]},
            "column 'x1' holds numbers; row 1 has inf, which is not finite",
        ),
        (
            {"x1": [None, 1.0]},
            "column 'x1' has a missing value in row 1, and this model fills in "
            "no missing values (it was trained without imputation)",
        ),
        ({"colour": ["red", {"a": 1}]}, "column 'colour' holds text; row 2 has a dict"),
    ]
    for change, message in cases:
        with pytest.raises(RequestError) as caught:
            encoder.encode({**good, **change}, 2)
        assert str(caught.value) == message


def test_unseen_category_counts_as_none(table):
    model = _fitted(table.drop(columns=["id", "name"]), "label", None)
    preprocess, final = split_model(model)
    encoder = make_encoder(preprocess, final)
    rows = {"x1": [0.5, 1.0, 2.0], "x2": [1.0, 2.0, 0.0], "colour": ["red", "purple", "purple"]}
    Xt, notes = encoder.encode(rows, 3)
    assert np.array_equal(Xt, preprocess.transform(pd.DataFrame(rows)))
    assert notes == [
        "column 'colour': 'purple' (rows 2, 3) was not seen in training; it counts as no category"
    ]


def test_other_preprocessing_goes_through_a_dataframe(table):
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import MinMaxScaler

    X, y = table[["x1", "x2"]], table["label"]
    model = Pipeline([("scale", MinMaxScaler()), ("model", logitnet.LogisticRegression())])
    model.fit(X, y)
    encoder = make_encoder(*split_model(model))
    assert isinstance(encoder, FrameEncoder) and encoder.names == ["x1", "x2"]
    Xt, _ = encoder.encode(_columns(X), len(X))
    assert np.array_equal(Xt, model[:-1].transform(X))


def test_bare_estimator_takes_its_columns(table):
    model = logitnet.LogisticRegression().fit(table[["x1", "x2"]].to_numpy(), table["label"])
    encoder = make_encoder(None, model)
    assert encoder.names == ["x0", "x1"]
    Xt, _ = encoder.encode({"x0": [1, 2.5], "x1": [3.0, 4]}, 2)
    assert np.array_equal(Xt, np.array([[1.0, 3.0], [2.5, 4.0]]))


def test_reference_coding_leaves_out_each_reference_column(table):
    """Two text columns, each coded against a reference level (OneHotEncoder(drop=...))."""
    df = table.assign(size=["s", "m", "l"] * (len(table) // 3)).drop(columns=["id", "name"])
    prepared = prepare_table(df, "label", impute=None)
    model = make_pipeline(
        logitnet.LogisticRegression(alpha=1.0),
        prepared.plan,
        reference={"colour": "green", "size": "s"},
    ).fit(prepared.X, prepared.y)
    preprocess, final = split_model(model)
    encoder = make_encoder(preprocess, final)
    assert isinstance(encoder, Encoder) and encoder.width == 2 + 2 + 2
    rows = {
        "x1": [0.5, 1.0, 2.0],
        "x2": [1.0, 2.0, 0.0],
        "colour": ["red", "green", "blue"],
        "size": ["l", "s", "xl"],
    }
    Xt, notes = encoder.encode(rows, 3)
    assert np.array_equal(Xt, preprocess.transform(pd.DataFrame(rows)))
    assert notes == [
        "column 'size': 'xl' (row 3) was not seen in training; it counts as no category"
    ]


def test_numbers_from_a_float_array_equal_numbers_from_a_list(table):
    """A CSV body gives a number column as a float64 array, NaN for a missing cell."""
    df = table.drop(columns=["id", "name"])
    model = _fitted(df, "label", "median")
    encoder = make_encoder(*split_model(model))
    as_lists = {"x1": [0.5, None, 2.0], "x2": [1.0, 2.0, 0.0], "colour": ["red", None, "x"]}
    as_array = {**as_lists, "x1": np.array([0.5, np.nan, 2.0])}
    assert np.array_equal(encoder.encode(as_lists, 3)[0], encoder.encode(as_array, 3)[0])
    with pytest.raises(RequestError, match=r"^column 'x1' holds numbers; row 2 has inf, which"):
        encoder.encode({**as_array, "x1": np.array([0.5, np.inf, 2.0])}, 3)


def test_an_integer_too_large_for_a_float_is_refused(table):
    model = _fitted(table.drop(columns=["id", "name"]), "label", None)
    encoder = make_encoder(*split_model(model))
    rows = {"x1": [0.5, 10**400], "x2": [1.0, 2.0], "colour": ["red", "blue"]}
    with pytest.raises(RequestError) as caught:
        encoder.encode(rows, 2)
    assert str(caught.value) == (
        f"column 'x1' holds numbers; row 2 has {10**400}, which is too large for a float"
    )
