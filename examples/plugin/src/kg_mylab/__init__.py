"""kg-mylab: official document numbers (发文字号) attached to the documents they number.

A Chinese government document carries a number made of the issuer's code, the year in
〔〕 and a serial: 国发〔2024〕3号 (State Council), 内政办发〔2023〕5号 (Inner Mongolia
government office). Papers print it after the title, ``《…》（国发〔2024〕3号）``, or
elsewhere in the sentence (``…印发《…》，文号为内政办发〔2024〕12号``).

This package registers, through entry points (see ``pyproject.toml``):

* ``mylab.doc_numbers.v1`` (group ``kg.extractors``): :func:`doc_numbers`, which yields
  one :class:`kg.records.Fact` ``<document> mylab:documentNumber "国发〔2024〕3号"`` per
  number it can attach to a 《…》 document found by ``kg.documents.v1``;
* ``mylab.ontology.v1`` (group ``kg.ontologies``): :func:`ontology`, the lab's Turtle
  (``mylab:documentNumber``) and SHACL shapes, merged into kg's ontology and shapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from typing import TYPE_CHECKING

from kg.ontology import namespace
from kg.records import Fact, Mention

if TYPE_CHECKING:
    from kg.extract.doc import Doc

__all__ = ["NAME", "doc_numbers", "find_numbers", "ontology"]
__version__ = "0.1.0"

NAME = "mylab.doc_numbers.v1"

# Issuer code (Chinese characters), year in 〔〕 (or [] 【】 （） as some papers print it),
# serial number, 号.
_NUMBER = re.compile(
    r"(?P<issuer>[\u4e00-\u9fff]{1,12})\s*[〔\[［【(（]\s*(?P<year>(?:19|20)\d{2})\s*"
    r"[〕\]］】)）]\s*(?P<serial>\d{1,5})\s*号")
# Characters that cannot belong to an issuer code: the code starts after the last of them
# (依据国发〔2024〕3号 → 国发, 文号为内政办发… → 内政办发).
_NOT_ISSUER = set("的为是和及与以按照据即将由对在于了并根依号称见")
# Between a title and the number that follows it: brackets, commas, 文号.
_AFTER_TITLE = re.compile(r"[\s（(，,、：:]*(?:文号|发文字号)?[\s为是：:]*")
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")


def find_numbers(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, number)`` for every document number in ``text``.

    The number is normalized: spaces dropped, the year's brackets written 〔〕.

    Examples:
        >>> list(find_numbers("依据国发[2024]3号和内政办发〔2023〕5号"))
        [(2, 12, '国发〔2024〕3号'), (13, 25, '内政办发〔2023〕5号')]
    """
    for match in _NUMBER.finditer(text):
        issuer = match.group("issuer")
        cut = max((i for i, ch in enumerate(issuer) if ch in _NOT_ISSUER), default=-1)
        issuer = issuer[cut + 1:]
        if not issuer:
            continue
        start = match.start("issuer") + cut + 1
        yield start, match.end(), f"{issuer}〔{match.group('year')}〕{match.group('serial')}号"


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = _SENTENCE_END.search(text, end)
    return left, right.start() if right else len(text)


def _attach(text: str, start: int, end: int,
            documents: list[Mention]) -> tuple[Mention, float] | None:
    """The document a number at ``[start, end)`` numbers, with a confidence, if any."""
    before = [d for d in documents if d.end <= start]
    if before:
        last = max(before, key=lambda d: d.end)
        gap = _AFTER_TITLE.fullmatch(text, last.end, start)
        if gap is not None:
            return last, 0.95
    left, right = _sentence(text, start, end)
    near = [d for d in documents if d.start >= left and d.end <= right]
    if not near:
        return None

    def distance(d: Mention) -> tuple[int, int]:
        return (start - d.end if d.end <= start else d.start - end, d.start > start)

    return min(near, key=distance), 0.8


def doc_numbers(doc: Doc) -> Iterator[Fact]:
    """Yield ``mylab:documentNumber`` facts for the numbers of the article's documents.

    A number is attached to the 《…》 document it directly follows (``《…》（国发〔2024〕3号）``,
    confidence 0.95), else to the nearest document of the same sentence (0.8); numbers
    with no document in their sentence, and numbers inside a title, are left out.
    Periodicals (《人民日报》) are never numbered.
    """
    documents = [m for m in doc.mentions if m.kind == "document" and m.subtype != "Periodical"]
    if not documents:
        return
    predicate = str(namespace("mylab").documentNumber)
    text = doc.text
    for start, end, number in find_numbers(text):
        if any(d.start <= start < d.end for d in documents):
            continue
        found = _attach(text, start, end, documents)
        if found is not None:
            document, confidence = found
            yield Fact(document, predicate, number, start, end, confidence=confidence,
                       extractor=NAME)


def ontology() -> tuple[str, str]:
    """Return the lab's ontology (Turtle) and SHACL shapes (the ``kg.ontologies`` entry)."""
    folder = resources.files(__name__)
    return (folder.joinpath("mylab.ttl").read_text(encoding="utf-8"),
            folder.joinpath("shapes.ttl").read_text(encoding="utf-8"))
