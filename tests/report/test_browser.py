"""Reports opened in headless Chromium: they load offline, every plot renders, numbers agree.

Needs the Debian ``chromium`` package at /usr/bin/chromium (``.ci/run`` installs it) and the
``playwright`` Python package, which drives that browser: no ``playwright install`` is needed.
"""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from sklearn.datasets import make_blobs, make_circles

from logitnet import LogisticRegression, NeuralNetClassifier, write_report

INSTALL_HINT = (
    "Install it with `apt-get install -y chromium` (Debian, as root; `make browser` does this "
    "where it can)."
)
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]
ALL_PLOTS_DRAWN = """() => [...document.querySelectorAll('.plot .plotly-graph-div')]
    .every(div => div.querySelector('.main-svg') !== null)"""
# Decode a PNG in the page itself and count its colours: [distinct colours, share of the commonest].
COUNT_COLOURS = """async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
        const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        counts.set(key, (counts.get(key) || 0) + 1);
    }
    return [counts.size, Math.max(...counts.values()) / (data.length / 4)];
}"""


def chromium_path() -> str:
    """Return Chromium's path, or fail (under CI) / skip (elsewhere) saying how to install it."""
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found is None:
        message = f"Chromium is not installed, and the browser test needs it. {INSTALL_HINT}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def browser():
    """A headless Debian Chromium driven by Playwright, shared by this module's tests."""
    executable = chromium_path()
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield launched
        launched.close()


def binary_2d_case():
    """The lecture's circles and its small network: two features, two classes."""
    X, y = make_circles(n_samples=120, factor=0.5, noise=0.1, random_state=2020)
    model = NeuralNetClassifier((5,), lr=0.1, batch_size=40, epochs=15, random_state=0)
    return model.fit(X, y), X, y


def multiclass_case():
    """Three named classes in four features, by logitnet's logistic regression."""
    X, y = make_blobs(n_samples=90, centers=3, n_features=4, cluster_std=3.0, random_state=0)
    y = np.array(["grass", "fire", "water"])[y]
    return LogisticRegression().fit(X, y), X, y


def open_report(browser, path: Path):
    """Open ``path`` and return ``(page, problems)``: console errors, page errors, bad requests."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else 0)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed request: {request.url}"))
    page.on(
        "request",
        lambda r: (
            problems.append(f"network request: {r.url}")
            if not r.url.startswith(("file:", "data:", "blob:"))
            else 0
        ),
    )
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function(ALL_PLOTS_DRAWN, timeout=20_000)
    return page, problems


def colour_stats(browser, png: bytes) -> tuple[int, float]:
    """Return the PNG's number of distinct colours and the share of its commonest colour."""
    page = browser.new_page()
    source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    distinct, commonest = page.evaluate(COUNT_COLOURS, source)
    page.close()
    return distinct, commonest


@pytest.mark.browser
@pytest.mark.parametrize(
    ("case", "plots"),
    [
        (
            binary_2d_case,
            [
                "confusion",
                "roc",
                "precision-recall",
                "calibration",
                "threshold",
                "loss",
                "boundary",
            ],
        ),
        (
            multiclass_case,
            ["confusion", "roc", "precision-recall", "calibration", "loss", "probabilities"],
        ),
    ],
    ids=["binary-2d", "multiclass-4-features"],
)
def test_report_renders_offline_with_every_plot_and_the_right_accuracy(
    browser, tmp_path, case, plots
):
    model, X, y = case()
    path = write_report(tmp_path / "report.html", model, X, y)
    page, problems = open_report(browser, path)
    assert problems == []
    drawn = page.eval_on_selector_all(
        ".plot", "divs => divs.map(d => [d.dataset.plot, d.querySelectorAll('.main-svg').length])"
    )
    assert [name for name, _ in drawn] == plots
    assert page.locator("#model-summary").count() == int(hasattr(model, "module_"))
    assert all(count > 0 for _, count in drawn)
    cell = page.locator("#test-accuracy")
    assert float(cell.get_attribute("data-value")) == model.score(X, y)
    assert cell.inner_text() == f"{model.score(X, y):.4f}"
    screenshot = tmp_path / "report.png"
    page.screenshot(path=str(screenshot), full_page=True)
    distinct, commonest = colour_stats(browser, screenshot.read_bytes())
    assert distinct > 200, f"screenshot {screenshot} looks blank: {distinct} colours"
    # A long page of white-backed figures is mostly white; a blank one is all of one colour.
    assert commonest < 0.95, f"screenshot {screenshot} is {commonest:.0%} one colour"
    page.close()


@pytest.mark.parametrize(
    ("ci", "outcome"), [("1", pytest.fail.Exception), (None, pytest.skip.Exception)]
)
def test_missing_chromium_fails_under_ci_and_skips_elsewhere(monkeypatch, ci, outcome):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(Path, "exists", lambda self: False)
    monkeypatch.delenv("CI", raising=False)
    if ci:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match=r"apt-get install -y chromium"):
        chromium_path()
