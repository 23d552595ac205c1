"""Colours and layout shared by every logitnet figure, so that they read as one set."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

# plotly's default qualitative palette: class i is drawn in PALETTE[i % len(PALETTE)].
PALETTE = (
    "#636EFA",
    "#EF553B",
    "#00CC96",
    "#AB63FA",
    "#FFA15A",
    "#19D3F3",
    "#FF6692",
    "#B6E880",
    "#FF97FF",
    "#FECB52",
)
TEMPLATE = "plotly_white"


def class_colour(index: int) -> str:
    """Return the colour of the class at position ``index``."""
    return PALETTE[index % len(PALETTE)]


def diverging_scale(low: str, high: str) -> list[list[Any]]:
    """Return a colour scale from ``low`` at 0 through white at 0.5 to ``high`` at 1."""
    return [[0.0, low], [0.5, "#FFFFFF"], [1.0, high]]


def new_figure() -> go.Figure:
    """Return an empty figure in logitnet's template."""
    return go.Figure(layout={"template": TEMPLATE, "margin": {"t": 40, "r": 20, "b": 50, "l": 60}})
