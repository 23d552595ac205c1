"""The objective the estimator minimizes, in the flat parameter layout the solvers use.

Objective: the weighted mean log-loss plus ``alpha / 2 * ||coef||²`` (the intercept is not
penalized). Weights ``s`` are normalized to sum to 1, so no weights means ``s = 1 / n``.

Parameters are flat vectors. Binary: ``[intercept, coef...]``. Multinomial: a
``(1 + n_features, n_classes)`` matrix raveled row-major, row 0 the intercepts. Without an
intercept, the intercept entries are absent. ``X`` is never copied or augmented.
"""

from __future__ import annotations

import numpy as np

from logitnet.linear._multinomial import softmax_terms
from logitnet.linear._sigmoid import sigmoid_terms

RCOND = 1e-12  # Hessian directions below this fraction of the largest are treated as flat
SUBSAMPLE_ROWS = 50_000  # rows of the approximate Hessian far from the minimum (large data)
EXACT_BELOW = 1e-3  # max |gradient| under which the Hessian is always exact


class _Objective:
    """What both objectives share: data, weights, penalty and the intercept layout."""

    def __init__(self, X: np.ndarray, y: np.ndarray, s: np.ndarray, alpha: float, k: int):
        self.X, self.y, self.s, self.alpha, self.k = X, y, s, alpha, k
        self._cache: tuple[np.ndarray, np.ndarray] | None = None

    def _cached(self, w: np.ndarray) -> np.ndarray | None:
        """Return what :meth:`loss_grad` stored for this ``w``, if it was the last one."""
        if self._cache is not None and np.array_equal(self._cache[0], w):
            return self._cache[1]
        return None

    def _penalty(self, coef: np.ndarray) -> float:
        """``alpha / 2 * ||coef||²``."""
        return 0.5 * self.alpha * float(np.vdot(coef, coef))


class BinaryObjective(_Objective):
    """One logit ``X @ coef + intercept``; ``y`` holds 0.0 / 1.0."""

    def __init__(self, X, y, s, alpha, fit_intercept):
        super().__init__(X, y, s, alpha, int(fit_intercept))
        self.n_params = X.shape[1] + self.k
        self._work: np.ndarray | None = None
        self._rows: np.ndarray | None = None

    def split(self, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(coef (1, p), intercept (1,))`` from a flat ``w``."""
        intercept = w[:1] if self.k else np.zeros(1)
        return w[self.k :][None, :].copy(), intercept.copy()

    def join(self, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
        """Inverse of :meth:`split`."""
        return np.concatenate([intercept[: self.k], coef.ravel()])

    def logits(self, w: np.ndarray) -> np.ndarray:
        """``X @ coef + intercept``, shape (n,)."""
        z = self.X @ w[self.k :]
        return z + w[0] if self.k else z

    def loss_grad(self, w: np.ndarray) -> tuple[float, np.ndarray]:
        """Objective and gradient from one pass over ``X``."""
        z = self.logits(w)
        loss, r = sigmoid_terms(z, self.y)
        r *= self.s
        coef = w[self.k :]
        grad = np.empty_like(w)
        grad[self.k :] = self.X.T @ r + self.alpha * coef
        if self.k:
            grad[0] = r.sum()
        self._cache = (w.copy(), z)
        return float(self.s @ loss) + self._penalty(coef), grad

    def hessian(self, w: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """Exact Hessian ``Aᵀ A + alpha I`` (coef block), ``A = sqrt(s p (1 - p)) [1, X]``.

        With ``rows``, the loss part is estimated from those rows only (weights rescaled).
        """
        z = self._cached(w)
        z = self.logits(w) if z is None else z
        X, s = (self.X, self.s) if rows is None else (self.X[rows], self.s[rows])
        z = z if rows is None else z[rows]
        e = np.exp(-np.abs(z))
        root = np.sqrt(s * (self.s.sum() / s.sum()) * e) / (1.0 + e)  # sqrt(s p (1 - p))
        A = self._buffer(len(z))
        np.multiply(X, root[:, None], out=A[:, self.k :])
        if self.k:
            A[:, 0] = root
        H = A.T @ A  # symmetric rank-k update: half the work of a general product
        H[self.k :, self.k :] += self.alpha * np.eye(self.X.shape[1])
        return H

    def hessp(self, w: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Hessian-vector product ``H v``, from one pass over ``X``."""
        z = self._cached(w)
        z = self.logits(w) if z is None else z
        e = np.exp(-np.abs(z))
        u = self.X @ v[self.k :] + (v[0] if self.k else 0.0)
        t = self.s * e / (1.0 + e) ** 2 * u  # s p (1 - p) (x · v)
        out = np.empty_like(v)
        out[self.k :] = self.X.T @ t + self.alpha * v[self.k :]
        if self.k:
            out[0] = t.sum()
        return out

    def _buffer(self, n_rows: int) -> np.ndarray:
        """A reusable ``(n_rows, n_params)`` work array for :meth:`hessian`, in ``X``'s order.

        Filling it column by column from a column-major ``X`` (a streamed batch) stays
        contiguous only when it is column-major too.
        """
        if self._work is None or len(self._work) != n_rows:
            column_major = self.X.flags.f_contiguous and not self.X.flags.c_contiguous
            self._work = np.empty((n_rows, self.n_params), order="F" if column_major else "C")
        return self._work

    def newton_direction(self, w: np.ndarray, grad: np.ndarray) -> np.ndarray:
        """Solve ``H d = -grad``; the minimum-norm solution where ``H`` is (nearly) singular.

        On large data, far from the minimum, ``H`` comes from a fixed random subset of rows:
        the direction only needs to be good, not exact, there. Near it, ``H`` is exact.
        """
        rows = None
        if len(self.X) > 2 * SUBSAMPLE_ROWS and np.abs(grad).max() > EXACT_BELOW:
            if self._rows is None:
                rng = np.random.default_rng(0)
                self._rows = np.sort(rng.choice(len(self.X), SUBSAMPLE_ROWS, replace=False))
            rows = self._rows
        return np.linalg.lstsq(self.hessian(w, rows), -grad, rcond=RCOND)[0]

    def separates(self, w: np.ndarray) -> bool:
        """Whether every weighted sample lies strictly on its own class's side."""
        margins = (2 * self.y - 1) * self.logits(w)
        return bool(np.all(margins[self.s > 0] > 0))


class MultinomialObjective(_Objective):
    """``K`` logits ``X @ coef.T + intercept``; ``y`` holds class codes ``0 .. K-1``."""

    def __init__(self, X, y, s, alpha, fit_intercept, n_classes):
        super().__init__(X, y, s, alpha, int(fit_intercept))
        self.shape = (X.shape[1] + self.k, n_classes)
        self.n_params = self.shape[0] * n_classes
        self._gram: tuple[np.ndarray, np.ndarray] | None = None

    def split(self, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(coef (K, p), intercept (K,))`` from a flat ``w``."""
        W = w.reshape(self.shape)
        intercept = W[0] if self.k else np.zeros(self.shape[1])
        return W[self.k :].T.copy(), intercept.copy()

    def join(self, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
        """Inverse of :meth:`split`."""
        rows = [intercept[None, :]] if self.k else []
        return np.vstack(rows + [coef.T]).ravel()

    def logits(self, w: np.ndarray) -> np.ndarray:
        """``X @ coef.T + intercept``, shape (n, K)."""
        W = w.reshape(self.shape)
        Z = self.X @ W[self.k :]
        if self.k:
            Z += W[0]
        return Z

    def loss_grad(self, w: np.ndarray) -> tuple[float, np.ndarray]:
        """Objective and gradient from one pass over ``X``."""
        loss, P = softmax_terms(self.logits(w), self.y)
        coef = w.reshape(self.shape)[self.k :]
        self._cache = (w.copy(), P)
        R = P * self.s[:, None]  # weighted residual s (p - onehot(y)); p - 1 first, exactly
        rows = np.arange(len(self.y))
        R[rows, self.y] = (P[rows, self.y] - 1.0) * self.s
        return float(self.s @ loss) + self._penalty(coef), self._backward(R, coef)

    def _backward(self, R: np.ndarray, coef: np.ndarray) -> np.ndarray:
        """Flat ``[sum(R); X.T @ R + alpha coef]`` for per-sample residuals ``R`` (n, K)."""
        G = np.empty(self.shape)
        G[self.k :] = self.X.T @ R + self.alpha * coef
        if self.k:
            G[0] = np.ones(len(R)) @ R
        return G.ravel()

    def _probabilities(self, w: np.ndarray) -> np.ndarray:
        """``softmax`` of the logits at ``w`` (n, K), from the cache when it holds ``w``."""
        P = self._cached(w)
        if P is None:
            self.loss_grad(w)
            assert self._cache is not None  # loss_grad(w) just cached P
            P = self._cache[1]
        return P

    def hessp(self, w: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Hessian-vector product ``H v``, from one pass over ``X``."""
        P = self._probabilities(w)
        V = v.reshape(self.shape)
        U = self.X @ V[self.k :]
        if self.k:
            U += V[0]
        T = P * U
        T -= P * (T @ np.ones(T.shape[1]))[:, None]
        T *= self.s[:, None]
        return self._backward(T, V[self.k :])

    def newton_direction(self, w: np.ndarray, grad: np.ndarray) -> np.ndarray:
        """Approximately solve ``H d = -grad`` by preconditioned conjugate gradients."""
        norm = np.linalg.norm(grad)
        tol = min(0.5, np.sqrt(norm)) * norm  # looser far from the minimum (truncated Newton)
        return conjugate_gradient(lambda v: self.hessp(w, v), -grad, tol, self._preconditioner(w))

    def _preconditioner(self, w: np.ndarray):
        """``v -> M⁺ v`` for the Kronecker approximation ``M = G ⊗ C + alpha I`` of ``H``.

        ``G = [1, X]ᵀ S [1, X]`` holds the features' correlations (computed once per fit);
        ``C`` the classes' average curvature at ``w`` (:meth:`class_curvature`).
        """
        if self._gram is None:
            self._gram = np.linalg.eigh(self.weighted_gram())
        return kronecker_preconditioner(self._gram, self.class_curvature(w), self.alpha, self.shape)

    def class_curvature(self, w: np.ndarray) -> np.ndarray:
        """``C = Σ s_i (diag(p_i) - p_i p_iᵀ)`` at ``w``, shape (K, K)."""
        P = self._probabilities(w)
        sP = P * self.s[:, None]
        return np.diag(sP.sum(axis=0)) - P.T @ sP

    def weighted_gram(self) -> np.ndarray:
        """``[1, X]ᵀ diag(s) [1, X]`` (without the ones column when there is no intercept)."""
        A = self.X * np.sqrt(self.s)[:, None]
        G = np.empty((self.shape[0], self.shape[0]))
        G[self.k :, self.k :] = A.T @ A
        if self.k:
            G[0, 0] = self.s.sum()
            G[0, 1:] = G[1:, 0] = self.X.T @ self.s
        return G

    def separates(self, w: np.ndarray) -> bool:
        """Whether every weighted sample scores its own class strictly highest."""
        Z = self.logits(w)
        rows = np.arange(len(self.y))
        own = Z[rows, self.y].copy()
        Z[rows, self.y] = -np.inf
        return bool(np.all((own > Z.max(axis=1))[self.s > 0]))


def kronecker_preconditioner(gram, C: np.ndarray, alpha: float, shape: tuple[int, int]):
    """``v -> M⁺ v`` for ``M = G ⊗ C + alpha I``, given ``eigh(G)`` as ``gram``."""
    lam, U = gram
    sigma, Q = np.linalg.eigh(C)
    scale = np.outer(lam, sigma) + alpha
    # zero on the softmax's flat direction (a shift shared by all classes): stay centered
    keep = (scale > RCOND * scale.max()) & (sigma > RCOND * sigma.max())
    inverse = np.divide(1.0, scale, out=np.zeros_like(scale), where=keep)
    return lambda v: (U @ ((U.T @ v.reshape(shape) @ Q) * inverse) @ Q.T).ravel()


def conjugate_gradient(hessp, b: np.ndarray, tol: float, precondition=None, max_iter: int = 200):
    """Solve ``H x = b`` for a positive semi-definite ``H`` given as ``hessp``, to residual tol.

    ``precondition`` maps a residual ``r`` to ``M⁻¹ r`` for a preconditioner ``M ≈ H``.
    """
    precondition = precondition or (lambda r: r)
    x, r = np.zeros_like(b), b.copy()
    z = precondition(r)
    p, rz = z.copy(), r @ z
    for _ in range(max_iter):
        if np.linalg.norm(r) <= tol:
            break
        Hp = hessp(p)
        curvature = p @ Hp
        if curvature <= 0 or rz <= 0:
            break
        step = rz / curvature
        x += step * p
        r -= step * Hp
        z = precondition(r)
        rz, rz_old = r @ z, rz
        p = z + (rz / rz_old) * p
    return x if x.any() else b
