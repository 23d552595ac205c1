"""The lecture's logistic-regression figures, reproduced with logitnet on the Pokemon table."""

import numpy as np
import pytest
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.preprocessing import StandardScaler

from logitnet import (
    LogisticRegression,
    accuracy,
    add_intercept,
    balance_classes,
    load_pokemon,
    log_loss,
    log_loss_grad,
    predict_logistic,
)


@pytest.fixture(scope="module")
def sample(pokemon_path):
    """The lecture's balanced sample: 70 non-legendary (drawn, seed 123), then 70 legendary."""
    df = load_pokemon(pokemon_path, ["attack", "defense", "speed", "legendary"])
    return balance_classes(df, "legendary", random_state=123)


@pytest.fixture(scope="module")
def defense(sample):
    """Standardized defense, its design matrix with the column of ones, and the labels."""
    x = StandardScaler().fit_transform(sample[["defense"]])
    return x, add_intercept(x), sample["legendary"].to_numpy()


def test_balanced_sample(sample):
    assert len(sample) == 140
    assert sample.index[:5].tolist() == ["Roggenrola", "Gible", "Gastly", "Minun", "Marill"]


def test_accuracy_of_the_hand_picked_weights(defense):
    _, X, y = defense
    assert accuracy(y, predict_logistic(X, [-1, 3], output="hard", threshold=0.5)) == (
        0.7142857142857143
    )


def test_minimized_log_loss_weights_and_accuracy(defense):
    _, X, y = defense
    w = minimize(log_loss, np.array([-1, 1]), jac=log_loss_grad, args=(X, y)).x
    np.testing.assert_allclose(w, [0.05153269, 1.34147091], rtol=0, atol=1e-5)
    assert accuracy(y, predict_logistic(X, w, output="hard")) == 0.8


def test_estimator_matches_the_lecture_and_sklearn(defense):
    x, _, y = defense
    model = LogisticRegression().fit(x, y)
    assert model.intercept_[0] == pytest.approx(0.0515, abs=1e-4)
    assert model.coef_[0, 0] == pytest.approx(1.3415, abs=1e-4)
    assert model.score(x, y) == 0.8
    sk = SkLogisticRegression(C=np.inf).fit(x, y)
    assert (round(sk.intercept_[0], 2), round(sk.coef_[0, 0], 2)) == (0.05, 1.34)


def test_three_features_with_lbfgs_from_zeros(sample):
    x = StandardScaler().fit_transform(sample[["defense", "attack", "speed"]])
    X, y = add_intercept(x), sample["legendary"].to_numpy()
    w = minimize(log_loss, np.zeros(4), jac=log_loss_grad, args=(X, y), method="L-BFGS-B").x
    np.testing.assert_allclose(
        w, [-0.23259512, 1.33705304, 0.52029373, 1.36780376], rtol=0, atol=1e-5
    )
    model = LogisticRegression().fit(x, y)
    np.testing.assert_allclose(np.r_[model.intercept_, model.coef_[0]], w, atol=1e-4)
