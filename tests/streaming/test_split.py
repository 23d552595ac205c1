"""The seeded train/test rule on row positions."""

from __future__ import annotations

import numpy as np

from logitnet.streaming._split import held_out, uniform_at


def test_the_rule_is_fixed_by_the_seed_and_the_position():
    np.testing.assert_array_equal(uniform_at(7, 0, 100), uniform_at(7, 0, 100))
    np.testing.assert_array_equal(uniform_at(7, 0, 100)[40:], uniform_at(7, 40, 60))
    assert not np.array_equal(uniform_at(7, 0, 100), uniform_at(8, 0, 100))


def test_the_first_values_are_pinned():
    # A change here changes which rows every saved run held out.
    np.testing.assert_allclose(
        uniform_at(0, 0, 3), [0.6524484863740322, 0.03401170130434639, 0.8429655109060831]
    )


def test_the_share_of_test_rows_is_test_size():
    share = held_out(3, 0.2, 0, 200_000).mean()
    assert abs(share - 0.2) < 0.003


def test_any_cut_into_pieces_gives_the_same_rows():
    whole = held_out(5, 0.3, 1000, 999)
    cuts = [0, 17, 400, 999]
    pieces = [held_out(5, 0.3, 1000 + a, b - a) for a, b in zip(cuts, cuts[1:], strict=False)]
    np.testing.assert_array_equal(np.concatenate(pieces), whole)
