"""The HTML around a report: one page with its own CSS and plotly.js inlined once.

Every piece of user text goes through :func:`html.escape` here; nothing is fetched from the
network when the page opens.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

PLOT_HEIGHT = "440px"
PLOT_CONFIG = {"displaylogo": False, "responsive": True}

CSS = """
:root { --ink: #1f2430; --muted: #5b6270; --line: #d9dce3; --panel: #f6f7f9; --accent: #3b5bdb; }
* { box-sizing: border-box; }
body {
  margin: 0; color: var(--ink); background: #fff; line-height: 1.5; font-size: 15px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
header, main, nav { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 28px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 0 0 12px; padding-bottom: 4px;
     border-bottom: 2px solid var(--line); }
.subtitle { color: var(--muted); margin: 0 0 12px; }
nav { display: flex; flex-wrap: wrap; gap: 6px 16px; padding-bottom: 12px;
      border-bottom: 1px solid var(--line); }
nav a { color: var(--accent); text-decoration: none; font-size: 0.93rem; }
nav a:hover { text-decoration: underline; }
section { margin: 28px 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 4px 0 12px; font-size: 0.93rem; }
th, td { border: 1px solid var(--line); padding: 5px 10px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
              font-size: 0.88rem; }
.note { color: var(--muted); font-size: 0.9rem; }
.plot { width: 100%; border: 1px solid var(--line); border-radius: 6px; padding: 6px; }
footer { max-width: 1100px; margin: 40px auto 24px; padding: 0 24px; color: var(--muted);
         font-size: 0.85rem; }
@media print {
  @page { margin: 14mm; }
  body { font-size: 10.5pt; }
  nav { display: none; }
  header, main, footer { max-width: none; padding: 0; }
  section { margin: 16px 0; break-inside: avoid; page-break-inside: avoid; }
  .plot { border: none; padding: 0; break-inside: avoid; }
  th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _attributes(attributes: dict[str, Any]) -> str:
    """Return escaped HTML attributes: ``data_value`` is ``data-value``, ``class_`` ``class``."""
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{html.escape(str(value))}"'
        for name, value in attributes.items()
    )


def td(text: Any, *, numeric: bool = False, **attributes: Any) -> str:
    """Return one escaped table cell; keyword arguments become its attributes."""
    attrs = _attributes(attributes)
    css = ' class="num"' if numeric else ""
    return f"<td{css}{attrs}>{html.escape(str(text))}</td>"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], **attributes: Any) -> str:
    """Return a table: escaped ``headers``, and rows of cells made by :func:`td`."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(row) + "</tr>" for row in rows)
    attrs = _attributes(attributes)
    return (
        f'<div class="table-wrap"><table{attrs}><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def paragraph(text: str, *, css: str = "note") -> str:
    """Return an escaped paragraph."""
    return f'<p class="{css}">{html.escape(text)}</p>'


def figure(fig: go.Figure, name: str) -> str:
    """Return ``fig`` as a div that plotly draws into; plotly.js itself is in the page head."""
    div = fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=f"plot-{name}",
        default_height=PLOT_HEIGHT,
        default_width="100%",
        config=PLOT_CONFIG,
    )
    return f'<div class="plot" data-plot="{html.escape(name)}">{div}</div>'


def section(anchor: str, title: str, body: str) -> str:
    """Return a titled section that the navigation links to by ``anchor``."""
    return f'<section id="{anchor}"><h2>{html.escape(title)}</h2>{body}</section>'


def page(title: str, subtitle: str, sections: Sequence[tuple[str, str, str]], footer: str) -> str:
    """Return the whole document: head (CSS, plotly.js), title, navigation and sections."""
    nav = "".join(f'<a href="#{a}">{html.escape(t)}</a>' for a, t, _ in sections)
    body = "".join(section(a, t, b) for a, t, b in sections)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n"
        f'<script type="text/javascript">{get_plotlyjs()}</script>\n</head>\n<body>\n'
        f'<header><h1>{html.escape(title)}</h1><p class="subtitle">{html.escape(subtitle)}</p>'
        f"</header>\n<nav>{nav}</nav>\n<main>{body}</main>\n"
        f"<footer>{html.escape(footer)}</footer>\n</body>\n</html>\n"
    )
