"""inference(ci="profile"): R's confint(glm_fit) on ISLR's tables; intervals that do not close."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from logitnet import ConvergenceWarning, inference
from logitnet.linear import LogisticRegression

TIGHT = {"tol": 1e-11, "max_iter": 200}

# R 4.2.2 (MASS's profile method for glm):
#   d <- read.csv("ISLP/data/Default.csv", stringsAsFactors=TRUE)
#   fit <- glm(default ~ student + balance + income, family=binomial, data=d)
#   library(MASS); options(digits=15); confint(fit)
R_DEFAULT_CONFINT = [
    (-1.18590165391918e01, -9.92817376759291e00),  # (Intercept)
    (-1.10901812021826e00, -1.82214684637745e-01),  # studentYes
    (5.29489793975535e-03, 6.20458740653047e-03),  # balance
    (-1.30471160979520e-05, 1.91244654876232e-05),  # income
]

# R 4.2.2:
#   d <- read.csv("ISLP/data/Carseats.csv", stringsAsFactors=TRUE)
#   d$High <- factor(ifelse(d$Sales > 8, "Yes", "No"))
#   fit <- glm(High ~ Price + Age + ShelveLoc + Urban + US, family=binomial, data=d)
#   library(MASS); options(digits=15); confint(fit)
R_CARSEATS_CONFINT = [
    (4.4798870837379701, 8.6916590141606918),  # (Intercept)
    (-0.0796507705267926, -0.0479600276824553),  # Price
    (-0.0690581074052146, -0.0326886236782139),  # Age
    (3.4943732286487856, 5.6238894689598329),  # ShelveLocGood
    (1.2300879448224453, 2.7773039338691428),  # ShelveLocMedium
    (-0.5462743393415135, 0.6554688705591162),  # UrbanYes
    (0.7054240825280271, 1.8988133172595949),  # USYes
]


@pytest.mark.parametrize(
    ("design", "expected"),
    [("default_design", R_DEFAULT_CONFINT), ("carseats_design", R_CARSEATS_CONFINT)],
)
def test_profile_intervals_equal_r_confint(request, design, expected):
    X, y = request.getfixturevalue(design)
    model = LogisticRegression(**TIGHT).fit(X, y)
    table = inference(model, X, y, ci="profile").table
    # R interpolates a spline through a grid of profile fits; the roots here are exact
    np.testing.assert_allclose(table[["ci_lower", "ci_upper"]], expected, rtol=0, atol=1e-4)


def test_profile_intervals_are_asymmetric_and_wald_stays_the_default(default_design):
    X, y = default_design
    model = LogisticRegression(**TIGHT).fit(X, y)
    wald, profile = inference(model, X, y), inference(model, X, y, ci="profile")
    assert wald.ci == "wald" and profile.ci == "profile"
    pd.testing.assert_frame_equal(
        wald.table[["coef", "std_err"]], profile.table[["coef", "std_err"]]
    )
    below = profile.table["coef"] - profile.table["ci_lower"]
    above = profile.table["ci_upper"] - profile.table["coef"]
    assert not np.allclose(below, above, rtol=1e-3)


def test_separation_leaves_an_open_interval_not_a_number():
    # quasi-complete separation: x > 5 is always 1, x < 5 always 0, both classes at x = 5
    x = np.array([1, 2, 3, 4, 5, 5, 6, 7, 8, 9], dtype=float)[:, None]
    y = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    model = LogisticRegression(max_iter=50)
    with pytest.warns(ConvergenceWarning, match="separated along 'x0'"):
        model.fit(x, y)
        result = inference(model, x, y, ci="profile")
    slope, intercept = result.table.loc["x0"], result.table.loc["(Intercept)"]
    assert slope["ci_upper"] == np.inf and np.isnan(slope["ci_lower"])
    assert np.isnan(intercept["ci_lower"]) and np.isnan(intercept["ci_upper"])
    assert "the maximum-likelihood estimate does not exist" in result.note
    assert result.odds_ratios_text().splitlines()[-1].split()[-2:] == ["NaN", "Inf"]


def test_profile_refuses_a_penalized_model(default_design):
    X, y = default_design
    model = LogisticRegression(alpha=0.1).fit(X, y)
    with pytest.raises(ValueError, match=r"ci='profile' compares maximum-likelihood fits"):
        inference(model, X, y, ci="profile")


def test_unknown_ci_method_lists_the_valid_ones(default_design):
    X, y = default_design
    model = LogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match="wald.*profile"):
        inference(model, X, y, ci="bootstrap")
