"""Text-level readers: datelines, bylines, dates, paragraph rejoin."""

from __future__ import annotations

import pytest

from kg.ingest.text import find_bylines, find_dateline, first_date, rejoin_paragraphs


@pytest.mark.parametrize(("body", "dateline", "reporters"), [
    ("本报讯(记者王丹)建设祖国北疆", "本报讯", ["王丹"]),
    ("本报讯（记者 王丹 李明）全区", "本报讯", ["王丹", "李明"]),
    ("本报北京1月14日电（记者张三）国务院", "本报北京1月14日电", ["张三"]),
    ("呼和浩特讯 2月1日,以北京大学", "呼和浩特讯", []),
    ("新华社北京3月5日电 十四届全国人大", "新华社北京3月5日电", []),
])
def test_datelines_and_their_reporters(body, dateline, reporters):
    found = find_dateline(body)
    assert found is not None and found.text == dateline
    assert [b.name for b in found.bylines] == reporters


def test_plain_text_has_no_dateline():
    assert find_dateline("为有效预防人员密集场所火灾事故发生") is None


def test_photo_credit_author_and_contributor_paragraphs():
    body = "正文。\n王秀荣 摄\n（自治区司法厅供稿）\n（张媛媛）"
    assert [(b.role, b.name) for b in find_bylines(body)] == [
        ("photographer", "王秀荣"), ("contributor", "自治区司法厅"), ("author", "张媛媛")]


def test_half_and_full_width_brackets_both_work():
    assert [b.name for b in find_bylines("正文。\n(张媛媛)")] == ["张媛媛"]
    assert [b.name for b in find_bylines("正文。\n（张媛媛）")] == ["张媛媛"]


def test_rejoin_keeps_sentence_final_paragraphs_apart():
    assert rejoin_paragraphs(["第一句。", "第二句！", "印", "发文件。"]) == [
        "第一句。", "第二句！", "印发文件。"]


def test_dates_without_a_year_are_month_day():
    assert first_date("2月2日上午", None) == "--02-02"
    assert first_date("2024年2月2日上午", 2023) == "2024-02-02"


@pytest.mark.parametrize(("body", "names"), [
    ("本报记者　李　明　王　强\n正文。", ["李明", "王强"]),
    ("本报记者　周小苹\n正文。", ["周小苹"]),
    ("本报讯（记者 王丹 通讯员 李明）全区", ["王丹", "李明"]),
])
def test_reporter_bylines_with_typesetting_spaces_and_roles(body, names):
    found = find_bylines(body)
    assert [b.name for b in found] == names
    assert all(b.role == "reporter" for b in found)
