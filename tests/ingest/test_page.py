"""Ingest of the seed page: articles, headlines, layout rejoin, datelines, bylines, dates."""

from __future__ import annotations

import pytest

from kg.errors import IngestError
from kg.ingest.page import read_page

HEADLINES = [
    "扛起应急管理职责 筑牢北疆安全稳定屏障",
    "献上消防“平安符”",
    "推进“一站式”服务 帮助企业纾困解难",
    "内蒙古青少年科技冬令营主题活动开营",
    "开展主题党日活动 提升党员党性修养",
    "北京大学肿瘤医院 内蒙古医院首批专家 正式入驻",
]


def test_seed_page_splits_into_its_six_articles_with_headlines(seed_articles):
    assert [a.headline for a in seed_articles] == HEADLINES


@pytest.mark.parametrize("joined", [
    "安全生产和自然灾害形势持续稳定向好",
    "打击违法用火行动",
    "推动自治区印发《加强基层应急管理体系和能力建设指导意见》",
    "自治区团委、少工委相关领导",
    "内蒙古十年来各项事业",
    "按要求做好会前的各项准备工作",
    "通过搭帐篷、做实验",
])
def test_every_paragraph_cut_by_layout_is_rejoined(seed_articles, joined):
    assert any(joined in a.text for a in seed_articles)


def test_no_article_keeps_a_paragraph_that_ends_mid_sentence(seed_articles):
    for article in seed_articles:
        for paragraph in article.text.split("\n")[:-1]:
            assert paragraph[-1] in "。！？”）)", paragraph[-20:]


def test_datelines_are_read(seed_articles):
    assert [a.dateline for a in seed_articles] == [
        "本报讯", None, "本报讯", "本报讯", "呼和浩特讯", "呼和浩特讯"]


def test_bylines_reporter_photographer_author_contributor(seed_articles):
    found = [[(b.role, b.name) for b in a.bylines] for a in seed_articles]
    assert found == [
        [("reporter", "王丹")],
        [("photographer", "王秀荣")],
        [("reporter", "赵芳")],
        [("reporter", "刘琪")],
        [("contributor", "自治区司法厅")],
        [("author", "张媛媛")],
    ]


def test_byline_offsets_point_at_the_names(seed_articles):
    for article in seed_articles:
        for byline in article.bylines:
            assert article.text[byline.start:byline.end] == byline.name


def test_dates_take_the_year_from_the_page(seed_articles):
    assert [a.date for a in seed_articles] == [
        None, None, "2023-01-31", "2023-02-02", "2023-01-30", "2023-02-01"]


def test_region_is_inferred_for_the_seed_page(seed_articles):
    assert {a.region for a in seed_articles} == {"内蒙古自治区"}


def test_region_given_by_the_caller_wins():
    (article,) = read_page("# 标题\n\n本报讯 省政府召开会议。", "x.txt", region="浙江省")
    assert article.region == "浙江省"


def test_page_without_headings_is_one_article_titled_by_its_first_line():
    (article,) = read_page("短标题\n\n正文第一段。\n\n正文第二段。", "p.txt")
    assert article.headline == "短标题"
    assert article.text == "正文第一段。\n正文第二段。"


def test_page_with_no_text_is_an_error_naming_the_file():
    with pytest.raises(IngestError, match=r"empty\.txt"):
        read_page("# 只有标题\n\n", "empty.txt")


def test_article_ids_are_stable_and_distinct(seed_articles):
    ids = [a.id for a in seed_articles]
    assert len(set(ids)) == len(ids)
    assert ids[0] == "000_e63576df4a57bece.txt#0"


HEADLESS_PAGE = """人民日报 2025年11月3日 星期一 第04版 要闻

国务院常务会议研究部署进一步做好稳就业工作

本报北京11月2日电 （记者王丹）国务院总理李强11月1日主持召开国务院常务会议，研究部署
进一步做好稳就业工作。
会议指出，就业是最基本的民生。

绿水青山就是金山银山
——浙江安吉余村的绿色发展之路

本报记者 张三 李四

浙江省安吉县余村党支部书记汪玉成介绍，近年来余村坚持绿色发展。
“我们要把好山好水保护好。”汪玉成说。
"""


def test_a_page_without_headings_splits_at_headlines_before_datelines_and_bylines():
    articles = read_page(HEADLESS_PAGE, "p04.txt")
    assert [a.headline for a in articles] == [
        "国务院常务会议研究部署进一步做好稳就业工作",
        "绿水青山就是金山银山——浙江安吉余村的绿色发展之路"]
    first, second = articles
    assert first.dateline == "本报北京11月2日电" and first.date == "2025-11-02"
    assert first.text.startswith("本报北京11月2日电") and "进一步做好稳就业工作。" in first.text
    assert {b.name for b in second.bylines} >= {"张三", "李四"}
    assert "人民日报" not in "".join(a.text for a in articles)  # the page header is no text


def test_a_page_without_headings_or_datelines_stays_one_article():
    articles = read_page("一段没有标题的文字\n\n这是正文。第二句。\n", "p.txt")
    assert len(articles) == 1 and articles[0].headline == "一段没有标题的文字"


def test_a_single_path_given_as_a_string_is_one_input_not_its_characters(tmp_path):
    import kg

    page = tmp_path / "page.txt"
    page.write_text("# 标题\n\n本报讯 自治区应急管理厅副厅长邢国显出席会议。\n", encoding="utf-8")
    assert len(list(kg.ingest(str(page)))) == len(list(kg.ingest([page]))) == 1
    assert len(list(kg.ingest(page))) == 1


TIGHT_PAGE = """人民日报 2025年11月28日 第04版

推动黄河流域生态保护和高质量发展
本报记者 王浩 刘温馨
本报郑州11月27日电 记者王浩报道：河南省委副书记、省长王凯27日主持召开省政府常务会议。
河南省水利厅厅长刘正才介绍，今年以来全省共完成河道治理1200公里。

加快建设全国统一大市场
新华社北京11月27日电（记者申铖）国务院总理李强27日主持召开国务院常务会议。
"""


def test_a_page_typeset_without_blank_lines_keeps_headline_byline_and_dateline_apart():
    first, second = read_page(TIGHT_PAGE, "p04.txt")
    assert first.headline == "推动黄河流域生态保护和高质量发展"
    assert first.dateline == "本报郑州11月27日电"  # after the reporters' line
    assert {b.name for b in first.bylines} == {"王浩", "刘温馨"}
    assert second.headline == "加快建设全国统一大市场"
    assert [b.name for b in second.bylines] == ["申铖"]


def test_a_line_that_only_starts_with_reporter_words_does_not_split_a_paragraph():
    articles = read_page("标题\n\n本报讯 会议召开。\n记者在现场看到，\n群众秩序井然。\n", "p.txt")
    assert "记者在现场看到，群众秩序井然。" in articles[0].text


def test_reporters_credited_in_brackets_at_the_end_are_the_article_s_reporters():
    page = "标题\n\n本报讯 自治区应急管理厅召开会议。\n会议要求抓好落实。\n（本报记者 张三 李四）\n"
    (article,) = read_page(page, "p.txt")
    reporters = [(b.role, b.name) for b in article.bylines]
    assert reporters == [("reporter", "张三"), ("reporter", "李四")]
