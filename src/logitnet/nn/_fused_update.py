"""A direct call of torch's fused Adam kernel, for optimizers built by logitnet.

``torch.optim.Adam.step()`` spends most of its time on Python bookkeeping (about 70 µs a
call on a CPU) around a kernel that takes about 10 µs. For the small networks that logitnet
trains, that is a quarter of each step. :class:`FusedAdamUpdate` lets ``Adam.step()`` build
the optimizer's state on the first call, then calls the same kernel on the same state
tensors, so the optimizer stays a normal ``torch.optim.Adam`` (its ``state_dict`` and
learning-rate schedulers keep working) and the results are bit-identical (see the tests).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import torch

__all__ = ["FusedAdamUpdate", "optimizer_update"]

_ADAMS = (torch.optim.Adam, torch.optim.AdamW)
_UNSUPPORTED = ("amsgrad", "maximize", "capturable", "differentiable")


def optimizer_update(optimizer: torch.optim.Optimizer) -> Callable[[], None]:
    """The fastest exact update for ``optimizer``: the direct fused kernel, or ``step``."""
    if FusedAdamUpdate.supports(optimizer):
        return FusedAdamUpdate(optimizer)
    return optimizer.step


class FusedAdamUpdate:
    """Apply a fused ``Adam``/``AdamW`` update by calling its kernel directly.

    Parameters
    ----------
    optimizer : torch.optim.Adam or torch.optim.AdamW
        Built with ``fused=True`` and one parameter group.
    """

    def __init__(self, optimizer: torch.optim.Optimizer) -> None:
        self.optimizer = optimizer
        self.group = optimizer.param_groups[0]
        self.params: list[torch.Tensor] = list(self.group["params"])
        self._state: tuple[list[torch.Tensor], ...] | None = None
        decoupled = isinstance(optimizer, torch.optim.AdamW) or self.group.get(
            "decoupled_weight_decay", False
        )
        self.kernel = torch._fused_adamw_ if decoupled else torch._fused_adam_

    @staticmethod
    def supports(optimizer: torch.optim.Optimizer) -> bool:
        """Whether ``optimizer`` is a plain fused Adam or AdamW with one parameter group."""
        if type(optimizer) not in _ADAMS or len(optimizer.param_groups) != 1:
            return False
        group = optimizer.param_groups[0]
        plain = not any(group.get(flag, False) for flag in _UNSUPPORTED)
        kernels = hasattr(torch, "_fused_adam_") and hasattr(torch, "_fused_adamw_")
        return bool(group.get("fused")) and plain and kernels

    def __call__(self) -> None:
        """One update from the parameters' ``.grad``; the first goes through ``step``."""
        if self._state is None:
            self.optimizer.step()
            self._state = self._state_lists()
            return
        exp_avgs, exp_avg_sqs, steps = self._state
        group = self.group
        torch._foreach_add_(steps, 1)
        grads = cast(list[torch.Tensor], [p.grad for p in self.params])  # set by backward
        self.kernel(
            self.params,
            grads,
            exp_avgs,
            exp_avg_sqs,
            [],
            steps,
            amsgrad=False,
            lr=group["lr"],
            beta1=group["betas"][0],
            beta2=group["betas"][1],
            weight_decay=group["weight_decay"],
            eps=group["eps"],
            maximize=False,
        )

    def _state_lists(self) -> tuple[list[torch.Tensor], ...]:
        """The optimizer's moment and step tensors, in parameter order."""
        states = [self.optimizer.state[p] for p in self.params]
        return tuple([s[key] for s in states] for key in ("exp_avg", "exp_avg_sq", "step"))
