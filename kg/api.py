"""The public functions, each a thin join of the stages (re-exported by ``kg``)."""

from __future__ import annotations

import os
import types
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg.errors import KGError
from kg.records import Article, Resolved, Span

__all__ = ["analyze", "build", "export", "ingest", "networkx_graph", "open_store", "query",
           "recognize"]


class CallablePackage(types.ModuleType):
    """A package of kg that is also a function of the public API (``kg.ingest``, ``kg.export``).

    ``import kg`` binds ``kg.ingest`` to the function, but Python rebinds the name to
    the package once any module imports it (``from kg.ingest import …``). Such a package
    sets ``sys.modules[__name__].__class__ = CallablePackage``: calling it calls its
    function of the same name, so ``kg.ingest(...)`` works either way.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(self, self.__name__.rpartition(".")[2])(*args, **kwargs)


def ingest(inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], *,
           region: str | None = None) -> Iterator[Article]:
    """Yield the articles of pages, JSONL files and folders (see :mod:`kg.ingest`).

    ``inputs`` is one path or an iterable of paths.
    """
    from kg.ingest import ingest as _ingest

    return _ingest(inputs, region=region)


def analyze(article: Article | str, *, region: str | None = None) -> Resolved:
    """Extract and resolve one article: its entities, posts and relations.

    Args:
        article: An :class:`~kg.records.Article` (from :func:`ingest`), or the text of
            one article, read as the ``text`` of a JSONL line is (dateline, bylines,
            date and, unless ``region`` is given, the region found in it).
        region: The region a text speaks for (内蒙古自治区); not used for an Article.

    Raises:
        KGError: The text is empty or longer than one article (build such text with
            :func:`build`, which cuts it into parts), or ``article`` is neither.
    """
    from kg.pipeline import analyze as _analyze

    if isinstance(article, str):
        article = _article_of(article, region)
    elif not isinstance(article, Article):
        raise KGError(f"analyze takes an Article or a text, not {type(article).__name__}",
                      hint="pass a kg.Article (see kg.ingest) or the text of one article")
    return _analyze(article)


def _article_of(text: str, region: str | None) -> Article:
    """Read one article from a text as the JSONL reader reads a line's ``text``.

    Its id is a hash of the text, so that two texts never share an article IRI.
    """
    import hashlib
    import json

    from kg.ingest.jsonl import read_jsonl
    from kg.ingest.text import MAX_ARTICLE

    if not text.strip():
        raise KGError("the text to analyze is empty", hint="pass the text of an article")
    if len(text.strip()) > MAX_ARTICLE:
        raise KGError(f"the text is {len(text):,} characters, longer than one article "
                      f"({MAX_ARTICLE:,})", hint="build it with kg.build, which cuts it "
                      "into parts, or analyze its parts")

    def _raise(error: KGError) -> None:
        raise error

    key = "text-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    record = json.dumps({"id": key, "text": text}, ensure_ascii=False)
    return next(iter(read_jsonl([record], "<text>", region=region, on_error=_raise)))


def build(inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
          out: str | os.PathLike[str], **options: Any) -> Any:
    """Build or update the graph of ``inputs`` in ``out`` (:func:`kg.pipeline.build`)."""
    from kg.pipeline import build as _build

    return _build(inputs, out, **options)


def open_store(build_dir: str | os.PathLike[str]) -> ox.Store:
    """Open a build's Oxigraph store read-only (query it with ``store.query``)."""
    from kg.graph.store import open_store as _open

    return _open(build_dir)


def query(build_dir: str | os.PathLike[str] | ox.Store, sparql: str) -> Any:
    """Run SPARQL on a build (kg's prefixes and installed plugins' predeclared)."""
    from kg.sparql import run_query

    return run_query(build_dir, sparql)


def export(build_dir: str | os.PathLike[str], fmt: str, out: str | os.PathLike[str]) -> Path:
    """Write a build in another format (ttl, trig, nq, nt, jsonld, graphml, gexf, csv, html)."""
    from kg.export import export as _export

    return _export(build_dir, fmt, out)


def networkx_graph(build_dir: str | os.PathLike[str], *, articles: bool = False) -> nx.MultiDiGraph:
    """Return the entity network of a build (posts, relations, mentions) for networkx."""
    from kg.export.views import entity_graph

    return entity_graph(open_store(build_dir), articles=articles)


def recognize(text: str) -> list[Span]:
    """Return the PER / ORG / LOC spans the shipped sequence model finds in ``text``."""
    from kg.ner import recognize as _recognize

    return _recognize(text)
