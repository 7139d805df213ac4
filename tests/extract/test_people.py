"""People rules on single sentences."""

from __future__ import annotations

import pytest

from kg.pipeline import analyze
from kg.records import Article


def _posts(text: str, region: str | None = None):
    resolved = analyze(Article(id="t", headline="t", text=text, region=region))
    return {(p.person.name, p.title, p.org.name if p.org else None) for p in resolved.posts}


def _people(text: str):
    resolved = analyze(Article(id="t", headline="t", text=text))
    return {e.name for e in resolved.entities if e.kind == "person"}


def test_joined_titles_are_split_into_posts():
    posts = _posts("中共中央总书记、国家主席、中央军委主席习近平在北京出席会议。")
    assert {(n, t) for n, t, _ in posts} >= {
        ("习近平", "总书记"), ("习近平", "国家主席"), ("习近平", "主席")}
    assert ("习近平", "总书记", "中国共产党中央委员会") in posts


def test_title_after_the_name():
    assert ("李强", "总理", None) in _posts("李强总理主持召开国务院常务会议。")


def test_typesetting_spaces_are_dropped_from_names():
    assert "孙振" in _people("记者孙  振报道。")


@pytest.mark.parametrize("text", ["艾某某被依法查处。", "刘先生表示满意。"])
def test_anonymised_forms_are_not_persons(text):
    assert not _people(text)


def test_foreign_names_joined_by_middle_dots():
    assert "阿努拉·库马拉·迪萨纳亚克" in _people("斯里兰卡总统阿努拉·库马拉·迪萨纳亚克访华。")
