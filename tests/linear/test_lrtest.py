"""drop1 and lr_test: R's drop1(fit, test="LRT") on ISLR's tables, statsmodels' LR test."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.stats import chi2

import logitnet
from logitnet import inference
from logitnet.linear import DevianceTable, LogisticRegression
from logitnet.linear._lrtest import term_columns
from logitnet.preprocessing import make_pipeline, prepare_table, reference_levels

TIGHT = {"tol": 1e-11, "max_iter": 200}

# R 4.2.2:
#   d <- read.csv("ISLP/data/Default.csv", stringsAsFactors=TRUE)
#   fit <- glm(default ~ student + balance + income, family=binomial, data=d)
#   options(digits=15); as.data.frame(drop1(fit, test="LRT"))
R_DEFAULT_DROP1 = {  # term: (df, deviance, AIC, LRT, p)
    "<none>": (np.nan, 1571.54482757896, 1579.54482757896, np.nan, np.nan),
    "student": (1, 1578.96627019629, 1584.96627019629, 7.421442617333469, 6.44511205238212e-03),
    "balance": (1, 2907.49581363656, 2913.49581363656, 1335.950986057597447, 1.74040231982792e-292),
    "income": (1, 1571.68159711921, 1577.68159711921, 0.136769540249361, 7.11513884266754e-01),
}

# R 4.2.2:
#   d <- read.csv("ISLP/data/Carseats.csv", stringsAsFactors=TRUE)
#   d$High <- factor(ifelse(d$Sales > 8, "Yes", "No"))
#   fit <- glm(High ~ Price + Age + ShelveLoc + Urban + US, family=binomial, data=d)
#   options(digits=15); as.data.frame(drop1(fit, test="LRT"))
R_CARSEATS_DROP1 = {
    "<none>": (np.nan, 332.530903038785, 346.530903038785, np.nan, np.nan),
    "Price": (1, 427.857802167495, 439.857802167495, 95.3268991287100107, 1.61405031951677e-22),
    "Age": (1, 366.690166152950, 378.690166152950, 34.1592631141648440, 5.07809384258958e-09),
    "ShelveLoc": (
        2,
        441.076583185733,
        451.076583185733,
        108.5456801469480865,
        2.68908814981284e-24,
    ),
    "Urban": (1, 332.557656104153, 344.557656104153, 0.0267530653686094, 8.70074667719604e-01),
    "US": (1, 352.162818844482, 364.162818844482, 19.6319158056976448, 9.38877133889747e-06),
}


def _pipeline_result(frame: pd.DataFrame, target: str):
    """inference of logitnet's own pipeline (standardized, reference-coded) on every row."""
    table = prepare_table(frame, target)
    reference = reference_levels(table.X, table.plan.categorical)
    model = LogisticRegression(**TIGHT)
    pipeline = make_pipeline(model, table.plan, reference=reference).fit(table.X, table.y)
    return inference(pipeline, table.X, table.y)


def _assert_drop1(table: pd.DataFrame, expected: dict) -> None:
    """Every cell equals R's to 1e-6 (relative for p-values, which R prints to 15 digits)."""
    assert sorted(table.index) == sorted(expected)
    for term, (df, deviance, aic, lrt, p) in expected.items():
        row = table.loc[term]
        np.testing.assert_allclose(row["deviance"], deviance, rtol=0, atol=1e-6)
        np.testing.assert_allclose(row["aic"], aic, rtol=0, atol=1e-6)
        if term == "<none>":
            assert np.isnan(row["df"]) and np.isnan(row["lrt"]) and np.isnan(row["p_value"])
            continue
        assert row["df"] == df
        np.testing.assert_allclose(row["lrt"], lrt, rtol=0, atol=1e-6)
        if not np.isnan(p):
            np.testing.assert_allclose(row["p_value"], p, rtol=1e-6)


def test_drop1_on_default_equals_r(islp_data):
    frame = pd.read_csv(islp_data / "Default.csv")
    result = _pipeline_result(frame, "default")
    table = result.drop1().table
    _assert_drop1(table, R_DEFAULT_DROP1)


def test_drop1_tests_the_levels_of_a_text_column_together_as_r(carseats):
    frame = carseats[["Price", "Age", "ShelveLoc", "Urban", "US", "High"]]
    result = _pipeline_result(frame, "High")
    _assert_drop1(result.drop1().table, R_CARSEATS_DROP1)


def test_drop1_prints_r_layout(islp_data):
    frame = pd.read_csv(islp_data / "Default.csv")
    text = str(_pipeline_result(frame, "default").drop1())
    assert text.splitlines()[1:6] == [
        "        Df Deviance     AIC       LRT Pr(>Chi)",
        "<none>      1571.54 1579.54",
        "balance  1  2907.50 2913.50 1335.9510  < 2e-16 ***",
        "income   1  1571.68 1577.68    0.1368    0.712",
        "student  1  1578.97 1584.97    7.4214  0.00645  **",
    ]


def test_drop1_round_trips_through_json(carseats):
    frame = carseats[["Price", "ShelveLoc", "High"]]
    table = _pipeline_result(frame, "High").drop1()
    again = DevianceTable.from_dict(table.to_dict())
    pd.testing.assert_frame_equal(again.table, table.table)
    assert str(again) == str(table)


def test_lr_test_equals_statsmodels_from_two_fits(carseats_design):
    X, y = carseats_design
    event = (y == "Yes").astype(int)
    small = ["Price", "Age", "US[Yes]"]
    full = inference(LogisticRegression(**TIGHT).fit(X, y), X, y)
    reduced = inference(LogisticRegression(**TIGHT).fit(X[small], y), X[small], y)
    sm_full = sm.Logit(event, sm.add_constant(X)).fit(disp=0, method="newton", tol=1e-12)
    sm_small = sm.Logit(event, sm.add_constant(X[small])).fit(disp=0, method="newton", tol=1e-12)
    statistic = 2 * (sm_full.llf - sm_small.llf)
    df = sm_full.df_model - sm_small.df_model
    p = chi2.sf(statistic, df)
    row = logitnet.lr_test(full, reduced).table.loc["full"]
    assert row["df"] == df == 3
    np.testing.assert_allclose(row["lrt"], statistic, rtol=1e-8)
    np.testing.assert_allclose(row["p_value"], p, rtol=1e-6)


def test_lr_test_refuses_fits_on_different_rows(default_design):
    X, y = default_design
    full = inference(LogisticRegression().fit(X, y), X, y)
    half = inference(LogisticRegression().fit(X[:5000], y[:5000]), X[:5000], y[:5000])
    with pytest.raises(ValueError, match="same rows; got 5000 and 10000 observations"):
        logitnet.lr_test(full, half)


def test_lr_test_refuses_a_larger_reduced_model(default_design):
    X, y = default_design
    full = inference(LogisticRegression().fit(X, y), X, y)
    small = inference(LogisticRegression().fit(X[["balance"]], y), X[["balance"]], y)
    with pytest.raises(ValueError, match="`full` must have more parameters than `reduced`"):
        logitnet.lr_test(small, full)


def test_drop1_refuses_a_penalized_model(default_design):
    X, y = default_design
    result = inference(LogisticRegression(alpha=0.01).fit(X, y), X, y)
    with pytest.raises(ValueError, match=r"drop1 compares maximum-likelihood fits.*alpha=0.01"):
        result.drop1()


def test_drop1_needs_the_fit_not_a_result_read_back(default_design):
    X, y = default_design
    result = inference(LogisticRegression().fit(X, y), X, y)
    again = type(result).from_dict(result.to_dict())
    with pytest.raises(ValueError, match="drop1 needs the fitted model and its data"):
        again.drop1()


def test_term_columns_group_indicators_by_their_input_column():
    names = ["(Intercept)", "Price", "ShelveLoc[Good]", "ShelveLoc[Medium]", "x[1]"]
    assert term_columns(names, ["Price", "ShelveLoc", "x"]) == {
        "Price": [1],
        "ShelveLoc": [2, 3],
        "x": [4],
    }
    assert term_columns(names, None) == {name: [i] for i, name in enumerate(names) if i}
