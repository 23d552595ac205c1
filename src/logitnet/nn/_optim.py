"""The optimizer registry: names to ``torch.optim`` classes, built with fused updates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch

from logitnet._validation import check_option

__all__ = ["OPTIMIZERS", "make_optimizer"]

OPTIMIZERS: dict[str, type[torch.optim.Optimizer]] = {
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "sgd": torch.optim.SGD,
}

_FUSED_DEVICES = ("cpu", "cuda")
# The private torch kernels that ``fused=True`` calls, by optimizer class.
_FUSED_KERNELS: dict[type[torch.optim.Optimizer], tuple[str, ...]] = {
    torch.optim.Adam: ("_fused_adam_", "_fused_adamw_"),
    torch.optim.AdamW: ("_fused_adamw_",),
    torch.optim.SGD: ("_fused_sgd_",),
}


def resolve_optimizer(optimizer: Any) -> type[torch.optim.Optimizer]:
    """Return the optimizer class for a registry name or a ``torch.optim.Optimizer`` subclass."""
    if isinstance(optimizer, type) and issubclass(optimizer, torch.optim.Optimizer):
        return optimizer
    if isinstance(optimizer, str):
        return OPTIMIZERS[check_option("optimizer", optimizer, OPTIMIZERS)]
    names = ", ".join(repr(n) for n in OPTIMIZERS)
    raise TypeError(
        f"`optimizer` must be one of {names} or a torch.optim.Optimizer subclass. "
        f"Got {optimizer!r} instead."
    )


def make_optimizer(
    optimizer: Any,
    params: Iterable[torch.nn.Parameter],
    *,
    lr: float,
    weight_decay: float = 0.0,
    momentum: float = 0.0,
    device: torch.device | None = None,
) -> torch.optim.Optimizer:
    """Build ``optimizer`` over ``params``; the built-in ones use fused updates on CPU and CUDA.

    ``momentum`` is passed to SGD only. Where this torch has no fused kernel for the
    optimizer, it is built without ``fused``.
    """
    cls = resolve_optimizer(optimizer)
    kwargs: dict[str, Any] = {"lr": lr, "weight_decay": weight_decay}
    if cls is torch.optim.SGD:
        kwargs["momentum"] = momentum
    if _can_fuse(cls, device):
        kwargs["fused"] = True
    return cls(list(params), **kwargs)


def _can_fuse(cls: type[torch.optim.Optimizer], device: torch.device | None) -> bool:
    """Whether ``cls`` is a built-in optimizer whose fused kernels this torch has, on ``device``."""
    if device is None or device.type not in _FUSED_DEVICES:
        return False
    kernels = _FUSED_KERNELS.get(cls)
    return kernels is not None and all(hasattr(torch, name) for name in kernels)
