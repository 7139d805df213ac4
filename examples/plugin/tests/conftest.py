"""Make the plugin available to its tests, installed or not.

Installed (``pip install -e examples/plugin``), its entry points register it; straight from
a checkout, this registers it from ``src/`` the way the entry points would.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
try:
    import kg_mylab  # noqa: F401  (installed)
except ImportError:
    sys.path.insert(0, str(SRC))


@pytest.fixture(scope="session", autouse=True)
def mylab_registered() -> Iterator[None]:
    from kg.registry import Plugin, registry

    if any(p.name == "mylab.doc_numbers.v1" for p in registry.all()):
        yield  # installed: the entry points did it
        return
    import kg_mylab

    ttl, shapes = kg_mylab.ontology()
    registry.add_ontology("mylab.ontology.v1", ttl, shapes, package="kg-mylab (source)")
    registry.add(Plugin(kg_mylab.NAME, "extractor", kg_mylab.doc_numbers, "kg-mylab (source)"))
    yield
    registry.remove("extractor", kg_mylab.NAME)
    registry.remove("ontology", "mylab.ontology.v1")
