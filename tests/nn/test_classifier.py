"""Tests for NeuralNetClassifier: the scikit-learn contract, the lecture, input and errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.base import clone
from sklearn.datasets import make_blobs, make_circles
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks
from torch import nn

from logitnet.exceptions import NotFittedError
from logitnet.nn import NeuralNetClassifier

CIRCLES = make_circles(300, factor=0.5, noise=0.1, random_state=2020)
BLOBS = make_blobs(200, centers=4, center_box=(-1.2, 1.2), cluster_std=0.15, random_state=12345)
PROBES = np.array([[0.0, 0.0], [-1.0, -1.0]])

EXPECTED_FAILURES = {
    "check_sample_weight_equivalence_on_dense_data": (
        "mini-batch training: repeating a row changes the batches and the shuffling, so a "
        "weight of 2 is not the same run as a repeated row"
    ),
    "check_methods_subset_invariance": (
        "float32 matrix products differ in the last bit (relative 1e-7) with the number of "
        "rows; the check's tolerance is 1e-7"
    ),
}


@pytest.mark.slow
@parametrize_with_checks(
    [NeuralNetClassifier((16,), lr=0.02, epochs=15, batch_size=32, random_state=0)],
    expected_failed_checks=lambda est: EXPECTED_FAILURES,
)
def test_sklearn_compatible(estimator, check):
    check(estimator)


def _lecture_circles(seed):
    return NeuralNetClassifier((5,), lr=0.1, batch_size=50, epochs=20, random_state=seed)


@pytest.mark.slow
def test_lecture_circles_over_20_seeds():
    fits = [_lecture_circles(seed).fit(*CIRCLES) for seed in range(20)]
    losses = [clf.history_[-1]["train_loss"] for clf in fits]
    probas = [clf.predict_proba(PROBES)[:, 1] for clf in fits]
    assert np.median(losses) <= 0.25  # the lecture got 0.151
    assert sum(bool(p[0] > 0.9 and p[1] < 0.1) for p in probas) >= 10


@pytest.mark.slow
def test_lecture_blobs_over_20_seeds():
    fits = [
        NeuralNetClassifier((5,), lr=0.2, batch_size=50, epochs=10, random_state=seed).fit(*BLOBS)
        for seed in range(20)
    ]
    assert np.median([clf.history_[-1]["train_loss"] for clf in fits]) <= 0.05  # lecture: 0.0016
    assert sum(clf.predict(PROBES[1:])[0] == 1 for clf in fits) >= 16


def _weights(clf):
    return torch.cat([p.detach().flatten() for p in clf.module_.parameters()])


@pytest.mark.parametrize(
    "params",
    [
        {},
        pytest.param(
            {"dropout": 0.3, "early_stopping": True, "activation": "gelu"}, marks=pytest.mark.slow
        ),
        {"optimizer": "sgd"},
    ],
)
def test_same_random_state_gives_bit_identical_weights(params):
    def fit():
        torch.manual_seed(int(torch.randint(1000, ())))  # global state must not matter
        clf = NeuralNetClassifier((8,), epochs=5, batch_size=16, random_state=3, **params)
        return clf.fit(*CIRCLES)

    a, b = fit(), fit()
    assert torch.equal(_weights(a), _weights(b))
    np.testing.assert_array_equal(a.predict_proba(CIRCLES[0]), b.predict_proba(CIRCLES[0]))
    other = NeuralNetClassifier((8,), epochs=5, batch_size=16, random_state=4, **params)
    assert not torch.equal(_weights(a), _weights(other.fit(*CIRCLES)))


def test_fit_leaves_the_global_torch_generator_alone():
    state = torch.get_rng_state()
    NeuralNetClassifier((4,), epochs=2, dropout=0.2, random_state=0).fit(*CIRCLES)
    assert torch.equal(state, torch.get_rng_state())


def test_initialize_then_load_state_dict_restores_the_model_exactly():
    params = {"hidden_layer_sizes": (6, 3), "epochs": 3, "random_state": 1}
    clf = NeuralNetClassifier(**params).fit(*BLOBS)
    restored = NeuralNetClassifier(**params).initialize(2, clf.classes_)
    restored.module_.load_state_dict(clf.module_.state_dict())
    np.testing.assert_array_equal(restored.predict_proba(BLOBS[0]), clf.predict_proba(BLOBS[0]))
    np.testing.assert_array_equal(restored.predict(BLOBS[0]), clf.predict(BLOBS[0]))


def test_initialize_builds_what_fit_starts_from():
    clf = NeuralNetClassifier((4,), random_state=0).initialize(3, ["a", "b", "c"])
    assert clf.module_.n_outputs == 3
    assert clf.n_features_in_ == 3
    assert clf.classes_.tolist() == ["a", "b", "c"]
    assert len(clf.history_) == 0 and clf.n_epochs_ == 0


@pytest.mark.parametrize("labels", [np.array(["no", "yes"]), np.array([-3, 7])])
def test_predict_returns_the_original_labels(labels):
    X, y = CIRCLES
    clf = _lecture_circles(0).fit(X, labels[y])
    assert clf.classes_.tolist() == labels.tolist()
    assert set(clf.predict(X)) == set(labels)
    assert clf.score(X, labels[y]) > 0.9


def test_probabilities_and_decisions_agree():
    clf = NeuralNetClassifier((5,), lr=0.2, batch_size=50, epochs=10, random_state=0).fit(*BLOBS)
    proba, logits = clf.predict_proba(BLOBS[0]), clf.decision_function(BLOBS[0])
    assert proba.shape == logits.shape == (200, 4)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(clf.predict(BLOBS[0]), clf.classes_[logits.argmax(axis=1)])
    binary = _lecture_circles(0).fit(*CIRCLES)
    z = binary.decision_function(CIRCLES[0])
    assert z.shape == (300,)
    np.testing.assert_allclose(binary.predict_proba(CIRCLES[0])[:, 1], 1 / (1 + np.exp(-z)))


def test_float32_float64_and_dataframe_input_give_the_same_model():
    X, y = CIRCLES
    a = _lecture_circles(0).fit(X, y)
    b = _lecture_circles(0).fit(X.astype(np.float32), y)
    frame = pd.DataFrame(X, columns=["x1", "x2"])
    c = _lecture_circles(0).fit(frame, y)
    assert torch.equal(_weights(a), _weights(b)) and torch.equal(_weights(a), _weights(c))
    assert c.feature_names_in_.tolist() == ["x1", "x2"]
    assert not hasattr(a, "feature_names_in_")


def test_early_stopping_keeps_the_best_epoch():
    clf = NeuralNetClassifier(
        (5,), lr=0.1, batch_size=50, epochs=200, early_stopping=True, patience=3, random_state=0
    ).fit(*CIRCLES)
    valid = clf.history_["valid_loss"]
    assert clf.n_epochs_ == len(clf.history_) < 200
    assert clf.best_epoch_ == int(np.argmin(valid)) + 1
    assert clf.n_epochs_ - clf.best_epoch_ == 3
    assert all(0.0 <= acc <= 1.0 for acc in clf.history_["valid_acc"])


def test_no_validation_means_no_best_epoch():
    clf = NeuralNetClassifier((4,), epochs=2, random_state=0).fit(*CIRCLES)
    assert clf.best_epoch_ is None
    assert clf.history_["valid_loss"] == [None, None]
    assert clf.n_epochs_ == 2


def test_class_weight_and_sample_weight_shift_the_predictions():
    X, y = make_blobs(300, centers=[[0, 0], [1, 1]], cluster_std=0.8, random_state=0)
    params = {"hidden_layer_sizes": (8,), "lr": 0.05, "epochs": 20, "random_state": 0}
    plain = NeuralNetClassifier(**params).fit(X, y)
    heavy = NeuralNetClassifier(class_weight={0: 1.0, 1: 20.0}, **params).fit(X, y)
    by_rows = NeuralNetClassifier(**params).fit(X, y, sample_weight=np.where(y == 1, 20.0, 1.0))
    assert heavy.predict(X).mean() > plain.predict(X).mean() + 0.1
    assert torch.allclose(_weights(heavy), _weights(by_rows), atol=1e-6)
    balanced = NeuralNetClassifier(class_weight="balanced", **params).fit(X, y)
    assert torch.equal(_weights(balanced), _weights(plain))  # balanced classes: weights all 1


def test_partial_fit_trains_one_epoch_per_call():
    X, y = BLOBS
    clf = NeuralNetClassifier((5,), lr=0.2, batch_size=50, random_state=0)
    clf.partial_fit(X[y != 3], y[y != 3], classes=[0, 1, 2, 3])
    assert clf.classes_.tolist() == [0, 1, 2, 3] and clf.n_epochs_ == 1
    for _ in range(9):
        clf.partial_fit(X, y)
    assert clf.n_epochs_ == 10
    assert clf.score(X, y) > 0.95
    with pytest.raises(
        ValueError, match=r"y contains labels not in classes_ \[0, 1, 2, 3\]: \[9\]"
    ):
        clf.partial_fit(X[:2], [0, 9])


def test_warm_start_continues_from_the_current_weights():
    clf = NeuralNetClassifier(
        (5,), lr=0.1, batch_size=50, epochs=5, warm_start=True, random_state=0
    )
    clf.fit(*CIRCLES)
    first = clf.history_[-1]["train_loss"]
    clf.fit(*CIRCLES)
    assert clf.n_epochs_ == 10
    assert clf.history_["epoch"] == list(range(1, 11))
    assert clf.history_[-1]["train_loss"] < first


class _TwoLayer(nn.Module):
    def __init__(self, n_features, n_outputs, width=3):
        super().__init__()
        self.width = width
        self.net = nn.Sequential(
            nn.Linear(n_features, width), nn.Tanh(), nn.Linear(width, n_outputs)
        )

    def forward(self, x):
        return self.net(x)


def test_custom_module_with_module_params_and_clone():
    clf = NeuralNetClassifier(module=_TwoLayer, module__width=7, lr=0.05, epochs=10, random_state=0)
    assert clf.get_params()["module__width"] == 7
    twin = clone(clf)
    assert twin.get_params()["module__width"] == 7
    twin.fit(*BLOBS)
    assert twin.module_.width == 7 and twin.module_.net[-1].out_features == 4
    assert twin.set_params(module__width=2).fit(*BLOBS).module_.width == 2
    again = clone(clf).fit(*BLOBS)
    assert torch.equal(_weights(again), _weights(clone(clf).fit(*BLOBS)))


def test_grid_search_and_pipeline():
    pipe = make_pipeline(StandardScaler(), NeuralNetClassifier((5,), batch_size=50, random_state=0))
    grid = GridSearchCV(
        pipe, {"neuralnetclassifier__lr": [0.001, 0.1], "neuralnetclassifier__epochs": [10]}, cv=3
    )
    grid.fit(*CIRCLES)
    assert grid.best_params_["neuralnetclassifier__lr"] == 0.1
    assert grid.score(*CIRCLES) > 0.9


def test_a_torch_optimizer_class_and_verbose_lines(capsys):
    clf = NeuralNetClassifier((5,), optimizer=torch.optim.RMSprop, epochs=2, verbose=True)
    clf.fit(*CIRCLES)
    assert isinstance(clf.optimizer_, torch.optim.RMSprop)
    assert capsys.readouterr().out.splitlines()[1].startswith("epoch: 2, loss: ")


def test_not_fitted():
    with pytest.raises(NotFittedError, match="not fitted yet"):
        NeuralNetClassifier().predict(PROBES)


@pytest.mark.parametrize(
    ("X", "y", "match"),
    [
        (np.array([[np.nan, 1.0], [0.0, 1.0]]), [0, 1], "NaN"),
        (np.array([[np.inf, 1.0], [0.0, 1.0]]), [0, 1], "infinity"),
        (np.zeros((3, 2)), [1, 1, 1], "only one class"),
        (np.zeros((3, 2)), [0, 1], "inconsistent numbers of samples"),
        (np.zeros((3, 2)), [0.5, 1.5, 2.5], "Unknown label type"),
    ],
)
def test_bad_training_data(X, y, match):
    with pytest.raises(ValueError, match=match):
        NeuralNetClassifier(epochs=1).fit(X, y)


def test_wrong_feature_count_at_predict():
    clf = NeuralNetClassifier((3,), epochs=1).fit(*CIRCLES)
    with pytest.raises(
        ValueError, match="X has 3 features, but NeuralNetClassifier is expecting 2"
    ):
        clf.predict(np.zeros((2, 3)))


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"activation": "relux"}, ValueError, "`activation` must be one of 'relu'.*'leaky_relu'"),
        ({"optimizer": "adamm"}, ValueError, "`optimizer` must be one of 'adam', 'adamw', 'sgd'"),
        ({"lr": 0.0}, ValueError, r"`lr` must be in \(0.0, inf\)"),
        ({"lr": "fast"}, TypeError, "`lr` must be a real number"),
        ({"batch_size": 0}, ValueError, "`batch_size` must be an int >= 1. Got 0"),
        ({"epochs": 2.5}, TypeError, "`epochs` must be an int >= 1. Got 2.5"),
        ({"dropout": 1.0}, ValueError, "`dropout` must be in"),
        ({"validation_fraction": 1.0}, ValueError, "`validation_fraction` must be in"),
        ({"class_weight": "balance"}, ValueError, "`class_weight` must be one of 'balanced'"),
        ({"class_weight": [1, 2]}, TypeError, "`class_weight` must be None, 'balanced' or a dict"),
        ({"device": "gpu7"}, ValueError, "`device` must be 'auto', 'cpu', 'cuda'"),
        ({"callbacks": ["stop"]}, TypeError, "`callbacks` must be a list of Callback"),
        ({"module": 3}, TypeError, "`module` must be an nn.Module class or factory"),
        ({"module__width": 3}, ValueError, "module__width given, but `module` is None"),
        ({"lerning_rate": 0.1}, TypeError, "unexpected keyword argument 'lerning_rate'"),
        ({"step": "quick"}, ValueError, "`step` must be one of 'auto', 'autograd', 'fast'"),
        ({"step": "fast", "dropout": 0.2}, ValueError, "cannot be used: the MLP has dropout"),
        ({"step": "fast", "module": _TwoLayer}, ValueError, "is a _TwoLayer, not logitnet's"),
    ],
)
def test_bad_hyperparameters_name_the_parameter_and_the_valid_values(params, error, match):
    with pytest.raises(error, match=match):
        NeuralNetClassifier(epochs=1).set_params(**params).fit(*CIRCLES)


def _parity_gap(X, y, epochs=30):
    """Mean test-accuracy difference (points) against MLPClassifier over 3 seeds, same settings."""
    import warnings

    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier

    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=0
    )
    scaler = StandardScaler().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    ours, theirs = [], []
    for seed in range(3):
        clf = NeuralNetClassifier((32,), lr=1e-3, batch_size=32, epochs=epochs, random_state=seed)
        ours.append(clf.fit(X_train, y_train).score(X_test, y_test))
        ref = MLPClassifier(
            (32,),
            learning_rate_init=1e-3,
            batch_size=32,
            max_iter=epochs,
            alpha=0.0,
            tol=0.0,
            n_iter_no_change=10**6,
            random_state=seed,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ConvergenceWarning: a fixed number of epochs
            theirs.append(ref.fit(X_train, y_train).score(X_test, y_test))
    return 100 * (np.mean(ours) - np.mean(theirs))


@pytest.mark.slow
def test_parity_with_sklearn_on_breast_cancer():
    from sklearn.datasets import load_breast_cancer

    assert abs(_parity_gap(*load_breast_cancer(return_X_y=True))) <= 1.5


@pytest.mark.slow
def test_parity_with_sklearn_on_digits_multiclass():
    from sklearn.datasets import load_digits

    assert abs(_parity_gap(*load_digits(return_X_y=True))) <= 1.5


@pytest.mark.slow
def test_parity_with_sklearn_on_pokemon(pokemon_path):
    table = pd.read_csv(pokemon_path)
    features = ["attack", "defense", "sp_attack", "sp_defense", "speed", "capture_rt", "total_bs"]
    X, y = table[features].to_numpy(dtype=float), table["legendary"].to_numpy()
    assert abs(_parity_gap(X, y)) <= 1.5


def test_callbacks_reach_the_estimators_training_loop(tmp_path):
    from logitnet.nn import Checkpoint, LRScheduler

    schedule = LRScheduler(torch.optim.lr_scheduler.StepLR, step_size=1, gamma=0.5)
    saver = Checkpoint(tmp_path / "net.safetensors", monitor=None)
    clf = NeuralNetClassifier((5,), lr=0.1, epochs=3, callbacks=[schedule, saver], random_state=0)
    clf.fit(*CIRCLES)
    assert clf.optimizer_.param_groups[0]["lr"] == pytest.approx(0.1 * 0.5**3)
    assert saver.saved_epochs_ == [1, 2, 3]
    halved = NeuralNetClassifier((5,), lr=0.1, epochs=3, random_state=0).fit(*CIRCLES)
    assert not torch.equal(_weights(clf), _weights(halved))  # the schedule changed the updates


def _spy_fast_steps(monkeypatch):
    """Count the FastMLPStep objects that the step factory makes."""
    from logitnet.nn import _step

    made = []

    class Spy(_step.FastMLPStep):
        def __init__(self, *args, **kwargs):
            made.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(_step, "FastMLPStep", Spy)
    return made


def test_step_auto_is_the_fast_step_and_autograd_agrees(monkeypatch):
    made = _spy_fast_steps(monkeypatch)
    params = {"epochs": 5, "batch_size": 32, "random_state": 0, "early_stopping": True}
    auto = NeuralNetClassifier((8,), **params).fit(*BLOBS)
    fast = NeuralNetClassifier((8,), step="fast", **params).fit(*BLOBS)
    assert len(made) == 2
    slow = NeuralNetClassifier((8,), step="autograd", **params).fit(*BLOBS)
    assert len(made) == 2
    assert torch.equal(_weights(auto), _weights(fast))
    torch.testing.assert_close(_weights(auto), _weights(slow), atol=1e-5, rtol=0)
    assert auto.history_["valid_loss"] == pytest.approx(slow.history_["valid_loss"], abs=1e-5)


def test_step_auto_uses_autograd_for_a_custom_module_and_dropout(monkeypatch):
    made = _spy_fast_steps(monkeypatch)
    NeuralNetClassifier(module=_TwoLayer, epochs=2, random_state=0).fit(*BLOBS)
    NeuralNetClassifier((5,), dropout=0.2, epochs=2, random_state=0).fit(*BLOBS)
    assert made == []


@pytest.mark.parametrize("optimizer", ["adam", "adamw", "sgd"])
def test_without_torchs_fused_kernels_training_falls_back_and_agrees(monkeypatch, optimizer):
    params = {"optimizer": optimizer, "weight_decay": 0.01, "epochs": 5, "batch_size": 32}
    with_kernels = NeuralNetClassifier((8,), random_state=0, **params).fit(*CIRCLES)
    for kernel in ("_fused_adam_", "_fused_adamw_", "_fused_sgd_"):
        monkeypatch.delattr(torch, kernel)
    auto = NeuralNetClassifier((8,), random_state=0, **params).fit(*CIRCLES)
    slow = NeuralNetClassifier((8,), random_state=0, step="autograd", **params).fit(*CIRCLES)
    assert not auto.optimizer_.defaults["fused"]
    torch.testing.assert_close(_weights(auto), _weights(slow), atol=1e-5, rtol=0)
    torch.testing.assert_close(_weights(auto), _weights(with_kernels), atol=1e-5, rtol=0)
    assert auto.score(*CIRCLES) == with_kernels.score(*CIRCLES)


@pytest.mark.parametrize("step", ["auto", "autograd"])
def test_gradient_clipping_changes_the_classifiers_updates(step):
    from logitnet.nn import GradientClipping

    params = {"lr": 0.1, "epochs": 3, "random_state": 0, "step": step}
    clipped = NeuralNetClassifier((5,), callbacks=[GradientClipping(0.01)], **params)
    free = NeuralNetClassifier((5,), **params).fit(*CIRCLES)
    assert (_weights(clipped.fit(*CIRCLES)) - _weights(free)).abs().max() > 0.05
    if step == "auto":
        other = clone(clipped).set_params(step="autograd").fit(*CIRCLES)
        torch.testing.assert_close(_weights(clipped), _weights(other), atol=1e-5, rtol=0)


# --- threshold ------------------------------------------------------------------------------


def test_threshold_moves_the_binary_decision():
    X, y = CIRCLES
    net = NeuralNetClassifier((5,), lr=0.1, epochs=5, threshold=0.8, random_state=0).fit(X, y)
    p = net.predict_proba(X)[:, 1]
    np.testing.assert_array_equal(net.predict(X), (p > 0.8).astype(int))
    default = clone(net).set_params(threshold=0.5).fit(X, y)
    np.testing.assert_array_equal(default.predict(X), (p > 0.5).astype(int))
    assert net.predict(X).sum() < default.predict(X).sum()


@pytest.mark.parametrize("threshold", [0.0, 1.0])
def test_threshold_at_the_ends_predicts_one_class(threshold):
    X, y = CIRCLES
    net = NeuralNetClassifier((5,), epochs=2, threshold=threshold, random_state=0).fit(X, y)
    assert set(net.predict(X)) == {int(threshold == 0.0)}


def test_threshold_outside_zero_one_is_a_clear_error_at_fit_and_predict():
    X, y = CIRCLES
    with pytest.raises(ValueError, match=r"`threshold` must be in \[0\.0, 1\.0\]\. Got 1\.5"):
        NeuralNetClassifier((5,), epochs=1, threshold=1.5).fit(X, y)
    net = NeuralNetClassifier((5,), epochs=1, random_state=0).fit(X, y).set_params(threshold=-0.1)
    with pytest.raises(ValueError, match=r"`threshold` must be in \[0\.0, 1\.0\]\. Got -0\.1"):
        net.predict(X)
