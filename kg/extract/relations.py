"""Relations stated in one clause: issued, amended, held, organized, spokeAt.

A relation holds between mentions in the same clause (between two of ，。；) joined
by a trigger verb: 自治区党委出台了《…》 → issued; 自治区人大完成修正了《…》 → amended;
在…办公室举行的新闻发布会 → held; 由自治区团委、少工委主办的…活动 → organized;
在…新闻发布会上，…冯晔说道 → spokeAt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.doc import Doc
from kg.records import Mention, Relation
from kg.registry import registry

__all__ = ["relations"]

NAME = "kg.relations.v1"
_CLAUSE = re.compile(r"[^，。；！？,;!?\n]+")
_SENTENCE = re.compile(r"[^。；！？;!?\n]+")
_TRIGGERS = (
    ("issued", re.compile(r"出台|印发|发布|制定|颁布"), "organization", ("document", "initiative")),
    ("amended", re.compile(r"修正|修订|修改"), "organization", ("document",)),
    ("held", re.compile(r"举行|召开|举办"), "organization", ("event",)),
    ("organized", re.compile(r"主办|组织开展|承办|发起"), "organization", ("initiative", "event")),
)


def _within(mentions: list[Mention], start: int, end: int, kinds: tuple[str, ...]) -> list[Mention]:
    return [m for m in mentions if m.kind in kinds and start <= m.start and m.end <= end]


def _starting(mentions: list[Mention], start: int, end: int,
              kinds: tuple[str, ...]) -> list[Mention]:
    """Mentions opening in ``[start, end)``, the preferred kind (first of ``kinds``) first."""
    found = [m for m in mentions if m.kind in kinds and start <= m.start < end]
    return sorted(found, key=lambda m: (kinds.index(m.kind), m.start))


@registry.extractor(NAME, order=90)
def relations(doc: Doc) -> Iterator[Relation]:
    """Find relations between mentions of one clause."""
    text = doc.text
    mentions = doc.mentions
    for clause in _CLAUSE.finditer(text):
        for predicate, trigger, subject_kind, object_kinds in _TRIGGERS:
            for hit in trigger.finditer(clause.group()):
                at = clause.start() + hit.start()
                subjects = _within(mentions, clause.start(), at, (subject_kind,))
                objects = _starting(mentions, at + len(hit.group()), clause.end(), object_kinds)
                if not subjects or not objects:
                    continue
                obj = objects[0]
                for subject in subjects if predicate == "organized" else subjects[-1:]:
                    yield Relation(subject, predicate, obj, min(subject.start, obj.start),
                                   max(subject.end, obj.end), 0.7, NAME)
    for sentence in _SENTENCE.finditer(text):
        events = _within(mentions, sentence.start(), sentence.end(), ("event",))
        people = _within(mentions, sentence.start(), sentence.end(), ("person",))
        if events and people and re.search(r"说|介绍|表示|发言|指出|致辞", sentence.group()):
            for person in people:
                if person.start > events[0].start:
                    yield Relation(person, "spokeAt", events[0], events[0].start, person.end,
                                   0.7, NAME)
