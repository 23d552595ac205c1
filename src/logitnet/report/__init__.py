"""A self-contained HTML report about a fitted classifier (plotly is imported here)."""

from __future__ import annotations

from logitnet.report._writer import write_report

__all__ = ["write_report"]
