"""A ``kg build --code`` file: when regulations take effect (自2024年3月1日起施行).

    kg build INPUT -o out --code examples/my_extractors.py
    kg plugins --code examples/my_extractors.py
    python examples/my_extractors.py          # demo: builds a two-sentence article

Everything a lab adds lives in this one file: an ontology extension (its Turtle, so the
term is declared, its prefix bound in exports, and ``namespace("lab")`` knows it) and an
extractor registered with the decorator, yielding :class:`kg.records.Fact` records.
The same cells work in a notebook (see docs/extending.md).
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kg import registry
from kg.extract.doc import Doc
from kg.ontology import namespace
from kg.records import Fact

NAME = "lab.effective_dates.v1"
ONTOLOGY = "lab.ontology.v1"
TTL = """\
@prefix lab:  <https://example.org/lab/ns#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> .

lab:effectiveFrom a owl:DatatypeProperty ;
    rdfs:domain schema:CreativeWork ; rdfs:range xsd:date ;
    rdfs:label "effective from"@en , "施行日期"@zh .
"""
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
_EFFECTIVE = re.compile(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起(?:施行|实施|执行|生效)")
_SENTENCE_END = re.compile(r"[。！？；\n]")

# A notebook re-runs cells: drop what an earlier run registered (a name may not be reused).
registry.remove("ontology", ONTOLOGY)
registry.remove("extractor", NAME)
registry.add_ontology(ONTOLOGY, TTL, package=__name__)


@registry.extractor(NAME)
def effective_dates(doc: Doc) -> Iterator[Fact]:
    """Yield ``lab:effectiveFrom`` for a document followed, in its sentence, by 自…起施行."""
    effective_from = str(namespace("lab").effectiveFrom)
    documents = [m for m in doc.mentions if m.kind == "document"]
    for match in _EFFECTIVE.finditer(doc.text):
        starts = [m.end() for m in _SENTENCE_END.finditer(doc.text, 0, match.start())]
        sentence_start = starts[-1] if starts else 0
        before = [d for d in documents if sentence_start <= d.start and d.end <= match.start()]
        if not before:
            continue
        year, month, day = (int(g) for g in match.groups())
        yield Fact(before[-1], effective_from, f"{year:04d}-{month:02d}-{day:02d}",
                   match.start(), match.end(), datatype=XSD_DATE, confidence=0.9,
                   extractor=NAME)


def demo() -> None:
    """Build a two-sentence article and print the dates found."""
    import json

    import kg

    folder = Path(tempfile.mkdtemp(prefix="kg-code-"))
    page = folder / "in.jsonl"
    page.write_text(json.dumps({
        "title": "条例施行", "date": "2024-02-20",
        "text": "自治区人大常委会修订的《内蒙古自治区安全生产条例》自2024年3月1日起施行。"
                "《人民日报》报道了此事。"}, ensure_ascii=False) + "\n", encoding="utf-8")
    kg.build([page], folder / "out", workers=1, html=False)
    result = kg.query(folder / "out", "SELECT ?name ?date WHERE "
                      "{ ?d lab:effectiveFrom ?date ; schema:name ?name }")
    for row in result:
        print(row["name"].value, row["date"].value)


if __name__ == "__main__":
    demo()
    sys.exit(0)
