"""Every IRI ``kg`` mints, in one place.

IRIs are deterministic functions of canonical names and contexts: building the same
input twice gives the same quads, and no blank node is ever made. Names keep their
letters and digits (Chinese included, so IRIs stay readable); every other character
is percent-encoded, so no name can break out of its namespace.

A name of dots only (``.``, ``..``) would be a dot segment, which IRI resolution
removes (``person/..`` is the ``id/`` folder); it is written with a ``!`` first, a
character no other slug holds unencoded.

Examples:
    >>> person("邢国显")
    'https://w3id.org/kg/id/person/邢国显'
    >>> organization("a>b c")
    'https://w3id.org/kg/id/org/a%3Eb%20c'
    >>> person("..")
    'https://w3id.org/kg/id/person/!..'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

__all__ = [
    "BASE",
    "annotation",
    "article",
    "article_graph",
    "entity",
    "membership",
    "organization",
    "person",
    "role",
    "slug",
]

BASE = "https://w3id.org/kg/id/"

_KIND_PATH = {
    "person": "person",
    "organization": "org",
    "document": "doc",
    "initiative": "initiative",
    "place": "place",
    "event": "event",
}


def slug(name: str) -> str:
    """Return ``name`` as an IRI path segment: letters and digits kept, the rest %-encoded.

    Examples:
        >>> slug("“五进”活动")
        '%E2%80%9C五进%E2%80%9D活动'
    """
    name = unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", name))
    out = []
    for char in name:
        if (char.isalnum() and (char.isascii() or ord(char) > 0x2FFF)) or char in "-._~":
            out.append(char)
        else:
            out.append(quote(char, safe=""))
    text = "".join(out) or "_"
    return "!" + text if not text.strip(".") else text


# Lone UTF-16 surrogates cannot be encoded; they stand for U+FFFD, as ingest makes them.
_SURROGATE = re.compile("[\ud800-\udfff]")


def digest(*parts: str, size: int = 16) -> str:
    """Return a short stable hex digest of ``parts``."""
    joined = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(joined).hexdigest()[:size]


def article(key: str) -> str:
    """IRI of the article whose stable key (id, url or source#n) is ``key``."""
    return f"{BASE}article/{digest(key)}"


def article_graph(article_iri: str) -> str:
    """IRI of the named graph holding one article's triples."""
    return article_iri + "/graph"


def entity(kind: str, name: str, context: str = "") -> str:
    """IRI of an entity of ``kind`` with canonical ``name``.

    Args:
        kind: person, organization, document, initiative, place or event.
        name: The canonical name.
        context: What tells two namesakes apart (empty when nothing does).
    """
    path = _KIND_PATH[kind]
    base = f"{BASE}{path}/{slug(name)}"
    return base if not context else f"{base}/{digest(context, size=8)}"


def person(name: str, context: str = "") -> str:
    """IRI of a person."""
    return entity("person", name, context)


def organization(name: str) -> str:
    """IRI of an organization by its canonical full name."""
    return entity("organization", name)


def role(title: str) -> str:
    """IRI of the ``org:Role`` a title names (副厅长)."""
    return f"{BASE}role/{slug(title)}"


def membership(person_iri: str, title: str, org_iri: str | None) -> str:
    """IRI of the post ``title`` held by a person at an organization (or none)."""
    return f"{BASE}post/{digest(person_iri, title, org_iri or '')}"


def annotation(article_iri: str, start: int, end: int, body_iri: str) -> str:
    """IRI of the annotation tying ``body_iri`` to ``[start, end)`` of an article."""
    return f"{article_iri}/ann/{start}-{end}-{digest(body_iri, size=8)}"
