r"""``graph.html``: the interactive graph, one self-contained page that works offline.

The page is vis-network (the copy bundled with the installed pyvis, inlined) inside a
template of our own (``kg/export/viewer/``: ``viewer.html``, ``viewer.css``,
``viewer.js``, ``kinds.json``). pyvis' own template is not used: even with
``cdn_resources="in_line"`` it links bootstrap and tom-select on CDNs. The page
requests nothing: scripts, styles and data are inline, and a Content-Security-Policy
(``default-src 'none'``, scripts allowed only by their SHA-256) enforces it.

What the page shows:

* entities coloured and shaped by kind (person, organization, initiative, document,
  place, event) and articles, sized by mentions and degree (a bare name the derived
  people graph links ``owl:sameAs`` to one regional sense is drawn as that one node,
  with both IRIs' mentions and evidence); posts (person → organization,
  labelled with the title), stated relations, and article → entity mentions;
* a search box (name or alias), kind toggles, a date range (when articles are dated),
  the neighbourhood of the selected node, and a side panel with names, aliases, kind,
  posts, connections and the evidence: each annotation's quote in a window of its
  ``schema:articleBody`` (from the ``oa:TextPositionSelector`` offsets), with the
  article's headline and date.

Data reach the page as JSON inside ``<script type="application/json">`` with ``<``,
``>`` and ``&`` escaped (``\u003c`` …), and are written into the page only through
``textContent``; a headline ``<script>alert(1)</script>`` stays text.

Scale (``../shared/MEASURED.md``): physics would take minutes past 2,000 nodes, so
positions are computed here (a force layout in numpy, :func:`_layout`) and physics stays
off. At most ``limit`` nodes (:data:`MAX_NODES`) are drawn. When everything fits, the
articles are drawn as nodes with their mention edges; past the limit the articles are
left out, the ``limit`` most-mentioned entities are kept, and each keeps
``co-mention`` edges to the entities it shares most articles with (cosine of their
article sets), which also drive the layout. ``focus=NAME`` draws the neighbourhood of
one entity instead (within ``radius`` hops, articles counting as hops).

Example:
    >>> from kg.graph.store import open_store  # doctest: +SKIP
    >>> write_html(open_store("build"), "ego.html", focus="邢国显")  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import pyoxigraph as ox

from kg import identity
from kg.errors import ExportError
from kg.export.summary import Summary
from kg.export.views import entity_graph
from kg.registry import registry

__all__ = [
    "COLORS",
    "MAX_NODES",
    "SHAPES",
    "render_html",
    "viewer_data",
    "write_html",
]

MAX_NODES = 5000
"""Most nodes drawn; past it the most-mentioned entities are kept (see module doc)."""
RADIUS = 2
"""Hops around the focus entity (entity → article → co-mentioned entity is 2 hops)."""
EVIDENCE = 6
"""Evidence passages embedded per node or post (more distinct articles first)."""
FOCUS_EVIDENCE = 60
"""Evidence passages embedded for the focus entity itself."""
WINDOW = 80
"""Characters of context on each side of a quote, cut at the sentence ends within."""
COMENTION = 3
"""Co-mention edges kept per entity when articles are not drawn."""
VIS_JS = "templates/lib/vis-9.1.2/vis-network.min.js"
"""vis-network inside the installed pyvis package."""

_SPACING = 80.0  # pixels per unit of layout distance
_WARM_ITERATIONS = 12  # a layout continued from the last page's (see _force)
_SETTLED = 0.9  # share of nodes placed before above which only new nodes move (_force)
_GRAVITY = 0.05  # a weak pull to the centre of a component (linear)
_STOPS = "。！？!?；;\n"
_HAS_BODY = ox.NamedNode("http://www.w3.org/ns/oa#hasBody")
_BODY = ox.NamedNode("https://schema.org/articleBody")
_ANNOTATION = re.compile(r"(.+)/ann/(\d+)-(\d+)-[0-9a-f]+")
_Floats = npt.NDArray[np.float64]
_Ints = npt.NDArray[np.intp]

_PREFIXES = """
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
_ARTICLES = _PREFIXES + """
SELECT ?a ?headline ?date ?url WHERE {
  ?a a schema:NewsArticle .
  OPTIONAL { ?a schema:headline ?headline }
  OPTIONAL { ?a schema:datePublished ?date }
  OPTIONAL { ?a schema:url ?url }
}
"""
_POSTS = _PREFIXES + """
SELECT ?m ?p ?title ?o ?a WHERE {
  ?m a org:Membership ; org:member ?p ; org:role/skos:prefLabel ?title .
  OPTIONAL { ?m prov:wasDerivedFrom ?a }
  OPTIONAL { ?m org:organization ?o }
}
"""
_EVIDENCE = _PREFIXES + """
SELECT ?body ?source ?start ?end ?exact WHERE {
  VALUES ?ann { %s }
  ?ann oa:hasBody ?body ; oa:hasTarget ?target .
  ?target oa:hasSource ?source ; oa:hasSelector ?position .
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?target oa:hasSelector ?quote . ?quote a oa:TextQuoteSelector ; oa:exact ?exact }
}
"""


def _viewer_file(name: str) -> str:
    return (resources.files("kg.export") / "viewer" / name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _style() -> dict[str, Any]:
    style: dict[str, Any] = json.loads(_viewer_file("kinds.json"))
    return style


COLORS: dict[str, str] = {k: v["color"] for k, v in _style()["kinds"].items()}
"""Colour of each node kind (from ``viewer/kinds.json``)."""
SHAPES: dict[str, str] = {k: v["shape"] for k, v in _style()["kinds"].items()}
"""vis-network shape of each node kind (from ``viewer/kinds.json``)."""


# ---- reading the store ---------------------------------------------------------------

def _rows(store: ox.Store, query: str) -> Iterable[dict[str, str | None]]:
    result = store.query(query, use_default_graph_as_union=False)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    for row in result:
        yield {n: (term.value if (term := row[n]) is not None else None) for n in names}


@dataclass
class _Post:
    person: str
    title: str
    org: str | None
    articles: set[str] = field(default_factory=set)


@dataclass
class _Quote:
    source: str
    start: int
    end: int
    exact: str


def _posts(store: ox.Store) -> dict[str, _Post]:
    posts: dict[str, _Post] = {}
    for row in _rows(store, _POSTS):
        m, p, title = row["m"], row["p"], row["title"]
        if m is None or p is None or title is None:
            continue
        post = posts.setdefault(m, _Post(p, title, row["o"]))
        if row["a"]:
            post.articles.add(row["a"])
    return posts


def _quotes(store: ox.Store, bodies: set[str]) -> dict[str, list[_Quote]]:
    """The annotations of ``bodies``: article and offsets of each.

    An annotation's IRI, minted by :func:`kg.identity.annotation`, names its article
    and offsets; those that re-mint to the same IRI are read from the ``oa:hasBody``
    index, one lookup per body (the bodies drawn, not every annotation of the build:
    58 k annotations: 0.3 s instead of 2 s for a scan, 12 s for the join on disk). Any
    other annotation is read through its target and selectors.
    """
    quotes: dict[str, list[_Quote]] = defaultdict(list)
    other: list[str] = []
    default = ox.DefaultGraph()
    for body in sorted(bodies):
        for quad in store.quads_for_pattern(None, _HAS_BODY, ox.NamedNode(body), default):
            subject = quad.subject
            if not isinstance(subject, ox.NamedNode):
                continue
            ann = subject.value
            m = _ANNOTATION.fullmatch(ann)
            if m and identity.annotation(m[1], int(m[2]), int(m[3]), body) == ann:
                quotes[body].append(_Quote(m[1], int(m[2]), int(m[3]), ""))
            else:
                other.append(ann)
    for i in range(0, len(other), 500):
        values = " ".join(f"<{a}>" for a in other[i:i + 500])
        for row in _rows(store, _EVIDENCE % values):
            target, source, start, end = row["body"], row["source"], row["start"], row["end"]
            if target in bodies and source and start is not None and end is not None:
                quotes[target].append(_Quote(source, int(start), int(end), row["exact"] or ""))
    return quotes


def _bodies(store: ox.Store, articles: set[str]) -> dict[str, str]:
    """The ``schema:articleBody`` of each article (one index look-up each, no query)."""
    out: dict[str, str] = {}
    for a in sorted(articles):
        for quad in store.quads_for_pattern(ox.NamedNode(a), _BODY, None, ox.DefaultGraph()):
            if isinstance(quad.object, ox.Literal):
                out[a] = quad.object.value
    return out


def _snippet(text: str, start: int, end: int, exact: str) -> tuple[str, str, str]:
    """Return (before, quote, after): the quote in its sentence, at most WINDOW around."""
    if not (0 <= start < end <= len(text)) or (exact and text[start:end] != exact):
        return "", exact, ""
    lo = max(0, start - WINDOW)
    head = text[lo:start]
    cut = max(head.rfind(c) for c in _STOPS)
    before = head[cut + 1:] if cut >= 0 else ("…" if lo else "") + head
    hi = min(len(text), end + WINDOW)
    tail = text[end:hi]
    stops = [i for i in (tail.find(c) for c in _STOPS) if i >= 0]
    after = tail[:min(stops) + 1] if stops else tail + ("…" if hi < len(text) else "")
    return before.lstrip(), text[start:end], after.rstrip()


# ---- choosing what to draw ----------------------------------------------------------

def _find(graph: nx.MultiDiGraph, name: str) -> list[str]:
    wanted = name.strip().casefold()
    hits = [n for n, d in graph.nodes(data=True) if d["kind"] != "article" and (
        d["label"].casefold() == wanted or any(a.casefold() == wanted for a in d["aliases"]))]
    if hits:
        return sorted(hits)
    near = sorted((n for n, d in graph.nodes(data=True) if d["kind"] != "article" and (
        wanted in d["label"].casefold() or any(wanted in a.casefold() for a in d["aliases"]))),
        key=lambda n: (-graph.nodes[n]["mentions"], graph.nodes[n]["label"]))
    labels = [graph.nodes[n]["label"] for n in near[:5]]
    raise ExportError(f"no entity named {name!r} in this build",
                      hint=f"did you mean {', '.join(labels)}?" if labels
                      else "`kg query DIR` lists names; aliases match too")


def _scores(graph: nx.MultiDiGraph) -> Counter[str]:
    """Each node's articles mentioning it plus its edges other than mentions (in and out)."""
    scores: Counter[str] = Counter()
    for s, o, kind in graph.edges(data="kind"):
        if kind != "mentions":
            scores[s] += 1
            scores[o] += 1
    for node, mentions in graph.nodes(data="mentions"):
        scores[node] += int(mentions or 0)
    return scores


def _ring(graph: nx.MultiDiGraph, centres: list[str], radius: int) -> dict[str, int]:
    """Hops from ``centres`` within ``radius``, without articles on the outer ring.

    An article reached on the last hop would be drawn without the entities it mentions.
    """
    hops: dict[str, int] = nx.multi_source_dijkstra_path_length(
        graph.to_undirected(as_view=True), centres, cutoff=radius)
    return {n: h for n, h in hops.items()
            if h < radius or graph.nodes[n]["kind"] != "article"}


def _choose(graph: nx.MultiDiGraph, centres: list[str], radius: int,
            limit: int) -> tuple[list[str], bool]:
    """Return the nodes to draw (best first) and whether articles are among them."""
    hops = _ring(graph, centres, radius) if centres else dict.fromkeys(graph.nodes, 0)
    if len(hops) <= limit:
        return sorted(hops, key=lambda n: (hops[n], n)), True
    entities = [n for n in hops if graph.nodes[n]["kind"] != "article"]
    scores = _scores(graph)
    entities.sort(key=lambda n: (hops[n], -scores[n], graph.nodes[n]["label"], n))
    return entities[:max(limit, len(centres))], False


def _edges_among(graph: nx.MultiDiGraph, keep: Iterable[str]) -> Iterator[tuple[str, str, str]]:
    """``(source, target, kind)`` of the edges between ``keep`` nodes.

    In the graph's own order of nodes and edges: a subgraph view (``graph.subgraph``)
    filters every adjacency in Python, and iterates a small node set in set order,
    which the hash seed chooses; the drawn edges must come in the same order in every
    process for a kept layout to be reused.
    """
    kept = set(keep)
    succ = graph.succ
    for s in graph:
        if s not in kept:
            continue
        for o, edges in succ[s].items():
            if o in kept:
                for data in edges.values():
                    yield s, o, data.get("kind")


def _comentions(graph: nx.MultiDiGraph, keep: list[str]) -> list[tuple[str, str, float]]:
    """Top :data:`COMENTION` partners of each kept entity by cosine of article sets.

    Partners of equal cosine are taken in the order of their IRIs. The co-mention counts
    are one sparse product (articles × entities), not a loop over pairs.
    """
    from scipy.sparse import coo_matrix  # type: ignore[import-untyped, unused-ignore]

    kept = sorted(set(keep))
    column = {e: i for i, e in enumerate(kept)}
    articles: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for a, e, kind in graph.edges(data="kind"):
        if kind == "mentions" and e in column:
            rows.append(articles.setdefault(a, len(articles)))
            cols.append(column[e])
    chosen: dict[tuple[str, str], float] = {}
    if rows:
        incidence = coo_matrix((np.ones(len(rows)), (rows, cols)),
                               shape=(len(articles), len(kept))).tocsr()
        incidence.data[:] = 1.0  # an article mentions an entity once
        size = np.asarray(incidence.sum(0)).ravel()
        pairs = (incidence.T @ incidence).tocoo()
        off = pairs.row != pairs.col
        x, y, n = pairs.row[off], pairs.col[off], pairs.data[off]
        cosine = n / np.sqrt(size[x] * size[y])
        order = np.lexsort((y, -cosine, x))
        xs = x[order]
        starts = np.r_[0, np.flatnonzero(np.diff(xs)) + 1]
        rank = np.arange(len(xs)) - np.repeat(starts, np.diff(np.r_[starts, len(xs)]))
        top = order[rank < COMENTION]
        for i, j, c in zip(x[top].tolist(), y[top].tolist(), cosine[top].tolist(),
                           strict=True):
            a, b = kept[i], kept[j]
            chosen[(min(a, b), max(a, b))] = c
    linked = {(min(s, o), max(s, o)) for s, o, _ in _edges_among(graph, keep)}
    return sorted((x, y, c) for (x, y), c in chosen.items() if (x, y) not in linked)


# ---- layout -------------------------------------------------------------------------

def _pairwise(pos: _Floats, centre: _Floats, mass: _Floats, soft: float) -> _Floats:
    """Sum over ``centre`` of ``mass * (pos - centre) / (|pos - centre|² + soft)``."""
    p, c = pos.astype(np.float32), centre.astype(np.float32)
    dx = p[:, 0, None] - c[None, :, 0]
    dy = p[:, 1, None] - c[None, :, 1]
    weight = mass.astype(np.float32)[None, :] / (dx * dx + dy * dy + np.float32(soft))
    out: _Floats = np.stack([(dx * weight).sum(1), (dy * weight).sum(1)], 1).astype(np.float64)
    return out


def _repulsion(pos: _Floats) -> _Floats:
    """Fruchterman–Reingold repulsion (ideal distance 1), exact or grid-approximated."""
    n = len(pos)
    if n <= 800:
        return _pairwise(pos, pos, np.ones(n), 1e-4)
    # Far field: the cells of a grid push each other from their centres of mass
    # (softened), and each node takes the push on its cell; near field: exact between
    # nodes closer than a cell.
    from scipy.spatial import cKDTree  # type: ignore[import-untyped, unused-ignore]

    grid = 32
    lo, hi = pos.min(0), pos.max(0)
    cell = float(max((hi - lo).max(), 1.0)) / grid
    index = np.minimum(((pos - lo) / cell).astype(np.intp), grid - 1)
    ids = index[:, 0] * grid + index[:, 1]
    mass = np.bincount(ids, minlength=grid * grid).astype(np.float64)
    full = mass > 0
    centre = np.stack([np.bincount(ids, pos[:, 0], grid * grid)[full],
                       np.bincount(ids, pos[:, 1], grid * grid)[full]], 1) / mass[full, None]
    field = _pairwise(centre, centre, mass[full], (cell / 2) ** 2)
    force: _Floats = field[(np.cumsum(full) - 1)[ids]]
    pairs = cKDTree(pos).query_pairs(cell, output_type="ndarray")
    if len(pairs):
        i, j = pairs[:, 0], pairs[:, 1]
        near = pos[i] - pos[j]
        near /= np.maximum((near ** 2).sum(1), 1e-4)[:, None]
        for axis in (0, 1):
            force[:, axis] += np.bincount(i, near[:, axis], n) - np.bincount(j, near[:, axis], n)
    return force


def _force(n: int, src: _Ints, dst: _Ints, weight: _Floats, rng: np.random.Generator,
           start: _Floats | None = None) -> _Floats:
    """Fruchterman–Reingold positions of one connected component (cooled, vectorised).

    With ``start`` (positions of an earlier layout, NaN where a node is new) the layout
    continues from there: new nodes start beside their placed neighbours, and a short,
    cool run settles them (:data:`_WARM_ITERATIONS`). When nearly all nodes were placed
    before (:data:`_SETTLED`, as after adding a few articles) those stay exactly where
    they were and only the new ones move: the run then costs new nodes × nodes, not
    nodes².
    """
    side = math.sqrt(n)
    pos: _Floats = rng.uniform(-side / 2, side / 2, (n, 2))
    iterations = 200 if n <= 800 else 100
    heat = side / 5
    settled = None
    if start is not None:
        known = ~np.isnan(start[:, 0])
        if known.mean() >= _SETTLED:
            settled = known.copy()
        pos[known] = start[known] - start[known].mean(0)
        for _ in range(3):  # new nodes: at the mean of their placed neighbours
            placed = known.copy()
            total = np.zeros((n, 2))
            count = np.zeros(n)
            for a, b in ((src, dst), (dst, src)):
                ok = placed[b] & ~placed[a]
                np.add.at(total, a[ok], pos[b[ok]])
                np.add.at(count, a[ok], 1)
            fill = count > 0
            pos[fill] = total[fill] / count[fill, None] + rng.uniform(-0.5, 0.5, (fill.sum(), 2))
            known |= fill
        iterations, heat = _WARM_ITERATIONS, side / 40
    if settled is not None:
        return _settle(pos, settled, src, dst, weight, iterations, heat)
    for step in range(iterations):
        disp = _repulsion(pos)
        delta = pos[dst] - pos[src]
        pull = delta * (weight * np.sqrt((delta ** 2).sum(1)))[:, None]
        for axis in (0, 1):
            disp[:, axis] += np.bincount(src, pull[:, axis], n)
            disp[:, axis] -= np.bincount(dst, pull[:, axis], n)
        disp -= _GRAVITY * pos
        length = np.maximum(np.sqrt((disp ** 2).sum(1)), 1e-9)
        temperature = heat * (1 - step / iterations) + 0.01
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
    centred: _Floats = pos - (pos.min(0) + pos.max(0)) / 2
    return centred


def _settle(pos: _Floats, fixed: npt.NDArray[np.bool_], src: _Ints, dst: _Ints,
            weight: _Floats, iterations: int, heat: float) -> _Floats:
    """Move only the nodes not ``fixed`` (the forces of :func:`_force`); centre the result."""
    n = len(pos)
    moving = np.flatnonzero(~fixed)
    if len(moving):
        touching = ~fixed[src] | ~fixed[dst]
        s, d, w = src[touching], dst[touching], weight[touching]
        ones = np.ones(n)
        for step in range(iterations):
            disp = np.zeros((n, 2))
            disp[moving] = _pairwise(pos[moving], pos, ones, 1e-4)
            delta = pos[d] - pos[s]
            pull = delta * (w * np.sqrt((delta ** 2).sum(1)))[:, None]
            for axis in (0, 1):
                disp[:, axis] += np.bincount(s, pull[:, axis], n)
                disp[:, axis] -= np.bincount(d, pull[:, axis], n)
            disp = disp[moving] - _GRAVITY * pos[moving]
            length = np.maximum(np.sqrt((disp ** 2).sum(1)), 1e-9)
            temperature = heat * (1 - step / iterations) + 0.01
            pos[moving] += disp * (np.minimum(length, temperature) / length)[:, None]
    centred: _Floats = pos - (pos.min(0) + pos.max(0)) / 2
    return centred


def _layout(n: int, src: _Ints, dst: _Ints, weight: _Floats, *, seed: int = 7,
            start: _Floats | None = None) -> _Floats:
    """Positions for ``n`` nodes joined by weighted edges ``src → dst``, in layout units.

    Each connected component gets a force layout of its own (:func:`_force`);
    components are then packed in rows, largest first, so that small islands and lone
    nodes sit beside the main component instead of being flung to the edges.
    networkx's ``spring_layout`` loops in Python past 500 nodes (minutes at 5,000);
    this takes seconds there.
    """
    from scipy.sparse import coo_matrix  # type: ignore[import-untyped, unused-ignore]
    from scipy.sparse.csgraph import (  # type: ignore[import-untyped, unused-ignore]
        connected_components,
    )

    rng = np.random.default_rng(seed)
    pos: _Floats = np.zeros((n, 2))
    if n == 0:
        return pos
    ones = np.ones(len(src))
    _, label = connected_components(coo_matrix((ones, (src, dst)), shape=(n, n)), directed=False)
    members = sorted((np.flatnonzero(label == c) for c in range(label.max() + 1)),
                     key=lambda m: (-len(m), int(m[0])))
    local = np.full(n, -1, dtype=np.intp)
    boxes: list[tuple[_Ints, _Floats]] = []
    for nodes in members:
        if len(nodes) == 1:
            boxes.append((nodes, np.zeros((1, 2))))
            continue
        local[nodes] = np.arange(len(nodes))
        mask = label[src] == label[nodes[0]]
        warm = None
        if start is not None and np.mean(~np.isnan(start[nodes, 0])) >= 0.5:
            warm = start[nodes]
        boxes.append((nodes, _force(len(nodes), local[src[mask]], local[dst[mask]],
                                    weight[mask], rng, warm)))
    width = max(float(np.ptp(boxes[0][1][:, 0])) + 2, math.sqrt(n) * 1.5)
    x = y = row = 0.0
    for nodes, xy in boxes:
        w, h = np.ptp(xy, axis=0) + 1.5
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        pos[nodes] = xy - xy.min(0) + (x, y)
        x, row = x + w, max(row, h)
    centred: _Floats = pos - (pos.min(0) + pos.max(0)) / 2
    return centred


def _positions(keep: list[str], edges: list[dict[str, Any]], weights: list[float],
               spacing: float, summary: Summary | None) -> _Floats:
    """The layout of the drawn nodes, in pixels; continued from ``summary``'s when given.

    When the nodes and edges drawn are those of the summary's last page, its positions
    are used as they are; otherwise the layout starts from them (:func:`_force`). The
    summary keeps the new layout for the next page.
    """
    src = np.array([e["f"] for e in edges], dtype=np.intp)
    dst = np.array([e["t"] for e in edges], dtype=np.intp)
    drawn = tuple((keep[e["f"]], keep[e["t"]], w) for e, w in zip(edges, weights, strict=True))
    if summary is None:
        positions: _Floats = _layout(len(keep), src, dst, np.array(weights)) * spacing
        return positions
    old = summary.layout
    if drawn == summary.edges and len(old) == len(keep) and all(n in old for n in keep):
        return np.array([old[n] for n in keep], dtype=np.float64).reshape(len(keep), 2)
    start = None
    if old:
        start = np.array([old.get(n, (math.nan, math.nan)) for n in keep],
                         dtype=np.float64).reshape(len(keep), 2) / spacing
    positions = _layout(len(keep), src, dst, np.array(weights), start=start) * spacing
    summary.keep_layout({n: (float(x), float(y)) for n, (x, y) in zip(keep, positions,
                                                                        strict=True)}, drawn)
    return positions


# ---- the page's data ----------------------------------------------------------------

_PEOPLE_GRAPH = identity.derived_graph("people")
_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
_SAME_AS_LINE = re.compile(r"^<([^>]*)> <" + re.escape(_SAME_AS) + r"> <([^>]*)> \.$")


def _same_as(store: ox.Store, summary: Summary | None) -> dict[str, str]:
    """Name-only person IRI → the one regional sense the people graph links it to.

    Read from the summary's copy of the derived people graph (:mod:`kg.analysis`) when
    there is one, else from the store.
    """
    out: dict[str, str] = {}
    if summary is not None:
        for line in summary.derived.get(_PEOPLE_GRAPH, "").splitlines():
            match = _SAME_AS_LINE.match(line)
            if match:
                out[match.group(1)] = match.group(2)
        return out
    for quad in store.quads_for_pattern(None, ox.NamedNode(_SAME_AS), None,
                                        ox.NamedNode(_PEOPLE_GRAPH)):
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
            out[quad.subject.value] = quad.object.value
    return out


def _merge_senses(graph: nx.MultiDiGraph, same: Mapping[str, str]) -> dict[str, str]:
    """Draw a name-only person and the sense it is ``owl:sameAs`` as one node.

    The name-only node's edges, mentions and aliases move to the sense's node, which
    the page then shows once (陈吉宁 and 陈吉宁 of 上海市 are one person by the people
    graph). Returns what was merged: name-only IRI → sense IRI.
    """
    merged: dict[str, str] = {}
    for name, sense in sorted(same.items()):
        if name not in graph or sense not in graph or name == sense:
            continue
        data, into = graph.nodes[name], graph.nodes[sense]
        into["aliases"] = sorted(set(into["aliases"]) | set(data["aliases"]))
        for title in data.get("titles", []):
            into.setdefault("titles", []).append(title)
        for source, _, key, attrs in list(graph.in_edges(name, keys=True, data=True)):
            if source != sense and not graph.has_edge(source, sense, key):
                graph.add_edge(source, sense, key=key, **attrs)
        for _, target, key, attrs in list(graph.out_edges(name, keys=True, data=True)):
            if target != sense and not graph.has_edge(sense, target, key):
                graph.add_edge(sense, target, key=key, **attrs)
        graph.remove_node(name)
        articles = {a for a, _, kind in graph.in_edges(sense, data="kind") if kind == "mentions"}
        into["mentions"] = len(articles) if articles else into["mentions"] + data["mentions"]
        merged[name] = sense
    return merged


def _pick(quotes: list[_Quote], order: Mapping[str, int], limit: int) -> list[_Quote]:
    """The ``limit`` passages to show: one per article first, oldest article first."""
    ranked = sorted(quotes, key=lambda q: (order.get(q.source, -1), q.start, q.end))
    firsts: list[_Quote] = []
    rest: list[_Quote] = []
    seen: set[str] = set()
    for q in ranked:
        (rest if q.source in seen else firsts).append(q)
        seen.add(q.source)
    picked = (firsts + rest)[:limit]
    picked.sort(key=lambda q: (order.get(q.source, -1), q.start))
    return picked


def _held(graph: nx.MultiDiGraph, posts: Mapping[str, _Post], index: Mapping[str, int],
          ) -> tuple[dict[str, list[list[Any]]], dict[str, set[str]]]:
    """Return the posts of each person and organization, drawn or not.

    Also returns, by person, the titles held without a known organization.
    """
    held: dict[str, list[list[Any]]] = defaultdict(list)
    loose: dict[str, set[str]] = defaultdict(set)
    for post in sorted(posts.values(), key=lambda p: (p.title, p.person, p.org or "")):
        if post.org is None:
            loose[post.person].add(post.title)
            continue
        org_label = graph.nodes[post.org]["label"] if post.org in graph else ""
        person_label = graph.nodes[post.person]["label"] if post.person in graph else ""
        held[post.person].append([post.title, org_label, index.get(post.org, -1)])
        held[post.org].append([post.title, person_label, index.get(post.person, -1)])
    return held, loose


def viewer_data(store: ox.Store, *, focus: str | None = None, radius: int = RADIUS,
                limit: int = MAX_NODES, summary: Summary | None = None) -> dict[str, Any]:
    """Return what ``graph.html`` embeds: nodes, edges, articles and evidence.

    Args:
        store: The build's store (:func:`kg.graph.store.open_store`).
        focus: The name or alias of an entity: draw only its neighbourhood.
        radius: Hops around ``focus`` (articles count as one hop).
        limit: Most nodes drawn (see the module docstring for what is kept).
        summary: The build's :class:`~kg.export.summary.Summary`: entities, posts,
            articles and evidence are read from it instead of the store (only article
            bodies are read from the store), and its layout is continued and updated.

    Returns:
        A JSON-ready mapping with ``meta``, ``articles`` (``[headline, date, url]``),
        ``nodes`` and ``edges`` (node indices, kinds, labels, article indices, evidence
        ``[article, before, quote, after]``).

    Raises:
        ExportError: when ``focus`` names no entity of the build.
    """
    graph = summary.entity_graph() if summary is not None else entity_graph(store, articles=True)
    merged = _merge_senses(graph, _same_as(store, summary))
    centres = _find(graph, focus) if focus else []
    keep, articles_drawn = _choose(graph, centres, radius, limit)
    index = {node: i for i, node in enumerate(keep)}
    if summary is not None:
        posts = {m: _Post(p, title, org, articles)
                 for m, (p, title, org, articles) in summary.posts().items()}
    else:
        posts = _posts(store)
    posts = {m: _Post(merged.get(post.person, post.person), post.title, post.org, post.articles)
             for m, post in posts.items()}

    # Edges: posts from the store (with their articles), the rest from the entity graph.
    edges: list[dict[str, Any]] = []
    post_edges: dict[str, dict[str, Any]] = {}
    for m, post in sorted(posts.items()):
        if post.person in index and post.org in index:
            edge: dict[str, Any] = {"f": index[post.person], "t": index[post.org], "k": "post",
                                    "l": post.title, "a": sorted(post.articles)}
            post_edges[m] = edge
            edges.append(edge)
    for s, o, kind in _edges_among(graph, keep):
        if kind == "post" or (kind == "mentions" and not articles_drawn):
            continue
        edges.append({"f": index[s], "t": index[o], "k": kind})
    weights = [1.0] * len(edges)
    if not articles_drawn:
        for x, y, cosine in _comentions(graph, keep):
            edges.append({"f": index[x], "t": index[y], "k": "comention"})
            weights.append(0.2 + 0.8 * cosine)

    # Articles referenced anywhere, numbered by date then IRI.
    mentioned: dict[str, list[str]] = {
        node: sorted(a for a in graph.predecessors(node) if graph.nodes[a]["kind"] == "article")
        for node in keep if graph.nodes[node]["kind"] != "article"}
    bodies = set(keep) | set(post_edges)
    bodies.update(name for name, sense in merged.items() if sense in index)
    if summary is not None:
        quotes: dict[str, list[_Quote]] = {
            body: [_Quote(*q) for q in qs] for body, qs in summary.quotes(bodies).items()}
    else:
        quotes = _quotes(store, bodies)
    for name, sense in merged.items():  # a merged name's evidence is its sense's
        if name in quotes:
            quotes.setdefault(sense, []).extend(quotes.pop(name))
    wanted = {node for node in keep if graph.nodes[node]["kind"] == "article"}
    wanted.update(a for arts in mentioned.values() for a in arts)
    wanted.update(a for post in posts.values() if post.person in index for a in post.articles)
    wanted.update(q.source for qs in quotes.values() for q in qs)
    rows = summary.articles().values() if summary is not None else _rows(store, _ARTICLES)
    info = {row["a"]: row for row in rows if row["a"] in wanted}
    ordered = sorted(info, key=lambda a: (info[a]["date"] or "9999", a))
    order = {a: i for i, a in enumerate(ordered)}
    picked = {body: _pick(qs, order, FOCUS_EVIDENCE if body in centres else EVIDENCE)
              for body, qs in quotes.items()}
    texts = _bodies(store, {q.source for qs in picked.values() for q in qs}
                    | {node for node in keep if graph.nodes[node]["kind"] == "article"})

    def evidence(body: str) -> tuple[list[list[Any]], int]:
        chosen = picked.get(body, [])
        return ([[order[q.source], *_snippet(texts.get(q.source, ""), q.start, q.end, q.exact)]
                 for q in chosen], len(quotes.get(body, [])))

    for edge in edges:
        edge["a"] = sorted(order[a] for a in edge.get("a", []) if a in order)
        if not edge["a"]:
            edge.pop("a")
    for m, edge in post_edges.items():
        edge["ev"], edge["ne"] = evidence(m)

    held, loose = _held(graph, posts, index)

    spacing = _SPACING * (1.3 if len(keep) <= 300 else 1.0)
    positions = _positions(keep, edges, weights, spacing, summary if not focus else None)
    structural = [e for e in edges if e["k"] not in ("comention", "mentions")]
    degree = Counter(e["f"] for e in structural)
    degree.update(e["t"] for e in structural)

    nodes: list[dict[str, Any]] = []
    for i, node in enumerate(keep):
        data = graph.nodes[node]
        kind = data["kind"]
        item: dict[str, Any] = {"k": kind, "l": data["label"],
                                "x": round(float(positions[i, 0]), 1),
                                "y": round(float(positions[i, 1]), 1)}
        if kind == "article":
            item["art"] = order[node]
            item["v"] = round(1 + math.log2(1 + graph.out_degree(node)), 2)
            lead = texts.get(node, "")
            item["lead"] = lead[:160] + ("…" if len(lead) > 160 else "")
        else:
            item["m"] = data["mentions"]
            item["v"] = round(1 + math.log2(1 + data["mentions"] + degree[i]), 2)
            if data["aliases"]:
                item["al"] = data["aliases"]
            item["a"] = sorted(order[a] for a in mentioned[node] if a in order)
            if held.get(node):
                item["p"] = held[node][:60]
            if loose.get(node):
                item["t"] = sorted(loose[node])
            item["ev"], item["ne"] = evidence(node)
        nodes.append(item)

    total_entities = sum(1 for _, k in graph.nodes(data="kind") if k != "article")
    total_articles = graph.number_of_nodes() - total_entities
    shown_entities = sum(1 for n in nodes if n["k"] != "article")
    in_scope = len(_ring(graph, centres, radius)) if centres else len(graph)
    return {
        "meta": {
            "title": f"kg · {focus}" if focus else "kg · knowledge graph",
            "focus": focus, "radius": radius, "limit": limit,
            "centres": [index[c] for c in centres if c in index],
            "truncated": len(keep) < in_scope and shown_entities < total_entities,
            "articlesDrawn": articles_drawn,
            "totalEntities": total_entities, "totalArticles": total_articles,
            "shownEntities": shown_entities,
        },
        "articles": [[info[a]["headline"] or "", info[a]["date"] or "", info[a]["url"] or ""]
                     for a in ordered],
        "nodes": nodes,
        "edges": edges,
    }


# ---- the page -----------------------------------------------------------------------

def _script_json(value: Any) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>``, ``&`` and line separators escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def _vis_js() -> str:
    # The file is found without importing pyvis (which imports jinja2, IPython hooks ...).
    import importlib.util

    try:
        spec = importlib.util.find_spec("pyvis")
        if spec is None or not spec.submodule_search_locations:
            raise ModuleNotFoundError("pyvis")
        folder = Path(next(iter(spec.submodule_search_locations)))
        return (folder / VIS_JS).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise ExportError("vis-network is missing from the installed pyvis",
                          path=VIS_JS, hint="pip install 'pyvis>=0.3.2'") from exc


def render_html(data: Mapping[str, Any], *, title: str | None = None) -> str:
    """Return the self-contained page drawing ``data`` (from :func:`viewer_data`).

    Args:
        data: The page's data.
        title: The page title (by default the one in ``data["meta"]``).

    Raises:
        ExportError: when an inlined asset would end its own ``<script>``/``<style>``.
    """
    vis, app, css = _vis_js(), _viewer_file("viewer.js"), _viewer_file("viewer.css")
    for name, text, tag in (("vis-network", vis, "</script"), ("viewer.js", app, "</script"),
                            ("viewer.css", css, "</style")):
        if tag in text.lower():
            raise ExportError(f"{name} contains {tag}> and cannot be inlined")
    csp = ("default-src 'none'; script-src " + _sha256(vis) + " " + _sha256(app)
           + "; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
           + "connect-src 'none'; base-uri 'none'; form-action 'none'")
    parts = {
        "CSP": csp,
        "TITLE": html.escape(title or str(data["meta"]["title"])),
        "CSS": css,
        "KINDS": _script_json(_style()),
        "DATA": _script_json(data),
        "VIS": vis,
        "APP": app,
    }
    return re.sub(r"\{\{([A-Z]+)\}\}", lambda m: parts[m.group(1)], _viewer_file("viewer.html"))


@registry.exporter("html", suffix=".html", media_type="text/html")
def write_html(store: ox.Store, out: Path | str, *, focus: str | None = None,
               radius: int = RADIUS, limit: int = MAX_NODES,
               summary: Summary | None = None) -> None:
    """Write the interactive graph of a build (``graph.html``).

    Args:
        store: The build's store.
        out: The file to write.
        focus: The name or alias of an entity: draw only its neighbourhood.
        radius: Hops around ``focus``.
        limit: Most nodes drawn.
        summary: The build's summary (:func:`viewer_data`), when the build has one.

    Raises:
        ExportError: when ``focus`` names no entity, or vis-network is missing.
    """
    data = viewer_data(store, focus=focus, radius=radius, limit=limit, summary=summary)
    Path(out).write_text(render_html(data), encoding="utf-8")
