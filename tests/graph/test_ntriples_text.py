"""The N-Triples text a build writes is made straight from the records
(:func:`kg.graph.nquads.article_ntriples`); it must be the text of the rdflib reference
(:func:`kg.graph.article_quads` then :func:`kg.graph.nquads.to_ntriples`), term for term.
"""

from __future__ import annotations

import itertools

import pytest

from kg import identity
from kg.graph import article_quads
from kg.graph.nquads import article_ntriples, to_ntriples
from kg.records import (
    Article,
    Byline,
    Entity,
    Mention,
    Resolved,
    ResolvedFact,
    ResolvedMention,
    ResolvedPost,
    ResolvedRelation,
)
from tests.conftest import CORPUS, SEED, needs_shared


def _same_as_reference(resolved: Resolved, digest: str = "") -> None:
    quads = article_quads(resolved, digest)
    lines, count = article_ntriples(resolved, digest)
    assert "".join(lines) == to_ntriples(quads)
    assert count == len(quads)


def test_the_seed_page_gives_the_reference_text():
    from kg.ingest import ingest
    from kg.pipeline import analyze

    for article in ingest([SEED]):
        _same_as_reference(analyze(article))


@needs_shared(CORPUS)
@pytest.mark.slow
def test_150_corpus_stories_give_the_reference_text():
    from kg.ingest import ingest
    from kg.pipeline import analyze, article_hash

    for article in itertools.islice(ingest([CORPUS]), 150):
        _same_as_reference(analyze(article), article_hash(article))


def test_every_kind_of_record_and_awkward_text_gives_the_reference_text():
    """Escapes, typed and ill-typed literals, plugin IRIs, facts, bylines, metadata."""
    text = '自治区"应急"管理厅\\副厅长\n邢国显\t出席\r《方案》，共计12条。新华社供稿'
    article = Article(
        id="x\ty", headline='标题 "引号" \\ 反斜杠\n换行', text=text, source="a\\b/c.jsonl",
        date="--01-14", dateline="本报讯", region="内蒙古自治区",
        url="https://example.org/a b", bylines=(Byline("contributor", "新华社", 32, 35),),
        meta={"section": " 要闻 ", "publisher": "人民日报", "author": "  "})
    person = Entity(identity.person("邢国显"), "person", "邢国显", aliases=("邢\n国显",))
    org = Entity(identity.organization("内蒙古自治区应急管理厅"), "organization",
                 "内蒙古自治区应急管理厅", aliases=('自治区"应急"管理厅',),
                 subtype="GovernmentOrganization",
                 parent=identity.organization("内蒙古自治区人民政府"))
    doc = Entity(identity.entity("document", "方案"), "document", "方案",
                 subtype="https://example.org/mylab/ns#Plan")
    agency = Entity(identity.organization("新华社"), "organization", "新华社")
    mention = Mention("person", "邢国显", 14, 17, "邢国显", 0.8567, "kg.people.v1",
                      "photographer")
    org_mention = Mention("organization", "新华社", 32, 35, "新华社", 1.5, "kg.orgs.v1")
    post = ResolvedPost(identity.membership(person.iri, "副厅长", org.iri), person, "副厅长",
                        org, 0, 17, qualifier="时任", confidence=-0.2, extractor="kg.posts.v1")
    loose = ResolvedPost(identity.membership(person.iri, "委员", None), person, "委员", None,
                         14, 17)
    resolved = Resolved(
        article, identity.article(article.id),
        entities=(person, org, doc, agency),
        mentions=(ResolvedMention(mention, person), ResolvedMention(org_mention, agency),
                  ResolvedMention(mention, person)),
        posts=(post, loose),
        relations=(ResolvedRelation(org, "issued", doc, 0, 26),
                   ResolvedRelation(org, "https://example.org/mylab/ns#oversees", doc, 0, 26),
                   ResolvedRelation(org, "unknownName", doc, 0, 26)),
        authors=(person,),
        facts=(ResolvedFact(doc, "https://example.org/mylab/ns#articles", "012", 27, 31,
                            "http://www.w3.org/2001/XMLSchema#integer", 0.5, "mylab.v1"),
               ResolvedFact(doc, "https://example.org/mylab/ns#note", 'a"b\\c', 27, 31)))
    _same_as_reference(resolved)
    _same_as_reference(resolved, "abc")
    for date in ("2025-01-14", "2025-13-45", "January", "--13-40"):
        dated = Resolved(Article(id="d", headline="h", text="t", date=date, url="urn:x"),
                         identity.article("d"))
        _same_as_reference(dated)
