"""Request bodies in each of MLflow's formats, and CSV, read into the same columns."""

from __future__ import annotations

import json

import pytest

from logitnet.serving import RequestError
from logitnet.serving._parse import check_columns, parse_body

NAMES = ["a", "b"]
EXPECTED = ({"a": [1, 3], "b": ["x", None]}, 2)


def _lists(table):
    columns, n = table
    return {k: list(v) for k, v in columns.items()}, n


@pytest.mark.parametrize(
    "doc",
    [
        {"dataframe_split": {"columns": ["a", "b"], "data": [[1, "x"], [3, None]]}},
        {
            "dataframe_split": {
                "columns": ["b", "a"],
                "data": [["x", 1], [None, 3]],
                "index": [0, 1],
            }
        },
        {"dataframe_split": {"data": [[1, "x"], [3, None]]}},
        {"dataframe_records": [{"a": 1, "b": "x"}, {"b": None, "a": 3}]},
        {"instances": [{"a": 1, "b": "x"}, {"a": 3, "b": None}]},
        {"instances": [[1, "x"], [3, None]]},
        {"inputs": {"a": [1, 3], "b": ["x", None]}},
    ],
)
def test_every_format_gives_the_same_columns(doc):
    assert _lists(parse_body(json.dumps(doc).encode(), "application/json", NAMES)) == EXPECTED


def test_one_row_of_scalars_and_csv():
    body = json.dumps({"inputs": {"a": 1, "b": "x"}}).encode()
    assert _lists(parse_body(body, "", NAMES)) == ({"a": [1], "b": ["x"]}, 1)
    columns, n = parse_body(b"b,a\nx,1\n,3\n", "text/csv; charset=utf-8", NAMES)
    assert n == 2 and list(columns["a"]) == [1.0, 3.0] and columns["b"][0] == "x"
    assert columns["b"][1] is None  # missing: pandas reads NaN there, the encoder either alike


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            b"[1, 2]",
            "expected a JSON object with one of the keys 'dataframe_split', "
            "'dataframe_records', 'instances', 'inputs'",
        ),
        (
            b'{"inputs": [], "instances": []}',
            "give one of 'dataframe_split', 'dataframe_records', "
            "'instances', 'inputs', not 2 ('inputs', 'instances')",
        ),
        (
            b'{"dataframe_split": [1]}',
            '"dataframe_split" must be an object with "columns" and "data"',
        ),
        (
            b'{"dataframe_records": [{"a": 1, "b": 2}, {"a": 1, "c": 2}]}',
            "\"dataframe_records\": row 2: unknown column 'c'. The model's columns: ['a', 'b']",
        ),
        (
            b'{"dataframe_records": [{"a": 1, "b": 2}, 5]}',
            '"dataframe_records": row 2 is not an object (int)',
        ),
        (
            b'{"inputs": {"a": [1, 2], "b": [1]}}',
            '"inputs": every column must hold a list of the same length',
        ),
        (b'{"dataframe_split": {"columns": ["a", "a"], "data": []}}', "column 'a' is given twice"),
        (b'{"inputs": [[1, 2], 3]}', '"inputs": row 2 is not a list (int)'),
        (b'{"inputs": "\xff"}', "malformed JSON: the body is not UTF-8 text"),
    ],
)
def test_refusals(body, message):
    with pytest.raises(RequestError) as caught:
        parse_body(body, "application/json", NAMES)
    assert str(caught.value) == message and caught.value.status == 400


def test_check_columns_suggests_the_closest_missing_name():
    with pytest.raises(RequestError, match=r"unknown column 'atack'\. Did you mean 'attack'\?"):
        check_columns(["atack", "speed"], ["attack", "speed"])
