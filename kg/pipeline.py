"""The stages joined: ``ingest → extract → resolve → graph → store → export``.

:func:`process` is the pure per-article part (an article in, its N-Quads out) that runs
in worker processes; :func:`build` streams articles through it and writes the store.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from kg import identity
from kg.errors import IngestError, KGError
from kg.export.summary import Fragment, Summary, fragment_of_records
from kg.extract import extract
from kg.graph import PREFIXES, content_hash
from kg.graph.nquads import article_ntriples, nquads_of, trig_blocks, unique_ntriples
from kg.graph.store import Generation, GraphWriter, write_generation
from kg.ingest import ingest
from kg.records import Article, Resolved
from kg.resolve import resolve

__all__ = ["BuildReport", "analyze", "build", "process"]

log = logging.getLogger("kg")

_HASH = "https://w3id.org/kg/ns#contentHash"
# The store note (:meth:`Generation.note`) naming the pipeline that extracted each article.
_PIPELINE_NOTE = "pipeline"
# Below this many articles, worker processes cost more than they save.
_PARALLEL_MIN = 64


def analyze(article: Article) -> Resolved:
    """Run extraction and resolution over one article."""
    return resolve(extract(article))


def _fingerprint() -> str:
    """The pipeline's version: kg's, a digest of its code and data, the extractors' names.

    An article built by another pipeline is built again, so an upgrade of kg (or an edit
    of its lexicons) never leaves graphs of the old rules beside graphs of the new.
    """
    from kg import __version__
    from kg.registry import registry

    names = ",".join(p.name for p in registry.extractors())
    return f"{__version__}+{_code_digest()}|{names}"


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """SHA-256 (16 hex digits) of kg's Python files, lexicons and model, as installed."""
    import hashlib

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix not in (".pyc",) and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def process(article: Article) -> tuple[str, str, int]:
    """Return ``(graph IRI, N-Triples, triple count)`` for one article (pure; runs in workers)."""
    resolved = analyze(article)
    lines, count = article_ntriples(resolved, article_hash(article))
    return identity.article_graph(resolved.iri), "".join(lines), count


@dataclass
class BuildReport:
    """What a build did.

    Attributes:
        out: The build folder.
        articles: Articles written (new or changed).
        unchanged: Articles skipped because the store already held them unchanged.
        quads: Quads written.
        errors: Problems reported (files or lines skipped).
        seconds: Wall-clock time.
        graphs: IRIs of the named graphs written (articles, then derived graphs such
            as :data:`kg.analysis.TENURES_GRAPH`).
    """

    out: Path
    graphs: list[str] = field(default_factory=list)
    articles: int = 0
    unchanged: int = 0
    quads: int = 0
    errors: list[KGError] = field(default_factory=list)
    seconds: float = 0.0


def article_hash(article: Article) -> str:
    """The ``kg:contentHash`` of an article: its headline, region and text.

    The pipeline that extracted it is not part of it (installing a plugin must change
    no existing triple); the build's ``pipeline`` note records that (:func:`_built_with`).
    """
    return content_hash(f"{article.headline}\x1f{article.region or ''}", article.text)


def _built_with(text: str | None) -> dict[str, str]:
    """Read a ``pipeline`` note: ``{article IRI: fingerprint of the pipeline that built it}``."""
    try:
        note = json.loads(text) if text else {}
    except ValueError:
        return {}
    if not isinstance(note, dict) or note.get("format") != 1:
        return {}
    return {iri: fingerprint for fingerprint, iris in note.get("pipelines", {}).items()
            for iri in iris}


def _pipeline_note(built_with: Mapping[str, str]) -> str:
    """Write a ``pipeline`` note (articles grouped by pipeline, sorted: reproducible)."""
    pipelines: dict[str, list[str]] = {}
    for iri, fingerprint in built_with.items():
        pipelines.setdefault(fingerprint, []).append(iri)
    return json.dumps({"format": 1, "pipelines": {
        fingerprint: sorted(iris) for fingerprint, iris in sorted(pipelines.items())}},
        ensure_ascii=False, indent=0)


def _changed(articles: Iterable[Article], store: ox.Store, fingerprint: str,
             built_with: Mapping[str, str], report: BuildReport) -> Iterator[Article]:
    """Drop articles whose graph holds the same content hash, built by the same pipeline.

    Installing, removing or changing an extractor (or kg) changes ``fingerprint``, so
    every article of the input is extracted again.
    """
    predicate = ox.NamedNode(_HASH)
    seen: set[str] = set()
    empty = next(store.named_graphs(), None) is None  # a first build looks nothing up
    for article in articles:
        iri = identity.article(article.id)
        if iri in seen:
            report.errors.append(IngestError(
                f"article id {article.id!r} appears twice; the later one wins",
                path=article.source, line=article.line))
        seen.add(iri)
        if empty:
            yield article
            continue
        stored = list(store.quads_for_pattern(ox.NamedNode(iri), predicate, None,
                                              ox.NamedNode(identity.article_graph(iri))))
        if built_with.get(iri) == fingerprint and stored \
                and isinstance(stored[0].object, ox.Literal) \
                and stored[0].object.value == article_hash(article):
            report.unchanged += 1
            continue
        yield article


class Processed(NamedTuple):
    """What a worker returns for one article: its graph, ready for the store and files.

    The texts travel as UTF-8 bytes: the build's process hands them to the store and to
    ``graph.trig`` as they are, instead of decoding them from the worker's pickle and
    encoding them again (the build's process is the busiest one of a build).
    """

    graph: str
    ntriples: bytes  # sorted, each triple once
    triples: int
    trig: bytes  # the graph's TriG block
    fragment: Fragment  # what graph.html draws of it
    code: str  # digest of the kg code that made it
    nquads: bytes  # ``ntriples`` in the graph


Result = tuple[Article, Processed]

# A short article that sends every extractor through its lexicons and models once.
_WARM_UP = Article(id="kg:warm-up", headline="国务院召开常务会议",
                   text="本报北京1月14日电（记者李明）国务院总理李强主持召开国务院常务会议，"
                        "研究部署《政府工作报告》起草工作。内蒙古自治区人民政府副主席王莉霞出席。")


def _warm_up() -> None:
    """Load what extraction reads from kg's files (lexicons, models) now.

    Run in the build's process before worker processes are forked, so that every
    worker shares the very data :func:`_fingerprint` describes; loaded lazily in each
    worker instead, a lexicon edited on disk during a long build would be read as it is
    when a worker first needs it.
    """
    analyze(_WARM_UP)


def _task(article: Article, prefixes: dict[str, str]) -> Processed:
    """:func:`process` one article, and prepare its text for the store and ``graph.trig``.

    Returns:
        The article's :class:`Processed` graph.
    """
    resolved = analyze(article)  # as process(), keeping the records for the summary
    lines, count = article_ntriples(resolved, article_hash(article))
    graph = identity.article_graph(resolved.iri)
    ntriples = unique_ntriples("".join(lines))
    nquads = nquads_of(ntriples, graph)
    trig = trig_blocks(nquads, prefixes) if ntriples else ""
    return Processed(graph, ntriples.encode("utf-8"), count, trig.encode("utf-8"),
                     fragment_of_records(resolved), _code_digest(), nquads.encode("utf-8"))


def _results(articles: Iterable[Article], workers: int, executor: str = "local",
             scheduler: str | None = None) -> Iterator[Result]:
    """Yield each article with its processed graph, in input order."""
    from kg.executors import get_executor

    task = functools.partial(_task, prefixes=dict(PREFIXES))
    run = get_executor(executor, workers, address=scheduler)
    if run.name == "local":
        _warm_up()  # load lexicons and models once, before forking
    with run:
        mine, theirs = itertools.tee(articles)
        yield from zip(mine, run.map(task, theirs), strict=True)


def build(inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
          out: str | os.PathLike[str], *,
          region: str | None = None, workers: int | None = None, html: bool = True,
          on_error: Callable[[KGError], None] | None = None,
          progress: bool = False,
          keep: Callable[[Article], bool] | None = None,
          store_url: str | None = None, executor: str = "local",
          scheduler: str | None = None) -> BuildReport:
    """Build (or update) the knowledge graph of ``inputs`` in the folder ``out``.

    Articles already in ``out`` stay; an article built again replaces its named graph.
    Nothing in ``out`` changes unless the whole build succeeds.

    Args:
        inputs: Pages, JSONL files and folders, or one of them.
        out: The build folder.
        region: The region the papers speak for; inferred per page when None.
        workers: Worker processes for extraction (default: all cores).
        html: Whether to write ``graph.html``.
        on_error: Called with each problem (bad file, bad line) as it is met.
        progress: Show a progress bar on stderr.
        keep: Build only the articles for which this returns True.
        store_url: A SPARQL 1.1 Graph Store / Update endpoint that receives every graph
            written, replacing the graph of the same name (see :mod:`kg.remote`).
        executor: Where extraction runs: ``local`` (forked worker processes), ``dask``
            (a Dask cluster) or ``serial`` (see :mod:`kg.executors`).
        scheduler: For ``dask``: the address of a running scheduler (default: start a
            local cluster of ``workers`` processes).

    Returns:
        What was built.

    Raises:
        KGError: when nothing could be built, or the store fails.
    """
    started = time.perf_counter()
    out_dir = Path(out)
    report = BuildReport(out_dir)

    def problem(error: KGError) -> None:
        report.errors.append(error)
        if on_error is not None:
            on_error(error)

    workers = workers or os.cpu_count() or 1
    fingerprint = _fingerprint()
    with write_generation(out_dir) as generation:
        store = generation.store
        articles: Iterable[Article] = ingest(inputs, region=region, on_error=problem)
        if keep is not None:
            articles = filter(keep, articles)
        built_with = _built_with(generation.previous_note(_PIPELINE_NOTE))
        articles = _changed(articles, store, fingerprint, built_with, report)
        results = _results(articles, workers, executor, scheduler)
        if progress:
            results = _progress(results)
        # What graph.html draws, kept beside the generation and updated by delta; a build
        # folder without one (older kg, `kg serve` updates) is summarised from the store.
        summary = Summary.load(generation.previous) if generation.previous else Summary()
        with GraphWriter(store, generation.record_trig(PREFIXES)) as writer:
            for article, (graph, ntriples, count, trig, fragment, code, nquads) in results:
                if code != _code_digest():
                    raise KGError(
                        f"article {article.id!r} was extracted by other kg code or "
                        f"lexicons ({code}) than the build started with "
                        f"({_code_digest()}): kg's files changed on disk during the build, "
                        f"or a worker runs another installation",
                        hint="build again once kg is installed as it should stay; "
                             "Dask workers must have the same kg")
                writer.replace(graph, ntriples, trig, nquads=nquads)
                if summary is not None:
                    summary.put(graph, fragment)
                built_with[identity.article(article.id)] = fingerprint
                report.graphs.append(graph)
                report.articles += 1
                report.quads += count
        if report.articles == 0 and report.unchanged == 0:
            raise IngestError("no article could be built from the input",
                              hint="see the problems reported above")
        report.graphs += _derive(store, summary)
        store.flush()
        generation.note(_PIPELINE_NOTE, _pipeline_note(built_with))
        _publish(generation, html, summary)
    if store_url and report.graphs:
        _push(out_dir, store_url, report.graphs)
    report.seconds = time.perf_counter() - started
    return report


def _derive(store: ox.Store, summary: Summary | None = None) -> list[str]:
    """Recompute the graphs derived from the whole build; return their IRIs.

    From the summary and by difference when there is one (:func:`kg.analysis.derive`).
    """
    from kg.analysis import derive

    return derive(store, summary)


def _push(out_dir: Path, url: str, graphs: list[str]) -> None:
    """Send the graphs a build wrote to an external store."""
    from kg.graph.store import open_store
    from kg.remote import push_graphs

    store = open_store(out_dir)

    def texts() -> Iterator[tuple[str, str]]:
        for graph in graphs:
            triples = (q.triple for q in store.quads_for_pattern(None, None, None,
                                                                 ox.NamedNode(graph)))
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            yield graph, data.decode("utf-8") if data else ""

    push_graphs(url, texts())


def _progress(results: Iterator[Result]) -> Iterator[Result]:
    from tqdm import tqdm

    bar = tqdm(results, unit=" articles", file=sys.stderr, leave=False, mininterval=0.5)
    yield from bar


def _publish(generation: Generation, html: bool, summary: Summary | None = None) -> None:
    """Write ``graph.trig`` (and ``graph.html``) from the new store; stage them for publishing.

    They move into place with the store generation (:meth:`Generation.stage`), so that a
    build killed at any point leaves files and store of the same build. ``summary``
    (what the page draws) is kept beside the generation, for the next build.
    """
    from kg.export import write_html, write_trig

    store, out_dir = generation.store, generation.build_dir
    staged: list[tuple[Path, Path]] = []
    try:
        trig = out_dir / ".graph.trig.tmp"
        if generation.blocks is not None:
            generation.write_trig(trig)
            generation.keep_trig(trig)
        else:
            write_trig(store, trig)
        staged.append((trig, out_dir / "graph.trig"))
        if summary is None and html:
            summary = Summary.from_trig(trig)  # holds the store's named graphs, as text
        if html:
            page = out_dir / ".graph.html.tmp"
            write_html(store, page, summary=summary)
            staged.append((page, out_dir / "graph.html"))
        if summary is not None:
            summary.save(generation.path)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, final in staged:
        generation.stage(tmp, final)
