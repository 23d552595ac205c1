"""Tests for the built-in network."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from logitnet.nn import ACTIVATIONS, MLP


def test_lecture_binary_network_has_21_parameters_and_outputs_logits():
    net = MLP(2, (5,), 1)
    assert sum(p.numel() for p in net.parameters()) == 2 * 5 + 5 + 5 + 1
    assert [type(m) for m in net.layers] == [nn.Linear, nn.ReLU, nn.Linear]
    out = net(torch.full((4, 2), 100.0))
    assert out.shape == (4, 1)
    assert out.abs().max() > 1.0  # no sigmoid squashes the output


def test_lecture_multiclass_network_shape():
    assert MLP(2, (5,), 4)(torch.zeros(3, 2)).shape == (3, 4)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_each_activation_is_used(name):
    net = MLP(3, (4, 4), 2, activation=name)
    assert sum(isinstance(m, ACTIVATIONS[name][0]) for m in net.layers) == 2


def test_bad_activation_lists_the_valid_names():
    with pytest.raises(
        ValueError, match="`activation` must be one of 'relu', 'tanh'.*Did you mean 'relu'"
    ):
        MLP(2, (5,), 1, activation="rellu")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"hidden_layer_sizes": (5, 0)}, ValueError, "hidden_layer_sizes"),
        ({"hidden_layer_sizes": "5"}, TypeError, "sequence of positive ints"),
        ({"dropout": 1.0}, ValueError, r"`dropout` must be in \[0.0, 1.0\)"),
        ({"n_outputs": 0}, ValueError, "`n_outputs` must be an int >= 1"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        MLP(2, **kwargs)


def test_init_is_he_uniform_with_small_positive_relu_bias():
    net = MLP(50, (200,), 1, generator=torch.Generator().manual_seed(0))
    hidden, output = net.linears
    bound = (6.0 / 50) ** 0.5  # He-uniform: gain sqrt(2) * sqrt(3 / fan_in)
    assert hidden.weight.abs().max() <= bound
    assert hidden.weight.abs().max() > 0.95 * bound
    assert torch.all(hidden.bias == 0.01)
    assert torch.all(output.bias == 0.0)


def test_generator_makes_initialization_reproducible():
    a = MLP(3, (4,), 2, generator=torch.Generator().manual_seed(7))
    b = MLP(3, (4,), 2, generator=torch.Generator().manual_seed(7))
    for pa, pb in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(pa, pb)


def test_dropout_uses_its_generator_and_is_off_in_eval():
    def outputs(seed):
        net = MLP(4, (64,), 1, dropout=0.5, generator=torch.Generator().manual_seed(seed))
        torch.manual_seed(123)  # the global generator must not matter
        return net(torch.ones(8, 4))

    assert torch.equal(outputs(1), outputs(1))
    net = MLP(4, (64,), 1, dropout=0.5).eval()
    assert torch.equal(net(torch.ones(8, 4)), net(torch.ones(8, 4)))


def test_repr_reads_like_a_summary():
    assert "2 -> 5 -> 1, activation='relu'" in repr(MLP(2, (5,), 1))


def test_a_linear_activation_network_is_one_affine_map():
    net = MLP(2, (3, 4), 1, activation="linear", generator=torch.Generator().manual_seed(0))
    first, second, out = net.linears
    x = torch.randn(5, 2, generator=torch.Generator().manual_seed(1))
    expected = out(second(first(x)))
    W = out.weight @ second.weight @ first.weight
    b = out.weight @ (second.weight @ first.bias + second.bias) + out.bias
    torch.testing.assert_close(net(x), expected)
    torch.testing.assert_close(net(x), x @ W.T + b)
