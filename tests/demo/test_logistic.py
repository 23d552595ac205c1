"""Tests of logitnet.demo.logistic: the walk-through with and without the Pokemon table."""

import numpy as np
import pytest

from logitnet import LogisticRegression
from logitnet.demo import DemoResult
from logitnet.demo.logistic import logistic_demo


@pytest.fixture(scope="module")
def builtin():
    return logistic_demo()


def _rows(results):
    return {(r.name, row.step): row for r in results for row in r.rows}


def test_builtin_demo_has_a_binary_and_a_multinomial_part(builtin):
    assert [r.name for r in builtin] == ["breast_cancer", "wine"]
    assert all(isinstance(r, DemoResult) and r.rows for r in builtin)


def test_builtin_demo_agrees_with_sklearn_on_every_figure(builtin):
    assert [step for step, row in _rows(builtin).items() if not row.agrees] == []


def test_each_part_carries_its_fitted_model_and_data(builtin):
    for result in builtin:
        assert isinstance(result.estimator, LogisticRegression)
        np.testing.assert_array_equal(result.estimator.predict(result.X).shape, result.y.shape)
    assert builtin[1].estimator.coef_.shape == (3, 2)


def test_pokemon_demo_reproduces_the_lecture(pokemon_path):
    results = logistic_demo(pokemon_path)
    assert [r.name for r in results] == ["pokemon_defense", "pokemon_three_features"]
    rows = _rows(results)
    assert all(row.agrees for row in rows.values())
    first = rows[("pokemon_defense", "balanced sample: first five")]
    assert first.logitnet == "Roggenrola, Gible, Gastly, Minun, Marill"
    accuracy = rows[("pokemon_defense", "accuracy, w = [-1.0, 3.0]")]
    assert accuracy.logitnet == accuracy.reference == "0.7142857142857143"
    w = rows[("pokemon_defense", "minimize(log_loss) from [-1.0, 1.0]: w")]
    assert w.logitnet == "[0.05153269, 1.34147091]"
    assert results[0].X.shape == (140, 1) and results[1].X.shape == (140, 3)


def test_a_disagreeing_figure_is_flagged():
    from logitnet.demo.logistic import _row

    assert not _row("w", np.array([1.0, 2.0]), [1.0, 2.1], 1e-5).agrees
    assert _row("w", np.array([1.0, 2.0]), [1.0, 2.000001], 1e-5).agrees
