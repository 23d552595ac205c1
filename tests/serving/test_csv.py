"""A CSV body read by pyarrow gives the values pandas gives; anything else is left to pandas."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest

from logitnet.serving import Predictor, RequestError
from logitnet.serving._csv import PANDAS_NA, arrow_columns
from logitnet.serving._parse import parse_body


def _pandas_columns(body: bytes, names: list[str]) -> dict:
    """What the server gave before pyarrow read the body: pandas' values, column by column."""
    frame = pd.read_csv(io.BytesIO(body))
    return {name: frame[name].tolist() for name in names}


def _same(a, b) -> bool:
    """Equal values, NaN and None both counting as a missing cell; floats bit for bit."""

    def key(v):
        if v is None or (isinstance(v, float) and v != v):
            return ("missing",)
        return (type(v).__name__ if not isinstance(v, np.floating) else "float", v)

    return [key(v) for v in list(a)] == [key(v) for v in list(b)]


def test_the_pokemon_table_reads_as_pandas_reads_it(gaps_csv, serving):
    body = pd.read_csv(gaps_csv)[serving.FEATURES].to_csv(index=False).encode()
    numbers = set(serving.FEATURES) - {"type"}
    columns, n_rows = arrow_columns(body, serving.FEATURES, numbers)
    expected = _pandas_columns(body, serving.FEATURES)
    assert n_rows == 801
    for name in numbers:
        assert columns[name].dtype == np.float64
        got, want = columns[name], np.array(expected[name], dtype=np.float64)
        assert np.array_equal(got, want, equal_nan=True)
    assert _same(columns["type"], expected["type"])


def test_the_missing_tokens_are_pandas_own_list():
    """pandas keeps its default ``na_values`` in a private set; a new pandas that changes it
    fails here rather than reading a cell differently from ``logitnet predict``."""
    from pandas._libs.parsers import STR_NA_VALUES

    assert sorted(PANDAS_NA) == sorted(STR_NA_VALUES)


def test_missing_cells_are_pandas_missing_cells():
    tokens = [t for t in PANDAS_NA if t != ""]
    lines = ["x,colour", *(f"{i},{t}" for i, t in enumerate(tokens)), f"{len(tokens)},red"]
    lines += [",blue", "NA,red"]
    body = ("\n".join(lines) + "\n").encode()
    columns, n_rows = arrow_columns(body, ["x", "colour"], {"x"})
    expected = _pandas_columns(body, ["x", "colour"])
    assert n_rows == len(tokens) + 3
    assert np.array_equal(columns["x"], np.array(expected["x"]), equal_nan=True)
    assert _same(columns["colour"], expected["colour"])
    assert sum(v is None for v in columns["colour"]) == len(tokens)


def test_numbers_in_a_text_column_read_as_pandas_reads_them():
    """pandas reads 1, 2 as ints, and as floats 1.0, 2.0 once a cell is missing."""
    body = b"x,grade,level\n1.5,1,3\n2.5,2,\n"
    columns, _ = arrow_columns(body, ["x", "grade", "level"], {"x"})
    expected = _pandas_columns(body, ["x", "grade", "level"])
    assert columns["grade"] == expected["grade"] == [1, 2]
    assert _same(columns["level"], expected["level"]) and columns["level"][0] == 3.0
    assert [type(v) for v in columns["grade"]] == [int, int]


@pytest.mark.parametrize(
    "body",
    [
        b"x,colour\n 1,red\n2 , blue\n",  # spaces around numbers and in text
        b'x,colour\n1e3," red"\n-0.5 ,x\n',
        b"x,colour\ninf,a\n-inf,b\n",  # read as infinite (and refused as not finite)
        b"x,colour\n+5,a\n.5,b\n5.,c\n",
        b'x,colour\n1,"a, ""quoted"" text"\n2,"two\nlines"\n',
    ],
)
def test_number_spellings_and_quoting_read_as_pandas_reads_them(body):
    columns, _ = arrow_columns(body, ["x", "colour"], {"x"})
    expected = _pandas_columns(body, ["x", "colour"])
    assert np.array_equal(columns["x"], np.array(expected["x"], dtype=np.float64))
    assert list(columns["colour"]) == expected["colour"]


@pytest.mark.parametrize(
    "body",
    [
        b"x,colour\n1,True\n2,False\n",  # booleans: pandas reads them as bool
        b"x,colour\n1,2020-01-02\n2,2021-03-04\n",  # dates
        b"x,colour\n1,red\nhigh,blue\n",  # text in a number column: pandas' message
        b"x,x\n1,2\n",  # a column given twice
        b"x,colour\n1,red\n2\n",  # a short row, which pandas fills in
        b"x,colour\n1,red,9\n",  # a row longer than the header (pandas: an index column)
        b"x\n1\n",  # a missing column: pandas' message
        b"x,colour\n",  # no rows
    ],
)
def test_everything_else_is_left_to_pandas(body):
    assert arrow_columns(body, ["x", "colour"], {"x"}) is None


def test_refusals_are_pandas_messages():
    with pytest.raises(RequestError, match=r"^missing column 'colour'; the model's columns"):
        parse_body(b"x\n1\n", "text/csv", ["x", "colour"], {"x"})
    with pytest.raises(RequestError, match=r"^the request holds no rows$"):
        parse_body(b"x,colour\n", "text/csv", ["x", "colour"], {"x"})


def test_a_csv_answer_equals_the_json_answer(binary_model, gaps_csv, serving):
    predictor = Predictor(binary_model)
    table = pd.read_csv(gaps_csv)[serving.FEATURES]
    from_csv = predictor.answer_body(table.to_csv(index=False).encode(), "text/csv")
    from_json = predictor.answer_body(json.dumps(serving.split_body(table)).encode(), "")
    assert np.array_equal(from_csv["probabilities"], from_json["probabilities"])
    assert np.array_equal(from_csv["predictions"], from_json["predictions"])
    model_proba = predictor.model.predict_proba(table)
    assert np.array_equal(from_csv["probabilities"], model_proba)  # bit for bit
