"""The logistic objective of one rank's rows, summed over every rank by all-reduce.

Each rank holds an in-memory objective of its own rows, without the penalty, whose weights are
already divided by the total weight of every rank's rows. A pass sums its loss and gradient
(one all-reduce), its Hessian (binary) or Hessian-vector products (multinomial, one all-reduce
each); the penalty ``alpha / 2 * ||coef||²`` is added once, after the sum. Every rank then
holds the same numbers, so every rank's solver takes the same step.
"""

from __future__ import annotations

import numpy as np

from logitnet.distributed._group import all_reduce
from logitnet.linear._objective import (
    RCOND,
    MultinomialObjective,
    conjugate_gradient,
    kronecker_preconditioner,
)


class ShardedObjective:
    """The objective the solvers see: ``local``'s sums over every rank, plus the penalty."""

    def __init__(self, local, alpha: float) -> None:
        self.local, self.alpha = local, float(alpha)
        self.n_params = local.n_params
        coef, intercept = local.split(np.ones(self.n_params))
        self._penalized = local.join(coef, np.zeros_like(intercept))
        self._gram: tuple[np.ndarray, np.ndarray] | None = None

    def split(self, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(coef, intercept)`` from a flat ``w``."""
        return self.local.split(w)

    def join(self, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
        """Inverse of :meth:`split`."""
        return self.local.join(coef, intercept)

    def loss_grad(self, w: np.ndarray) -> tuple[float, np.ndarray]:
        """Objective and gradient: the ranks' sums in one all-reduce, then the penalty."""
        loss, grad = self.local.loss_grad(w)
        total = all_reduce(np.concatenate([[loss], grad]))
        penalty = self.alpha * self._penalized * w
        return float(total[0]) + 0.5 * float(w @ penalty), total[1:] + penalty

    def hessp(self, w: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Hessian-vector product ``H v`` (multinomial), summed in one all-reduce."""
        return all_reduce(self.local.hessp(w, v)) + self.alpha * self._penalized * v

    def hessian(self, w: np.ndarray) -> np.ndarray:
        """The binary Hessian summed over every rank, plus the penalty's."""
        if isinstance(self.local, MultinomialObjective):
            raise ValueError(
                "The elastic net over several processes fits two classes only. "
                f"Got {self.local.shape[1]} classes."
            )
        H = all_reduce(self.local.hessian(w))
        H[np.diag_indices_from(H)] += self.alpha * self._penalized
        return H

    def newton_direction(self, w: np.ndarray, grad: np.ndarray) -> np.ndarray:
        """Solve ``H d = -grad``: the summed Hessian (binary), or preconditioned CG."""
        if not isinstance(self.local, MultinomialObjective):
            H = all_reduce(self.local.hessian(w))
            H[np.diag_indices_from(H)] += self.alpha * self._penalized
            return np.linalg.lstsq(H, -grad, rcond=RCOND)[0]
        norm = np.linalg.norm(grad)
        tol = min(0.5, np.sqrt(norm)) * norm  # looser far from the minimum (truncated Newton)
        return conjugate_gradient(lambda v: self.hessp(w, v), -grad, tol, self._preconditioner(w))

    def _preconditioner(self, w: np.ndarray):
        """The multinomial Kronecker preconditioner, from summed Gram and class curvature."""
        if self._gram is None:
            self._gram = np.linalg.eigh(all_reduce(self.local.weighted_gram()))
        curvature = all_reduce(self.local.class_curvature(w))
        return kronecker_preconditioner(self._gram, curvature, self.alpha, self.local.shape)

    def separates(self, w: np.ndarray) -> bool:
        """Whether every rank's weighted samples all lie on their own class's side."""
        mixed = 0.0 if len(self.local.y) == 0 or self.local.separates(w) else 1.0
        return bool(all_reduce(np.array([mixed]))[0] == 0)
