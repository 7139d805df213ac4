"""Extraction on the seed page: the facts its gold requires, with evidence spans."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.pipeline import analyze


@pytest.fixture(scope="module")
def resolved(seed_articles):
    return [analyze(a) for a in seed_articles]


def _posts(resolved):
    return {(p.person.name, p.title, p.org.name if p.org else None) for r in resolved
            for p in r.posts}


def test_xing_guoxian_holds_both_posts_at_the_emergency_department(resolved):
    posts = _posts(resolved)
    assert ("邢国显", "党委委员", "内蒙古自治区应急管理厅") in posts
    assert ("邢国显", "副厅长", "内蒙古自治区应急管理厅") in posts


def test_feng_ye_is_second_level_inspector_at_market_regulation(resolved):
    assert ("冯晔", "二级巡视员", "内蒙古自治区市场监督管理局") in _posts(resolved)


def test_persons_are_exactly_the_eight_named_people(resolved):
    names = {e.name for r in resolved for e in r.entities if e.kind == "person"}
    assert names == {"王丹", "邢国显", "习近平", "王秀荣", "赵芳", "冯晔", "刘琪", "张媛媛"}


@pytest.mark.parametrize(("written", "canonical"), [
    ("自治区应急管理厅", "内蒙古自治区应急管理厅"),
    ("自治区党委", "中共内蒙古自治区委员会"),
    ("自治区人大", "内蒙古自治区人民代表大会"),
    ("自治区市场监管局", "内蒙古自治区市场监督管理局"),
    ("自治区团委", "共青团内蒙古自治区委员会"),
    ("行政复议联合党支部", "内蒙古自治区司法厅行政复议联合党支部"),
    ("北京大学肿瘤医院内蒙古医院", "内蒙古自治区肿瘤医院"),
])
def test_agency_aliases_resolve_to_canonical_names(resolved, written, canonical):
    orgs = {e.name: e for r in resolved for e in r.entities if e.kind == "organization"}
    assert canonical in orgs
    assert written in orgs[canonical].aliases


def test_party_branch_is_a_sub_organization_of_the_justice_department(resolved):
    orgs = {e.name: e for r in resolved for e in r.entities if e.kind == "organization"}
    branch = orgs["内蒙古自治区司法厅行政复议联合党支部"]
    assert branch.parent == orgs["内蒙古自治区司法厅"].iri


def test_every_document_in_brackets_is_found(seed_articles):
    names = {m.name for a in seed_articles for m in extract(a).mentions if m.kind == "document"}
    assert {"自治区深化应急管理综合行政执法改革的实施意见", "自治区安全生产条例",
            "内蒙古自治区安全生产条例", "安全生产制度汇编", "安全监管案例选编",
            "中国共产党章程"} <= names


def test_never_a_title_or_verb_as_a_person(resolved):
    names = {e.name for r in resolved for e in r.entities if e.kind == "person"}
    assert not names & {"纾困", "冯晔说道", "邢国显介绍", "王秀荣摄", "安全生产", "党性"}


def test_every_mention_quotes_the_text_at_its_offsets(seed_articles):
    for article in seed_articles:
        for mention in extract(article).mentions:
            assert article.text[mention.start:mention.end] == mention.text


def test_relations_issued_amended_and_organized(resolved):
    facts = {(x.subject.name, x.predicate, x.object.name) for r in resolved for x in r.relations}
    assert ("中共内蒙古自治区委员会", "issued",
            "内蒙古自治区深化应急管理综合行政执法改革的实施意见") in facts
    assert ("内蒙古自治区人民代表大会", "amended", "内蒙古自治区安全生产条例") in facts
    assert ("冯晔", "spokeAt", "新闻发布会") in facts
