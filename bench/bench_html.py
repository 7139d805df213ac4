"""graph.html at corpus scale: export time, file size, and time until the page is interactive.

Usage::

    python bench/bench_html.py [--build DIR] [--stories PATH] [--workers 2]
                               [--limit 5000] [--focus NAME] [--screenshot PNG]

Builds the 4,637 stories of the 新闻联播 2025 corpus into ``DIR`` (or reuses a build
already there), writes ``DIR/bench-graph.html`` with :func:`kg.export.html.write_html`,
opens it from disk in headless Chromium (``/usr/bin/chromium``) with every non-file
request aborted, and prints:

* export seconds, file size, nodes and edges embedded and drawn;
* time to interactive: from navigation start until vis-network has drawn the graph
  and the search box, filters and panel are wired (``kgViewer.ready``);
* one redraw (pan/zoom frame) of the whole graph and zoomed in, and the latency of a
  search + select (panel shown), a kind toggle and a date filter.

Exits 1 when the page needs more than ``--max-seconds`` (10) to become interactive,
requested anything from the network, or threw an error.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.export.html import MAX_NODES, write_html
from kg.graph.store import is_build, open_store

DEFAULT_STORIES = Path("/work/shared/data/xinwenlianbo_2025/stories_2025_01-11.jsonl")
DEFAULT_BUILD = Path("/tmp/kg-bench-html")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def ensure_build(build: Path, stories: Path, workers: int) -> None:
    if is_build(build):
        print(f"reusing the build in {build}")
        return
    from kg.pipeline import build as run_build

    print(f"building {stories} into {build} ({workers} workers) …", flush=True)
    report = run_build([stories], build, workers=workers, html=False, progress=True)
    print(f"built {report.articles} articles in {report.seconds:.0f} s")


def measure(page_path: Path, screenshot: Path | None, search: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                   else r.abort())
        page.on("request", lambda r: None if r.url.startswith("file://")
                else requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        started = time.perf_counter()
        page.goto(page_path.resolve().as_uri(), timeout=120_000)
        page.wait_for_function("window.kgViewer && window.kgViewer.ready", timeout=120_000,
                               polling=50)
        wall = time.perf_counter() - started
        out: dict[str, Any] = page.evaluate("""() => ({
            ready: kgViewer.readyAt / 1000,
            loaded: performance.getEntriesByType('navigation')[0].loadEventEnd / 1000,
            nodes: kgViewer.nodes.length, edges: kgViewer.edges.length,
            drawnNodes: kgViewer.drawnNodes(), drawnEdges: kgViewer.drawnEdges(),
            articles: kgViewer.data.articles.length})""")
        out["wall"] = wall
        out["search"] = page.evaluate("""(q) => {
            const t = performance.now();
            const hits = kgViewer.search(q);
            if (hits.length) kgViewer.select(hits[0], {focus: false});
            return [performance.now() - t, hits.length,
                    document.querySelector('#kg-panel h2') ?
                        document.querySelector('#kg-panel h2').textContent : ''];
        }""", search)
        out["frame"] = page.evaluate("""() => {
            const net = kgViewer.network, t = performance.now();
            for (let i = 0; i < 5; i++) net.redraw();
            const whole = (performance.now() - t) / 5;
            const s = net.getScale();
            net.moveTo({scale: s * 4});
            const t2 = performance.now();
            for (let i = 0; i < 5; i++) net.redraw();
            const zoomed = (performance.now() - t2) / 5;
            net.moveTo({scale: s});
            return [whole, zoomed]; }""")
        out["toggle"] = page.evaluate("""() => {
            const t = performance.now();
            kgViewer.setKind('place', false); kgViewer.setKind('place', true);
            return (performance.now() - t) / 2; }""")
        out["dates"] = page.evaluate("""() => {
            const t = performance.now();
            kgViewer.setDates('2025-03-01', '2025-03-31');
            const shown = kgViewer.drawnNodes();
            kgViewer.setDates('', '');
            return [(performance.now() - t) / 2, shown]; }""")
        if screenshot is not None:
            page.evaluate("document.getElementById('kg-panel').hidden = true")
            page.evaluate("kgViewer.network.unselectAll()")
            page.wait_for_timeout(300)
            page.screenshot(path=str(screenshot))
        browser.close()
    out["requests"], out["errors"] = requests, errors
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", type=Path, default=DEFAULT_BUILD)
    ap.add_argument("--stories", type=Path, default=DEFAULT_STORIES)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, default=MAX_NODES)
    ap.add_argument("--focus", default=None)
    ap.add_argument("--search", default="习近平")
    ap.add_argument("--screenshot", type=Path, default=None)
    ap.add_argument("--max-seconds", type=float, default=10.0)
    args = ap.parse_args(argv)

    ensure_build(args.build, args.stories, args.workers)
    page_path = args.build / "bench-graph.html"
    started = time.perf_counter()
    write_html(open_store(args.build), page_path, focus=args.focus, limit=args.limit)
    export_s = time.perf_counter() - started
    size = page_path.stat().st_size
    print(f"export        {export_s:6.1f} s   {size / 1e6:.2f} MB   {page_path}")

    m = measure(page_path, args.screenshot, args.search)
    print(f"nodes         {m['nodes']} embedded, {m['drawnNodes']} drawn   "
          f"edges {m['edges']} embedded, {m['drawnEdges']} drawn   articles {m['articles']}")
    print(f"interactive   {m['ready']:6.2f} s after navigation start "
          f"(load event {m['loaded']:.2f} s; {m['wall']:.2f} s wall in Playwright)")
    print(f"search+select {m['search'][0]:6.0f} ms  ({m['search'][1]} hits, panel: "
          f"{m['search'][2]})")
    print(f"redraw        {m['frame'][0]:6.0f} ms  whole graph, "
          f"{m['frame'][1]:.0f} ms zoomed in 4x")
    print(f"kind toggle   {m['toggle']:6.0f} ms")
    print(f"date filter   {m['dates'][0]:6.0f} ms  (March 2025: {m['dates'][1]} nodes)")
    print(f"network       {len(m['requests'])} requests   page errors {len(m['errors'])}")
    ok = m["ready"] <= args.max_seconds and not m["requests"] and not m["errors"]
    print("OK" if ok else f"FAIL (interactive must be <= {args.max_seconds} s, offline, "
          "without errors)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
