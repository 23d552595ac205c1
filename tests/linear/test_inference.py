"""inference(): agreement with statsmodels and R's definitions, a hand-checked case, errors."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from logitnet import ConvergenceWarning, DataError, InferenceResult, NotFittedError, inference
from logitnet.linear import LogisticRegression

RTOL = 1e-6
TIGHT = {"tol": 1e-11, "max_iter": 200}  # fit far past the default tolerance, as statsmodels does


def _data(seed: int, n: int, p: int, intercept: float = 0.3, correlated: bool = False):
    """Features and 0/1 labels drawn from a logistic model."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    if correlated:
        X = X @ (np.eye(p) + 0.6 * rng.normal(size=(p, p)))
    beta = rng.normal(size=p)
    y = (X @ beta + intercept + rng.logistic(size=n) > 0).astype(int)
    return X, y


DATASETS = {
    "small": dict(seed=0, n=120, p=2),
    "medium": dict(seed=1, n=400, p=4),
    "correlated": dict(seed=2, n=1000, p=6, correlated=True),
    "imbalanced": dict(seed=3, n=600, p=3, intercept=-2.5),
}


def _statsmodels(X, y, fit_intercept: bool, cov_type: str = "nonrobust"):
    """statsmodels' Logit on the same design, fitted to a tight tolerance."""
    exog = sm.add_constant(X, has_constant="add") if fit_intercept else X
    return sm.Logit(y, exog).fit(disp=0, method="newton", tol=1e-12, cov_type=cov_type)


def _assert_matches(result: InferenceResult, reference, level: float = 0.95) -> None:
    """Every column of the table agrees with the statsmodels fit to RTOL."""
    table = result.table
    ci = reference.conf_int(alpha=1 - level)
    np.testing.assert_allclose(table["coef"], reference.params, rtol=RTOL)
    np.testing.assert_allclose(table["std_err"], reference.bse, rtol=RTOL)
    np.testing.assert_allclose(table["z"], reference.tvalues, rtol=RTOL)
    np.testing.assert_allclose(table["p_value"], reference.pvalues, rtol=RTOL)
    np.testing.assert_allclose(table["ci_lower"], ci[:, 0], rtol=RTOL)
    np.testing.assert_allclose(table["ci_upper"], ci[:, 1], rtol=RTOL)


# --------------------------------------------------------------------------- statsmodels


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize(("cov", "cov_type"), [("classic", "nonrobust"), ("robust", "HC0")])
def test_table_matches_statsmodels_logit(name, fit_intercept, cov, cov_type):
    X, y = _data(**DATASETS[name])
    model = LogisticRegression(fit_intercept=fit_intercept, **TIGHT).fit(X, y)
    result = inference(model, X, y, cov=cov)
    _assert_matches(result, _statsmodels(X, y, fit_intercept, cov_type))
    assert result.cov_type == cov


@pytest.mark.parametrize("level", [0.8, 0.99])
def test_interval_level_matches_statsmodels(level):
    X, y = _data(**DATASETS["medium"])
    result = inference(LogisticRegression(**TIGHT).fit(X, y), X, y, level=level)
    _assert_matches(result, _statsmodels(X, y, True), level=level)
    assert result.level == level


@pytest.mark.parametrize("name", DATASETS)
def test_deviances_match_statsmodels_glm(name):
    X, y = _data(**DATASETS[name])
    result = inference(LogisticRegression(**TIGHT).fit(X, y), X, y)
    glm = sm.GLM(y, sm.add_constant(X), family=sm.families.Binomial()).fit(tol=1e-12)
    assert result.deviance == pytest.approx(glm.deviance, rel=RTOL)
    assert result.null_deviance == pytest.approx(glm.null_deviance, rel=RTOL)
    assert result.aic == pytest.approx(glm.aic, rel=RTOL)
    assert result.bic == pytest.approx(glm.bic_llf, rel=RTOL)
    assert result.df_residual == glm.df_resid
    assert result.df_null == len(y) - 1
    assert result.n_obs == len(y)


def test_without_intercept_the_null_model_is_one_half_as_in_r():
    # R's glm: wtdmu <- if (intercept) weighted.mean(y) else linkinv(offset) = 1/2.
    # (statsmodels fits an intercept-only null model here, which R does not.)
    X, y = _data(**DATASETS["small"])
    model = LogisticRegression(fit_intercept=False, **TIGHT).fit(X, y)
    result = inference(model, X, y)
    glm = sm.GLM(y, X, family=sm.families.Binomial()).fit(tol=1e-12)
    assert result.null_deviance == pytest.approx(2 * len(y) * math.log(2), rel=1e-12)
    assert result.deviance == pytest.approx(glm.deviance, rel=RTOL)
    assert result.aic == pytest.approx(glm.aic, rel=RTOL)
    assert (result.df_null, result.df_residual) == (len(y), len(y) - 2)


# --------------------------------------------------------------------------- weights


def test_frequency_weights_count_rows_that_many_times():
    X, y = _data(**DATASETS["medium"])
    counts = np.random.default_rng(5).integers(1, 5, size=len(y))
    X_rep, y_rep = np.repeat(X, counts, axis=0), np.repeat(y, counts)
    weighted = LogisticRegression(**TIGHT).fit(X, y, sample_weight=counts)
    for cov, cov_type in [("classic", "nonrobust"), ("robust", "HC0")]:
        result = inference(weighted, X, y, sample_weight=counts, cov=cov)
        _assert_matches(result, _statsmodels(X_rep, y_rep, True, cov_type))
        glm = sm.GLM(y_rep, sm.add_constant(X_rep), family=sm.families.Binomial()).fit()
        assert result.deviance == pytest.approx(glm.deviance, rel=RTOL)
        assert result.bic == pytest.approx(glm.bic_llf, rel=RTOL)
        assert result.df_residual == counts.sum() - 5


def test_class_weight_multiplies_the_frequency_weights():
    X, y = _data(**DATASETS["small"])
    model = LogisticRegression(class_weight={1: 2.0}, **TIGHT).fit(X, y)
    counts = np.where(y == 1, 2, 1)
    reference = _statsmodels(np.repeat(X, counts, axis=0), np.repeat(y, counts), True)
    _assert_matches(inference(model, X, y), reference)


def test_zero_weight_rows_are_left_out():
    X, y = _data(**DATASETS["small"])
    keep = np.arange(len(y)) % 3 != 0
    model = LogisticRegression(**TIGHT).fit(X, y, sample_weight=keep.astype(float))
    result = inference(model, X, y, sample_weight=keep.astype(float))
    _assert_matches(result, _statsmodels(X[keep], y[keep], True))
    assert result.n_obs == keep.sum()


# --------------------------------------------------------------------------- a hand-checked case


def _two_by_two():
    """x = 0: 10 events and 20 non-events; x = 1: 30 events and 15 non-events, as counts."""
    X = np.array([[0.0], [0.0], [1.0], [1.0]])
    y = np.array([1, 0, 1, 0])
    counts = np.array([10, 20, 30, 15])
    return X, y, counts


def test_hand_checked_two_by_two_table():
    # One binary feature: the intercept is the log-odds at x = 0, log(10/20); the slope is the
    # log odds ratio log(30*20 / (15*10)) = log 4, with Woolf's standard errors
    # sqrt(1/10 + 1/20) and sqrt(1/10 + 1/20 + 1/30 + 1/15) = 0.5.
    X, y, counts = _two_by_two()
    model = LogisticRegression(**TIGHT).fit(X, y, sample_weight=counts)
    table = inference(model, X, y, sample_weight=counts).table
    np.testing.assert_allclose(table["coef"], [math.log(0.5), math.log(4)], rtol=1e-9)
    np.testing.assert_allclose(table["std_err"], [math.sqrt(0.15), 0.5], rtol=1e-9)
    z = math.log(4) / 0.5
    assert table.loc["x0", "z"] == pytest.approx(z, rel=1e-9)
    assert table.loc["x0", "p_value"] == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-9)
    assert table.loc["x0", "ci_lower"] == pytest.approx(math.log(4) - 1.959963984540054 * 0.5)


def test_hand_checked_deviances():
    # Fitted p = 1/3 at x = 0 and 2/3 at x = 1; the null model has p = 40/75.
    X, y, counts = _two_by_two()
    model = LogisticRegression(**TIGHT).fit(X, y, sample_weight=counts)
    result = inference(model, X, y, sample_weight=counts)
    deviance = -2 * (25 * math.log(1 / 3) + 50 * math.log(2 / 3))
    null = -2 * (40 * math.log(40 / 75) + 35 * math.log(35 / 75))
    assert result.deviance == pytest.approx(deviance, rel=1e-9)
    assert result.null_deviance == pytest.approx(null, rel=1e-12)
    assert (result.n_obs, result.df_null, result.df_residual) == (75, 74, 73)
    assert result.aic == pytest.approx(deviance + 4, rel=1e-9)
    assert result.bic == pytest.approx(deviance + 2 * math.log(75), rel=1e-9)


def test_str_prints_like_r_summary():
    X, y, counts = _two_by_two()
    model = LogisticRegression(**TIGHT).fit(X, y, sample_weight=counts)
    text = str(inference(model, X, y, sample_weight=counts))
    assert text == (
        "Coefficients (Wald z tests; covariance: inverse of the observed information):\n"
        "            Estimate Std. Error z value Pr(>|z|)\n"
        "(Intercept)   -0.693     0.3873  -1.790   0.0735 .\n"
        "x0             1.386     0.5000   2.773  0.00556 **\n"
        "---\n"
        "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n"
        "\n"
        "    Null deviance: 103.64  on 74  degrees of freedom\n"
        "Residual deviance: 95.477  on 73  degrees of freedom\n"
        "AIC: 99.477  BIC: 104.11\n"
        "Number of observations: 75"
    )


# --------------------------------------------------------------------------- penalty


def test_penalty_curvature_is_in_the_information():
    # Reference: torch autograd's Hessian of the total penalized negative log-likelihood
    # sum_i [log(1 + e^z_i) - y_i z_i] + n alpha / 2 ||coef||^2 at the fitted parameters.
    import torch

    X, y = _data(**DATASETS["medium"])
    alpha = 0.05
    model = LogisticRegression(alpha=alpha, **TIGHT).fit(X, y)
    result = inference(model, X, y)
    Xt, yt = torch.tensor(X), torch.tensor(y, dtype=torch.float64)

    def objective(w):
        z = w[0] + Xt @ w[1:]
        return (torch.nn.functional.softplus(z) - yt * z).sum() + len(y) * alpha / 2 * (
            w[1:] @ w[1:]
        )

    w = torch.tensor(result.table["coef"].to_numpy())
    hessian = torch.autograd.functional.hessian(objective, w).numpy()
    np.testing.assert_allclose(result.covariance, np.linalg.inv(hessian), rtol=1e-9)
    assert result.alpha == alpha
    assert "Penalized fit (alpha=0.05)" in str(result)


# --------------------------------------------------------------------------- pipelines, names


def test_pipeline_transforms_x_and_names_rows_after_the_preprocessor():
    X, y = _data(**DATASETS["medium"])
    df = pd.DataFrame(X, columns=["height", "weight", "speed", "age"])
    pipe = Pipeline([("scale", StandardScaler()), ("model", LogisticRegression(**TIGHT))])
    result = inference(pipe.fit(df, y), df, y)
    assert result.table.index.tolist() == ["(Intercept)", "height", "weight", "speed", "age"]
    _assert_matches(result, _statsmodels(StandardScaler().fit_transform(X), y, True))


def test_column_transformer_names_and_one_hot_with_a_reference_level():
    rng = np.random.default_rng(7)
    df = pd.DataFrame({"size": rng.normal(size=300), "colour": rng.choice(["r", "g", "b"], 300)})
    y = (df["size"] + (df["colour"] == "r") + rng.logistic(size=300) > 0.5).astype(int)
    prep = ColumnTransformer(
        [("num", StandardScaler(), ["size"]), ("cat", OneHotEncoder(drop="first"), ["colour"])],
        sparse_threshold=0.0,
    )
    pipe = Pipeline([("prep", prep), ("model", LogisticRegression(**TIGHT))]).fit(df, y)
    result = inference(pipe, df, y)
    names = ["(Intercept)", "num__size", "cat__colour_g", "cat__colour_r"]
    assert result.table.index.tolist() == names
    _assert_matches(result, _statsmodels(prep.transform(df), y.to_numpy(), True))


def test_dataframe_column_names_name_the_rows():
    X, y = _data(**DATASETS["small"])
    df = pd.DataFrame(X, columns=["a", "b"])
    result = inference(LogisticRegression().fit(df, y), df, y)
    assert result.table.index.tolist() == ["(Intercept)", "a", "b"]
    assert result.table.columns.tolist() == [
        "coef",
        "std_err",
        "z",
        "p_value",
        "ci_lower",
        "ci_upper",
    ]


def test_string_labels_use_the_second_class_as_the_event():
    X, y = _data(**DATASETS["small"])
    labels = np.where(y == 1, "yes", "no")  # classes_ = ["no", "yes"]: "yes" is the event
    result = inference(LogisticRegression(**TIGHT).fit(X, labels), X, labels)
    _assert_matches(result, _statsmodels(X, y, True))


def test_to_dict_is_json_and_reads_back():
    X, y = _data(**DATASETS["small"])
    result = inference(LogisticRegression().fit(X, y), X, y, cov="robust")
    doc = json.loads(json.dumps(result.to_dict()))
    again = InferenceResult.from_dict(doc)
    pd.testing.assert_frame_equal(again.table, result.table)
    assert str(again) == str(result)
    assert again.covariance is None


def test_a_standardizing_pipeline_says_coefficients_are_per_standard_deviation():
    X, y = _data(**DATASETS["small"])
    df = pd.DataFrame(X, columns=["a", "b"])
    prep = ColumnTransformer([("num", StandardScaler(), ["a", "b"])])
    pipe = Pipeline([("prep", prep), ("model", LogisticRegression())]).fit(df, y)
    note = "so their coefficients are per standard deviation."
    assert inference(pipe, df, y).note.endswith(note)
    assert str(inference(pipe, df, y)).endswith(note)
    assert inference(pipe[-1], prep.transform(df), y).note == ""
    unscaled = Pipeline([("prep", StandardScaler(with_std=False)), ("model", LogisticRegression())])
    assert inference(unscaled.fit(X, y), X, y).note == ""


def test_note_is_printed_under_the_deviances():
    from dataclasses import replace

    X, y = _data(**DATASETS["small"])
    result = replace(inference(LogisticRegression().fit(X, y), X, y), note="Per sd.")
    assert str(result).endswith("Number of observations: 120\nPer sd.")


@pytest.mark.slow
def test_inference_does_not_import_torch():
    code = (
        "import sys, numpy as np, logitnet\n"
        "X = np.random.default_rng(0).normal(size=(50, 2)); y = (X[:, 0] > 0.3).astype(int)\n"
        "y[:5] = 1 - y[:5]\n"
        "print(logitnet.inference(logitnet.LogisticRegression().fit(X, y), X, y))\n"
        "assert 'torch' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


# --------------------------------------------------------------------------- errors


def test_penalized_multiclass_model_is_refused_with_the_reason():
    X, _ = _data(**DATASETS["small"])
    y = np.arange(len(X)) % 3
    model = LogisticRegression(alpha=0.1).fit(X, y)
    match = r"multinomial inference needs an unpenalized model \(alpha=0\).*Got alpha=0.1."
    with pytest.raises(ValueError, match=match):
        inference(model, X, y)


def test_not_fitted_model_is_refused():
    X, y = _data(**DATASETS["small"])
    with pytest.raises(NotFittedError, match="LogisticRegression instance is not fitted yet"):
        inference(LogisticRegression(), X, y)


def test_other_estimators_are_refused():
    X, y = _data(**DATASETS["small"])
    match = r"needs a logitnet.LogisticRegression.*Got sklearn.linear_model.*LogisticRegression"
    with pytest.raises(TypeError, match=match):
        inference(SkLogisticRegression().fit(X, y), X, y)


def test_complete_separation_warns_naming_the_feature():
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.normal(size=40), np.linspace(-2, 2, 40)])
    y = (X[:, 1] > 0).astype(int)
    with pytest.warns(ConvergenceWarning, match="perfectly separable"):  # the fit's own warning
        model = LogisticRegression().fit(X, y)
    with pytest.warns(ConvergenceWarning, match=r"perfectly separated along 'x1': the max"):
        inference(model, X, y)


def test_quasi_complete_separation_warns_naming_the_feature():
    # speed <= 4 is always class 0, speed >= 4 always class 1; at speed == 4 both occur.
    rng = np.random.default_rng(3)
    speed = np.array([1.0, 2, 3, 4, 4, 5, 6, 7, 1, 2, 3, 5, 6, 7])
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1])
    df = pd.DataFrame({"noise": rng.normal(size=14), "speed": speed})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = LogisticRegression().fit(df, y)
    with pytest.warns(ConvergenceWarning, match=r"separated along 'speed':") as record:
        inference(model, df, y)
    assert "noise" not in str(record[0].message)


def test_overlapping_classes_do_not_warn():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2000, 2))
    y = (8 * X[:, 0] + rng.logistic(size=2000) > 0).astype(int)  # strong, but not separated
    model = LogisticRegression().fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        inference(model, X, y)


def test_separation_with_a_penalty_does_not_warn():
    X = np.linspace(-2, 2, 40)[:, None]
    y = (X[:, 0] > 0).astype(int)
    model = LogisticRegression(alpha=0.1).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        inference(model, X, y)


def test_collinear_columns_are_named():
    X, y = _data(**DATASETS["medium"])
    df = pd.DataFrame(X, columns=["a", "b", "c", "d"]).assign(e=lambda t: t["a"] - 2 * t["c"])
    model = LogisticRegression().fit(df, y)
    with pytest.raises(DataError, match=r"singular: the columns 'a', 'c', 'e' are collinear"):
        inference(model, df, y)


def test_a_constant_column_is_collinear_with_the_intercept():
    X, y = _data(**DATASETS["small"])
    X = np.column_stack([X, np.full(len(X), 3.0)])
    model = LogisticRegression().fit(X, y)
    with pytest.raises(DataError, match=r"the columns '\(Intercept\)', 'x2' are collinear"):
        inference(model, X, y)


def test_full_one_hot_with_an_intercept_is_collinear():
    rng = np.random.default_rng(7)
    df = pd.DataFrame({"colour": rng.choice(["r", "g", "b"], 90)})
    y = rng.integers(0, 2, 90)
    prep = ColumnTransformer([("cat", OneHotEncoder(), ["colour"])], sparse_threshold=0.0)
    pipe = Pipeline([("prep", prep), ("model", LogisticRegression())]).fit(df, y)
    match = r"'\(Intercept\)', 'cat__colour_b', 'cat__colour_g', 'cat__colour_r' are collinear"
    with pytest.raises(DataError, match=match):
        inference(pipe, df, y)


def test_a_penalty_makes_collinear_columns_identified():
    X, y = _data(**DATASETS["small"])
    X = np.column_stack([X, X[:, 0]])
    result = inference(LogisticRegression(alpha=0.01).fit(X, y), X, y)
    assert np.isfinite(result.table["std_err"]).all()


def test_unknown_labels_are_refused():
    X, y = _data(**DATASETS["small"])
    model = LogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match=r"labels the model was not fitted on: \[7\]"):
        inference(model, X, np.where(np.arange(len(y)) == 0, 7, y))


def test_mismatched_lengths_are_refused():
    X, y = _data(**DATASETS["small"])
    model = LogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match="same number of samples. Got 120 and 119"):
        inference(model, X, y[1:])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"cov": "HC0"}, ValueError, r"`cov` must be one of 'classic', 'robust'. Got 'HC0'"),
        ({"level": 95}, ValueError, r"`level` must be in \(0.0, 1.0\). Got 95"),
        ({"level": "0.9"}, TypeError, r"`level` must be a real number"),
        ({"sample_weight": -np.ones(120)}, ValueError, "sample_weight must be >= 0"),
    ],
)
def test_bad_arguments_are_refused(kwargs, error, match):
    X, y = _data(**DATASETS["small"])
    model = LogisticRegression().fit(X, y)
    with pytest.raises(error, match=match):
        inference(model, X, y, **kwargs)
