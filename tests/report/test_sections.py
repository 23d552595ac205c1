"""The report's Coefficients section: logitnet.inference's table, from the training data."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from logitnet import LogisticRegression, inference
from logitnet.report import write_report
from logitnet.report._evaluation import evaluate
from logitnet.report._sections import coefficients_section

RNG = np.random.default_rng(0)
X = pd.DataFrame(RNG.normal(size=(200, 3)), columns=["attack", "defense", "speed"])
Y = (X["attack"] - 0.5 * X["speed"] + RNG.logistic(size=200) > 0).astype(int).to_numpy()


def _splits(model, train: bool = True):
    """The test split, and the training split when asked (here, the same data)."""
    splits = [evaluate(model, "test", X, Y)]
    return splits + [evaluate(model, "train", X, Y)] if train else splits


def _values(html: str, column: int) -> list[float]:
    """The exact values of one numeric column of the coefficient table (0: estimate)."""
    rows = re.findall(r"<tr>(.*?)</tr>", html.split('id="coefficients"')[1].split("</table>")[0])
    cells = [re.findall(r'data-value="([^"]+)"', row) for row in rows[1:]]
    return [float(row[column]) for row in cells]


def test_section_holds_the_inference_table_of_the_training_data():
    model = LogisticRegression().fit(X, Y)
    anchor, title, html = coefficients_section(model, _splits(model))
    expected = inference(model, X, Y).table
    assert (anchor, title) == ("coefficients", "Coefficients")
    assert _values(html, 0) == expected["coef"].tolist()
    assert _values(html, 1) == expected["std_err"].tolist()
    assert _values(html, 3) == expected["p_value"].tolist()
    assert ">(Intercept)<" in html and ">speed<" in html and "95% interval" in html


def test_a_standardizing_pipeline_says_per_standard_deviation():
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, Y)
    html = coefficients_section(model, _splits(model))[2]
    assert "coefficients are per standard deviation" in html


def test_without_training_data_the_section_asks_for_it():
    model = LogisticRegression().fit(X, Y)
    html = coefficients_section(model, _splits(model, train=False))[2]
    assert "Pass X_train and y_train" in html and 'id="coefficients"' not in html


def test_other_models_have_no_section():
    model = SkLogisticRegression().fit(X, Y)
    splits = [evaluate(model, "test", X, Y), evaluate(model, "train", X, Y)]
    assert coefficients_section(model, splits) is None


def test_section_holds_the_odds_ratios():
    model = LogisticRegression().fit(X, Y)
    html = coefficients_section(model, _splits(model))[2]
    ratios = html.split('id="odds-ratios"')[1].split("</table>")[0]
    values = [float(v) for v in re.findall(r'data-value="([^"]+)"', ratios)]
    assert values == inference(model, X, Y).odds_ratios()["odds_ratio"].tolist()


def test_a_text_column_adds_the_analysis_of_deviance():
    from logitnet.preprocessing import make_pipeline as make_logitnet_pipeline
    from logitnet.preprocessing import plan_columns

    Xt = X.assign(size=np.array(["big", "small", "mid", "big"] * 50))
    plan = plan_columns(Xt)
    model = make_logitnet_pipeline(LogisticRegression(), plan, reference={"size": "big"})
    model.fit(Xt, Y)
    splits = [evaluate(model, "train", Xt, Y)]
    html = coefficients_section(model, splits)[2]
    deviance = html.split('id="analysis-of-deviance"')[1].split("</table>")[0]
    assert ">size<" in deviance and ">2<" in deviance
    assert ">size[mid]<" in html and ">size[small]<" in html


def test_a_multiclass_model_has_a_table_per_class_but_the_reference():
    y = np.array(["a", "b", "c"])[np.arange(200) % 3]
    model = LogisticRegression().fit(X, y)
    html = coefficients_section(model, [evaluate(model, "train", X, y)])[2]
    assert "reference class &#x27;a&#x27;" in html
    assert 'id="coefficients-0"' in html and 'id="relative-risk-ratios-1"' in html
    assert "b vs a:" in html and "c vs a:" in html


def test_collinear_columns_are_explained_instead_of_a_table():
    Xc = X.assign(total=X["attack"] + X["defense"])
    model = LogisticRegression().fit(Xc, Y)
    splits = [evaluate(model, "train", Xc, Y)]
    html = coefficients_section(model, splits)[2]
    assert "No coefficient table: The information matrix is singular" in html
    assert "&#x27;attack&#x27;, &#x27;defense&#x27;, &#x27;total&#x27;" in html


def test_report_places_coefficients_after_the_model(tmp_path):
    model = LogisticRegression().fit(X, Y)
    text = write_report(tmp_path / "r.html", model, X, Y, X_train=X, y_train=Y).read_text()
    sections = re.findall(r'<section id="([a-z-]+)"', text)
    assert sections[:3] == ["model", "coefficients", "data"]
