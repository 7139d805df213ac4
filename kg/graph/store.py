"""The embedded on-disk store (Oxigraph through pyoxigraph) under a build folder.

Layout of a build folder ``DIR``::

    DIR/graph.trig            the whole dataset
    DIR/graph.html            the interactive graph
    DIR/store/CURRENT         names the live generation
    DIR/store/gen-…/          one Oxigraph database per generation
    DIR/store/gen-….NAME.note notes on how a generation was made (the pipeline that
                              extracted each article), kept outside the graphs
    DIR/store/gen-….view.pickle what graph.html draws of each named graph
                              (:mod:`kg.export.summary`), updated by the next build

Each article's triples live in its named graph; the store's default graph holds their
set union (maintained on every write), so a query over the default graph sees each
triple once however many articles state it. (Oxigraph's ``use_default_graph_as_union``
would repeat a triple once per graph, multiplying joins and counts.)

A build never writes the live generation: it copies it (an Oxigraph backup, hard links
where it can), writes the copy, and switches ``CURRENT`` with an atomic rename only
when everything succeeded. A failed or killed build leaves the earlier one as it was.
Files written beside the store (``graph.trig``, ``graph.html``) are staged under names
that carry their generation and moved into place only after ``CURRENT`` switched; a
build killed between the two is completed by the next one, which also removes what
killed builds left behind (stale generations, staged and temporary files).
Measured here on 1 M triples, Oxigraph answers typical queries 10–90× faster than
rdflib's engine (``../shared/MEASURED.md``), so queries go to pyoxigraph directly.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import os
import shutil
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import StoreError

__all__ = [
    "Generation",
    "GraphWriter",
    "TrigBlocks",
    "current_path",
    "is_build",
    "named_quads",
    "open_store",
    "replace_graph",
    "update_graph",
    "write_generation",
]

STORE = "store"
CURRENT = "CURRENT"


def current_path(build_dir: str | os.PathLike[str]) -> Path | None:
    """Return the live store generation of a build folder, or None if it has none."""
    pointer = Path(build_dir) / STORE / CURRENT
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise StoreError(f"cannot read the build: {exc.strerror}", path=str(pointer)) from None
    path = pointer.parent / name
    return path if path.is_dir() else None


def is_build(build_dir: str | os.PathLike[str]) -> bool:
    """True when ``build_dir`` holds a kg build."""
    return current_path(build_dir) is not None


def open_store(build_dir: str | os.PathLike[str]) -> ox.Store:
    """Open a build's store read-only.

    Raises:
        StoreError: when the folder holds no build, or the store cannot be opened.
    """
    path = current_path(build_dir)
    if path is None:
        raise StoreError("no kg build here", path=str(build_dir),
                         hint="run `kg build INPUT -o DIR` first")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the store: {exc}", path=str(path)) from exc


class Generation:
    """A new store generation being written; see :func:`write_generation`."""

    def __init__(self, build_dir: Path, path: Path, store: ox.Store) -> None:
        self.build_dir = build_dir
        self.path = path
        self.store = store
        self.staged: list[tuple[Path, Path]] = []
        self.previous: Path | None = None
        self.blocks: TrigBlocks | None = None
        self.notes: dict[str, str] = {}

    def previous_note(self, name: str) -> str | None:
        """Return the note ``name`` kept beside the generation this one copied, if any.

        Notes (see :meth:`note`) record how a generation was made, outside its graphs.
        """
        if self.previous is None:
            return None
        try:
            return _note_path(self.previous, name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def note(self, name: str, text: str) -> None:
        """Keep ``text`` beside this generation under ``name``, published with it.

        A note this build does not write is carried over from the generation it copied
        (so that, say, ``kg serve --allow-update`` keeps the notes of ``kg build``).
        """
        self.notes[name] = text

    def record_trig(self, prefixes: Mapping[str, str]) -> TrigBlocks:
        """Keep the TriG of every graph written from now on, for :meth:`write_trig`.

        Graphs written through :class:`GraphWriter` bring their TriG with them; graphs
        written through :func:`replace_graph` are read back from the store.
        """
        if self.blocks is None:
            self.blocks = TrigBlocks(self.path.parent / f"{self.path.name}{_BLOCKS}", prefixes)
            _RECORDING[id(self.store)] = self.blocks
        return self.blocks

    def write_trig(self, out: Path) -> None:
        """Write the whole dataset as TriG to ``out`` without reading every quad back.

        The graphs written by this build (see :meth:`record_trig`) are merged into the
        ``graph.trig`` of the generation this one copied, when that file is known to
        belong to it (see :meth:`keep_trig`); otherwise the other graphs are read from
        the store. Graphs come in the order of their names as written in TriG, and the
        triples of a graph in the order of their N-Triples text (a build's text does not
        depend on the order articles were built in).
        """
        if self.blocks is None:
            raise StoreError("write_trig needs record_trig first")
        self.blocks.write(out, self.store, _kept_trig(self.previous, self.blocks.header))

    def keep_trig(self, written: Path) -> None:
        """Remember ``written`` (this generation's ``graph.trig``) for the next build."""
        kept = self.path.parent / f"{self.path.name}{_TRIG}"
        kept.unlink(missing_ok=True)
        try:
            os.link(written, kept)
        except OSError:
            shutil.copyfile(written, kept)
        header = self.blocks.header if self.blocks is not None else ""
        meta = {"size": kept.stat().st_size, "header": header, "format": 1}
        Path(f"{kept}.json").write_text(json.dumps(meta), encoding="utf-8")

    def _close(self) -> None:
        if self.blocks is not None:
            _RECORDING.pop(id(self.store), None)
            self.blocks.close()
            self.blocks = None

    def stage(self, written: Path, final: Path) -> None:
        """Have the file ``written`` replace ``final`` (in the build folder) on success.

        The file is renamed now to a name carrying this generation, and into place
        just after the generation is published, so that the file and the store change
        together: a build killed in between is completed by the next one.

        Raises:
            StoreError: when ``final`` is outside the build folder or the rename fails.
        """
        if final.parent.resolve() != self.build_dir.resolve():
            raise StoreError("a staged file must go into the build folder", path=str(final))
        staged = self.build_dir / f".{final.name}.{self.path.name}{_STAGED}"
        try:
            os.replace(written, staged)
        except OSError as exc:
            raise StoreError(f"cannot stage {final.name}: {exc.strerror}",
                             path=str(written)) from exc
        self.staged.append((staged, final))


@contextlib.contextmanager
def _lock(build_dir: Path) -> Iterator[None]:
    try:
        build_dir.mkdir(parents=True, exist_ok=True)
        handle = open(build_dir / ".kg-lock", "w")  # noqa: SIM115  (held for the block)
    except OSError as exc:
        what = "is a file, not a folder" if build_dir.is_file() else \
            f"cannot be written: {exc.strerror}"
        raise StoreError(f"the build folder {what}", path=str(build_dir),
                         hint="give -o a folder kg may write") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError("another kg build is writing this folder", path=str(build_dir),
                             hint="wait for it to finish") from None
        yield
    finally:
        handle.close()


@contextlib.contextmanager
def write_generation(build_dir: str | os.PathLike[str], *,
                     fresh: bool = False) -> Iterator[Generation]:
    """Open a new generation of a build's store for writing; publish it on success.

    Args:
        build_dir: The build folder (created if missing).
        fresh: Start empty instead of from the live generation.

    Yields:
        The generation; write into ``generation.store``. Files the caller writes into
        the build folder should be published (renamed into place) inside the block.

    Raises:
        StoreError: when the folder is locked by another build or the store fails.
    """
    root = Path(build_dir)
    with _lock(root):
        stores = root / STORE
        stores.mkdir(parents=True, exist_ok=True)
        recover(root)
        path = stores / f"gen-{time.time_ns():x}-{os.getpid()}"
        live = current_path(root)
        try:
            if live is not None and not fresh:
                source = ox.Store.read_only(str(live))
                source.backup(str(path))
                del source
                gc.collect()
            store = ox.Store(str(path))
        except OSError as exc:
            shutil.rmtree(path, ignore_errors=True)
            raise StoreError(f"cannot prepare the store: {exc}", path=str(path)) from exc
        generation = Generation(root, path, store)
        generation.previous = None if fresh else live
        try:
            yield generation
            store.flush()
            _write_notes(generation)
        except BaseException:
            generation._close()
            staged = generation.staged
            del generation, store
            gc.collect()
            for file, _ in staged:
                file.unlink(missing_ok=True)
            shutil.rmtree(path, ignore_errors=True)
            raise
        generation._close()
        staged = generation.staged
        del generation, store
        gc.collect()
        pointer = stores / f"{CURRENT}.tmp"
        pointer.write_text(path.name + "\n", encoding="utf-8")
        with open(pointer, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(pointer, stores / CURRENT)  # the build is published here
        for file, final in staged:
            try:
                os.replace(file, final)
            except OSError as exc:
                raise StoreError(f"cannot write {final.name}: {exc.strerror}",
                                 path=str(final), hint="the next build writes it") from exc
        _remove_stale(stores)


_STAGED = ".staged"
_TEMPORARY = (".graph.trig.tmp", ".graph.html.tmp")


def recover(build_dir: str | os.PathLike[str]) -> None:
    """Complete or clean up what killed builds left in ``build_dir``.

    Files staged for the live generation are moved into place (the build that staged
    them was published, then killed); other staged files, temporary files and
    generations that are not live are deleted. Call it only while holding the build
    lock (:func:`write_generation` does).
    """
    root = Path(build_dir)
    stores = root / STORE
    live = current_path(root)
    for child in root.iterdir() if root.is_dir() else ():
        name = child.name
        if name.startswith(".") and name.endswith(_STAGED) and ".gen-" in name:
            final, _, generation = name[1:-len(_STAGED)].rpartition(".gen-")
            if live is not None and live.name == f"gen-{generation}" and final:
                with contextlib.suppress(OSError):
                    os.replace(child, root / final)
                    continue
            child.unlink(missing_ok=True)
        elif name in _TEMPORARY:
            child.unlink(missing_ok=True)
    if stores.is_dir():
        (stores / f"{CURRENT}.tmp").unlink(missing_ok=True)
        _remove_stale(stores)


def _remove_stale(stores: Path) -> None:
    """Delete generations that are not live (left by killed builds or replaced)."""
    live = current_path(stores.parent)
    for child in stores.iterdir():
        if child.is_dir() and child.name.startswith("gen-") and child != live:
            shutil.rmtree(child, ignore_errors=True)
        elif child.name.startswith("gen-") and child.name.endswith(_BESIDE) and (
                live is None or not child.name.startswith(live.name + ".")):
            child.unlink(missing_ok=True)


_DEFAULT = ox.DefaultGraph()


def replace_graph(store: ox.Store, graph: ox.NamedNode, ntriples: str, *,
                  record: bool = True) -> None:
    """Replace the named graph ``graph`` with ``ntriples``, keeping the union default graph.

    Triples of the old graph that no other named graph states leave the default graph;
    the new triples join it. For many graphs, :class:`GraphWriter` is faster.

    Raises:
        StoreError: when ``ntriples`` is not valid N-Triples (then discard the generation).
    """
    try:
        data = ntriples.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise StoreError(f"the graph {graph.value} holds text that is not valid Unicode "
                         f"({exc.reason})", hint=_BUG) from None
    try:
        _remove_old(store, graph, data)
    except SyntaxError as exc:
        raise StoreError(f"the graph {graph.value} is not valid N-Triples: {exc}",
                         hint=_BUG) from None
    if data:
        try:
            store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
            store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=_DEFAULT)
        except SyntaxError as exc:
            raise StoreError(f"the graph {graph.value} is not valid N-Triples: {exc}",
                             hint=_BUG) from None
    blocks = _RECORDING.get(id(store)) if record else None
    if blocks is not None:
        _record(blocks, store, graph)


def update_graph(store: ox.Store, graph: ox.NamedNode, ntriples: str,
                 old: str | None = None) -> None:
    """Make ``ntriples`` the content of ``graph``, writing only what changed since ``old``.

    ``old`` is the graph's content as the store holds it (N-Triples as
    :func:`kg.graph.nquads.unique_ntriples` writes them, the text the build before
    wrote): the triples it holds that ``ntriples`` does not are removed, the others
    added, so the cost follows the change, not the graph (reading a graph back from
    the store costs ~15–50 µs a quad). The union default graph stays right as in
    :func:`replace_graph`. Without ``old``, the graph is read back and replaced.

    Args:
        store: The store of a generation being written.
        graph: The graph.
        ntriples: Its new content, sorted and each triple once
            (:func:`kg.graph.nquads.unique_ntriples`).
        old: Its content now, in the same form; None when not known.

    Raises:
        StoreError: when ``ntriples`` is not valid N-Triples (then discard the generation).
    """
    if old is None:
        replace_graph(store, graph, ntriples, record=False)
    else:
        new_lines, old_lines = set(ntriples.splitlines()), set(old.splitlines())
        removed = "".join(f"{line}\n" for line in sorted(old_lines - new_lines))
        fresh = "".join(f"{line}\n" for line in sorted(new_lines - old_lines))
        try:
            for triple in ox.parse(removed, format=ox.RdfFormat.N_TRIPLES) if removed else ():
                store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
                if not any(q.graph_name != _DEFAULT for q in store.quads_for_pattern(
                        triple.subject, triple.predicate, triple.object, None)):
                    store.remove(ox.Quad(triple.subject, triple.predicate, triple.object,
                                         _DEFAULT))
            if fresh:
                data = fresh.encode("utf-8")
                store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
                store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=_DEFAULT)
        except SyntaxError as exc:
            raise StoreError(f"the graph {graph.value} is not valid N-Triples: {exc}",
                             hint=_BUG) from None
    blocks = _RECORDING.get(id(store))
    if blocks is not None:
        if ntriples:
            from kg.graph.nquads import nquads_of, trig_blocks

            blocks.put(trig_blocks(nquads_of(ntriples, graph.value), blocks.prefixes))
        else:
            blocks.clear(graph.value)


def _record(blocks: TrigBlocks, store: ox.Store, graph: ox.NamedNode) -> None:
    """Keep the TriG block of ``graph`` as the store holds it."""
    from kg.graph.nquads import trig_blocks

    text = trig_blocks(store.quads_for_pattern(None, None, None, graph), blocks.prefixes)
    if text:
        blocks.put(text)
    else:
        blocks.clear(graph.value)


_BUG = "a bug in kg: please report it with the input line that gave it"


def named_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """Yield the quads of the named graphs (the dataset proper, without the union copy)."""
    for graph in store.named_graphs():
        yield from store.quads_for_pattern(None, None, None, graph)


# Files beside a generation ``gen-…`` in ``DIR/store/``: the TriG blocks a build is
# writing (deleted when it ends), the published ``graph.trig`` of the generation
# (a hard link) with a note of its size and prefixes, which the next build merges into,
# and the generation's notes (:meth:`Generation.note`: ``gen-….NAME.note``).
_BLOCKS = ".blocks"
_TRIG = ".trig"
_NOTE = ".note"
_VIEW = ".view.pickle"  # what graph.html draws (kg.export.summary)
_BESIDE = (_BLOCKS, _TRIG, f"{_TRIG}.json", _NOTE, _VIEW, f"{_VIEW}.tmp")

_RECORDING: dict[int, TrigBlocks] = {}
_PROBE = ox.NamedNode("urn:kg:probe")


def _note_path(generation: Path, name: str) -> Path:
    return generation.parent / f"{generation.name}.{name}{_NOTE}"


def _write_notes(generation: Generation) -> None:
    """Write the notes of ``generation`` beside it; carry over those it did not write."""
    notes = dict(generation.notes)
    previous = generation.previous
    if previous is not None:
        prefix, carried = f"{previous.name}.", len(_NOTE)
        for old in previous.parent.glob(f"{previous.name}.*{_NOTE}"):
            name = old.name[len(prefix):-carried]
            if name and name not in notes:
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    notes[name] = old.read_text(encoding="utf-8")
    for name, text in notes.items():
        path = _note_path(generation.path, name)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"cannot write the build's {name} note: {exc.strerror}",
                             path=str(path)) from exc


def _kept_trig(previous: Path | None, header: str) -> Path | None:
    """The ``graph.trig`` of generation ``previous``, if it is intact and has ``header``."""
    if previous is None:
        return None
    kept = previous.parent / f"{previous.name}{_TRIG}"
    try:
        meta = json.loads(Path(f"{kept}.json").read_text(encoding="utf-8"))
        if meta.get("format") == 1 and meta.get("header") == header \
                and kept.stat().st_size == meta.get("size"):
            return kept
    except (OSError, ValueError):
        pass
    return None


def _read_blocks(handle: BinaryIO, header: bytes) -> Iterator[tuple[bytes, bytes]]:
    """Yield ``(head line, block)`` of a TriG file written by :meth:`TrigBlocks.write`."""
    if handle.read(len(header)) != header:
        raise StoreError("the previous graph.trig does not start as expected")
    head = last = b""
    lines: list[bytes] = []
    for line in handle:
        if head:
            lines.append(line)
            if line == b"}\n":
                yield head, b"".join(lines)
                head, lines = b"", []
        elif line.endswith(b" {\n") and line > last:
            head, lines, last = line, [line], line
        else:
            raise StoreError("the previous graph.trig is not one written by kg build")
    if head:
        raise StoreError("the previous graph.trig ends inside a graph")


class TrigBlocks:
    """The TriG text of each graph a build writes, kept in a file until it is published.

    Blocks are keyed by their first line (the graph's name as TriG writes it, then
    ``{``); a graph written again replaces its block, a graph emptied leaves an empty one.

    Args:
        path: The file to keep them in (created; deleted by :meth:`close`).
        prefixes: The prefixes of the ``graph.trig`` being made.
    """

    def __init__(self, path: Path, prefixes: Mapping[str, str]) -> None:
        from kg.graph.nquads import trig_header

        self.prefixes = dict(prefixes)
        self.header = trig_header(self.prefixes)
        self.path = path
        self._file = open(path, "w+b")  # noqa: SIM115  (closed by close())
        self._index: dict[bytes, tuple[int, int]] = {}

    def put(self, trig: str | bytes) -> None:
        """Keep the blocks of TriG ``trig`` (as :func:`kg.graph.nquads.trig_blocks` writes).

        Args:
            trig: The text, or the text in UTF-8.
        """
        data = trig if isinstance(trig, bytes) else trig.encode("utf-8")
        start = 0
        while start < len(data):
            end = data.index(b"\n}\n", start) + 3
            head = data[start:data.index(b"\n", start) + 1]
            offset = self._file.seek(0, os.SEEK_END)
            self._file.write(data[start:end])
            self._index[head] = (offset, end - start)
            start = end

    def clear(self, graph: str) -> None:
        """Record that ``graph`` is empty now."""
        self._index[self._head(graph)] = (0, 0)

    def _head(self, graph: str) -> bytes:
        from kg.graph.nquads import trig_blocks

        probe = ox.Quad(_PROBE, _PROBE, _PROBE, ox.NamedNode(graph))
        first = trig_blocks([probe], self.prefixes).split("\n", 1)[0]
        return (first + "\n").encode("utf-8")

    def __contains__(self, head: bytes) -> bool:
        return head in self._index

    def write(self, out: Path, store: ox.Store, previous: Path | None) -> None:
        """Write the TriG of the whole dataset to ``out``.

        Args:
            out: The file to write.
            store: The store (graphs neither kept here nor in ``previous`` are read from it).
            previous: The ``graph.trig`` of the generation this one copied, or None.
        """
        from kg.graph.nquads import trig_blocks

        if previous is None:
            # Graphs this build did not write come from the store (slow: the first
            # build over an older build folder, or one after `kg serve` updates).
            for graph in store.named_graphs():
                if isinstance(graph, ox.NamedNode) and self._head(graph.value) not in self:
                    self.put(trig_blocks(store.quads_for_pattern(None, None, None, graph),
                                         self.prefixes))
        self._file.flush()
        header = self.header.encode("utf-8")
        ours = sorted(self._index.items())
        with open(out, "wb") as sink:
            sink.write(header)
            old: Iterator[tuple[bytes, bytes]] = iter(())
            handle = open(previous, "rb") if previous is not None else None  # noqa: SIM115
            try:
                if handle is not None:
                    old = _read_blocks(handle, header)
                pending = next(old, None)
                for head, (offset, length) in ours:
                    while pending is not None and pending[0] < head:
                        sink.write(pending[1])
                        pending = next(old, None)
                    if pending is not None and pending[0] == head:
                        pending = next(old, None)
                    if length:
                        self._file.seek(offset)
                        sink.write(self._file.read(length))
                while pending is not None:
                    sink.write(pending[1])
                    pending = next(old, None)
            finally:
                if handle is not None:
                    handle.close()

    def close(self) -> None:
        """Close and delete the file."""
        self._file.close()
        self.path.unlink(missing_ok=True)


class GraphWriter:
    """Replaces the named graphs of many articles in a store being built, in batches.

    Each batch is one N-Quads document (the graphs' triples, then the same triples in
    the default graph, which holds the union) loaded with ``Store.bulk_load``, several
    times faster than two transactional loads per article. That loader is not atomic,
    which is safe only in a generation being written (:func:`write_generation` throws
    it away on failure). Graphs that already exist first lose their old triples as in
    :func:`replace_graph`; new graphs cost nothing beyond the load.

    A batch loads in a background thread (Oxigraph releases the GIL) while the caller
    prepares the next, one batch at a time; :meth:`close` (or leaving the ``with``
    block) waits for the last and raises its error, if any.

    Args:
        store: The store of a generation being written.
        blocks: Where TriG blocks of the graphs go (:meth:`Generation.record_trig`).
        batch_bytes: N-Triples text gathered before a load.
    """

    def __init__(self, store: ox.Store, blocks: TrigBlocks | None = None, *,
                 batch_bytes: int = 16 << 20) -> None:
        self.store = store
        self.blocks = blocks
        self.batch_bytes = batch_bytes
        self._graphs: list[str] = []
        self._texts: list[bytes] = []
        self._quads: list[bytes] = []
        self._pending: set[str] = set()
        self._size = 0
        self._loading: set[str] = set()
        self._future: Future[None] | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-store")
        self.new = 0
        self.replaced = 0

    def replace(self, graph: str, ntriples: str | bytes, trig: str | bytes | None = None,
                *, nquads: bytes | None = None) -> None:
        """Make ``ntriples`` the content of the named graph ``graph``.

        Args:
            graph: The graph IRI.
            ntriples: Its triples, as :func:`kg.graph.nquads.unique_ntriples` returns them
                (text, or that text in UTF-8).
            trig: Its TriG block (:func:`kg.graph.nquads.trig_blocks`), when the writer
                keeps blocks; computed here when None.
            nquads: ``ntriples`` in ``graph`` (:func:`kg.graph.nquads.nquads_of`, UTF-8),
                when the caller has it; computed here when None.
        """
        if graph in self._pending:
            self.flush()
        if graph in self._loading:
            self.wait()
        node = ox.NamedNode(graph)
        if self.store.contains_named_graph(node):
            self.wait()  # which triples other graphs state must include every load
            _remove_old(self.store, node, ntriples)
            self.replaced += 1
        else:
            self.new += 1
        if self.blocks is not None:
            if not ntriples:
                self.blocks.clear(graph)
            else:
                from kg.graph.nquads import nquads_of, trig_blocks

                self.blocks.put(trig if trig is not None else
                                trig_blocks(nquads_of(_text(ntriples), graph),
                                            self.blocks.prefixes))
        if ntriples:
            data = _utf8(graph, ntriples)
            if nquads is None:
                from kg.graph.nquads import nquads_of

                nquads = _utf8(graph, nquads_of(_text(ntriples), graph))
            self._graphs.append(graph)
            self._texts.append(data)
            self._quads.append(nquads)
            self._pending.add(graph)
            self._size += len(data)
            if self._size >= self.batch_bytes:
                self.flush()

    def flush(self) -> None:
        """Start loading what is gathered (after the load before it has finished)."""
        if not self._texts:
            return
        graphs, texts = self._graphs, self._texts
        # The union in the default graph first, then each graph's own quads.
        data = b"".join(texts) + b"".join(self._quads)
        self._graphs, self._texts, self._quads, self._pending, self._size = [], [], [], set(), 0
        self.wait()
        self._loading = set(graphs)
        self._future = self._thread.submit(self._load, data, graphs, texts)

    def _load(self, data: bytes, graphs: list[str], texts: list[bytes]) -> None:
        try:
            self.store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        except SyntaxError:
            _check(graphs, texts)
            raise

    def wait(self) -> None:
        """Wait for the load in progress; raise its error, if any."""
        future, self._future = self._future, None
        self._loading = set()
        if future is not None:
            future.result()

    def close(self) -> None:
        """Load what is gathered and wait for it."""
        try:
            self.flush()
            self.wait()
        finally:
            self._thread.shutdown(wait=True)

    def __enter__(self) -> GraphWriter:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:
            self.close()
            return
        with contextlib.suppress(Exception):
            self.wait()  # the caller's error wins; the generation is thrown away
        self._thread.shutdown(wait=True)


def _text(ntriples: str | bytes) -> str:
    """``ntriples`` as text (decoded when it came as UTF-8)."""
    return ntriples.decode("utf-8") if isinstance(ntriples, bytes) else ntriples


def _utf8(graph: str, text: str | bytes) -> bytes:
    """``text`` in UTF-8; a :class:`StoreError` naming ``graph`` if it cannot be."""
    if isinstance(text, bytes):
        return text
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise StoreError(f"the graph {graph} holds text that is not valid Unicode "
                         f"({exc.reason})", hint=_BUG) from None


def _check(graphs: list[str], texts: Sequence[str | bytes]) -> None:
    """Raise the :class:`StoreError` :func:`replace_graph` would for the first bad graph."""
    for graph, text in zip(graphs, texts, strict=True):
        data = _utf8(graph, text)
        try:
            for _ in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
                pass
        except SyntaxError as exc:
            raise StoreError(f"the graph {graph} is not valid N-Triples: {exc}",
                             hint=_BUG) from None


def _remove_old(store: ox.Store, graph: ox.NamedNode, ntriples: str | bytes) -> None:
    """Empty ``graph``; its triples that no other graph states leave the default graph.

    Triples the new content ``ntriples`` states again stay in the default graph.
    """
    old = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
    if not old:
        return
    store.remove_graph(graph)
    again = {q.triple for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)} \
        if ntriples else set()
    for triple in old:
        if triple in again:
            continue
        if not any(q.graph_name != _DEFAULT for q in store.quads_for_pattern(
                triple.subject, triple.predicate, triple.object, None)):
            store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, _DEFAULT))
