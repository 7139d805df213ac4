"""Extract: one :class:`~kg.records.Article` in, one :class:`~kg.records.Extraction` out.

Extractors are registry entries (``kg.documents.v1``, ``kg.people.v1`` …) run in order
over a shared :class:`~kg.extract.doc.Doc`; each sees what earlier ones found. Plugins
register more with ``@registry.extractor(...)`` or the ``kg.extractors`` entry point.
Afterwards overlapping mentions are reconciled: an organization a post names wins over
one that swallowed the post's title; a name nested in another mention is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.errors import ExtractionError, KGError
from kg.extract import (  # noqa: F401  (import registers the built-in extractors)
    documents,
    events,
    initiatives,
    organizations,
    people,
    places,
    quantities,
    recognized,
    relations,
)
from kg.extract.doc import Doc
from kg.records import Article, Extraction, Fact, Mention, Post, Quantity, Relation
from kg.registry import Plugin, registry

__all__ = ["extract"]

# Kinds whose mentions may not overlap one another; places may nest in any name.
_EXCLUSIVE = ("person", "organization", "document", "initiative", "event")


def extract(article: Article, extractors: Iterable[Plugin] | None = None) -> Extraction:
    """Run the extractors over ``article``.

    Args:
        article: The article.
        extractors: The extractors to run; every registered one by default.

    Raises:
        ExtractionError: when an extractor fails (the article and extractor named).
    """
    doc = Doc(article)
    facts: list[Fact] = []
    found_quantities: list[Quantity] = []
    for plugin in extractors if extractors is not None else registry.extractors():
        try:
            for item in plugin.obj(doc) or ():
                if isinstance(item, Mention):
                    doc.mentions.append(item)
                elif isinstance(item, Post):
                    doc.posts.append(item)
                elif isinstance(item, Relation):
                    doc.relations.append(item)
                elif isinstance(item, Fact):
                    facts.append(item)
                elif isinstance(item, Quantity):
                    found_quantities.append(item)
        except KGError:
            raise
        except Exception as exc:
            raise ExtractionError(f"extractor {plugin.name} failed: {exc!r}",
                                  article=article.id) from exc
    mentions = _reconcile(doc.mentions, doc.posts, article.text)
    return Extraction(article, tuple(mentions), tuple(_unique_posts(doc.posts)),
                      tuple(doc.relations), tuple(facts),
                      tuple(q for q in found_quantities
                            if 0 <= q.start < q.end <= len(article.text)))


def _unique_posts(posts: list[Post]) -> list[Post]:
    """Keep one post per person span, title and organization: the most confident."""
    best: dict[tuple[int, int, str, str | None], Post] = {}
    for post in posts:
        key = (post.person.start, post.person.end, post.title,
               post.org.name if post.org is not None else None)
        if key not in best or best[key].confidence < post.confidence:
            best[key] = post
    kept = [p for p in best.values() if not _subsumed(p, best.values())]
    return sorted(kept, key=lambda p: (p.start, p.title))


def _subsumed(post: Post, posts: Iterable[Post]) -> bool:
    """An organization-less post restated more fully: 习近平主席 beside 国家主席习近平."""
    if post.org is not None:
        return False
    for other in posts:
        if other is post or other.person.name != post.person.name:
            continue
        if other.title == post.title and other.org is not None:
            return True
        if other.title != post.title and other.title.endswith(post.title):
            return True
    return False


def _reconcile(mentions: list[Mention], posts: list[Post], text: str) -> list[Mention]:
    """Drop duplicate and overlapping mentions; keep every mention a post names."""
    size = len(text)
    anchored = {(p.person.start, p.person.end) for p in posts}
    anchored |= {(p.org.start, p.org.end) for p in posts if p.org is not None}
    unique: dict[tuple[int, int, str], Mention] = {}
    for m in mentions:
        if not (0 <= m.start < m.end <= size):
            continue
        key = (m.start, m.end, m.kind)
        if key not in unique or unique[key].confidence < m.confidence:
            unique[key] = m

    def rank(m: Mention) -> tuple[int, int, float]:
        return ((m.start, m.end) in anchored, m.end - m.start, m.confidence)

    taken: list[Mention] = []
    for m in sorted(unique.values(), key=rank, reverse=True):
        if m.kind in _EXCLUSIVE and any(
                t.kind in _EXCLUSIVE and m.start < t.end and t.start < m.end
                and {m.kind, t.kind} != {"event", "organization"}
                and not _numbers_for(t, m, text) for t in taken):
            continue  # an event may name the body that holds it (全国人大常委会第十次会议)
        if m.kind == "place" and any(t.kind == "person" and m.start < t.end and t.start < m.end
                                     for t in taken):
            continue
        taken.append(m)
    return sorted(taken, key=lambda m: (m.start, m.end, m.kind))


def _numbers_for(outer: Mention, inner: Mention, text: str) -> bool:
    """Whether an initiative is a numbered round run by the body that opens it.

    全国政协党组|第二轮专项巡视: the campaign and the Party group both stand, as an event
    may name the body that holds it.
    """
    return outer.kind == "initiative" and inner.kind == "organization" \
        and outer.start == inner.start and inner.end < outer.end \
        and text.startswith("第", inner.end)
