"""Tests for the JSON values of model files: tagged values come back with their types."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from logitnet.persistence._json import from_json, to_json


@pytest.mark.parametrize(
    "value",
    [None, True, 3, 0.5, "a", [1, (2, 3)], {1: "one", "two": (2,)}, torch.optim.Adam],
)
def test_values_survive_a_json_round_trip(value):
    assert from_json(json.loads(json.dumps(to_json(value, "p")))) == value


def test_arrays_keep_their_dtype():
    for array in (np.array(["a", "b"]), np.array([1.5, 2.0], dtype=np.float32)):
        back = from_json(json.loads(json.dumps(to_json(array, "p"))))
        assert back.dtype == array.dtype and (back == array).all()


def test_other_objects_are_refused():
    with pytest.raises(TypeError, match=r"Cannot save 'p': .* is not a JSON value"):
        to_json(object(), "p")
    with pytest.raises(ValueError, match="is not a torch.optim optimizer"):
        from_json({"__optimizer__": "os"})
