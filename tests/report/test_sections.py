"""The report's Coefficients section: logitnet.inference's table, from the training data."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
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


@pytest.mark.parametrize(
    "model",
    [SkLogisticRegression().fit(X, Y), LogisticRegression().fit(X, np.arange(200) % 3)],
    ids=["scikit-learn", "multiclass"],
)
def test_other_models_have_no_section(model):
    y = Y if len(model.classes_) == 2 else np.arange(200) % 3
    splits = [evaluate(model, "test", X, y), evaluate(model, "train", X, y)]
    assert coefficients_section(model, splits) is None


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
