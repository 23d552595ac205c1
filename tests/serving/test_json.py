"""orjson in and out: the same documents as Python's json, floats exact, json's messages."""

from __future__ import annotations

import json

import numpy as np
import pytest

from logitnet.serving import RequestError
from logitnet.serving._json import dumps, json_array, loads


def _floats() -> np.ndarray:
    """Doubles of every magnitude, short decimals, subnormals and the extremes."""
    rng = np.random.default_rng(0)
    n = 20_000
    return np.concatenate(
        [
            rng.random(n),
            rng.normal(size=n) * 10.0 ** rng.integers(-300, 300, n),
            rng.random(n).round(3),
            rng.random(100) * 1e-310,
            [0.0, -0.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e16, 1e22],
        ]
    )


def test_loads_reads_floats_as_python_does():
    values = _floats()
    body = json.dumps({"inputs": {"x": values.tolist()}}).encode()
    parsed = np.array(loads(body)["inputs"]["x"])
    assert np.array_equal(parsed.view(np.int64), values.view(np.int64))  # bit for bit
    assert loads(body) == json.loads(body)


@pytest.mark.parametrize(
    "body",
    [
        b'{"inputs": [[1, NaN, Infinity, -Infinity]]}',  # outside the standard; json reads it
        '{"inputs": [["é", 2]]}'.encode("utf-16"),  # json detects UTF-16 and UTF-32
        b'{"inputs": [["\\ud800"]]}',  # a lone surrogate
    ],
)
def test_what_orjson_refuses_reads_as_python_reads_it(body):
    expected = json.loads(body)
    got = loads(body)
    assert repr(got) == repr(expected)  # NaN included


def test_an_integer_over_64_bits_reads_as_its_float():
    """orjson reads it as a float: the number a number column makes of it anyway."""
    big = 123456789012345678901234567890
    assert loads(b"[%d, -%d]" % (big, big)) == [float(big), -float(big)]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"inputs": [', "malformed JSON: Expecting value (line 1, column 13)"),
        (b'{"inputs": [1,]}', "malformed JSON: Expecting value (line 1, column 15)"),
        (b'{\n"a": 1\n"b": 2}', "malformed JSON: Expecting ',' delimiter (line 3, column 1)"),
        (b'{"inputs": "\xff"}', "malformed JSON: the body is not UTF-8 text"),
        (b"[" * 100_000, "malformed JSON: it is nested too deeply"),
    ],
)
def test_malformed_json_gets_pythons_message(body, message):
    with pytest.raises(RequestError) as caught:
        loads(body)
    assert str(caught.value) == message and caught.value.status == 400


def test_dumps_writes_floats_that_read_back_exactly():
    values = _floats()
    doc = {"probabilities": values.reshape(-1, 1), "classes": [0, 1], "threshold": 0.5}
    read = json.loads(dumps(doc))
    assert np.array_equal(
        np.array(read["probabilities"]).ravel().view(np.int64), values.view(np.int64)
    )
    assert read["classes"] == [0, 1] and read["threshold"] == 0.5
    assert dumps({"a": [1.5, None, "x"]}) == b'{"a":[1.5,null,"x"]}'


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (np.array([0, 1, 1]), [0, 1, 1]),
        (np.array([True, False]), [True, False]),
        (np.array(["no", "yes"]), ["no", "yes"]),
        (np.array(["no", 3], dtype=object), ["no", 3]),
        (np.array([0.1, 0.25], dtype=np.float32), [float(np.float32(0.1)), 0.25]),
        (np.arange(6.0).reshape(2, 3).T, [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]]),
    ],
)
def test_json_array_writes_what_tolist_would(values, expected):
    """Text labels, booleans, float32 (widened as tolist widens it) and a transposed array."""
    assert json.loads(dumps({"v": json_array(values)})) == {"v": expected}
    assert json.loads(dumps({"v": json_array(values)}))["v"] == values.tolist()
