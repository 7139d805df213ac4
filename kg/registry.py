"""One registry for extractors, exporters and ontology extensions.

Filled three ways:

* decorators in our code, a notebook or a ``kg build --code my.py`` file::

      from kg import registry

      @registry.extractor("mylab.doc_numbers.v1")
      def doc_numbers(doc):          # doc: kg.extract.doc.Doc
          yield Fact(...)            # Mention, Post, Relation or Fact records

* entry points of installed packages, groups ``kg.extractors``, ``kg.exporters``,
  ``kg.ontologies`` (loaded lazily, the first time the registry is read);
* :meth:`Registry.add_ontology` for TTL and SHACL text.

Names are namespaced and versioned (``kg.people.v1``); registering a name twice is a
:class:`~kg.errors.PluginError`.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Literal, TypeVar

from kg.errors import PluginError

__all__ = ["Plugin", "Registry", "registry"]

Kind = Literal["extractor", "exporter", "ontology"]
F = TypeVar("F", bound=Callable[..., Any])

_GROUPS: dict[Kind, str] = {
    "extractor": "kg.extractors",
    "exporter": "kg.exporters",
    "ontology": "kg.ontologies",
}


@dataclass
class Plugin:
    """One registered component.

    Attributes:
        name: Namespaced, versioned name (``kg.people.v1``).
        kind: ``extractor``, ``exporter`` or ``ontology``.
        obj: The function (extractor, exporter) or ``(ttl, shapes)`` texts (ontology).
        package: The distribution or module it comes from.
        order: Extractors run in ascending order (builtins use 10-90).
        options: Extra facts (an exporter's file suffix ...).
    """

    name: str
    kind: Kind
    obj: Any
    package: str
    order: int = 100
    options: dict[str, Any] = field(default_factory=dict)


class Registry:
    """Holds every plugin by ``(kind, name)``; see the module docstring."""

    def __init__(self) -> None:
        self._plugins: dict[tuple[Kind, str], Plugin] = {}
        self._entry_points_loaded = False

    # ------------------------------------------------------------ registering
    def add(self, plugin: Plugin) -> None:
        """Register ``plugin``.

        Raises:
            PluginError: when a plugin of the same kind and name exists.
        """
        key = (plugin.kind, plugin.name)
        existing = self._plugins.get(key)
        if existing is not None:
            raise PluginError(
                f"{plugin.kind} {plugin.name!r} from {plugin.package} is already registered "
                f"by {existing.package}",
                hint="give it another name, e.g. bump its version suffix",
            )
        self._plugins[key] = plugin

    def extractor(self, name: str, *, order: int = 100) -> Callable[[F], F]:
        """Decorate ``f(doc: Doc) -> Iterable[Mention | Post | Relation | Fact]``.

        ``doc`` (:class:`kg.extract.doc.Doc`) holds the article and what the extractors
        before this one found (``doc.mentions``, ``doc.posts``, ``doc.relations``).

        Args:
            name: Namespaced, versioned name.
            order: Position among extractors; builtins use 10-90, plugins default 100.
        """

        def decorate(func: F) -> F:
            self.add(Plugin(name, "extractor", func, _package_of(func), order))
            return func

        return decorate

    def exporter(self, name: str, *, suffix: str, media_type: str = "") -> Callable[[F], F]:
        """Decorate ``f(store: pyoxigraph.Store, out: Path, **options) -> None`` writing a format.

        Args:
            name: The format name users pass to ``kg export --format``.
            suffix: The usual file suffix (``.ttl``).
            media_type: The IANA media type, if there is one.
        """

        def decorate(func: F) -> F:
            options = {"suffix": suffix, "media_type": media_type}
            self.add(Plugin(name, "exporter", func, _package_of(func), 100, options))
            return func

        return decorate

    def add_ontology(self, name: str, ttl: str, shapes: str = "", *, package: str = "") -> None:
        """Register an ontology extension: OWL/RDFS Turtle and optional SHACL shapes.

        Both texts are merged into every build's ontology and validation shapes.
        """
        self.add(Plugin(name, "ontology", (ttl, shapes), package or "kg"))
        _clear_ontology_caches()

    # ------------------------------------------------------------ reading
    def get(self, kind: Kind, name: str) -> Plugin:
        """Return the plugin ``name`` of ``kind``.

        Raises:
            PluginError: when none is registered under that name.
        """
        self._load_entry_points()
        try:
            return self._plugins[(kind, name)]
        except KeyError:
            known = ", ".join(sorted(n for k, n in self._plugins if k == kind))
            raise PluginError(f"no {kind} named {name!r}", hint=f"known: {known}") from None

    def all(self, kind: Kind | None = None) -> list[Plugin]:
        """Return plugins (of one kind), extractors in run order."""
        self._load_entry_points()
        found = [p for (k, _), p in self._plugins.items() if kind is None or k == kind]
        return sorted(found, key=lambda p: (p.kind, p.order, p.name))

    def extractors(self) -> list[Plugin]:
        """Return the extractors in run order."""
        return self.all("extractor")

    def ontology_texts(self) -> Iterator[tuple[str, str]]:
        """Yield ``(name, ttl)`` of every registered ontology extension."""
        for plugin in self.all("ontology"):
            yield plugin.name, plugin.obj[0]

    def shape_texts(self) -> Iterator[tuple[str, str]]:
        """Yield ``(name, shapes)`` of every registered extension that has shapes."""
        for plugin in self.all("ontology"):
            if plugin.obj[1]:
                yield plugin.name, plugin.obj[1]

    def remove(self, kind: Kind, name: str) -> None:
        """Unregister a plugin (for tests and notebooks that re-run a cell)."""
        self._plugins.pop((kind, name), None)
        if kind == "ontology":
            _clear_ontology_caches()

    # ------------------------------------------------------------ loading
    def _load_entry_points(self) -> None:
        if self._entry_points_loaded:
            return
        self._entry_points_loaded = True
        _import_builtins()
        for kind, group in _GROUPS.items():
            for entry in metadata.entry_points(group=group):
                self._load_entry_point(kind, entry)
        if any(kind == "ontology" for kind, _ in self._plugins):
            _clear_ontology_caches()

    def _load_entry_point(self, kind: Kind, entry: metadata.EntryPoint) -> None:
        package = entry.dist.name if entry.dist is not None else entry.module
        key = (kind, entry.name)
        before = self._plugins.get(key)
        if before is not None and before.package == package:
            return
        try:
            obj = entry.load()
        except Exception as exc:
            raise PluginError(
                f"cannot load {kind} {entry.name!r} from {package}: {exc}",
                hint=f"check the entry point {entry.value!r} in that package",
            ) from exc
        if kind == "ontology":
            ttl, shapes = obj() if callable(obj) else obj
            self.add(Plugin(entry.name, kind, (ttl, shapes), package))
            return
        registered = self._plugins.get(key)
        if registered is not None and registered is not before and registered.obj is obj:
            # Importing the module ran its decorator: record where it came from.
            registered.package = package
            return
        options = dict(getattr(obj, "kg_options", {}))
        order = int(getattr(obj, "kg_order", 100))
        self.add(Plugin(entry.name, kind, obj, package, order, options))

    def load_code(self, path: str | Path) -> list[Plugin]:
        """Import a Python file whose decorators register plugins (``kg build --code``).

        Returns:
            The plugins the file registered.

        Raises:
            PluginError: when the file does not exist or fails to import.
        """
        self._load_entry_points()
        path = Path(path)
        before = set(self._plugins)
        if not path.is_file():
            raise PluginError(f"no such file: {path}", path=str(path))
        spec = importlib.util.spec_from_file_location(f"kg_user_code_{path.stem}", path)
        if spec is None or spec.loader is None:
            raise PluginError("not a Python file", path=str(path))
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        try:
            spec.loader.exec_module(module)
        except PluginError as exc:
            exc.path = exc.path or str(path)
            raise
        except Exception as exc:
            raise PluginError(f"importing it failed: {exc}", path=str(path)) from exc
        added = [self._plugins[key] for key in self._plugins if key not in before]
        for plugin in added:
            if plugin.package == spec.name:
                plugin.package = str(path)
        return added


def _package_of(func: Callable[..., Any]) -> str:
    module = getattr(func, "__module__", "") or ""
    return "kg" if module.startswith("kg.") or module == "kg" else module


def _import_builtins() -> None:
    # The built-in extractors and exporters register themselves on import.
    for module in ("kg.export", "kg.extract"):
        importlib.import_module(module)


def _clear_ontology_caches() -> None:
    """Forget parsed ontologies and rebind the extensions' prefixes in exports."""
    module = sys.modules.get("kg.ontology")
    if module is not None:
        module.clear_caches()
    graph = sys.modules.get("kg.graph")
    if graph is not None:
        graph.refresh_prefixes()


def iter_names(plugins: Iterable[Plugin]) -> list[str]:
    """Return the names of ``plugins`` (helper for messages)."""
    return [p.name for p in plugins]


registry = Registry()
