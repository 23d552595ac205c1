"""The built-in network: a stack of Linear layers and activations that outputs logits."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from logitnet._validation import check_in_range, check_int, check_option

__all__ = ["ACTIVATIONS", "MLP"]

# name -> (module class, the nonlinearity torch.nn.init uses for its gain, the hidden-layer bias)
ACTIVATIONS: dict[str, tuple[type[nn.Module], str, float]] = {
    "relu": (nn.ReLU, "relu", 0.01),
    "tanh": (nn.Tanh, "tanh", 0.0),
    "sigmoid": (nn.Sigmoid, "sigmoid", 0.0),
    "gelu": (nn.GELU, "relu", 0.01),
    "leaky_relu": (nn.LeakyReLU, "leaky_relu", 0.01),
    "linear": (nn.Identity, "linear", 0.0),
}

LEAKY_SLOPE = 0.01  # nn.LeakyReLU's default negative slope, also used for its init gain


class GeneratorDropout(nn.Module):
    """Dropout whose masks come from a given ``torch.Generator`` rather than the global one."""

    def __init__(self, p: float, generator: torch.Generator | None = None) -> None:
        super().__init__()
        self.p = p
        self.generator = generator

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Zero each element with probability ``p`` and rescale the rest (training only)."""
        if not self.training or self.p == 0.0:
            return x
        keep = torch.empty_like(x).bernoulli_(1.0 - self.p, generator=self.generator)
        return x * keep / (1.0 - self.p)

    def extra_repr(self) -> str:
        return f"p={self.p}"


class MLP(nn.Module):
    """A fully connected network that outputs logits (no sigmoid or softmax inside).

    Hidden layers use He initialization (Glorot for tanh and sigmoid) and, for the
    ReLU family, a small positive bias, so that few units start dead: with PyTorch's
    default initialization about 30% of the lecture's 5-unit networks lose units to
    dead ReLUs.

    Parameters
    ----------
    n_features : int
        Number of input features.
    hidden_layer_sizes : sequence of int, default=(100,)
        Units of each hidden layer; ``()`` gives a linear model.
    n_outputs : int, default=1
        Number of logits: 1 for binary classification, K for K classes.
    activation : {"relu", "tanh", "sigmoid", "gelu", "leaky_relu", "linear"}, default="relu"
        Activation after each hidden layer.
    dropout : float, default=0.0
        Dropout probability after each hidden activation, in [0, 1).
    generator : torch.Generator, optional
        Source of randomness for the initial weights and the dropout masks.

    Examples
    --------
    >>> import torch
    >>> from logitnet.nn import MLP
    >>> net = MLP(2, (5,), 1)  # the lecture's binary network
    >>> net(torch.zeros(3, 2)).shape
    torch.Size([3, 1])
    """

    def __init__(
        self,
        n_features: int,
        hidden_layer_sizes: Sequence[int] = (100,),
        n_outputs: int = 1,
        activation: str = "relu",
        dropout: float = 0.0,
        *,
        generator: torch.Generator | None = None,
    ) -> None:
        super().__init__()
        self.n_features = check_int("n_features", n_features)
        self.hidden_layer_sizes = _check_hidden(hidden_layer_sizes)
        self.n_outputs = check_int("n_outputs", n_outputs)
        self.activation = check_option("activation", activation, ACTIVATIONS)
        self.dropout = check_in_range("dropout", dropout, 0.0, 1.0, closed="left")
        self.layers = nn.Sequential(*self._build(generator))
        self.reset_parameters(generator)

    def _build(self, generator: torch.Generator | None) -> list[nn.Module]:
        """Return the Linear, activation and dropout layers, in order."""
        act_cls = ACTIVATIONS[self.activation][0]
        sizes = (self.n_features, *self.hidden_layer_sizes)
        layers: list[nn.Module] = []
        for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
            layers += [nn.Linear(n_in, n_out), act_cls()]
            if self.dropout > 0:
                layers.append(GeneratorDropout(self.dropout, generator))
        layers.append(nn.Linear(sizes[-1], self.n_outputs))
        return layers

    @property
    def linears(self) -> list[nn.Linear]:
        """The Linear layers, input first."""
        return [m for m in self.layers if isinstance(m, nn.Linear)]

    @torch.no_grad()
    def reset_parameters(self, generator: torch.Generator | None = None) -> None:
        """Draw fresh initial weights (from ``generator`` when given)."""
        _, gain_name, hidden_bias = ACTIVATIONS[self.activation]
        *hidden, output = self.linears
        for layer in hidden:
            _init_weight(layer.weight, gain_name, generator)
            layer.bias.fill_(hidden_bias)
        nn.init.kaiming_uniform_(output.weight, nonlinearity="linear", generator=generator)
        output.bias.zero_()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map ``x`` of shape (n, n_features) to logits of shape (n, n_outputs)."""
        return self.layers(x)

    def extra_repr(self) -> str:
        sizes = " -> ".join(str(s) for s in (self.n_features, *self.hidden_layer_sizes))
        return (
            f"{sizes} -> {self.n_outputs}, activation={self.activation!r}, dropout={self.dropout}"
        )


def _init_weight(weight: torch.Tensor, gain_name: str, generator: torch.Generator | None) -> None:
    """He-uniform for the ReLU family, Glorot-uniform for tanh, sigmoid and linear."""
    if gain_name in ("relu", "leaky_relu"):
        nn.init.kaiming_uniform_(
            weight,
            a=LEAKY_SLOPE if gain_name == "leaky_relu" else 0.0,
            nonlinearity=gain_name,  # type: ignore[arg-type]
            generator=generator,
        )
    else:
        gain = nn.init.calculate_gain(gain_name)  # type: ignore[arg-type]
        nn.init.xavier_uniform_(weight, gain=gain, generator=generator)


def _check_hidden(hidden_layer_sizes: Sequence[int]) -> tuple[int, ...]:
    """Check that ``hidden_layer_sizes`` is a sequence of positive ints."""
    if isinstance(hidden_layer_sizes, int) and not isinstance(hidden_layer_sizes, bool):
        hidden_layer_sizes = (hidden_layer_sizes,)
    if not isinstance(hidden_layer_sizes, Sequence) or isinstance(hidden_layer_sizes, str):
        raise TypeError(
            "`hidden_layer_sizes` must be a sequence of positive ints. "
            f"Got {hidden_layer_sizes!r} instead."
        )
    return tuple(check_int("hidden_layer_sizes[]", h) for h in hidden_layer_sizes)
