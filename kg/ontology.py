"""The ontology, read from ``ontology/*.ttl`` (shipped as ``kg/resources/ontology``).

``kg.vocab`` holds the Python names of the ontology's terms. It is generated from
``ontology/kg.ttl`` by :func:`generate_vocab` (``python -m kg.ontology``); a test
checks that the two agree, so the TTL stays the single source.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import OWL, RDF, Graph, URIRef

from kg.errors import OntologyError

__all__ = ["KG_NS", "generate_vocab", "ontology_files", "ontology_graph", "shapes_graph"]

KG_NS = "https://w3id.org/kg/ns#"


def ontology_files() -> dict[str, str]:
    """Return the shipped ontology and shapes as ``{file name: Turtle text}``."""
    folder = resources.files("kg.resources").joinpath("ontology")
    return {
        name: folder.joinpath(name).read_text(encoding="utf-8")
        for name in ("kg.ttl", "shapes.ttl")
    }


def _parse(name: str, text: str) -> Graph:
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle")
    except Exception as exc:  # rdflib raises many parser error types
        raise OntologyError(f"cannot parse {name}: {exc}", path=name) from exc
    return graph


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """Return ``ontology/kg.ttl`` plus every registered ontology extension, parsed."""
    from kg.registry import registry

    graph = _parse("kg.ttl", ontology_files()["kg.ttl"])
    for name, text in registry.ontology_texts():
        graph += _parse(name, text)
    return graph


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """Return ``ontology/shapes.ttl`` plus registered extension shapes, parsed."""
    from kg.registry import registry

    graph = _parse("shapes.ttl", ontology_files()["shapes.ttl"])
    for name, text in registry.shape_texts():
        graph += _parse(name, text)
    return graph


def _local_terms(graph: Graph, namespace: str) -> list[str]:
    terms = set()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for subject in graph.subjects(RDF.type, kind):
            if isinstance(subject, URIRef) and str(subject).startswith(namespace):
                terms.add(str(subject)[len(namespace):])
    return sorted(terms)


def generate_vocab(ttl_text: str | None = None) -> str:
    """Return the source of ``kg/vocab.py`` generated from ``ontology/kg.ttl``.

    Args:
        ttl_text: The Turtle to generate from; the shipped ``kg.ttl`` by default.
    """
    graph = _parse("kg.ttl", ttl_text if ttl_text is not None else ontology_files()["kg.ttl"])
    lines = [
        '"""Python names for ontology terms. GENERATED from ontology/kg.ttl by',
        "``python -m kg.ontology``: do not edit by hand.",
        "",
        "Unknown names raise ``AttributeError`` (rdflib ``DefinedNamespace``), so a typo",
        'fails at once instead of minting a wrong IRI."""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        '__all__ = ["KG", "OA"]',
        "",
        "",
        "class KG(DefinedNamespace):",
        '    """The kg ontology (``ontology/kg.ttl``)."""',
        "",
        "    _fail = True",
    ]
    lines += [f"    {term}: URIRef" for term in _local_terms(graph, KG_NS)]
    lines += [
        "",
        f'    _NS = Namespace("{KG_NS}")',
        "",
        "",
        "class OA(DefinedNamespace):",
        '    """The W3C Web Annotation vocabulary terms kg uses."""',
        "",
        "    _fail = True",
    ]
    oa_terms = [
        "Annotation", "SpecificResource", "TextPositionSelector", "TextQuoteSelector",
        "describing", "hasBody", "hasSelector", "hasSource", "hasTarget", "identifying",
        "motivatedBy", "start", "end", "exact", "prefix", "suffix",
    ]
    lines += [f"    {term}: URIRef" for term in oa_terms]
    lines += ["", '    _NS = Namespace("http://www.w3.org/ns/oa#")', ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Regenerate ``kg/vocab.py`` next to this module."""
    target = Path(__file__).with_name("vocab.py")
    target.write_text(generate_vocab(), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
