"""Tests of logitnet.linear._logistic: the LogisticRegression estimator."""

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit, log_expit, softmax
from sklearn.base import clone
from sklearn.exceptions import NotFittedError as SkNotFittedError
from sklearn.metrics import log_loss as sk_log_loss
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from logitnet import ConvergenceWarning, LogisticRegression, NotFittedError

RNG = np.random.default_rng(4)
X = RNG.normal(size=(90, 3))
SCORE = X @ [1.5, -1.0, 0.5] + RNG.normal(size=90)
Y2 = (SCORE > 0).astype(int)
Y3 = np.digitize(SCORE, [-0.7, 0.7])
QUIET = {"max_iter": 200}


def objective(model, X, y, sample_weight=None):
    """Weighted mean log-loss + alpha/2 ||coef||², computed with scikit-learn."""
    loss = sk_log_loss(y, model.predict_proba(X), sample_weight=sample_weight)
    return loss + 0.5 * model.alpha * np.sum(model.coef_**2)


# --- classes and labels -------------------------------------------------------------


@pytest.mark.parametrize(
    "labels", [np.array(["no", "yes"]), np.array([False, True]), np.array([-3, 7])]
)
def test_binary_labels_of_any_type_come_back_from_predict(labels):
    y = labels[Y2]
    model = LogisticRegression().fit(X, y)
    np.testing.assert_array_equal(model.classes_, labels)
    assert set(model.predict(X)) <= set(labels)
    assert model.score(X, y) > 0.8


def test_multiclass_string_labels():
    y = np.array(["low", "mid", "top"])[Y3]
    model = LogisticRegression().fit(X, y)
    assert model.coef_.shape == (3, 3) and model.intercept_.shape == (3,)
    assert model.predict(X).dtype == y.dtype and model.score(X, y) > 0.7


def test_binary_shapes_and_dtypes():
    model = LogisticRegression().fit(X.astype(np.float32), Y2)
    assert model.coef_.shape == (1, 3) and model.intercept_.shape == (1,)
    assert model.coef_.dtype == np.float64 and model.decision_function(X).shape == (90,)
    assert isinstance(model.n_iter_, int) and model.n_features_in_ == 3


def test_dataframe_feature_names_are_kept_and_checked():
    df = pd.DataFrame(X, columns=["attack", "defense", "speed"])
    model = LogisticRegression().fit(df, Y2)
    np.testing.assert_array_equal(model.feature_names_in_, ["attack", "defense", "speed"])
    np.testing.assert_array_equal(model.predict(df), LogisticRegression().fit(X, Y2).predict(X))
    with pytest.raises(ValueError, match="feature names"):
        model.predict(df[["speed", "defense", "attack"]])


# --- probabilities and predictions ------------------------------------------------------


def test_binary_probabilities_are_sigmoid_of_the_decision_function():
    model = LogisticRegression().fit(X, Y2)
    p = expit(model.decision_function(X))
    np.testing.assert_allclose(model.predict_proba(X), np.column_stack([1 - p, p]), atol=1e-15)
    z = model.decision_function(X)
    expected = np.column_stack([log_expit(-z), log_expit(z)])
    np.testing.assert_allclose(model.predict_log_proba(X), expected, rtol=1e-12)


def test_multinomial_probabilities_are_softmax_and_coefs_centered():
    model = LogisticRegression().fit(X, Y3)
    Z = model.decision_function(X)
    np.testing.assert_allclose(model.predict_proba(X), softmax(Z, axis=1), rtol=1e-14)
    np.testing.assert_allclose(model.predict_log_proba(X), np.log(softmax(Z, axis=1)), atol=1e-12)
    np.testing.assert_allclose(model.coef_.sum(axis=0), 0, atol=1e-12)
    np.testing.assert_array_equal(model.predict(X), Z.argmax(axis=1))


def test_threshold_moves_the_binary_decision():
    strict = LogisticRegression(threshold=0.9).fit(X, Y2)
    p = strict.predict_proba(X)[:, 1]
    np.testing.assert_array_equal(strict.predict(X), (p > 0.9).astype(int))
    assert strict.predict(X).sum() < LogisticRegression().fit(X, Y2).predict(X).sum()


def test_fit_is_deterministic():
    a, b = LogisticRegression().fit(X, Y3), LogisticRegression().fit(X, Y3)
    np.testing.assert_array_equal(a.coef_, b.coef_)


# --- objective, solvers and loss curve --------------------------------------------------


@pytest.mark.parametrize("y", [Y2, Y3], ids=["binary", "multinomial"])
@pytest.mark.parametrize(
    "params",
    [
        {"solver": "newton"},
        {"solver": "lbfgs"},
        {"solver": "gd", "learning_rate": 1.0, "max_iter": 5000, "tol": 1e-7},
    ],
    ids=["newton", "lbfgs", "gd"],
)
def test_every_solver_reaches_the_same_fit_with_a_loss_curve(y, params):
    model = LogisticRegression(alpha=0.05, **params).fit(X, y)
    reference = LogisticRegression(alpha=0.05, tol=1e-12).fit(X, y)
    np.testing.assert_allclose(model.coef_, reference.coef_, atol=1e-4)
    assert len(model.loss_curve_) == model.n_iter_ > 0
    assert all(isinstance(v, float) for v in model.loss_curve_)
    assert model.loss_curve_[-1] == pytest.approx(objective(model, X, y), rel=1e-9)


@pytest.mark.parametrize("solver", ["newton", "lbfgs", "gd"])
def test_stopping_at_max_iter_warns_with_advice(solver):
    with pytest.warns(ConvergenceWarning, match=rf"solver='{solver}' stopped at max_iter=1 .*To"):
        model = LogisticRegression(solver=solver, max_iter=1, tol=1e-12).fit(X, Y2)
    assert model.n_iter_ == 1


@pytest.mark.parametrize("y", [X[:, 0] > 0, np.digitize(X[:, 0], [-0.5, 0.5])])
def test_separable_data_without_penalty_gives_finite_coefs_and_a_warning(y):
    with pytest.warns(ConvergenceWarning, match="perfectly separable and alpha=0"):
        model = LogisticRegression().fit(X, y)
    assert np.all(np.isfinite(model.coef_)) and model.score(X, y) == 1.0


def test_separable_data_with_penalty_fits_without_warning(recwarn):
    LogisticRegression(alpha=0.1).fit(X, X[:, 0] > 0)
    assert not [w for w in recwarn if issubclass(w.category, ConvergenceWarning)]


def test_warm_start_starts_from_the_previous_fit():
    model = LogisticRegression(warm_start=True, tol=1e-8).fit(X, Y3)
    assert model.n_iter_ > 2
    assert model.fit(X, Y3).n_iter_ == 0
    assert LogisticRegression(tol=1e-8).fit(X, Y3).n_iter_ > 2


def test_warm_start_ignores_a_fit_with_other_classes():
    model = LogisticRegression(warm_start=True).fit(X, Y2)
    assert model.fit(X, Y3).coef_.shape == (3, 3)


def test_fit_intercept_false_leaves_a_zero_intercept():
    model = LogisticRegression(fit_intercept=False).fit(X, Y3)
    np.testing.assert_array_equal(model.intercept_, 0.0)


def test_verbose_prints_the_objective(capsys):
    model = LogisticRegression(verbose=1).fit(X, Y2)
    assert capsys.readouterr().out.count("objective") == model.n_iter_


# --- weights ----------------------------------------------------------------------


def test_integer_sample_weight_equals_repeating_rows():
    w = RNG.integers(0, 4, 90)
    weighted = LogisticRegression(alpha=0.01, tol=1e-10).fit(X, Y3, sample_weight=w)
    repeated = LogisticRegression(alpha=0.01, tol=1e-10).fit(np.repeat(X, w, 0), np.repeat(Y3, w))
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, atol=1e-8)


def test_scaling_every_sample_weight_changes_nothing():
    a = LogisticRegression(tol=1e-10).fit(X, Y2, sample_weight=np.full(90, 7.0))
    b = LogisticRegression(tol=1e-10).fit(X, Y2)
    np.testing.assert_allclose(a.coef_, b.coef_, atol=1e-10)


def test_balanced_class_weight_equals_the_matching_sample_weight():
    counts = np.bincount(Y3)
    sw = (len(Y3) / (3 * counts))[Y3]
    a = LogisticRegression(class_weight="balanced", tol=1e-10).fit(X, Y3)
    b = LogisticRegression(tol=1e-10).fit(X, Y3, sample_weight=sw)
    np.testing.assert_allclose(a.coef_, b.coef_, atol=1e-10)


def test_dict_class_weight_uses_the_labels():
    y = np.array(["a", "b"])[Y2]
    a = LogisticRegression(class_weight={"b": 3.0}, tol=1e-10).fit(X, y)
    b = LogisticRegression(tol=1e-10).fit(X, y, sample_weight=np.where(Y2 == 1, 3.0, 1.0))
    np.testing.assert_allclose(a.coef_, b.coef_, atol=1e-10)


# --- scikit-learn tools and the persistence contract --------------------------------


def test_clone_pipeline_and_grid_search():
    search = GridSearchCV(
        make_pipeline(StandardScaler(), LogisticRegression()),
        {"logisticregression__alpha": [0.001, 1.0]},
        cv=3,
    ).fit(X, Y3)
    assert search.best_params_["logisticregression__alpha"] in (0.001, 1.0)
    assert clone(LogisticRegression(alpha=2.0)).get_params()["alpha"] == 2.0


@pytest.mark.parametrize("y", [Y2, Y3], ids=["binary", "multinomial"])
def test_model_rebuilt_from_its_attributes_predicts_the_same(y):
    fitted = LogisticRegression(alpha=0.1, threshold=0.4).fit(X, y)
    rebuilt = LogisticRegression(**fitted.get_params())
    for name in ("coef_", "intercept_", "classes_", "n_features_in_", "n_iter_", "loss_curve_"):
        setattr(rebuilt, name, getattr(fitted, name))
    for method in ("predict", "predict_proba", "predict_log_proba", "decision_function"):
        np.testing.assert_array_equal(getattr(rebuilt, method)(X), getattr(fitted, method)(X))
    assert rebuilt.score(X, y) == fitted.score(X, y)


# --- bad input ----------------------------------------------------------------------

METHODS = ["predict", "predict_proba", "predict_log_proba", "decision_function"]


@pytest.mark.parametrize("method", [*METHODS, "score"])
def test_methods_before_fit_raise_not_fitted(method):
    args = (X, Y2) if method == "score" else (X,)
    with pytest.raises(NotFittedError, match="not fitted yet"):
        getattr(LogisticRegression(), method)(*args)
    assert issubclass(NotFittedError, SkNotFittedError)


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"alpha": -1.0}, ValueError, r"`alpha` must be in \[0.0, inf\]. Got -1.0"),
        ({"alpha": "big"}, TypeError, "`alpha` must be a real number"),
        ({"solver": "newtn"}, ValueError, "'lbfgs', 'newton', 'gd'.*Did you mean 'newton'"),
        ({"max_iter": 0}, ValueError, "`max_iter` must be an int >= 1. Got 0"),
        ({"max_iter": 2.5}, TypeError, "`max_iter` must be an int >= 1"),
        ({"tol": 0.0}, ValueError, r"`tol` must be in \(0.0, inf\)"),
        ({"learning_rate": -0.1}, ValueError, r"`learning_rate` must be in \(0.0, inf\)"),
        ({"threshold": 1.5}, ValueError, r"`threshold` must be in \[0.0, 1.0\]"),
        ({"class_weight": "even"}, ValueError, "`class_weight` must be one of 'balanced'"),
        ({"class_weight": [1]}, TypeError, "`class_weight` must be None, 'balanced' or a dict"),
        ({"fit_intercept": "yes"}, TypeError, "`fit_intercept` must be a bool"),
        ({"warm_start": 1}, TypeError, "`warm_start` must be a bool"),
        ({"verbose": -1}, ValueError, "`verbose` must be an int >= 0"),
    ],
)
def test_invalid_hyperparameters_name_the_valid_values(params, error, match):
    with pytest.raises(error, match=match):
        LogisticRegression(**params).fit(X, Y2)


BAD_X = [
    (np.where(np.eye(90, 3) == 1, np.nan, X), ValueError, "Input X contains NaN"),
    (np.where(np.eye(90, 3) == 1, np.inf, X), ValueError, "Input X contains infinity"),
    (X[:, 0], ValueError, "Expected 2D array, got 1D array"),
    (X[None], ValueError, "Found array with dim 3"),
    (np.full((90, 3), "a"), ValueError, "could not convert string to float"),
    (np.zeros((0, 3)), ValueError, r"0 sample\(s\)"),
]


@pytest.mark.parametrize(("bad_X", "error", "match"), BAD_X)
def test_fit_rejects_bad_x(bad_X, error, match):
    with pytest.raises(error, match=match):
        LogisticRegression().fit(bad_X, Y2[: len(bad_X)] if len(bad_X) else [])


@pytest.mark.parametrize(
    ("y", "match"),
    [
        (np.ones(90), "at least 2 classes; it has only one class"),
        (Y2[:-1], "inconsistent numbers of samples: \\[90, 89\\]"),
        (SCORE, "Unknown label type"),
    ],
)
def test_fit_rejects_bad_y(y, match):
    with pytest.raises(ValueError, match=match):
        LogisticRegression().fit(X, y)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("bad_X", "error", "match"),
    [*BAD_X, (X[:, :2], ValueError, "X has 2 features, but LogisticRegression is expecting 3")],
)
def test_predict_methods_reject_bad_x(method, bad_X, error, match):
    model = LogisticRegression().fit(X, Y3)
    with pytest.raises(error, match=match):
        getattr(model, method)(bad_X)


@pytest.mark.parametrize(
    ("bad_X", "match"),
    [
        (np.where(np.eye(90, 3) == 1, np.nan, X), "Input X contains NaN"),
        (X[:, :2], "X has 2 features, but LogisticRegression is expecting 3"),
    ],
)
def test_score_rejects_bad_x(bad_X, match):
    model = LogisticRegression().fit(X, Y2)
    with pytest.raises(ValueError, match=match):
        model.score(bad_X, Y2)


def test_score_rejects_y_of_another_length():
    model = LogisticRegression().fit(X, Y2)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        model.score(X, Y2[:-1])


# --- history ------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:solver='gd' stopped at max_iter")
@pytest.mark.parametrize("solver", ["newton", "lbfgs", "gd"])
def test_history_has_one_record_per_iteration_in_the_network_schema(solver):
    clf = LogisticRegression(alpha=0.1, solver=solver, max_iter=300).fit(X, Y3)
    records = clf.history_.to_list()
    assert len(records) == clf.n_iter_ == len(clf.loss_curve_)
    assert [r["epoch"] for r in records] == list(range(1, clf.n_iter_ + 1))
    assert clf.history_["train_loss"] == clf.loss_curve_
    assert all(set(r) == {"epoch", "train_loss", "dur"} and r["dur"] >= 0 for r in records)
    assert clf.history_[-1]["train_loss"] == pytest.approx(objective(clf, X, Y3), rel=1e-9)


def test_history_is_empty_when_the_start_is_already_optimal():
    clf = LogisticRegression(alpha=0.1).fit(X, Y2)
    again = LogisticRegression(alpha=0.1, warm_start=True, tol=1e-3)
    again.coef_, again.intercept_ = clf.coef_, clf.intercept_
    again.classes_, again.n_features_in_ = clf.classes_, clf.n_features_in_
    again.fit(X, Y2)
    assert again.n_iter_ == 0 and len(again.history_) == 0
