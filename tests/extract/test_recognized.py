"""``kg.recognizer.v1``: which of the model's spans become mentions.

The model's spans are given (``doc.cache["model_spans"]``), so these tests hold the
extractor's filters whatever model ships.
"""

from __future__ import annotations

from kg.extract.doc import Doc
from kg.extract.recognized import recognized
from kg.records import Article, Span


def _persons(text: str, name: str, confidence: float = 0.99) -> list[str]:
    doc = Doc(Article(id="t", headline="t", text=text))
    start = text.index(name)
    doc.cache["model_spans"] = [Span(start, start + len(name), "PER", name, confidence)]
    return [m.name for m in recognized(doc) if m.kind == "person"]


def test_a_confident_name_where_rules_are_silent_is_a_person():
    assert _persons("当天，王建国走访了村里的种粮大户。", "王建国") == ["王建国"]


def test_a_name_below_the_threshold_is_left_out():
    assert _persons("当天，王建国走访了村里的种粮大户。", "王建国", 0.6) == []


def test_a_language_listed_beside_languages_is_no_person():
    text = "在马来西亚中文、英文、马来文主流媒体播出。"
    assert _persons(text, "马来文") == []


def test_a_name_listed_beside_names_stays_a_person():
    text = "英文教师王建国、李晓红参加了培训。"
    assert _persons(text, "王建国") == ["王建国"]
