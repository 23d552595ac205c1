import json
import sys

import numpy as np
import pytest

from logitnet import distributed
from logitnet._group import ENV_VARS


def test_outside_a_group_there_is_one_rank_and_sums_are_the_values(monkeypatch):
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    assert (distributed.rank(), distributed.world_size()) == (0, 1)
    assert not distributed.launched()
    assert distributed.join_from_env() is False
    value = np.array([1.5, 2.0])
    summed = distributed.all_reduce(value)
    np.testing.assert_array_equal(summed, value)
    assert summed is not value
    distributed.barrier()  # nothing to wait for


def test_the_backend_is_gloo_on_a_machine_without_cuda():
    import torch

    assert distributed.backend() == ("nccl" if torch.cuda.is_available() else "gloo")


def test_outside_a_group_nothing_imports_torch():
    import subprocess

    code = (
        "import sys, numpy as np; from logitnet import distributed as d; "
        "d.all_reduce(np.ones(2)); d.barrier(); d.rank(); d.world_size(); "
        "print('torch' in sys.modules)"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert found.stdout.strip() == "False", found.stderr


@pytest.mark.distributed
def test_two_workers_sum_take_the_min_and_max_of_their_numbers(tmp_path, launch_worker):
    out = tmp_path / "found.json"
    done = launch_worker(2, "allreduce", str(out))
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text()) == {
        "sum": [3.0, 10.0],
        "min": [1.0, 0.0],
        "max": [2.0, 10.0],
        "world": 2,
    }
