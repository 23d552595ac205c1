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

    ``momentum`` is passed to SGD only.
    """
    cls = resolve_optimizer(optimizer)
    kwargs: dict[str, Any] = {"lr": lr, "weight_decay": weight_decay}
    if cls is torch.optim.SGD:
        kwargs["momentum"] = momentum
    if cls in OPTIMIZERS.values() and device is not None and device.type in _FUSED_DEVICES:
        kwargs["fused"] = True
    return cls(list(params), **kwargs)
