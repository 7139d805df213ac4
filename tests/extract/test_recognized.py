"""``kg.recognizer.v1``: which of the model's spans become mentions.

The model's spans are given (``doc.cache["model_spans"]``), so these tests hold the
extractor's filters whatever model ships.
"""

from __future__ import annotations

from kg.extract.doc import Doc
from kg.extract.recognized import recognized
from kg.records import Article, Mention, Span


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


def _organizations(text: str, model: str, confidence: float, rule: str | None) -> list[str]:
    doc = Doc(Article(id="t", headline="t", text=text))
    if rule is not None:
        at = text.index(rule)
        doc.mentions.append(Mention("organization", rule, at, at + len(rule), rule, 0.95, "rules"))
    start = text.index(model)
    doc.cache["model_spans"] = [Span(start, start + len(model), "ORG", model, confidence)]
    return [m.name for m in recognized(doc) if m.kind == "organization"]


def test_the_model_may_name_more_than_a_rules_common_noun_at_a_lower_confidence():
    text = "美国航空公司一架客机在华盛顿附近与一架军用直升机相撞。"
    assert _organizations(text, "美国航空公司", 0.947, "航空公司") == ["美国航空公司"]


def test_an_organization_where_rules_are_silent_needs_the_full_confidence():
    text = "美国航空公司一架客机在华盛顿附近与一架军用直升机相撞。"
    assert _organizations(text, "美国航空公司", 0.947, None) == []
    assert _organizations(text, "美国航空公司", 0.99, None) == ["美国航空公司"]


def test_a_weak_model_organization_does_not_replace_the_rules_name():
    text = "美国航空公司一架客机在华盛顿附近与一架军用直升机相撞。"
    assert _organizations(text, "美国航空公司", 0.6, "航空公司") == []


def test_a_name_after_a_word_for_an_athlete_needs_only_the_agreement_confidence():
    assert _persons("意大利选手辛纳2:0击败美国选手勒纳·钱。", "辛纳", 0.87) == ["辛纳"]
    assert _persons("当天，辛纳2:0击败美国选手勒纳·钱。", "辛纳", 0.87) == []
    assert _persons("意大利选手辛纳2:0击败美国选手勒纳·钱。", "辛纳", 0.7) == []
