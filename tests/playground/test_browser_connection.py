"""The page and its WebSocket: nothing is sent before the server is there, and a lost connection
is said and mended. The socket is routed through Playwright so the test decides when it opens."""

from __future__ import annotations

import pytest

from .test_browser import WAIT_MS, settled, step, wait_drawn

pytestmark = pytest.mark.browser


def disabled(page, test_id: str) -> bool:
    return page.get_by_test_id(test_id).is_disabled()


def wait_routes(page, routes: list, count: int) -> None:
    """Let Playwright dispatch until the page has opened ``count`` sockets."""
    for _ in range(WAIT_MS // 100):
        if len(routes) >= count:
            return
        page.wait_for_timeout(100)
    pytest.fail(f"the page opened {len(routes)} WebSockets, expected {count}")


def test_controls_wait_for_the_socket_and_a_lost_connection_reconnects(browser, server_url):
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    routes: list = []
    page.route_web_socket("**/ws", lambda route: routes.append(route))  # held: not connected yet
    page.goto(server_url + "?dataset=moons&model=logistic&seed=2")
    wait_routes(page, routes, 1)
    assert all(disabled(page, name) for name in ("play", "pause", "step", "reset", "upload"))
    assert page.get_by_test_id("connection").inner_text() == "connecting\u2026"
    page.get_by_test_id("step").click(force=True)  # a click now does nothing, and breaks nothing
    assert page.get_by_test_id("epoch").inner_text() == "0"

    routes[0].connect_to_server()
    wait_drawn(page, 0)
    assert not disabled(page, "play")
    assert page.get_by_test_id("connection").inner_text() == "connected"
    assert step(page, 2) == 2

    routes[0].close()  # the page's side of the socket goes away
    page.wait_for_selector("body[data-state=closed]", timeout=WAIT_MS)
    assert disabled(page, "step")
    assert "connection to the playground server was lost; reconnecting" in (
        page.get_by_test_id("error").inner_text()
    )
    wait_routes(page, routes, 2)  # it tries again by itself
    routes[1].connect_to_server()
    page.wait_for_function(
        "document.getElementById('connection').textContent.startsWith('reconnected')",
        timeout=WAIT_MS,
    )
    page.wait_for_function(  # a fresh session: the run starts again, same settings
        "document.getElementById('boundary').dataset.epoch === '0'", timeout=WAIT_MS
    )
    assert settled(page) == 0
    assert step(page, 1) == 1
    assert page.get_by_test_id("error").inner_text() == ""
    assert "dataset=moons" in page.url
    assert problems == []
    page.close()
