"""The ontology, read from ``ontology/*.ttl`` (shipped as ``kg/resources/ontology``).

``kg.vocab`` holds the Python names of the ontology's terms. It is generated from
``ontology/kg.ttl`` by :func:`generate_vocab` (``python -m kg.ontology``); a test
checks that the two agree, so the TTL stays the single source.

Ontology extensions (``registry.add_ontology`` or the ``kg.ontologies`` entry point) are
merged into :func:`ontology_graph` and :func:`shapes_graph`; their prefixes are listed by
:func:`extension_prefixes` (and bound in exports), and :func:`namespace` gives Python
names for their terms that fail on typos::

    MYLAB = namespace("mylab")
    MYLAB.documentNumber   # URIRef('https://example.org/mylab/ns#documentNumber')
    MYLAB.documentNumbr    # AttributeError
"""

from __future__ import annotations

import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DefinedNamespace, Namespace

from kg.errors import OntologyError

__all__ = [
    "KG_NS",
    "clear_caches",
    "extension_prefixes",
    "generate_vocab",
    "namespace",
    "ontology_files",
    "ontology_graph",
    "shapes_graph",
]

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
    graph = _parse("kg.ttl", ontology_files()["kg.ttl"])
    for _name, extension in _extensions():
        graph += extension
    return graph


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """Return ``ontology/shapes.ttl`` plus registered extension shapes, parsed."""
    from kg.registry import registry

    graph = _parse("shapes.ttl", ontology_files()["shapes.ttl"])
    for name, text in registry.shape_texts():
        graph += _parse(name, text)
    return graph


def clear_caches() -> None:
    """Forget parsed extensions (the registry calls this when ontologies change)."""
    for cached in (_extensions, extension_prefixes, namespace, ontology_graph, shapes_graph):
        cached.cache_clear()


@lru_cache(maxsize=1)
def _extensions() -> tuple[tuple[str, Graph], ...]:
    from kg.registry import registry

    return tuple((name, _parse(name, text)) for name, text in registry.ontology_texts())


@lru_cache(maxsize=1)
def extension_prefixes() -> dict[str, str]:
    """Return ``{prefix: namespace}`` for the terms the registered extensions declare.

    A prefix counts when the extension's Turtle binds it to a namespace in which the
    extension describes at least one term; standard prefixes it merely uses are left out.

    Raises:
        OntologyError: when two extensions (or an extension and ``kg.ttl``) bind one
            prefix to different namespaces.
    """
    found: dict[str, str] = {}
    owner: dict[str, str] = {"kg": "kg.ttl"}
    known = {"kg": KG_NS}
    for name, graph in _extensions():
        subjects = {str(s) for s in graph.subjects() if isinstance(s, URIRef)}
        for prefix, ns in graph.namespaces():
            ns_text = str(ns)
            if not prefix or not any(s.startswith(ns_text) for s in subjects):
                continue
            if known.get(prefix, ns_text) != ns_text:
                raise OntologyError(
                    f"prefix {prefix!r} is bound to {ns_text} here but to {known[prefix]} by "
                    f"{owner[prefix]}", path=name, hint="give the extension its own prefix")
            if prefix not in known:
                known[prefix], owner[prefix] = ns_text, name
                found[prefix] = ns_text
    return found


_TERM_TYPES = (OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
               OWL.AnnotationProperty, RDF.Property, OWL.NamedIndividual, RDFS.Datatype)


@lru_cache(maxsize=32)
def namespace(prefix: str) -> type[DefinedNamespace]:
    """Return Python names for the terms an ontology declares under ``prefix``.

    The terms are read from the registered Turtle (``kg.ttl`` for ``"kg"``, a registered
    extension otherwise), so the TTL stays the single source. Like the generated
    :class:`kg.vocab.KG`, the result is an rdflib ``DefinedNamespace``: an unknown term
    raises ``AttributeError`` instead of minting a wrong IRI.

    Args:
        prefix: A prefix an extension binds (``"mylab"``), ``"kg"``, or a namespace IRI.

    Raises:
        OntologyError: when no registered ontology binds that prefix or namespace.

    Examples:
        >>> KG = namespace("kg")
        >>> KG.Initiative
        rdflib.term.URIRef('https://w3id.org/kg/ns#Initiative')
        >>> KG.Initiatve
        Traceback (most recent call last):
        ...
        AttributeError: term 'Initiatve' not in namespace 'https://w3id.org/kg/ns#'
    """
    prefixes = {"kg": KG_NS, **extension_prefixes()}
    ns = prefixes.get(prefix) or (prefix if prefix in prefixes.values() else None)
    if ns is None:
        raise OntologyError(f"no registered ontology declares the prefix {prefix!r}",
                            hint=f"known: {', '.join(sorted(prefixes))}; register the "
                            "extension (kg.ontologies entry point or registry.add_ontology)")
    terms = set(_local_terms(ontology_graph(), ns, _TERM_TYPES))
    name = next((p for p, n in prefixes.items() if n == ns), "ns").upper()
    annotations = {term: URIRef for term in sorted(terms) if term.isidentifier()}
    cls = type(name, (DefinedNamespace,), {
        "__annotations__": annotations,
        "__doc__": f"Terms of <{ns}> declared by the registered ontology.",
        "__module__": __name__,
        "_NS": Namespace(ns),
        "_fail": True,
    })
    return cls


def _local_terms(graph: Graph, namespace: str,
                 types: tuple[URIRef, ...] = (OWL.Class, OWL.ObjectProperty,
                                              OWL.DatatypeProperty)) -> list[str]:
    terms = set()
    for kind in types:
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
        '"""Python names for ontology terms, generated from ontology/kg.ttl.',
        "",
        "GENERATED by ``python -m kg.ontology``: do not edit by hand.",
        "",
        "Unknown names raise ``AttributeError`` (rdflib ``DefinedNamespace``), so a typo",
        "fails at once instead of minting a wrong IRI.",
        '"""',
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
