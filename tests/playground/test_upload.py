"""Uploads: the size cap, in memory, and one clear message for what is not a usable table."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from logitnet.exceptions import DataError
from logitnet.playground._upload import DEFAULT_MAX_UPLOAD, UploadBuffer, read_upload


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


def test_the_default_cap_is_50_mb():
    assert DEFAULT_MAX_UPLOAD == 50 * 1024 * 1024


def test_the_buffer_keeps_chunks_up_to_the_limit():
    buffer = UploadBuffer("t.csv", limit=10)
    buffer.start(10)
    buffer.add(b"abcde")
    buffer.add(b"fghij")
    assert buffer.data() == b"abcdefghij"


def test_a_declared_size_over_the_limit_is_refused_at_once():
    buffer = UploadBuffer("big.csv", limit=1024 * 1024)
    with pytest.raises(DataError, match=r"'big.csv' is too large: over 1 MB \(the upload limit\)"):
        buffer.start(2 * 1024 * 1024)


def test_chunks_past_the_limit_are_refused_whatever_was_declared():
    buffer = UploadBuffer("liar.csv", limit=8)
    buffer.start(4)
    buffer.add(b"1234")
    with pytest.raises(DataError, match=r"'liar.csv' is too large"):
        buffer.add(b"56789")
    assert buffer.size == 4


@pytest.mark.parametrize("size", [-1, 1.5, "10", True])
def test_a_declared_size_must_be_a_byte_count(size):
    with pytest.raises(ValueError, match=r"upload size must be a whole number of bytes"):
        UploadBuffer("t.csv", limit=10).start(size)


def test_a_csv_with_text_columns_is_read_and_its_numeric_columns_offered():
    frame = pd.DataFrame(
        {
            "a": [1.0, 2, 3, 4],
            "b": [4, 3, 4, 3],
            "colour": list("rgbr"),
            "kind": ["x", "y", "x", "y"],
        }
    )
    upload = read_upload("t.csv", csv_bytes(frame))
    assert upload.numeric == ["a", "b"]
    assert upload.describe() == {
        "type": "columns",
        "name": "t.csv",
        "rows": 4,
        "columns": ["a", "b", "colour", "kind"],
        "numeric": ["a", "b"],
    }


def test_parquet_is_read_by_its_suffix():
    frame = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [1.0, 0, 1, 0], "y": ["p", "q", "p", "q"]})
    data = io.BytesIO()
    frame.to_parquet(data)
    upload = read_upload("t.parquet", data.getvalue())
    pd.testing.assert_frame_equal(upload.frame, frame)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("t.csv", b"", r"'t.csv' is empty"),
        ("t.parquet", b"a,b,c\n1,2,3\n", r"'t.parquet' is not a table: cannot read it as Parquet"),
        ("t.csv", bytes(range(256)) * 4, r"'t.csv' is not a table: cannot read it as CSV"),
        ("t.csv", b"just one line of prose\n", r"'t.csv' is not a usable table: it has 0 rows"),
        (
            "t.csv",
            b"id,name,y\n1,a,p\n2,b,q\n3,c,p\n4,d,q\n",
            r"'t.csv' has no usable pair of features: the map needs two numeric columns \(found "
            r"none; column 'id' left out: it has a different value",
        ),
    ],
)
def test_what_is_not_a_usable_table_gets_one_clear_message(name, data, message):
    with pytest.raises(DataError, match=message):
        read_upload(name, data)
