"""Average marginal effects: statsmodels' get_margeff(at="overall", method="dydx")."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from logitnet import inference
from logitnet.linear import LogisticRegression
from logitnet.linear._margins import binary_effects

TIGHT = {"tol": 1e-11, "max_iter": 200}


@pytest.mark.parametrize("design", ["default_design", "carseats_design"])
def test_binary_effects_equal_statsmodels(request, design):
    X, y = request.getfixturevalue(design)
    event = (y == "Yes").astype(int)
    effects = inference(LogisticRegression(**TIGHT).fit(X, y), X, y).marginal_effects()
    reference = sm.Logit(event, sm.add_constant(X)).fit(disp=0, method="newton", tol=1e-12)
    margeff = reference.get_margeff(at="overall", method="dydx")
    assert effects.index.tolist() == X.columns.tolist()
    np.testing.assert_allclose(effects["dydx"], margeff.margeff, rtol=1e-6)
    np.testing.assert_allclose(effects["std_err"], margeff.margeff_se, rtol=1e-6)
    np.testing.assert_allclose(effects["p_value"], margeff.pvalues, rtol=1e-6)
    np.testing.assert_allclose(effects[["ci_lower", "ci_upper"]], margeff.conf_int(), rtol=1e-6)


def test_binary_jacobian_equals_finite_differences(default_design):
    X, y = default_design
    A = np.column_stack([np.ones(len(X)), X.to_numpy() / X.to_numpy().std(axis=0)])
    w = np.array([-2.0, -0.5, 1.2, 0.1])
    weights = np.arange(len(X)) % 3 + 1.0
    _, jacobian = binary_effects(A, w, weights, 1)
    step = 1e-6
    numeric = np.column_stack(
        [
            (
                binary_effects(A, w + step * e, weights, 1)[0]
                - binary_effects(A, w - step * e, weights, 1)[0]
            )
            / (2 * step)
            for e in np.eye(len(w))
        ]
    )
    np.testing.assert_allclose(jacobian, numeric, rtol=1e-6, atol=1e-10)


def test_effects_need_the_fit(default_design):
    X, y = default_design
    result = inference(LogisticRegression().fit(X, y), X, y)
    again = type(result).from_dict(result.to_dict())
    with pytest.raises(ValueError, match="marginal_effects needs the fitted model and its data"):
        again.marginal_effects()
