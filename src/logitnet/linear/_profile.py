"""Profile-likelihood confidence intervals of a logistic fit: R's ``confint(glm_fit)``.

For each parameter ``b_j``, the interval holds the values ``b`` at which the signed root of
the deviance increase, ``sign(b - b_j) sqrt(D(b) - D)``, lies within ``± z_{(1+level)/2}``;
``D(b)`` is the deviance with ``b_j`` fixed at ``b`` and every other parameter refitted. R
interpolates a spline through a grid of such fits; here each end is a root found by Brent's
method, so the ends are exact to the solver's tolerance. Where the deviance never rises far
enough, that end does not close: it is ``±inf``, and the note says so. When the classes are
separated, the maximum-likelihood estimate does not exist, and neither does the deviance the
profile is measured from: each separating parameter's interval is open towards its
estimate's sign, and every other end is NaN (not computed).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from logitnet.linear._lrtest import check_unpenalized, constrained_fit

MAX_DOUBLINGS = 20  # the search for a far end doubles its step this many times at most


class _Profile:
    """The signed root deviance of one parameter, refitting the others (warm-started)."""

    def __init__(self, fit: Any, j: int, deviance: float) -> None:
        self.fit, self.j, self.deviance = fit, j, deviance
        self.keep = np.ones(len(fit.w), dtype=bool)
        self.keep[j] = False
        self.column = fit.design()[:, j]
        self.start = fit.w[self.keep]

    def __call__(self, b: float) -> float:
        """``sign(b - b_j) sqrt(D(b) - D)``; NaN where the refit does not converge."""
        value, w = constrained_fit(self.fit, self.keep, b * self.column, self.start)
        if np.isnan(value):
            return np.nan
        self.start = w
        return float(np.sign(b - self.fit.w[self.j]) * np.sqrt(max(value - self.deviance, 0.0)))


def _end(profile: _Profile, target: float, step: float) -> float:
    """The root of ``profile(b) = target`` beyond the estimate in the direction of ``step``;
    ``±inf`` when the deviance never rises that far (or the refits stop converging)."""
    from scipy.optimize import brentq

    inner = profile.fit.w[profile.j]
    for _ in range(MAX_DOUBLINGS):
        outer = inner + step
        value = profile(outer)
        if np.isnan(value):
            break
        if abs(value) >= abs(target):
            return float(
                brentq(lambda b: profile(b) - target, inner, outer, xtol=1e-12, rtol=1e-12)
            )
        inner, step = outer, 2 * step
    return float(np.sign(step) * np.inf)


def profile_intervals(
    fit: Any, std_err: np.ndarray, deviance: float, level: float
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """``(lower, upper, notes)``: the profile-likelihood interval of every parameter.

    A note names each parameter whose interval does not close (an infinite end).
    """
    from scipy.stats import norm

    check_unpenalized(fit, "ci='profile'")
    z = float(norm.ppf(0.5 + level / 2))
    lower, upper = np.empty(len(fit.w)), np.empty(len(fit.w))
    for j in range(len(fit.w)):
        profile = _Profile(fit, j, deviance)
        step = z * std_err[j] if np.isfinite(std_err[j]) and std_err[j] > 0 else 1.0
        lower[j] = _end(profile, -z, -step)
        profile.start = fit.w[profile.keep]
        upper[j] = _end(profile, z, step)
    return lower, upper, _open_notes(fit.names, lower, upper)


def _open_notes(names: list[str], lower: np.ndarray, upper: np.ndarray) -> list[str]:
    """One line per interval that does not close."""
    notes = []
    for name, lo, hi in zip(names, lower, upper, strict=True):
        ends = [side for side, end in (("below", lo), ("above", hi)) if not np.isfinite(end)]
        if ends:
            notes.append(
                f"The profile interval of {name!r} does not close {' or '.join(ends)}: the "
                "likelihood never falls far enough (the classes are separated along it)."
            )
    return notes


def separated_intervals(fit: Any, columns: list[int]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """``(lower, upper, notes)`` when the classes are separated along the parameters
    ``columns``: open (``±inf``) towards each one's estimate, NaN elsewhere."""
    lower, upper = np.full(len(fit.w), np.nan), np.full(len(fit.w), np.nan)
    for j in columns:
        if fit.w[j] > 0:
            upper[j] = np.inf
        else:
            lower[j] = -np.inf
    names = ", ".join(repr(fit.names[j]) for j in columns)
    note = (
        f"The classes are separated along {names}: the maximum-likelihood estimate does not "
        "exist, so the profile intervals do not close (Inf) towards the estimates' signs, and "
        "their other ends are not computed (NaN)."
    )
    return lower, upper, [note]
