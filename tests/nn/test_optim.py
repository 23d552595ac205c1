"""Tests for the optimizer registry."""

from __future__ import annotations

import pytest
import torch

from logitnet.nn._optim import make_optimizer


def _params():
    return [torch.nn.Parameter(torch.ones(3))]


def test_names_map_to_fused_torch_optimizers():
    opt = make_optimizer("sgd", _params(), lr=0.1, momentum=0.5, device=torch.device("cpu"))
    assert isinstance(opt, torch.optim.SGD)
    assert opt.defaults["momentum"] == 0.5
    assert opt.defaults["fused"] is True
    assert "momentum" not in make_optimizer("adam", _params(), lr=0.1).defaults


def test_a_torch_optimizer_class_is_accepted():
    opt = make_optimizer(torch.optim.RMSprop, _params(), lr=0.01, weight_decay=0.1)
    assert isinstance(opt, torch.optim.RMSprop)
    assert opt.defaults["weight_decay"] == 0.1


def test_bad_names_and_types():
    with pytest.raises(
        ValueError, match="`optimizer` must be one of 'adam', 'adamw', 'sgd'.*'adam'"
    ):
        make_optimizer("adma", _params(), lr=0.1)
    with pytest.raises(TypeError, match="torch.optim.Optimizer subclass. Got 3"):
        make_optimizer(3, _params(), lr=0.1)


@pytest.mark.parametrize(
    ("name", "kernel"),
    [
        ("adam", "_fused_adam_"),
        ("adam", "_fused_adamw_"),
        ("adamw", "_fused_adamw_"),
        ("sgd", "_fused_sgd_"),
    ],
)
def test_without_torchs_fused_kernel_the_optimizer_is_not_fused(monkeypatch, name, kernel):
    cpu = torch.device("cpu")
    assert make_optimizer(name, _params(), lr=0.1, device=cpu).defaults["fused"] is True
    monkeypatch.delattr(torch, kernel)
    opt = make_optimizer(name, _params(), lr=0.1, device=cpu)
    assert not opt.defaults["fused"]
    opt.param_groups[0]["params"][0].grad = torch.ones(3)
    opt.step()  # runs without the kernel
