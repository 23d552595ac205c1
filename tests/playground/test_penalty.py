"""L1 in the playground: the proximal steps reach scikit-learn's L1 optimum; networks shrink."""

from __future__ import annotations

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression as SkLogistic

from logitnet.linear import LogisticRegression
from logitnet.nn import NeuralNetClassifier
from logitnet.playground._penalty import PROXIMAL_STEPS, ProximalL1, shrink_network
from logitnet.playground._problem import make_problem
from logitnet.playground._settings import parse_settings

XOR_SIN = {"dataset": "xor", "feature-x1x2": "1", "feature-sinx1": "1", "feature-sinx2": "1"}


def test_proximal_steps_reach_the_l1_optimum_of_scikit_learn_with_exact_zeros():
    problem, rate = make_problem(parse_settings(XOR_SIN)), 0.01
    model = LogisticRegression()
    proximal = ProximalL1(problem.X_train, problem.codes_train, problem.classes, rate)
    for _ in range(300):
        proximal.epoch(model)
    C = 1 / (rate * len(problem.y_train))  # scikit-learn's C for a mean loss + rate * |w|_1
    reference = SkLogistic(l1_ratio=1.0, C=C, solver="saga", tol=1e-12, max_iter=200_000)
    reference.fit(problem.X_train, problem.y_train)
    np.testing.assert_allclose(model.coef_, reference.coef_, atol=1e-6)
    np.testing.assert_allclose(model.intercept_, reference.intercept_, atol=1e-6)
    assert list(model.coef_[0] == 0) == [True, True, False, True, True]  # only x1·x2 is kept
    assert model.n_iter_ == 300 * PROXIMAL_STEPS
    assert model.score(problem.X_test, problem.y_test) >= 0.95


def test_three_classes_take_the_softmax_loss():
    problem = make_problem(parse_settings({"dataset": "blobs", "classes": "3", "seed": "1"}))
    model = LogisticRegression()
    proximal = ProximalL1(problem.X_train, problem.codes_train, problem.classes, 0.05)
    for _ in range(5):
        proximal.epoch(model)
    assert model.coef_.shape == (3, 2) and model.intercept_.shape == (3,)
    assert model.loss_curve_[-1] < model.loss_curve_[0]
    assert model.score(problem.X_test, problem.y_test) >= 0.9


def test_a_network_weight_shrinks_by_lr_times_rate_times_batches():
    net = NeuralNetClassifier((3,), batch_size=10, device="cpu", random_state=0)
    net.initialize(2, np.array([0, 1]))
    first = net.module_.linears[0]
    with torch.no_grad():
        first.weight.copy_(torch.tensor([[0.5, -0.05], [-0.5, 0.01], [0.3, 0.0]]))
    biases = [layer.bias.clone() for layer in net.module_.linears]
    shrink_network(net, lr=0.1, rate=0.01, n_rows=95)  # 10 batches: threshold 0.01
    expected = torch.tensor([[0.49, -0.04], [-0.49, 0.0], [0.29, 0.0]])
    torch.testing.assert_close(first.weight, expected)
    assert (first.weight == 0).sum() == 2  # exactly zero, not small
    for layer, bias in zip(net.module_.linears, biases, strict=True):
        assert torch.equal(layer.bias, bias)  # biases are not penalized
