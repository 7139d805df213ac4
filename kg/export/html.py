"""``graph.html``: the interactive graph, one self-contained file that works offline.

Drawn with pyvis (vis-network), its script inlined from the installed package; pyvis'
remote bootstrap references are removed so the page requests nothing from the network.
Large builds are cut to the ``MAX_NODES`` most-mentioned entities, laid out beforehand
with networkx so the page does not wait on physics.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.export.views import entity_graph
from kg.registry import registry

__all__ = ["COLORS", "MAX_NODES", "render_html", "write_html"]

MAX_NODES = 1500
COLORS = {
    "person": "#e4572e", "organization": "#2e86ab", "document": "#76b041",
    "initiative": "#f3a712", "place": "#8e6c8a", "event": "#17bebb", "article": "#9e9e9e",
}
SHAPES = {
    "person": "dot", "organization": "square", "document": "triangle", "initiative": "diamond",
    "place": "triangleDown", "event": "star", "article": "box",
}
# Any script or stylesheet the page would fetch (pyvis points at CDNs and node_modules).
_REMOTE = re.compile(r'<(?:link|script)\b[^>]*\b(?:href|src)="[^"]*"[^>]*>(?:\s*</script>)?')


def _top(graph: nx.MultiDiGraph, limit: int) -> nx.MultiDiGraph:
    if graph.number_of_nodes() <= limit:
        return graph
    ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n), -graph.nodes[n]["mentions"], n))
    return graph.subgraph(ranked[:limit]).copy()


def render_html(graph: nx.MultiDiGraph, *, title: str = "kg") -> str:
    """Return a self-contained HTML page drawing ``graph`` (an :func:`entity_graph`)."""
    from pyvis.network import Network

    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line",
                  heading="")
    positions = nx.spring_layout(nx.Graph(graph), seed=7, scale=900) if len(graph) else {}
    for node, data in sorted(graph.nodes(data=True)):
        kind = data["kind"]
        x, y = positions.get(node, (0.0, 0.0))
        net.add_node(node, label=data["label"], title=f"{data['label']} ({kind})",
                     color=COLORS.get(kind, "#999"), shape=SHAPES.get(kind, "dot"),
                     size=10 + min(30, 3 * data.get("mentions", 0)), x=float(x), y=float(y),
                     physics=False)
    for s, o, data in graph.edges(data=True):
        net.add_edge(s, o, label=data.get("label", ""), title=data.get("kind", ""),
                     arrows="to")
    net.toggle_physics(False)
    page = net.generate_html(notebook=False)
    page = _REMOTE.sub("", page)
    return page.replace("<title>", f"<title>{html.escape(title)}", 1) \
        if "<title>" in page else page


@registry.exporter("html", suffix=".html", media_type="text/html")
def write_html(store: ox.Store, out: Path) -> None:
    """Write the interactive graph of a build."""
    graph = _top(entity_graph(store), MAX_NODES)
    Path(out).write_text(render_html(graph), encoding="utf-8")
