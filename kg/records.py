"""Typed records that flow through the pipeline.

``ingest`` yields :class:`Article`; ``extract`` turns one into an :class:`Extraction`
(:class:`Mention`, :class:`Post`, :class:`Relation`, :class:`Fact`); ``resolve`` turns that
into a :class:`Resolved` article whose entities carry canonical names and IRIs; ``graph``
turns that into quads. Offsets always index :attr:`Article.text`, the exact string
stored as ``schema:articleBody``; ``end`` is exclusive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Article",
    "Byline",
    "Entity",
    "EntityKind",
    "Extraction",
    "Fact",
    "Mention",
    "Post",
    "Quantity",
    "Relation",
    "Resolved",
    "ResolvedFact",
    "ResolvedMention",
    "ResolvedPost",
    "ResolvedRelation",
    "Span",
]

EntityKind = Literal["person", "organization", "document", "initiative", "place", "event"]
BylineRole = Literal["reporter", "photographer", "author", "contributor"]


@dataclass(frozen=True, slots=True)
class Span:
    """A typed character range found in a text by a recognizer.

    Attributes:
        start: Offset of the first character.
        end: Offset after the last character (exclusive).
        type: ``PER``, ``ORG``, ``LOC`` (also ``TITLE``, ``DOC`` ...).
        text: ``text[start:end]`` of the string it was found in.
        confidence: In [0, 1].
    """

    start: int
    end: int
    type: str
    text: str
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Byline:
    """A person or body credited for an article (记者王丹, 王秀荣 摄, 供稿)."""

    role: BylineRole
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Article:
    """One article, as read from a page or a JSONL line.

    Attributes:
        id: Stable key: the input's ``id`` or ``url``, else source file and ordinal.
        headline: The headline as printed.
        text: The body as stored (layout breaks rejoined); every offset refers to it.
        source: The file it came from.
        line: The 1-based line of the file where it starts.
        date: ISO date (``YYYY-MM-DD``) when known.
        dateline: 本报讯, 呼和浩特讯, 本报北京1月14日电 ... when present.
        bylines: Reporters, photographers, authors and contributors.
        region: The region the paper speaks for (内蒙古自治区), if known.
        url: The article's URL, if given.
        meta: Other input fields, kept as they were.
    """

    id: str
    headline: str
    text: str
    source: str = ""
    line: int = 1
    date: str | None = None
    dateline: str | None = None
    bylines: tuple[Byline, ...] = ()
    region: str | None = None
    url: str | None = None
    meta: Mapping[str, object] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity as written at one place in an article.

    Attributes:
        kind: person, organization, document, initiative, place or event.
        text: The characters as written (``Article.text[start:end]``).
        start: Offset of the first character.
        end: Exclusive end offset.
        name: The normalized name (bare person name, document title without 《》).
        confidence: In [0, 1].
        extractor: Registry name of the extractor that found it.
        subtype: A narrower ontology class name (``Campaign``, ``GovernmentOrganization``).
    """

    kind: EntityKind
    text: str
    start: int
    end: int
    name: str
    confidence: float = 1.0
    extractor: str = ""
    subtype: str | None = None


@dataclass(frozen=True, slots=True)
class Post:
    """One title held by one person, optionally at one organization.

    Attributes:
        person: The person's mention.
        title: The title as written, without the organization (副厅长).
        start: Start of the evidence (organization, titles and name).
        end: Exclusive end of the evidence.
        org: The organization's mention, if the text names it.
        qualifier: 原, 时任, 代, 兼 ... when written.
        confidence: In [0, 1].
        extractor: Registry name of the extractor that found it.
    """

    person: Mention
    title: str
    start: int
    end: int
    org: Mention | None = None
    qualifier: str | None = None
    confidence: float = 1.0
    extractor: str = ""


@dataclass(frozen=True, slots=True)
class Relation:
    """A stated fact between two mentions (issued, organized, subOrganizationOf ...)."""

    subject: Mention
    predicate: str
    object: Mention
    start: int
    end: int
    confidence: float = 1.0
    extractor: str = ""


def _is_iri(value: str) -> bool:
    """True for an absolute ``http(s)://``, ``urn:`` or ``tag:`` IRI (a CURIE is not one)."""
    return value.startswith(("http://", "https://", "urn:", "tag:")) and len(value) > 8 \
        and not any(c in value for c in ' <>"{}|\\^`\n\r\t')


@dataclass(frozen=True, slots=True)
class Fact:
    """A statement about a mentioned entity whose object is a literal (the plugin hook).

    Extractors yield facts beside mentions, posts and relations; the graph stage writes
    ``<subject's entity> <predicate> "value"^^datatype`` into the article's named graph,
    with an ``oa:Annotation`` (motivation ``oa:describing``) pointing at the evidence.
    Relations between two entities stay :class:`Relation` (whose ``predicate`` may also
    be an IRI); facts carry values: numbers, codes, amounts, dates.

    Attributes:
        subject: The mention the fact is about; the triple's subject is its entity.
        predicate: Absolute IRI of the property (``https://example.org/mylab/ns#documentNumber``).
        value: The literal's lexical form.
        start: Offset of the first character of the evidence in ``Article.text``.
        end: Exclusive end offset of the evidence.
        datatype: Absolute IRI of the literal's datatype; ``None`` means ``xsd:string``.
        confidence: In [0, 1].
        extractor: Registry name of the extractor that found it.

    Raises:
        ExtractionError: when ``predicate`` or ``datatype`` is not an absolute IRI, or the
            evidence offsets are not a range.

    Examples:
        >>> title = Mention("document", "《通知》", 0, 4, "通知")
        >>> number = "https://example.org/mylab/ns#documentNumber"
        >>> fact = Fact(title, number, "国发〔2024〕12号", 5, 16)
        >>> fact.value, fact.datatype
        ('国发〔2024〕12号', None)
    """

    subject: Mention
    predicate: str
    value: str
    start: int
    end: int
    datatype: str | None = None
    confidence: float = 1.0
    extractor: str = ""

    def __post_init__(self) -> None:
        from kg.errors import ExtractionError

        if not _is_iri(self.predicate):
            raise ExtractionError(f"a fact's predicate must be an absolute IRI, not "
                                  f"{self.predicate!r}", hint="expand the prefix, e.g. with "
                                  "kg.ontology.namespace(PREFIX).term")
        if self.datatype is not None and not _is_iri(self.datatype):
            raise ExtractionError(f"a fact's datatype must be an absolute IRI, not "
                                  f"{self.datatype!r}")
        if not 0 <= self.start <= self.end:
            raise ExtractionError(f"a fact's evidence [{self.start}, {self.end}) is not a range")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit as an article states it (国内生产总值达1349084亿元).

    Attributes:
        text: The quantity as written (``1349084亿元``).
        start: Offset of its first character in ``Article.text``.
        end: Exclusive end offset.
        value: The number in plain units as a decimal's lexical form, 万 and 亿 multiplied
            out (``134908400000000``).
        unit: The unit as written, without the multiplier (``元``, ``吨``, ``%``).
        measure: The words before the number in its clause (``我国国内生产总值达``), which
            say what was measured; ``None`` when the clause starts with the number.
        confidence: In [0, 1].
        extractor: Registry name of the extractor that found it.

    Examples:
        >>> Quantity("5.0%", 10, 14, "5", "%", "比上年增长").value
        '5'
    """

    text: str
    start: int
    end: int
    value: str
    unit: str
    measure: str | None = None
    confidence: float = 1.0
    extractor: str = ""


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the extractors found in one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    posts: tuple[Post, ...] = ()
    relations: tuple[Relation, ...] = ()
    facts: tuple[Fact, ...] = ()
    quantities: tuple[Quantity, ...] = ()


@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved entity: one canonical name, one IRI.

    Attributes:
        iri: The deterministic IRI (see :mod:`kg.identity`).
        kind: person, organization, document, initiative, place or event.
        name: Canonical full name.
        aliases: Every other form seen in the article.
        subtype: Narrower class name, if any.
        parent: IRI of the organization it is part of, if stated.
    """

    iri: str
    kind: EntityKind
    name: str
    aliases: tuple[str, ...] = ()
    subtype: str | None = None
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class ResolvedMention:
    """A mention tied to its entity."""

    mention: Mention
    entity: Entity


@dataclass(frozen=True, slots=True)
class ResolvedPost:
    """A post with its person, role and organization resolved to IRIs."""

    iri: str
    person: Entity
    title: str
    org: Entity | None
    start: int
    end: int
    qualifier: str | None = None
    confidence: float = 1.0
    extractor: str = ""


@dataclass(frozen=True, slots=True)
class ResolvedRelation:
    """A relation between two resolved entities."""

    subject: Entity
    predicate: str
    object: Entity
    start: int
    end: int
    confidence: float = 1.0
    extractor: str = ""


@dataclass(frozen=True, slots=True)
class ResolvedFact:
    """A fact whose subject is resolved to its entity (see :class:`Fact`)."""

    subject: Entity
    predicate: str
    value: str
    start: int
    end: int
    datatype: str | None = None
    confidence: float = 1.0
    extractor: str = ""


@dataclass(frozen=True, slots=True)
class Resolved:
    """One article with its entities, posts and relations resolved."""

    article: Article
    iri: str
    entities: tuple[Entity, ...] = ()
    mentions: tuple[ResolvedMention, ...] = ()
    posts: tuple[ResolvedPost, ...] = ()
    relations: tuple[ResolvedRelation, ...] = ()
    authors: tuple[Entity, ...] = ()
    facts: tuple[ResolvedFact, ...] = ()
    quantities: tuple[Quantity, ...] = ()
