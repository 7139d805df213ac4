"""Every IRI ``kg`` mints, in one place.

IRIs are deterministic functions of canonical names and contexts: building the same
input twice gives the same quads, and no blank node is ever made. Names keep their
letters and digits (Chinese included, so IRIs stay readable); every other character
is percent-encoded, so no name can break out of its namespace.

A name of dots only (``.``, ``..``) would be a dot segment, which IRI resolution
removes (``person/..`` is the ``id/`` folder); it is written with a ``!`` first, a
character no other slug holds unencoded.

A person's IRI is the bare name, plus the region of their posts when the article shows
them holding a post at a regional body (:mod:`kg.resolve.people` says which): two 张伟
of two provinces are two IRIs, one person of central posts or no post is one.

Examples:
    >>> person("邢国显")
    'https://w3id.org/kg/id/person/邢国显'
    >>> person("邢国显", "内蒙古自治区")
    'https://w3id.org/kg/id/person/邢国显/内蒙古自治区'
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
    "annotation_parts",
    "article",
    "article_graph",
    "derived_graph",
    "entity",
    "instant",
    "membership",
    "organization",
    "person",
    "person_name_iri",
    "role",
    "slug",
    "tenure",
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


def person(name: str, scope: str | None = None) -> str:
    """IRI of a person: the bare name, and the region that tells namesakes apart.

    Args:
        name: The bare name (schema:name).
        scope: The province-level region of the person's posts in the article
            (:func:`kg.resolve.people.person_scope`); None keeps the name-only IRI.

    Examples:
        >>> person("张伟", "浙江省") != person("张伟", "江苏省") != person("张伟")
        True
    """
    base = entity("person", name)
    return f"{base}/{slug(scope)}" if scope else base


def person_name_iri(iri: str) -> str:
    """The name-only IRI of a person IRI (itself when it has no scope).

    Examples:
        >>> person_name_iri(person("张伟", "浙江省")) == person("张伟")
        True
    """
    prefix = f"{BASE}{_KIND_PATH['person']}/"
    if not iri.startswith(prefix):
        return iri
    return prefix + iri[len(prefix):].split("/", 1)[0]


def organization(name: str, context: str = "") -> str:
    """IRI of an organization by its canonical full name.

    Args:
        name: The canonical full name.
        context: For a name that does not say which body it is (省政府 in an article
            whose province is unknown): the article's id, so that it is not merged with
            every other 省政府.
    """
    return entity("organization", name, context)


def role(title: str) -> str:
    """IRI of the ``org:Role`` a title names (副厅长)."""
    return f"{BASE}role/{slug(title)}"


def membership(person_iri: str, title: str, org_iri: str | None) -> str:
    """IRI of the post ``title`` held by a person at an organization (or none)."""
    return f"{BASE}post/{digest(person_iri, title, org_iri or '')}"


def derived_graph(name: str) -> str:
    """IRI of a named graph computed from the whole build (``tenures``, ``people``)."""
    return f"{BASE}graph/{slug(name)}"


def tenure(post_iri: str) -> str:
    """IRI of the ``time:Interval`` over which the papers show a post held."""
    return f"{post_iri}/during"


def instant(day: str) -> str:
    """IRI of the ``time:Instant`` of one day (ISO ``YYYY-MM-DD``)."""
    return f"{BASE}instant/{slug(day)}"


def annotation(article_iri: str, start: int, end: int, body_iri: str) -> str:
    """IRI of the annotation tying ``body_iri`` to ``[start, end)`` of an article."""
    return f"{article_iri}/ann/{start}-{end}-{digest(body_iri, size=8)}"


def quantity(article_iri: str, start: int, end: int) -> str:
    """IRI of the quantity an article states at ``[start, end)``."""
    return f"{article_iri}/quantity/{start}-{end}"


def annotation_parts(annotation_iri: str) -> tuple[str, str, str]:
    """IRIs of an annotation's target, its position selector and its quote selector."""
    return (f"{annotation_iri}/target", f"{annotation_iri}/position",
            f"{annotation_iri}/quote")
