"""A hand-written training step for the built-in MLP: forward and backward into reused buffers.

Small tabular networks are limited by per-operation overhead, not arithmetic. This step
skips the autograd graph and writes activations and gradients into preallocated
tensors; its results agree with autograd to 1e-5 (see the tests).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import nn
from torch.nn import functional

from logitnet.nn._fused_update import optimizer_update
from logitnet.nn._losses import binary_log_loss, multiclass_log_loss
from logitnet.nn._mlp import LEAKY_SLOPE, MLP

__all__ = ["FastMLPStep", "fast_step_refusal", "supports_fast_step"]


def _leaky_relu_(z: torch.Tensor) -> torch.Tensor:
    """In-place leaky ReLU with the MLP's slope."""
    return functional.leaky_relu_(z, LEAKY_SLOPE)


def _relu_grad_(delta: torch.Tensor, a: torch.Tensor) -> None:
    """delta *= relu'(z), from a = relu(z) >= 0: its sign is the 0/1 derivative."""
    delta.mul_(a.sign())


def _leaky_relu_grad_(delta: torch.Tensor, a: torch.Tensor) -> None:
    """delta *= 1 where a > 0, else the slope."""
    delta.mul_(a.sign().clamp_(min=0).mul_(1.0 - LEAKY_SLOPE).add_(LEAKY_SLOPE))


def _tanh_grad_(delta: torch.Tensor, a: torch.Tensor) -> None:
    """delta *= 1 - a**2."""
    delta.mul_(torch.mul(a, a).neg_().add_(1.0))


def _sigmoid_grad_(delta: torch.Tensor, a: torch.Tensor) -> None:
    """delta *= a * (1 - a)."""
    delta.mul_(torch.neg(a).add_(1.0).mul_(a))


Activation = tuple[
    Callable[[torch.Tensor], torch.Tensor], Callable[[torch.Tensor, torch.Tensor], None]
]

# activation name -> (in-place forward, in-place backward from the activation's output)
FAST_ACTIVATIONS: dict[str, Activation] = {
    "relu": (torch.relu_, _relu_grad_),
    "leaky_relu": (_leaky_relu_, _leaky_relu_grad_),
    "tanh": (torch.tanh_, _tanh_grad_),
    "sigmoid": (torch.sigmoid_, _sigmoid_grad_),
}


def supports_fast_step(module: torch.nn.Module) -> bool:
    """Whether ``module`` is a built-in MLP that :class:`FastMLPStep` can train."""
    return fast_step_refusal(module) is None


def fast_step_refusal(module: torch.nn.Module, criterion: Any = None) -> str | None:
    """Why :class:`FastMLPStep` cannot train ``module`` on ``criterion``, or None when it can.

    Without ``criterion`` only the module is checked.
    """
    if type(module) is not MLP:
        return f"the model is a {type(module).__name__}, not logitnet's built-in MLP"
    if module.activation not in FAST_ACTIVATIONS:
        names = ", ".join(repr(a) for a in FAST_ACTIVATIONS)
        return f"activation {module.activation!r} has no hand-written gradient (only {names})"
    if module.dropout != 0.0:
        return f"the MLP has dropout {module.dropout}"
    if criterion is not None and not _is_mean_log_loss(criterion, module.n_outputs):
        kind = "binary (one logit)" if module.n_outputs == 1 else "multiclass"
        return f"the loss {criterion!r} is not the plain mean {kind} log loss"
    return None


def _is_mean_log_loss(criterion: Any, n_outputs: int) -> bool:
    """The classifier's loss, or torch's BCE-with-logits / cross-entropy loss with defaults."""
    if n_outputs == 1:
        plain = type(criterion) is nn.BCEWithLogitsLoss and criterion.pos_weight is None
        ours = binary_log_loss
    else:
        plain = type(criterion) is nn.CrossEntropyLoss and criterion.label_smoothing == 0.0
        ours = multiclass_log_loss
    if criterion is ours:
        return True
    return plain and criterion.weight is None and criterion.reduction == "mean"


class FastMLPStep:
    """One optimizer step of the MLP's mean (weighted) log loss, without autograd.

    Parameters
    ----------
    mlp : MLP
        A built-in MLP without dropout, with an activation in ``FAST_ACTIVATIONS``.
    optimizer : torch.optim.Optimizer
        An optimizer over ``mlp.parameters()``; it reads the gradients this step writes.
    on_grad_computed : callable, optional
        Called with the batch loss once the gradients are in the parameters' ``.grad``,
        before the optimizer applies them; it may change them in place.

    Notes
    -----
    Calling the step with ``(X, y)`` or ``(X, y, w)`` returns the batch loss (a
    0-dim tensor). One logit means BCE with float targets; several mean
    cross-entropy with int64 class indices.
    """

    def __init__(
        self,
        mlp: MLP,
        optimizer: torch.optim.Optimizer,
        on_grad_computed: Callable[[torch.Tensor], None] | None = None,
    ) -> None:
        if not supports_fast_step(mlp):
            raise ValueError(f"FastMLPStep needs an MLP without dropout; got {mlp!r}.")
        self.mlp = mlp
        self.optimizer = optimizer
        self.on_grad_computed = on_grad_computed
        self.linears = mlp.linears
        self.act_, self.act_grad_ = FAST_ACTIVATIONS[mlp.activation]
        self.multiclass = mlp.n_outputs > 1
        self.update = optimizer_update(optimizer)
        self._buffers: dict[int, tuple[list[torch.Tensor], list[torch.Tensor]]] = {}

    def __call__(self, X: torch.Tensor, y: torch.Tensor, w: torch.Tensor | None = None):
        """Forward, backward and optimizer step on one batch; return its loss."""
        with torch.no_grad():
            outs, deltas = self._buffers_for(X)
            self._forward(X, outs)
            loss, delta = self._loss_and_delta(outs[-1], y, w)
            self._backward(X, outs, deltas, delta)
        if self.on_grad_computed is not None:
            self.on_grad_computed(loss)
        self.update()
        return loss

    def _buffers_for(self, X: torch.Tensor) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
        """Layer outputs (n, out) and input gradients (n, in) for a batch of n rows, reused."""
        n = X.shape[0]
        if n not in self._buffers:
            outs = [X.new_empty((n, lin.out_features)) for lin in self.linears]
            deltas = [X.new_empty((n, lin.in_features)) for lin in self.linears[1:]]
            self._buffers[n] = (outs, deltas)
        return self._buffers[n]

    def _forward(self, X: torch.Tensor, outs: list[torch.Tensor]) -> None:
        """outs[i] = act(outs[i - 1] @ W_i.T + b_i); the last layer stays linear (logits)."""
        a = X
        for i, lin in enumerate(self.linears):
            torch.addmm(lin.bias, a, lin.weight.t(), out=outs[i])
            if i < len(self.linears) - 1:
                self.act_(outs[i])
            a = outs[i]

    def _loss_and_delta(self, logits: torch.Tensor, y: torch.Tensor, w: torch.Tensor | None):
        """The batch loss and d(loss)/d(logits), shape (n, n_outputs)."""
        n = logits.shape[0]
        if self.multiclass:
            log_p = torch.log_softmax(logits, dim=1)
            loss = _nll(log_p, y, w)
            delta = log_p.exp_()
            delta[torch.arange(n, device=y.device), y] -= 1.0
        else:
            loss = binary_log_loss(logits, y, w)
            delta = torch.sigmoid(logits).sub_(y[:, None])
        if w is not None:
            delta.mul_(w[:, None])
        return loss, delta.div_(n)

    def _backward(
        self,
        X: torch.Tensor,
        outs: list[torch.Tensor],
        deltas: list[torch.Tensor],
        delta: torch.Tensor,
    ) -> None:
        """Write dW = delta.T @ a_prev and db = sum(delta) into each layer's .grad, last first."""
        for i in range(len(self.linears) - 1, -1, -1):
            lin, a_prev = self.linears[i], (X if i == 0 else outs[i - 1])
            torch.mm(delta.t(), a_prev, out=_grad(lin.weight))
            torch.sum(delta, dim=0, out=_grad(lin.bias))
            if i > 0:
                torch.mm(delta, lin.weight, out=deltas[i - 1])
                self.act_grad_(deltas[i - 1], a_prev)
                delta = deltas[i - 1]


def _nll(log_p: torch.Tensor, y: torch.Tensor, w: torch.Tensor | None) -> torch.Tensor:
    """Mean (weighted) negative log-likelihood: ``multiclass_log_loss`` on log-probabilities."""
    if w is None:
        return functional.nll_loss(log_p, y)
    return (functional.nll_loss(log_p, y, reduction="none") * w).mean()


def _grad(param: torch.Tensor) -> torch.Tensor:
    """The parameter's gradient buffer, created on first use (or after zero_grad(set_to_none))."""
    if param.grad is None:
        param.grad = torch.empty_like(param)
    return param.grad
