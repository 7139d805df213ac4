"""Headless Chromium (Debian's /usr/bin/chromium) for the graph.html tests.

Pages are opened from file:// with every other request aborted and recorded, so a
test sees at once whether the page tried to reach the network.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

READY = "window.kgViewer && window.kgViewer.ready"


@dataclass
class Opened:
    """A page with what it did while loading and afterwards."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    seconds: float = 0.0


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[[Path], Opened]]:
    """Open a graph.html from disk, network blocked, and wait until it is interactive."""
    contexts: list[Any] = []

    def opener(path: Path, *, width: int = 1400, height: int = 900) -> Opened:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)

        def route(r: Any) -> None:
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                r.abort()  # recorded by the request handler below

        def dialog(d: Any) -> None:
            opened.dialogs.append(d.message)
            d.dismiss()

        page.route("**/*", route)
        page.on("request", lambda req: None if req.url.startswith("file://")
                else opened.requests.append(req.url))
        page.on("pageerror", lambda exc: opened.errors.append(str(exc)))
        page.on("dialog", dialog)
        page.on("console", lambda msg: opened.violations.append(msg.text)
                if "Content Security Policy" in msg.text else None)
        page.goto(path.resolve().as_uri())
        page.wait_for_function(READY, timeout=60_000)
        opened.seconds = page.evaluate("kgViewer.readyAt") / 1000
        return opened

    yield opener
    for context in contexts:
        context.close()


def node_index(page: Any, label: str) -> int:
    index = page.evaluate(f"kgViewer.data.nodes.findIndex(n => n.l === {json.dumps(label)})")
    assert index >= 0, f"{label} is not drawn"
    return int(index)


def click_node(page: Any, index: int) -> None:
    """Centre node ``index`` and click it with the mouse."""
    point = page.evaluate("""(i) => {
        const net = kgViewer.network;
        net.moveTo({position: net.getPosition(i), scale: 1.5});
        return net.canvasToDOM(net.getPosition(i));
    }""", index)
    box = page.locator("#kg-graph").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
