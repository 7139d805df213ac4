"""What ``graph.html`` draws, kept per named graph so that a build updates it by delta.

Reading a build's view back from the on-disk store costs ~50 µs a quad here (every
term is decoded from the store's dictionary): 40 s for the 4,637-story build, however
few articles a build added. Instead, each article's graph is summarised once, from its
own triples, where they are made (:func:`fragment_of`, in the build's workers), and the
build keeps the summaries of every graph beside its store generation
(:class:`Summary`, one pickle). A build that adds 100 articles loads the summary of the
build before it, replaces the fragments of the graphs it wrote, and draws the page from
it (:func:`kg.export.html.viewer_data` with ``summary=``); only article bodies (for
evidence passages) are read from the store.

A fragment holds what the queries of :mod:`kg.export.views` and :mod:`kg.export.html`
read from one graph: entities with their kind, name and aliases; the article with its
headline, date and URL; mentions; posts; the relations drawn; annotations with their
offsets. Aggregated over all graphs they give the same entity graph, posts and quotes
as those queries over the union default graph (a test compares the two on a corpus
build). Derived graphs (tenures, people) state none of these and are not summarised.

The layout of the last page drawn is kept too (node IRI → position), so that a build
which leaves the drawn graph as it was reuses it exactly, and one that changes it starts
the force layout from where the nodes were (see :func:`kg.export.html.viewer_data`).
"""

from __future__ import annotations

import os
import pickle
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pyoxigraph as ox

from kg.export.views import KINDS

if TYPE_CHECKING:
    from kg.records import Resolved

__all__ = ["Fragment", "Summary", "fragment_of", "fragment_of_records", "summary_path"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SDO = "https://schema.org/"
_ORG = "http://www.w3.org/ns/org#"
_OA = "http://www.w3.org/ns/oa#"
_TYPE = _RDF + "type"
_NAME, _HEADLINE, _DATE, _URL = (_SDO + "name", _SDO + "headline", _SDO + "datePublished",
                                 _SDO + "url")
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_MENTIONS = _SDO + "mentions"
_ARTICLE = _SDO + "NewsArticle"
_MEMBERSHIP, _MEMBER, _ROLE, _IN_ORG = (_ORG + "Membership", _ORG + "member", _ORG + "role",
                                        _ORG + "organization")
_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_RELATIONS = {
    "https://w3id.org/kg/ns#issued": "issued",
    "https://w3id.org/kg/ns#amended": "amended",
    "https://w3id.org/kg/ns#held": "held",
    "https://w3id.org/kg/ns#organized": "organized",
    "https://w3id.org/kg/ns#spokeAt": "spokeAt",
    _ORG + "subOrganizationOf": "subOrganizationOf",
}
_BODY, _TARGET, _SOURCE, _SELECTOR = (_OA + "hasBody", _OA + "hasTarget", _OA + "hasSource",
                                      _OA + "hasSelector")
_POSITION, _START, _END = _OA + "TextPositionSelector", _OA + "start", _OA + "end"
_QUOTE, _EXACT = _OA + "TextQuoteSelector", _OA + "exact"
_KIND_ORDER = list(KINDS)
_PERSON = _SDO + "Person"
_BYLINES = (_SDO + "author", "https://w3id.org/kg/ns#photographer")
_QUALIFIER = "https://w3id.org/kg/ns#qualifier"

FORMAT = 2
"""Version of the pickled :class:`Summary`; another version is ignored (rebuilt)."""
_FILE = ".view.pickle"


@dataclass(frozen=True, slots=True)
class Fragment:
    """What one named graph contributes to the drawn view.

    Attributes:
        articles: ``(IRI, headline, date, url)`` of each ``schema:NewsArticle`` it types
            (``None`` for what it does not state).
        entities: ``(IRI, kind, name, aliases)`` of each entity it types with a kind of
            :data:`kg.export.views.KINDS` (articles excluded; name ``None`` if unnamed).
        mentions: ``(article, entity)`` for each ``schema:mentions`` of a typed article.
        posts: ``(membership, person, title, organization, articles)``.
        relations: ``(subject, kind, object)`` for the relations the page draws.
        quotes: ``(body, source, start, end, exact)`` of each annotation.
        persons: IRIs it types ``schema:Person`` (for the derived people graph).
        bylines: IRIs it states as ``schema:author`` or ``kg:photographer`` of something.
        qualifiers: ``(post, qualifier)`` of each ``kg:qualifier`` (原, 时任 …).
    """

    articles: tuple[tuple[str, str | None, str | None, str | None], ...] = ()
    entities: tuple[tuple[str, str, str | None, tuple[str, ...]], ...] = ()
    mentions: tuple[tuple[str, str], ...] = ()
    posts: tuple[tuple[str, str, str, str | None, tuple[str, ...]], ...] = ()
    relations: tuple[tuple[str, str, str], ...] = ()
    quotes: tuple[tuple[str, str, int, int, str], ...] = ()
    persons: tuple[str, ...] = ()
    bylines: tuple[str, ...] = ()
    qualifiers: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.articles or self.entities or self.mentions or self.posts
                    or self.relations or self.quotes or self.persons or self.bylines
                    or self.qualifiers)


def _value(term: Any) -> str | None:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else None


def fragment_of(triples: Iterable[ox.Triple] | str) -> Fragment:
    r"""Summarise one named graph from its triples (or its N-Triples text).

    Examples:
        >>> text = ('<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
        ...         '<https://schema.org/NewsArticle> .\\n'
        ...         '<urn:a> <https://schema.org/headline> "标题" .\\n')
        >>> fragment_of(text).articles
        (('urn:a', '标题', None, None),)
    """
    if isinstance(triples, str):
        triples = ox.parse(triples, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    types: _Types = defaultdict(set)
    by: _By = defaultdict(lambda: defaultdict(list))
    for triple in triples:
        s, p, o = _value(triple.subject), triple.predicate.value, _value(triple.object)
        if s is None or o is None:
            continue
        if p == _TYPE:
            types[s].add(o)
        else:
            by[p][s].append(o)
    return _fragment(types, by)


_Types = dict[str, set[str]]
_By = dict[str, dict[str, list[str]]]


def fragment_of_records(resolved: Resolved) -> Fragment:
    """Summarise the graph :func:`kg.graph.nquads.article_ntriples` makes of ``resolved``.

    The same :class:`Fragment` as :func:`fragment_of` of that graph's text (a test
    compares them on the corpus), without parsing it: the few triples a fragment reads
    are taken from the records.
    """
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from kg import graph as g
    from kg import identity
    from kg.records import _is_iri

    article = resolved.article
    text = article.text
    a = resolved.iri
    types: _Types = defaultdict(set)
    by: _By = defaultdict(lambda: defaultdict(list))
    types[a].add(_ARTICLE)
    by[_HEADLINE][a].append(article.headline)
    if article.date and (date := g._date(article.date)) is not None and \
            date.datatype == XSD.date:
        by[_DATE][a].append(str(date))
    if article.url:
        by[_URL][a].append(article.url)
    for entity in resolved.entities:
        e = entity.iri
        types[e].update(str(c) for c in g._KIND_CLASSES[entity.kind])
        if entity.subtype in g._SUBTYPE_CLASSES:
            types[e].add(str(g._SUBTYPE_CLASSES[entity.subtype]))
        elif entity.subtype and _is_iri(entity.subtype):
            types[e].add(entity.subtype)
        by[_NAME][e].append(entity.name)
        by[_ALT][e].extend(entity.aliases)
        if entity.parent:
            by[_ORG + "subOrganizationOf"][e].append(entity.parent)
    for person in resolved.authors:
        by[_BYLINES[0]][a].append(person.iri)

    def annotate(body: str, start: int, end: int) -> None:
        ann = identity.annotation(a, start, end, body)
        target, position, quote = identity.annotation_parts(ann)
        by[_BODY][ann].append(body)
        by[_TARGET][ann].append(target)
        by[_SOURCE][target].append(a)
        by[_SELECTOR][target] += [position, quote]
        types[position].add(_POSITION)
        by[_START][position].append(str(start))
        by[_END][position].append(str(end))
        types[quote].add(_QUOTE)
        by[_EXACT][quote].append(text[start:end])

    for rm in resolved.mentions:
        by[_MENTIONS][a].append(rm.entity.iri)
        annotate(rm.entity.iri, rm.mention.start, rm.mention.end)
        if rm.mention.kind == "person" and rm.mention.subtype == "photographer":
            by[_BYLINES[1]][a].append(rm.entity.iri)
    for post in resolved.posts:
        m, role = post.iri, identity.role(post.title)
        types[m].add(_MEMBERSHIP)
        by[_MEMBER][m].append(post.person.iri)
        by[_ROLE][m].append(role)
        by[_PREF][role].append(post.title)
        if post.org is not None:
            by[_IN_ORG][m].append(post.org.iri)
        if post.qualifier:
            by[_QUALIFIER][m].append(post.qualifier)
        by[_DERIVED][m].append(a)
        annotate(post.iri, post.start, post.end)
    for rel in resolved.relations:
        if rel.predicate in g._PREDICATES:
            term, swap = g._PREDICATES[rel.predicate]
            predicate = str(term)
        elif _is_iri(rel.predicate):
            predicate, swap = rel.predicate, False
        else:
            continue
        s, o = (rel.object.iri, rel.subject.iri) if swap else (rel.subject.iri, rel.object.iri)
        by[predicate][s].append(o)
    for fact in resolved.facts:
        if fact.predicate in _RELATIONS:  # a literal where the page draws an edge
            datatype = URIRef(fact.datatype) if fact.datatype else XSD.string
            by[fact.predicate][fact.subject.iri].append(
                str(Literal(fact.value, datatype=datatype)))
        annotate(fact.subject.iri, fact.start, fact.end)
    for quantity in resolved.quantities:
        annotate(identity.quantity(a, quantity.start, quantity.end), quantity.start,
                 quantity.end)
    return _fragment(types, by)


def _fragment(types: _Types, by: _By) -> Fragment:
    """Build a :class:`Fragment` from a graph's types and its other triples by predicate."""
    intern = sys.intern

    def one(p: str, s: str) -> str | None:
        values = by[p].get(s)
        return min(values) if values else None

    articles = sorted(s for s, t in types.items() if _ARTICLE in t)
    entities = []
    for s, t in sorted(types.items()):
        kinds = [KINDS[k] for k in _KIND_ORDER if k in t and k != _ARTICLE]
        if not kinds:
            continue
        kind = kinds[0]
        for other in kinds[1:]:  # as entity_graph reads its rows: organization gives way
            if kind == "organization":
                kind = other
        entities.append((intern(s), kind, one(_NAME, s) or one(_HEADLINE, s),
                         tuple(sorted(set(by[_ALT].get(s, ()))))))
    typed = set(articles)
    mentions = sorted((a, intern(e)) for a, es in by[_MENTIONS].items() if a in typed
                      for e in set(es))
    posts = []
    titles = by[_PREF]
    for m, t in sorted(types.items()):
        if _MEMBERSHIP not in t:
            continue
        for person in sorted(set(by[_MEMBER].get(m, ()))):
            for title in sorted({x for r in by[_ROLE].get(m, ()) for x in titles.get(r, ())}):
                orgs: list[str | None] = [*sorted(set(by[_IN_ORG].get(m, ())))] or [None]
                for org in orgs:
                    posts.append((m, intern(person), title, intern(org) if org else None,
                                  tuple(sorted(set(by[_DERIVED].get(m, ()))))))
    relations = sorted({(s, kind, o) for p, kind in _RELATIONS.items()
                        for s, os_ in by[p].items() for o in os_})
    quotes = []
    for ann, bodies in by[_BODY].items():
        for target in set(by[_TARGET].get(ann, ())):
            selectors = set(by[_SELECTOR].get(target, ()))
            exacts = sorted({x for q in selectors if _QUOTE in types.get(q, ())
                             for x in by[_EXACT].get(q, ())}) or [""]
            for source in set(by[_SOURCE].get(target, ())):
                for position in selectors:
                    if _POSITION not in types.get(position, ()):
                        continue
                    for start in by[_START].get(position, ()):
                        for end in by[_END].get(position, ()):
                            for body in set(bodies):
                                for exact in exacts:
                                    quotes.append((intern(body), source, int(start),
                                                   int(end), exact))
    persons = tuple(sorted(intern(s) for s, t in types.items() if _PERSON in t))
    bylines = tuple(sorted({intern(o) for p in _BYLINES for os_ in by[p].values()
                            for o in os_}))
    qualifiers = tuple(sorted({(m, q) for m, qs in by[_QUALIFIER].items() for q in qs}))
    return Fragment(tuple((a, one(_HEADLINE, a), one(_DATE, a), one(_URL, a))
                          for a in articles), tuple(entities), tuple(mentions), tuple(posts),
                    tuple(relations), tuple(sorted(set(quotes))), persons, bylines,
                    qualifiers)


_INTS: dict[int, int] = {}


def _shared(value: Any) -> Any:
    """``value`` with its strings interned and its ints shared, tuples rebuilt."""
    if type(value) is str:
        return sys.intern(value)
    if type(value) is tuple:
        return tuple(_shared(v) for v in value)
    if type(value) is int:
        return _INTS.setdefault(value, value)
    return value


def _compact(fragment: Fragment) -> Fragment:
    """``fragment`` with every string interned.

    Headlines and URLs, each an article's own, are left as they are.
    """
    intern = sys.intern
    articles = tuple((intern(a), headline, intern(date) if date else None, url)
                     for a, headline, date, url in fragment.articles)
    return Fragment(articles, *(_shared(getattr(fragment, name))
                                for name in _FIELDS[1:]))


_FIELDS = ("articles", "entities", "mentions", "posts", "relations", "quotes", "persons",
           "bylines", "qualifiers")


def summary_path(generation: Path) -> Path:
    """The file beside the store generation ``generation`` holding its summary."""
    return generation.parent / f"{generation.name}{_FILE}"


@dataclass
class Summary:
    """The fragments of every named graph of a build, and the last page's layout.

    Attributes:
        fragments: Graph IRI → its :class:`Fragment` (graphs that contribute nothing
            are left out).
        layout: Node IRI → ``(x, y)`` of the last page drawn, with ``edges``.
        edges: The drawn edges (node IRI pairs with weights) of that layout.
        derived: Derived graph IRI → its N-Triples as the store holds them (sorted, each
            once), so that the next build writes only what changed
            (:func:`kg.analysis.derive`); a graph left out is read from the store.
    """

    fragments: dict[str, Fragment] = field(default_factory=dict)
    layout: dict[str, tuple[float, float]] = field(default_factory=dict)
    edges: tuple[tuple[str, str, float], ...] = ()
    derived: dict[str, str] = field(default_factory=dict)

    def put(self, graph: str, fragment: Fragment) -> None:
        """Make ``fragment`` the summary of ``graph`` (an empty one removes it).

        Its strings are interned: an entity's IRI, name and kind, a title or a quote
        are held once however many articles repeat them (a fragment from a worker
        arrives with copies of its own).
        """
        if fragment:
            self.fragments[sys.intern(graph)] = _compact(fragment)
        else:
            self.fragments.pop(graph, None)

    # ---- reading and writing --------------------------------------------------------

    @classmethod
    def load(cls, generation: Path | None) -> Summary | None:
        """The summary kept beside ``generation``, or None when there is none usable."""
        if generation is None:
            return None
        try:
            with open(summary_path(generation), "rb") as handle:
                state = pickle.load(handle)  # our own file, beside the store
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError,
                TypeError):
            return None
        if not isinstance(state, dict) or state.get("format") != FORMAT:
            return None
        return cls(state["fragments"], state["layout"], state["edges"],
                   state.get("derived", {}))

    @classmethod
    def from_store(cls, store: ox.Store) -> Summary:
        """Summarise every named graph of ``store`` (slow: reads every quad back)."""
        summary = cls()
        for graph in store.named_graphs():
            if isinstance(graph, ox.NamedNode):
                quads = store.quads_for_pattern(None, None, None, graph)
                summary.put(graph.value, fragment_of(q.triple for q in quads))
        return summary

    @classmethod
    def from_trig(cls, path: Path) -> Summary:
        """Summarise every named graph of a ``graph.trig``.

        Parsing the text is ~30× faster than :meth:`from_store`, which decodes every
        term from the store's dictionary.
        """
        summary = cls()
        quads = ox.parse(path=str(path), format=ox.RdfFormat.TRIG)
        graph: Any = None
        triples: list[ox.Triple] = []
        for quad in quads:
            if quad.graph_name != graph:
                if isinstance(graph, ox.NamedNode):
                    summary.put(graph.value, fragment_of(triples))
                graph, triples = quad.graph_name, []
            triples.append(quad.triple)
        if isinstance(graph, ox.NamedNode):
            summary.put(graph.value, fragment_of(triples))
        return summary

    def save(self, generation: Path) -> Path:
        """Write the summary beside ``generation`` (atomically); return the file."""
        path = summary_path(generation)
        tmp = path.with_name(path.name + ".tmp")
        state = {"format": FORMAT, "fragments": self.fragments, "layout": self.layout,
                 "edges": self.edges, "derived": self.derived}
        with open(tmp, "wb") as handle:
            pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        return path

    # ---- what the page reads --------------------------------------------------------

    def _all(self) -> Iterator[Fragment]:
        for graph in sorted(self.fragments):
            yield self.fragments[graph]

    def entity_graph(self) -> nx.MultiDiGraph:
        """The graph :func:`kg.export.views.entity_graph` gives with ``articles=True``."""
        names: dict[str, set[str]] = defaultdict(set)
        kinds: dict[str, str] = {}
        aliases: dict[str, set[str]] = defaultdict(set)
        articles: dict[str, tuple[str | None, str | None]] = {}
        mentions: set[tuple[str, str]] = set()
        posts: dict[tuple[str, str, str, str | None], set[str]] = defaultdict(set)
        relations: set[tuple[str, str, str]] = set()
        for fragment in self._all():
            for iri, headline, date, _url in fragment.articles:
                old = articles.get(iri, (None, None))
                articles[iri] = (old[0] or headline, old[1] or date)
            for iri, kind, name, alias in fragment.entities:
                kinds.setdefault(iri, kind)
                if name is not None:
                    names[iri].add(name)
                aliases[iri].update(alias)
            mentions.update(fragment.mentions)
            for m, p, title, org, derived in fragment.posts:
                if derived:
                    posts[(m, p, title, org)].update(derived)
            relations.update(fragment.relations)
        graph = nx.MultiDiGraph()
        for iri in sorted(kinds):
            label = min(names[iri]) if names.get(iri) else iri.rsplit("/", 1)[-1]
            graph.add_node(iri, kind=kinds[iri], label=label,
                           aliases=sorted(a for a in aliases[iri] if a), mentions=0)
        for iri in sorted(articles):
            headline, date = articles[iri]
            graph.add_node(iri, kind="article", label=headline or iri.rsplit("/", 1)[-1],
                           aliases=[], mentions=0)
            if date:
                graph.nodes[iri]["date"] = date
        counts: dict[str, int] = defaultdict(int)
        for a, e in sorted(mentions):
            counts[e] += 1
            if a in graph and e in graph:
                graph.add_edge(a, e, kind="mentions", label="")
        for node, n in counts.items():
            if node in graph:
                graph.nodes[node]["mentions"] = n
        for (m, p, title, org), seen_in in sorted(posts.items(),
                                                  key=lambda kv: (*kv[0][:3], kv[0][3] or "")):
            if p in graph and org is not None and org in graph:
                graph.add_edge(p, org, key=m, kind="post", label=title, articles=len(seen_in))
            elif p in graph:
                graph.nodes[p].setdefault("titles", []).append(title)
        for s, kind, o in sorted(relations):
            if s in graph and o in graph:
                graph.add_edge(s, o, kind=kind, label=kind)
        return graph

    def posts(self) -> dict[str, tuple[str, str, str | None, set[str]]]:
        """Membership → ``(person, title, organization, articles)``, as the page reads them."""
        out: dict[str, tuple[str, str, str | None, set[str]]] = {}
        for fragment in self._all():
            for m, p, title, org, derived in fragment.posts:
                post = out.setdefault(m, (p, title, org, set()))
                post[3].update(derived)
        return out

    def quotes(self, bodies: set[str]) -> dict[str, list[tuple[str, int, int, str]]]:
        """Body → ``(source, start, end, exact)`` of each annotation of the ``bodies``."""
        out: dict[str, set[tuple[str, int, int, str]]] = defaultdict(set)
        for fragment in self._all():
            for body, source, start, end, exact in fragment.quotes:
                if body in bodies:
                    out[body].add((source, start, end, exact))
        return {body: sorted(qs) for body, qs in out.items()}

    def articles(self) -> dict[str, dict[str, str | None]]:
        """Article → ``{"a", "headline", "date", "url"}``, as the page's query gives them."""
        out: dict[str, dict[str, str | None]] = {}
        for fragment in self._all():
            for iri, headline, date, url in fragment.articles:
                row = out.setdefault(iri, {"a": iri, "headline": None, "date": None,
                                           "url": None})
                for key, value in (("headline", headline), ("date", date), ("url", url)):
                    if row[key] is None:
                        row[key] = value
        return out

    def keep_layout(self, positions: Mapping[str, tuple[float, float]],
                    edges: Iterable[tuple[str, str, float]]) -> None:
        """Remember the layout drawn, for the next page."""
        self.layout = dict(positions)
        self.edges = tuple(edges)
