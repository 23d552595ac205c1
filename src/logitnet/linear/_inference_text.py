"""The text of an inference result, laid out as R's ``summary(glm(...))`` prints it."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

STARS = ((0.001, "***"), (0.01, "**"), (0.05, "*"), (0.1, "."))  # p below -> code
CODES = "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1"
TINY_P = 2e-16  # R prints smaller p-values as "< 2e-16"
HEADERS = ("", "Estimate", "Std. Error", "z value", "Pr(>|z|)", "")
COVARIANCE = {
    "classic": "inverse of the observed information",
    "robust": "sandwich (HC0), robust",
}


def stars(p: float) -> str:
    """R's significance code of a p-value: ``***``, ``**``, ``*``, ``.`` or a space."""
    return next((code for bound, code in STARS if p < bound), " ")


def format_p(p: float) -> str:
    """A p-value as R's ``format.pval`` writes it with 3 digits."""
    return f"< {TINY_P:g}" if p < TINY_P else f"{p:.3g}"


def format_column(values: np.ndarray) -> list[str]:
    """Numbers with one number of decimals, 4 significant digits on the largest.

    Very large or very small columns switch to scientific notation, as R does.
    """
    largest = float(np.max(np.abs(values))) if len(values) else 0.0
    if largest == 0:
        return ["0" for _ in values]
    if largest >= 1e5 or largest < 1e-3 or not math.isfinite(largest):
        return [f"{v:.3e}" for v in values]
    decimals = min(max(0, 3 - math.floor(math.log10(largest))), 6)
    return [f"{v:.{decimals}f}" for v in values]


def _rows(table: Any) -> list[tuple[str, ...]]:
    """The header and one row of cells per parameter."""
    cells = zip(
        [str(name) for name in table.index],
        format_column(table["coef"].to_numpy()),
        format_column(table["std_err"].to_numpy()),
        [f"{z:.3f}" for z in table["z"]],
        [format_p(p) for p in table["p_value"]],
        [stars(p) for p in table["p_value"]],
        strict=True,
    )
    return [HEADERS, *cells]


def format_table(table: Any) -> str:
    """The coefficient table: names left-aligned, numbers right-aligned, stars last."""
    rows = _rows(table)
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
    lines = []
    for row in rows:
        name = row[0].ljust(widths[0])
        numbers = [cell.rjust(width) for cell, width in zip(row[1:5], widths[1:5], strict=True)]
        lines.append(" ".join([name, *numbers, row[5].ljust(widths[5])]).rstrip())
    return "\n".join(lines)


def _number(value: float) -> str:
    """A deviance or a count: 5 significant digits, no trailing ``.0`` on whole counts."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else f"{value:.5g}"


def format_deviances(result: Any) -> str:
    """R's two deviance lines, then AIC and BIC."""
    null, resid = f"{result.null_deviance:.5g}", f"{result.deviance:.5g}"
    width = max(len(null), len(resid))
    return (
        f"    Null deviance: {null.rjust(width)}  on {_number(result.df_null)}  "
        "degrees of freedom\n"
        f"Residual deviance: {resid.rjust(width)}  on {_number(result.df_residual)}  "
        "degrees of freedom\n"
        f"AIC: {result.aic:.5g}  BIC: {result.bic:.5g}"
    )


def _notes(result: Any) -> list[str]:
    """The lines under the deviances: observations, penalty, the caller's note."""
    lines = [f"Number of observations: {_number(result.n_obs)}"]
    if result.alpha > 0:
        lines.append(
            f"Penalized fit (alpha={result.alpha:g}): the information includes the penalty's "
            "curvature, so the standard errors are those of the shrunk estimates."
        )
    return lines + ([result.note] if result.note else [])


def format_summary(result: Any) -> str:
    """The whole summary: covariance, table, significance codes, deviances and notes."""
    covariance = COVARIANCE.get(result.cov_type, result.cov_type)
    return "\n".join(
        [
            f"Coefficients (Wald z tests; covariance: {covariance}):",
            format_table(result.table),
            "---",
            CODES,
            "",
            format_deviances(result),
            *_notes(result),
        ]
    )


def _aligned(rows: list[tuple[str, ...]]) -> str:
    """Rows of cells: the first left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        " ".join(
            [
                row[0].ljust(widths[0]),
                *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)),
            ]
        )
        for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines)


def _bound(value: float) -> str:
    """An interval end: 4 significant digits; ``Inf`` for one that does not close, ``NaN``
    for one not computed."""
    if math.isnan(value):
        return "NaN"
    return "Inf" if math.isinf(value) else f"{value:.4g}"


def format_ratios(table: Any, level: float, ci: str, title: str) -> str:
    """Exponentiated estimates with their intervals (odds or relative risk ratios)."""
    percent = f"{100 * level:g}%"
    header = ("", table.columns[0].replace("_", " "), f"{percent} lower", f"{percent} upper")
    cells = [
        (str(name), f"{row.iloc[0]:.4g}", _bound(row["ci_lower"]), _bound(row["ci_upper"]))
        for name, row in table.iterrows()
    ]
    method = "profile likelihood" if ci == "profile" else "Wald"
    return f"{title} (exp of the estimates; {method} intervals):\n" + _aligned([header, *cells])


def _cell(value: float, spec: str) -> str:
    """A number, or blank for a missing one."""
    return "" if value is None or not math.isfinite(value) else format(value, spec)


def format_deviance_table(result: Any) -> str:
    """R's ``drop1(fit, test="LRT")`` layout: Df, Deviance, AIC, LRT, Pr(>Chi) and stars."""
    header = ("", "Df", "Deviance", "AIC", "LRT", "Pr(>Chi)", "")
    cells = [
        (
            str(name),
            _cell(row["df"], ".0f"),
            f"{row['deviance']:.2f}",
            f"{row['aic']:.2f}",
            _cell(row["lrt"], ".4f"),
            "" if not math.isfinite(row["p_value"]) else format_p(row["p_value"]),
            "" if not math.isfinite(row["p_value"]) else stars(row["p_value"]),
        )
        for name, row in result.table.iterrows()
    ]
    return "\n".join([f"{result.title}:", _aligned([header, *cells]), "---", CODES])


def format_multinomial(result: Any) -> str:
    """One coefficient table per class against the reference, then the deviances."""
    covariance = COVARIANCE.get(result.cov_type, result.cov_type)
    parts = [
        f"Multinomial logit against reference class {result.reference!r} "
        f"(Wald z tests; covariance: {covariance}):"
    ]
    for label, table in result.tables.items():
        parts += ["", f"{label} vs {result.reference}:", format_table(table)]
    notes = [result.note] if result.note else []
    return "\n".join(
        [
            *parts,
            "---",
            CODES,
            "",
            format_deviances(result),
            f"Number of observations: {_number(result.n_obs)}",
            *notes,
        ]
    )
