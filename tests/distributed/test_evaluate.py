import json

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, log_loss

from logitnet import LogisticRegression
from logitnet.distributed import evaluate_shared


def _model_and_rows():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(50, 3)), rng.integers(0, 3, size=50)
    return LogisticRegression(alpha=0.1).fit(X, y), X, y


def test_in_one_process_the_figures_are_scikit_learns():
    model, X, y = _model_and_rows()
    scores = evaluate_shared(model, X, y)
    assert scores["n_rows"] == 50
    assert scores["accuracy"] == pytest.approx(accuracy_score(y, model.predict(X)))
    assert scores["log_loss"] == pytest.approx(log_loss(y, model.predict_proba(X)), rel=1e-12)


def test_no_rows_anywhere_is_an_error():
    model, X, y = _model_and_rows()
    with pytest.raises(ValueError, match="No rows to evaluate on any rank"):
        evaluate_shared(model, X[:0], y[:0])


@pytest.mark.distributed
def test_two_ranks_with_uneven_shares_count_each_row_once(tmp_path, launch_worker):
    model, X, y = _model_and_rows()
    out = tmp_path / "scores.json"
    done = launch_worker(2, "evaluate", str(out))
    assert done.returncode == 0, done.stderr
    scores = json.loads(out.read_text())
    assert scores["n_rows"] == 50
    assert scores["accuracy"] == pytest.approx(accuracy_score(y, model.predict(X)), abs=1e-12)
    assert scores["log_loss"] == pytest.approx(log_loss(y, model.predict_proba(X)), rel=1e-12)
