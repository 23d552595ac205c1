"""LogisticRegressionCV: the alpha cv.glmnet chooses, given the same folds and alphas."""

from __future__ import annotations

import re

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import make_scorer, matthews_corrcoef
from sklearn.model_selection import KFold
from sklearn.preprocessing import StandardScaler

from logitnet import LogisticRegression, LogisticRegressionCV

FOLDS = 10


def _breast_cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def _foldid(n: int) -> np.ndarray:
    return np.arange(n) % FOLDS + 1


# cv.glmnet 4.1 on the same data, alphas (this model's 50) and folds:
#   cv <- cv.glmnet(x, y, family="binomial", lambda=lam, foldid=(seq_len(nrow(x)) - 1) %% 10 + 1,
#                   standardize=FALSE, type.measure=m, thresh=1e-12, maxit=1e6)
#   sprintf("%.17g", c(cv$lambda.min, cv$lambda.1se)); cv$cvm[1:5]; cv$cvsd[1:5]
# for m in "deviance", "class", "auc" (x, y and lam written from _breast_cancer()).
GLMNET = {
    "deviance": (
        0.0016467432620109444,
        0.0050865323799049447,
        [1.3173515872, 1.1197350744, 0.9628717417, 0.8416354901, 0.7433095176],
        [0.0192445057, 0.0162482004, 0.0131831105, 0.0138363983, 0.0151693380],
    ),
    "misclassification": (
        0.0019872776496172098,
        0.003492661583738703,
        [0.3725834798, 0.3304042179, 0.1845342707, 0.1318101933, 0.0913884007],
        [0.0171222865, 0.0192205014, 0.0209062868, 0.0165949725, 0.0149695554],
    ),
    "roc_auc": (
        0.0016467432620109444,
        0.003492661583738703,
        [0.7778247398, 0.9797962416, 0.9823704773, 0.9825080943, 0.9829282500],
        [0.0755568099, 0.0045949809, 0.0044275432, 0.0043844189, 0.0044570040],
    ),
}


@pytest.mark.parametrize("scoring", list(GLMNET))
def test_chooses_the_alpha_cv_glmnet_chooses(scoring):
    X, y = _breast_cancer()
    alpha_min, alpha_1se, cvm, cvsd = GLMNET[scoring]
    model = LogisticRegressionCV(n_alphas=50, cv=_foldid(len(y)), scoring=scoring, tol=1e-10)
    model.fit(X, y)
    assert model.alpha_min_ == pytest.approx(alpha_min, rel=1e-12)
    assert model.alpha_1se_ == pytest.approx(alpha_1se, rel=1e-12)
    assert model.alpha_ == model.alpha_1se_  # select="1se" is the default
    # glmnet's convergence rule (thresh on the deviance) stops within 1e-6 of these optima
    np.testing.assert_allclose(model.cv_mean_[:5], cvm, atol=1e-6)
    np.testing.assert_allclose(model.cv_std_[:5], cvsd, atol=1e-6)


def test_refits_on_every_row_at_the_chosen_alpha():
    X, y = _breast_cancer()
    model = LogisticRegressionCV(n_alphas=20, cv=5, select="min", tol=1e-10).fit(X, y)
    alone = LogisticRegression(model.alpha_, l1_ratio=1.0, tol=1e-10).fit(X, y)
    np.testing.assert_allclose(model.coef_, alone.coef_, atol=1e-7)
    assert model.predict(X).tolist() == alone.predict(X).tolist()
    assert model.path_.coef.shape == (20, 1, 30) and model.cv_scores_.shape == (5, 20)


def test_accepts_a_splitter_and_any_scikit_learn_scorer():
    X, y = _breast_cancer()
    folds = KFold(4, shuffle=True, random_state=0)
    by_name = LogisticRegressionCV(n_alphas=10, cv=folds, scoring="accuracy").fit(X, y)
    labels = np.empty(len(y), int)
    for number, (_, test) in enumerate(folds.split(X)):
        labels[test] = number
    by_labels = LogisticRegressionCV(n_alphas=10, cv=labels, scoring="accuracy").fit(X, y)
    assert by_name.alpha_ == by_labels.alpha_
    np.testing.assert_array_equal(by_name.cv_scores_, by_labels.cv_scores_)
    mcc = LogisticRegressionCV(n_alphas=10, cv=folds, scoring=make_scorer(matthews_corrcoef))
    assert 0.8 < mcc.fit(X, y).cv_mean_.max() <= 1.0
    assert clone(mcc).get_params()["n_alphas"] == 10


def test_multinomial_cross_validation():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((150, 6))
    y = (X[:, :3] + rng.gumbel(size=(150, 3))).argmax(axis=1)
    model = LogisticRegressionCV(n_alphas=15, cv=3, l1_ratio=0.5).fit(X, y)
    assert model.coef_.shape == (3, 6) and model.alpha_ in model.alphas_


@pytest.mark.parametrize(
    ("kwargs", "n", "message"),
    [
        ({"cv": 10}, 8, "`cv`=10 folds need at least 10 rows. Got 8 rows."),
        ({"select": "best"}, 40, "`select` must be one of 'min', '1se'. Got 'best' instead."),
        (
            {"scoring": "deviant"},
            40,
            "`scoring` must be one of 'deviance', 'misclassification', "
            "'roc_auc'. Got 'deviant' instead.",
        ),
        ({"l1_ratio": -1}, 40, "`l1_ratio` must be in [0.0, 1.0]. Got -1 instead."),
        (
            {"cv": [1, 2]},
            40,
            "`cv` as fold labels must hold one label per row (40). Got shape (2,).",
        ),
    ],
)
def test_bad_settings_name_the_rule_and_the_value(kwargs, n, message):
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((n, 3)), np.arange(n) % 2
    with pytest.raises(ValueError, match=re.escape(message)):
        LogisticRegressionCV(n_alphas=3, **kwargs).fit(X, y)


def test_a_class_missing_from_a_folds_training_rows_is_an_error():
    X = np.random.default_rng(0).standard_normal((12, 2))
    y = np.array(["a"] * 10 + ["b"] * 2)
    folds = np.array([1] * 5 + [2] * 5 + [3, 3])  # fold 3 holds out every "b"
    message = (
        "Fold 3's training rows have no sample of class 'b': every class must be in the "
        "training rows of every fold."
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        LogisticRegressionCV(n_alphas=3, cv=folds).fit(X, y)
