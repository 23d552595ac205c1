"""Gathering uneven parts from every rank: arrays, JSON and rows put back in position order."""

import json

import numpy as np
import pytest

from logitnet._group._gather import all_gather_array, all_gather_json, gather_rows


def test_outside_a_group_a_gather_is_this_process_s_part_alone():
    assert [a.tolist() for a in all_gather_array(np.array([3, 1]))] == [[3, 1]]
    assert all_gather_json({"a": [1, "b"]}) == [{"a": [1, "b"]}]
    positions, values = gather_rows(np.array([2, 0, 1]), np.array([20.0, 0.0, 10.0]))
    assert positions.tolist() == [0, 1, 2] and values.tolist() == [0.0, 10.0, 20.0]


@pytest.mark.distributed
def test_two_ranks_gather_parts_of_different_lengths(tmp_path, launch_worker):
    done = launch_worker(2, "gather", str(tmp_path))
    assert done.returncode == 0, done.stderr
    ranks = [json.loads((tmp_path / f"rank{r}.json").read_text()) for r in range(2)]
    assert ranks[0] == ranks[1]  # every rank gets every part
    found = ranks[0]
    assert found["arrays"] == [[0, 10, 20], [1, 11, 21, 31, 41]]
    assert found["json"] == [{"rank": 0, "labels": ["a", 1]}, {"rank": 1, "labels": ["a", 1, 2.5]}]
    positions, scaled, pairs = found["rows"]
    assert positions == [0, 1, 2, 3, 4, 5, 6]
    assert scaled == [1.5 * p for p in positions]
    assert pairs == [[p, -p] for p in positions]
    assert found["empty"] == [[], [0]]
