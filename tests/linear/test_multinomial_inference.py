"""inference for more than two classes: statsmodels' MNLogit and R's nnet::multinom."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.datasets import anes96

from logitnet import MultinomialInferenceResult, inference
from logitnet.linear import LogisticRegression
from logitnet.preprocessing import make_pipeline, prepare_table, reference_levels

TIGHT = {"tol": 1e-11, "max_iter": 200}

# R 4.2.2:
#   library(nnet); d <- read.csv("ISLP/data/Carseats.csv", stringsAsFactors=TRUE)
#   fit <- multinom(ShelveLoc ~ Sales + Price + Urban + US, data=d, trace=FALSE,
#                   reltol=1e-14, maxit=1000)
#   options(digits=15); coef(fit); summary(fit)$standard.errors; c(deviance(fit), AIC(fit))
R_MULTINOM_COEF = {
    "Good": [
        -20.62646395457747,
        1.443170025520435,
        0.0911668462771211,
        -0.943603010467197,
        -1.236224130302697,
    ],
    "Medium": [
        -5.86384168842307,
        0.543032563684382,
        0.0336213545763373,
        -0.432948733866908,
        -0.557507596689561,
    ],
}
R_MULTINOM_SE = {
    "Good": [
        2.21046080496084,
        0.1359874952115700,
        0.01179258562150402,
        0.448743791037297,
        0.449815375355658,
    ],
    "Medium": [
        1.21333750246417,
        0.0799051614228945,
        0.00739856041131494,
        0.313321150609403,
        0.289805019178916,
    ],
}
R_MULTINOM_DEVIANCE, R_MULTINOM_AIC = 566.097178457958, 586.097178457958


@pytest.fixture(scope="module")
def shelves(carseats):
    """Carseats' shelf location from sales, price and two text columns, R's coding."""
    X = pd.DataFrame(
        {
            "Sales": carseats["Sales"],
            "Price": carseats["Price"],
            "Urban[Yes]": (carseats["Urban"] == "Yes").astype(float),
            "US[Yes]": (carseats["US"] == "Yes").astype(float),
        }
    )
    return X, carseats["ShelveLoc"]


def _mnlogit(X, y, classes):
    """statsmodels' MNLogit with ``classes[0]`` as its reference (code 0)."""
    codes = pd.Categorical(y, categories=classes).codes
    return sm.MNLogit(codes, sm.add_constant(X)).fit(disp=0, method="newton", tol=1e-12)


@pytest.mark.parametrize("reference", [None, "Medium"])
def test_tables_equal_statsmodels_mnlogit(shelves, reference):
    X, y = shelves
    result = inference(LogisticRegression(**TIGHT).fit(X, y), X, y, reference=reference)
    order = ["Bad", "Good", "Medium"] if reference is None else ["Medium", "Bad", "Good"]
    assert isinstance(result, MultinomialInferenceResult)
    assert result.reference == order[0] and list(result.tables) == order[1:]
    fitted = _mnlogit(X, y, order)
    for i, label in enumerate(order[1:]):
        table = result.tables[label]
        np.testing.assert_allclose(table["coef"], fitted.params[i], rtol=1e-5, atol=1e-8)
        np.testing.assert_allclose(table["std_err"], fitted.bse[i], rtol=1e-5)
        np.testing.assert_allclose(table["p_value"], fitted.pvalues[i], rtol=1e-5)
    np.testing.assert_allclose(result.deviance, -2 * fitted.llf, rtol=1e-10)
    np.testing.assert_allclose(result.null_deviance, -2 * fitted.llnull, rtol=1e-6)
    np.testing.assert_allclose([result.aic, result.bic], [fitted.aic, fitted.bic], rtol=1e-10)


def test_tables_equal_r_nnet_multinom(shelves):
    X, y = shelves
    result = inference(LogisticRegression(**TIGHT).fit(X, y), X, y)
    for label in ("Good", "Medium"):
        table = result.tables[label]
        np.testing.assert_allclose(table["coef"], R_MULTINOM_COEF[label], rtol=1e-5)
        np.testing.assert_allclose(table["std_err"], R_MULTINOM_SE[label], rtol=1e-5)
    np.testing.assert_allclose(
        [result.deviance, result.aic], [R_MULTINOM_DEVIANCE, R_MULTINOM_AIC], rtol=1e-9
    )


def test_seven_classes_of_anes96_equal_mnlogit():
    data = anes96.load_pandas().data
    X = data[["logpopul", "selfLR", "age", "educ", "income"]]
    y = data["PID"].astype(int)
    result = inference(LogisticRegression(**TIGHT).fit(X, y), X, y)
    fitted = _mnlogit(X, y, sorted(y.unique()))
    assert len(result.tables) == 6
    for i, table in enumerate(result.tables.values()):
        np.testing.assert_allclose(table["coef"], fitted.params[i], rtol=1e-5, atol=1e-8)
        np.testing.assert_allclose(table["std_err"], fitted.bse[i], rtol=1e-5)


def test_marginal_effects_equal_statsmodels(shelves):
    X, y = shelves
    result = inference(LogisticRegression(**TIGHT).fit(X, y), X, y)
    margeff = _mnlogit(X, y, ["Bad", "Good", "Medium"]).get_margeff(at="overall")
    effects = result.marginal_effects()
    assert list(effects) == ["Bad", "Good", "Medium"]
    for k, label in enumerate(effects):
        np.testing.assert_allclose(effects[label]["dydx"], margeff.margeff[:, k], rtol=1e-6)
        np.testing.assert_allclose(effects[label]["std_err"], margeff.margeff_se[:, k], rtol=1e-6)


def test_relative_risk_ratios_and_printing(shelves):
    X, y = shelves
    result = inference(LogisticRegression(**TIGHT).fit(X, y), X, y)
    ratios = result.relative_risk_ratios()["Good"]
    np.testing.assert_allclose(ratios["rrr"], np.exp(result.tables["Good"]["coef"]))
    np.testing.assert_allclose(ratios["ci_upper"], np.exp(result.tables["Good"]["ci_upper"]))
    text = str(result)
    assert text.startswith("Multinomial logit against reference class 'Bad'")
    assert "Good vs Bad:" in text and "Medium vs Bad:" in text
    assert "Residual deviance:  566.1  on 390  degrees of freedom" in text
    assert "Relative risk ratios, Medium vs Bad" in result.odds_ratios_text()


def test_result_round_trips_through_json(shelves):
    X, y = shelves
    result = inference(LogisticRegression(**TIGHT).fit(X, y), X, y)
    again = type(result).from_dict(result.to_dict())
    assert str(again) == str(result)


def test_pipeline_of_a_table_with_text_columns(carseats):
    table = prepare_table(carseats[["Sales", "Price", "Urban", "US", "ShelveLoc"]], "ShelveLoc")
    reference = reference_levels(table.X, table.plan.categorical)
    pipeline = make_pipeline(LogisticRegression(**TIGHT), table.plan, reference=reference)
    result = inference(pipeline.fit(table.X, table.y), table.X, table.y)
    names = ["(Intercept)", "Sales", "Price", "Urban[Yes]", "US[Yes]"]
    assert result.tables["Good"].index.tolist() == names
    # standardizing changes the estimates of numbers but not their z values
    np.testing.assert_allclose(
        result.tables["Good"]["z"].iloc[1:], [10.61246, 7.73084, -2.10279, -2.74830], rtol=1e-5
    )


def test_unknown_reference_class_lists_the_classes(shelves):
    X, y = shelves
    model = LogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match=r"`reference` must be one of the classes"):
        inference(model, X, y, reference="Top")


def test_profile_intervals_are_refused_for_three_classes(shelves):
    X, y = shelves
    model = LogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match="ci='profile' is for binary models; this one has 3"):
        inference(model, X, y, ci="profile")
