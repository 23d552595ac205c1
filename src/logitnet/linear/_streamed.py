"""The objective of :mod:`logitnet.linear._objective`, summed over the chunks of a stream.

Each evaluation is one pass over the data: every batch becomes a small in-memory objective
(without the penalty), its loss, gradient, Hessian or Hessian-vector product is added up, the
sums go through ``reduce`` (an all-reduce when several processes share the chunks), and the
penalty ``alpha / 2 * ||coef||²`` is added once. Newton's fused passes also sum the curvature
that its next direction needs, so one pass per line-search step is all it reads.

The products of one batch are small (a batch by the features), so a pass runs them on one BLAS
thread: several threads gain nothing there, and on a busy machine their start-up and spinning
cost far more than the products themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import numpy as np

from logitnet.linear._objective import (
    RCOND,
    BinaryObjective,
    MultinomialObjective,
    conjugate_gradient,
    kronecker_preconditioner,
)

EXACT_HESSIAN_MAX = 1024  # binary models with more parameters use conjugate gradients

Chunks = Callable[[], Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]]]


class StreamedObjective:
    """Loss, gradient and curvature summed over ``chunks()``: ``(X, codes, s)`` per batch.

    ``s`` are the batch's weights, already divided by the total weight of the whole stream.
    A binary model's Hessian is solved directly up to ``exact_hessian_max`` parameters (None:
    always), by conjugate gradients above.
    """

    def __init__(
        self,
        chunks: Chunks,
        n_features: int,
        n_classes: int,
        alpha: float,
        fit_intercept: bool,
        *,
        curvature: bool = True,
        reduce: Callable[[np.ndarray], np.ndarray] | None = None,
        exact_hessian_max: int | None = EXACT_HESSIAN_MAX,
    ) -> None:
        self.chunks, self.alpha, self.fit_intercept = chunks, alpha, fit_intercept
        self.n_classes, self.curvature = n_classes, curvature
        self.reduce = reduce or (lambda value: value)
        self._template = self._piece(np.empty((0, n_features)), np.empty(0, int), np.empty(0))
        self.n_params = self._template.n_params
        coef, intercept = self._template.split(np.ones(self.n_params))
        self._penalized = self._template.join(coef, np.zeros_like(intercept))
        small = exact_hessian_max is None or self.n_params <= exact_hessian_max
        self._exact = n_classes == 2 and small
        self._at: tuple[np.ndarray, np.ndarray] | None = None  # (w, curvature summed at w)
        self._gram: tuple[np.ndarray, np.ndarray] | None = None

    def split(self, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(coef, intercept)`` from a flat ``w``."""
        return self._template.split(w)

    def join(self, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
        """Inverse of :meth:`split`."""
        return self._template.join(coef, intercept)

    def _piece(self, X: np.ndarray, codes: np.ndarray, s: np.ndarray):
        """The in-memory objective of one batch, without the penalty."""
        if self.n_classes == 2:
            return BinaryObjective(X, codes.astype(np.float64), s, 0.0, self.fit_intercept)
        return MultinomialObjective(X, codes, s, 0.0, self.fit_intercept, self.n_classes)

    def _pieces(self) -> Iterator:
        """One in-memory objective per batch of the stream (one BLAS thread meanwhile)."""
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1, user_api="blas"):
            for X, codes, s in self.chunks():
                yield self._piece(X, codes, s)

    def loss_grad(self, w: np.ndarray) -> tuple[float, np.ndarray]:
        """Objective and gradient from one pass (with Newton's curvature, when asked)."""
        n = self.n_params
        extra = self._curvature_size()
        total = np.zeros(1 + n + extra)
        for piece in self._pieces():
            loss, grad = piece.loss_grad(w)
            total[0] += loss
            total[1 : 1 + n] += grad
            if extra:
                total[1 + n :] += self._piece_curvature(piece, w)
        total = self.reduce(total)
        if extra:
            self._at = (w.copy(), total[1 + n :])
        penalty = self.alpha * self._penalized * w
        return float(total[0]) + 0.5 * float(w @ penalty), total[1 : 1 + n] + penalty

    def _curvature_size(self) -> int:
        """Length of the curvature that a Newton pass sums beside the gradient."""
        if not self.curvature:
            return 0
        if self._exact:
            return self.n_params**2
        gram = 0 if self._gram is not None or self.n_classes == 2 else self._gram_size() ** 2
        return (self.n_classes**2 if self.n_classes > 2 else 0) + gram

    def _gram_size(self) -> int:
        """Rows of the features' Gram matrix (features plus the intercept)."""
        return self.n_params // self.n_classes

    def _piece_curvature(self, piece, w: np.ndarray) -> np.ndarray:
        """A batch's share of the curvature, flat: Hessian, or class curvature (+ Gram)."""
        if self._exact:
            return piece.hessian(w).ravel()
        if self.n_classes == 2:
            return np.zeros(0)
        parts = [piece.class_curvature(w).ravel()]
        if self._gram is None:
            parts.append(piece.weighted_gram().ravel())
        return np.concatenate(parts)

    def hessp(self, w: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Hessian-vector product ``H v``, from one pass."""
        total = np.zeros(self.n_params)
        for piece in self._pieces():
            total += piece.hessp(w, v)
        return self.reduce(total) + self.alpha * self._penalized * v

    def newton_direction(self, w: np.ndarray, grad: np.ndarray) -> np.ndarray:
        """Solve ``H d = -grad``: directly for small binary models, by CG otherwise."""
        curvature = self._curvature_at(w)
        if self._exact:
            H = curvature.reshape(self.n_params, self.n_params)
            H[np.diag_indices_from(H)] += self.alpha * self._penalized
            return np.linalg.lstsq(H, -grad, rcond=RCOND)[0]
        norm = np.linalg.norm(grad)
        tol = min(0.5, np.sqrt(norm)) * norm  # looser far from the minimum (truncated Newton)
        return conjugate_gradient(
            lambda v: self.hessp(w, v), -grad, tol, self._preconditioner(curvature)
        )

    def hessian(self, w: np.ndarray) -> np.ndarray:
        """The Hessian summed over the stream at ``w`` (two classes, at most 1024 parameters)."""
        if not self._exact:
            raise ValueError(
                "The elastic net over a stream needs the Hessian of a two-class model with at "
                f"most {EXACT_HESSIAN_MAX} parameters. Got {self.n_classes} classes and "
                f"{self.n_params} parameters."
            )
        H = self._curvature_at(w).reshape(self.n_params, self.n_params).copy()
        H[np.diag_indices_from(H)] += self.alpha * self._penalized
        return H

    def _curvature_at(self, w: np.ndarray) -> np.ndarray:
        """The curvature summed by the last pass at ``w`` (one more pass when there was none)."""
        if self.n_classes == 2 and not self._exact:
            return np.zeros(0)  # conjugate gradients need no curvature up front
        if self._at is None or not np.array_equal(self._at[0], w):
            self.curvature = True
            self.loss_grad(w)
        assert self._at is not None  # the curvature pass just stored it
        return self._at[1]

    def _preconditioner(self, curvature: np.ndarray):
        """The multinomial Kronecker preconditioner from a pass's sums; none for binary."""
        if self.n_classes == 2:
            return None
        K, m = self.n_classes, self._gram_size()
        if self._gram is None:
            self._gram = np.linalg.eigh(curvature[K * K :].reshape(m, m))
        C = curvature[: K * K].reshape(K, K)
        return kronecker_preconditioner(self._gram, C, self.alpha, (m, K))

    def separates(self, w: np.ndarray) -> bool:
        """Whether every weighted sample of every batch lies on its own class's side."""
        mixed = np.array([float(not all(piece.separates(w) for piece in self._pieces()))])
        return bool(self.reduce(mixed)[0] == 0)
