"""The R-like layout of an inference result: stars, p-values, number columns."""

from __future__ import annotations

import numpy as np
import pytest

from logitnet.linear._inference_text import format_column, format_p, stars


@pytest.mark.parametrize(
    ("p", "code"),
    [
        (0.0, "***"),
        (0.00099, "***"),
        (0.001, "**"),
        (0.0099, "**"),
        (0.01, "*"),
        (0.049, "*"),
        (0.05, "."),
        (0.099, "."),
        (0.1, " "),
        (1.0, " "),
    ],
)
def test_stars_follow_r_significance_codes(p, code):
    assert stars(p) == code


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (0.0, "< 2e-16"),
        (1e-17, "< 2e-16"),
        (2.81e-07, "2.81e-07"),
        (0.000354, "0.000354"),
        (0.0735, "0.0735"),
        (0.5, "0.5"),
    ],
)
def test_p_values_are_written_as_r_format_pval(p, text):
    assert format_p(p) == text


def test_a_column_shares_its_decimals_with_four_digits_on_the_largest():
    assert format_column(np.array([-0.6931, 1.3863])) == ["-0.693", "1.386"]
    assert format_column(np.array([0.0123, 0.5])) == ["0.0123", "0.5000"]
    assert format_column(np.array([123.456, 2.0])) == ["123.5", "2.0"]


def test_tiny_or_huge_columns_are_scientific():
    assert format_column(np.array([2e-5, -1e-4])) == ["2.000e-05", "-1.000e-04"]
    assert format_column(np.array([3e6, 1.0])) == ["3.000e+06", "1.000e+00"]
    assert format_column(np.array([0.0, 0.0])) == ["0", "0"]
