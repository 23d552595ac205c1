"""The direct fused-Adam update must be bit-identical to ``optimizer.step()``."""

from __future__ import annotations

import pytest
import torch

from logitnet.nn._fused_update import FusedAdamUpdate, optimizer_update


def _params(seed=0):
    g = torch.Generator().manual_seed(seed)
    return [
        torch.nn.Parameter(torch.randn(5, 3, generator=g)),
        torch.nn.Parameter(torch.randn(3, generator=g)),
    ]


@pytest.mark.parametrize("cls", [torch.optim.Adam, torch.optim.AdamW])
def test_direct_update_equals_step(cls):
    ours, ref = _params(), _params()
    opt = cls(ours, lr=0.01, weight_decay=0.1, fused=True)
    ref_opt = cls(ref, lr=0.01, weight_decay=0.1, fused=True)
    update = optimizer_update(opt)
    assert isinstance(update, FusedAdamUpdate)
    g = torch.Generator().manual_seed(1)
    for i in range(6):
        if i == 3:  # a scheduler changing the learning rate is honoured
            opt.param_groups[0]["lr"] = ref_opt.param_groups[0]["lr"] = 0.002
        for p, q in zip(ours, ref, strict=True):
            p.grad = torch.randn(p.shape, generator=g)
            q.grad = p.grad.clone()
        update()
        ref_opt.step()
    for p, q in zip(ours, ref, strict=True):
        assert torch.equal(p, q)
    assert torch.equal(opt.state[ours[0]]["exp_avg"], ref_opt.state[ref[0]]["exp_avg"])
    assert float(opt.state[ours[0]]["step"]) == 6


@pytest.mark.parametrize(
    "make",
    [
        lambda ps: torch.optim.Adam(ps, lr=0.1),  # not fused
        lambda ps: torch.optim.Adam(ps, lr=0.1, fused=True, amsgrad=True),
        lambda ps: torch.optim.SGD(ps, lr=0.1, fused=True),
        lambda ps: torch.optim.Adam([{"params": ps[:1]}, {"params": ps[1:]}], lr=0.1, fused=True),
    ],
)
def test_other_optimizers_keep_their_step(make):
    opt = make(_params())
    assert not FusedAdamUpdate.supports(opt)
    assert optimizer_update(opt) == opt.step
