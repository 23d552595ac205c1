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
