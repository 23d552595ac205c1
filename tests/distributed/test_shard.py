import numpy as np
import pytest

from logitnet.distributed import shard_rows


def test_the_shares_cover_every_row_once_in_blocks_that_differ_by_at_most_one():
    shares = [shard_rows(11, rank, 3) for rank in range(3)]
    assert [len(s) for s in shares] == [4, 3, 4]
    np.testing.assert_array_equal(np.concatenate(shares), np.arange(11))


def test_a_rank_may_get_no_rows():
    assert [len(shard_rows(1, rank, 2)) for rank in range(2)] == [0, 1]


def test_a_rank_outside_the_world_is_an_error():
    with pytest.raises(ValueError, match=r"`rank` must be below world=2. Got 2 instead."):
        shard_rows(10, 2, 2)
