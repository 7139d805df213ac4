"""Export: a build's store out to files.

Every format is a registry entry (``@registry.exporter``), so a plugin adds formats the
same way; ``kg export DIR --format NAME -o FILE`` calls :func:`export`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.api import CallablePackage
from kg.errors import ExportError, KGError
from kg.export import html as _html  # noqa: F401  (registers the html exporter)
from kg.export import rdf as _rdf  # noqa: F401  (registers the RDF exporters)
from kg.export import tables as _tables  # noqa: F401  (registers csv, graphml, gexf)
from kg.export.html import write_html
from kg.export.rdf import write_trig
from kg.graph.store import open_store
from kg.registry import registry

__all__ = ["export", "formats", "write_html", "write_trig"]


def formats() -> list[str]:
    """Return the names of every registered export format."""
    return [p.name for p in registry.all("exporter")]


def export(build_dir: str | os.PathLike[str], fmt: str, out: str | os.PathLike[str],
           **options: Any) -> Path:
    """Write a build in format ``fmt`` to the file ``out``.

    Args:
        build_dir: The build folder.
        fmt: A registered format name (``kg export --format``).
        out: The file to write.
        **options: Passed to the exporter (html: ``focus``, ``radius``, ``limit``).

    Raises:
        ExportError: when the format is unknown or writing fails.
    """
    try:
        plugin = registry.get("exporter", fmt)
    except KGError:
        raise ExportError(f"unknown format {fmt!r}",
                          hint=f"choose one of: {', '.join(formats())}") from None
    store: ox.Store = open_store(build_dir)
    target = Path(out)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        plugin.obj(store, tmp, **options)
        os.replace(tmp, target)
    except KGError:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write it: {exc.strerror}", path=str(target)) from exc
    return target


sys.modules[__name__].__class__ = CallablePackage  # kg.export(...) once this package is imported
