"""plot_path and plot_cv: one line per coefficient, the CV curve with its two alphas."""

from __future__ import annotations

import re

import numpy as np
import pytest

from logitnet import LogisticRegressionCV, plot_cv, plot_path, regularization_path


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((120, 4))
    y = (X[:, 0] - X[:, 1] + rng.logistic(size=120) > 0).astype(int)
    return X, y


def test_plot_path_draws_one_named_line_per_coefficient(data):
    X, y = data
    path = regularization_path(X, y, n_alphas=12)
    fig = plot_path(path)
    lines = [t for t in fig.data if t.name]
    assert [t.name for t in lines] == ["x0", "x1", "x2", "x3"]
    np.testing.assert_allclose(lines[1].y, path.coef[:, 0, 1])
    np.testing.assert_allclose(lines[1].x, np.log(path.alphas))
    top = fig.layout.xaxis2
    assert top.side == "top" and top.ticktext[0] == "0"
    assert top.ticktext[-1] == str(path.n_nonzero[-1])


@pytest.mark.parametrize("x", ["l1_norm", "deviance_ratio"])
def test_plot_path_other_axes(data, x):
    X, y = data
    path = regularization_path(X, y, n_alphas=8)
    expected = path.l1_norm() if x == "l1_norm" else path.deviance_ratio
    np.testing.assert_allclose(plot_path(path, x=x).data[0].x, expected)


def test_plot_path_names_classes_of_a_multinomial_path():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((90, 2))
    y = np.array(["a", "b", "c"])[
        (X @ rng.standard_normal((2, 3)) + rng.gumbel(size=(90, 3))).argmax(1)
    ]
    names = [t.name for t in plot_path(regularization_path(X, y, n_alphas=5)).data if t.name]
    assert names == ["x0 (a)", "x1 (a)", "x0 (b)", "x1 (b)", "x0 (c)", "x1 (c)"]


def test_plot_cv_marks_both_alphas(data):
    X, y = data
    model = LogisticRegressionCV(n_alphas=12, cv=4).fit(X, y)
    fig = plot_cv(model)
    curve = fig.data[0]
    np.testing.assert_allclose(curve.y, model.cv_mean_)
    np.testing.assert_allclose(curve.error_y.array, model.cv_std_)
    marks = sorted(shape.x0 for shape in fig.layout.shapes)
    assert marks == pytest.approx(sorted([np.log(model.alpha_min_), np.log(model.alpha_1se_)]))
    assert fig.layout.yaxis.title.text == "binomial or multinomial deviance"
    assert plot_path(model).data[0].name == "x0"


def test_bad_arguments(data):
    with pytest.raises(ValueError, match=re.escape("`x` must be one of 'log_alpha', 'l1_norm'")):
        plot_path(regularization_path(*data, n_alphas=3), x="alpha")
    with pytest.raises(TypeError, match="plot_path needs a RegularizationPath"):
        plot_path(np.zeros(3))
    with pytest.raises(TypeError, match="plot_cv needs a fitted LogisticRegressionCV"):
        plot_cv(LogisticRegressionCV())
