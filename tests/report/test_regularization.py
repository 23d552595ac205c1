"""The report's Regularization section and the kept coefficients of a lasso model."""

from __future__ import annotations

import numpy as np
import pytest

from logitnet import LogisticRegression, LogisticRegressionCV
from logitnet.report import write_report


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((160, 5))
    y = (2 * X[:, 0] - X[:, 1] + rng.logistic(size=160) > 0).astype(int)
    return X, y


def test_a_cv_model_gets_the_path_and_the_cv_curve(data, tmp_path):
    X, y = data
    model = LogisticRegressionCV(n_alphas=15, cv=4).fit(X, y)
    page = write_report(tmp_path / "r.html", model, X, y, X_train=X, y_train=y).read_text()
    assert '<h2 id="regularization"' in page or 'id="regularization"' in page
    assert 'data-plot="path"' in page and 'data-plot="cv"' in page
    assert f"alpha chosen by cross-validation (1se): {model.alpha_:.4g}" in page


def test_a_lasso_model_lists_its_kept_coefficients_without_standard_errors(data, tmp_path):
    X, y = data
    model = LogisticRegression(0.08, l1_ratio=1.0).fit(X, y)
    kept = int((model.coef_ != 0).sum())
    assert 0 < kept < 5
    page = write_report(tmp_path / "r.html", model, X, y, X_train=X, y_train=y).read_text()
    assert f"{kept} of 5 features kept (nonzero coefficients) at alpha = 0.08" in page
    assert "std_err" not in page
    assert 'data-plot="path"' not in page
