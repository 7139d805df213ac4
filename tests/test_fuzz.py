"""Property-based tests: whatever the text, ingest and extraction hold their promises.

- IRIs minted from any name stay inside their namespace and are valid IRIs.
- Reading pages and JSONL lines never raises anything but :class:`IngestError`, and
  never that for JSONL (bad lines are reported by number).
- Extraction never raises; every mention's and post's evidence offsets point at the
  quoted text; an article's quads load into the store and pass the SHACL shapes.

Texts are arbitrary Unicode, or pieces of real news (names, titles, agencies, bylines)
shuffled with hostile characters, so that extractors do find things to get wrong.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg import identity
from kg.errors import IngestError
from kg.ingest.jsonl import read_jsonl
from kg.ingest.page import read_page
from kg.ingest.text import clean_url, first_date, split_long, valid_date
from kg.records import Article

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "000_e63576df4a57bece.txt"

# KG_FUZZ_EXAMPLES=2000 for a deeper search than the suite's quick one.
_DEEP = int(os.environ.get("KG_FUZZ_EXAMPLES", "0"))
FAST = settings(max_examples=_DEEP or 100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
SLOWER = settings(max_examples=_DEEP or 40, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- strategies ---------------------------------------------------------------------------

HOSTILE = ['"><img src=x onerror=alert(1)>', "<script>alert(1)</script>", "\x00", "\x07",
           "\x1b[31m", "\u200b", "\ufeff", "\u2028", "\ufffe", "\\", '"', "\r\n", "\n\n",
           "# ", "　", "《", "》", "（", "）", "(", ")", "、", "：", "“", "”", "%", "..", "/"]
NEWS = ["本报讯(记者王丹)", "记者 李明", "王秀荣 摄", "(张媛媛)", "(自治区司法厅供稿)",
        "内蒙古自治区应急管理厅", "副厅长", "邢国显", "自治区党委书记", "孙绍骋", "国务院总理",
        "李强", "主持召开", "出席会议并讲话", "印发《关于加强安全生产工作的通知》",
        "“五进”活动", "呼和浩特市", "1月31日", "2025年2月30日", "，", "。", "原", "时任",
        "兼", "党组书记、", "呼和浩特市人民政府办公室主任", "新闻发布会", "专项行动"]


def _seed_pieces() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    return [p for p in re.split(r"(?<=[，。；！？])", text) if 2 <= len(p.strip()) <= 60]


PIECES = st.sampled_from(_seed_pieces() + NEWS + HOSTILE)
ORGS = ["内蒙古自治区应急管理厅", "自治区市场监管局", "呼和浩特市人民政府办公室", "国务院",
        "自治区党委", "包头市公安局", "", '"><img src=x>', "《》"]
TITLES = ["副厅长", "党组书记、厅长", "二级巡视员", "主任", "总理", "书记", "原局长", "代市长", ""]
PEOPLE = ["邢国显", "冯晔", "李强", "王丹", "欧阳", "阿拉坦仓", "张·三", "王 秀荣", "李", ""]
VERBS = ["出席会议并讲话。", "主持召开会议，", "表示，", "一行调研。", "摄", "（", ""]
NOISE = st.one_of(st.just(""), st.sampled_from(HOSTILE), st.text(max_size=2))
SENTENCE = st.tuples(*(st.sampled_from(x) for x in (ORGS, TITLES, PEOPLE, VERBS)),
                     NOISE, st.integers(0, 4)).map(
    lambda t: "".join((*t[:4][:t[5]], t[4], *t[:4][t[5]:])))
NEWS_TEXT = st.lists(st.one_of(SENTENCE, SENTENCE, PIECES, st.text(max_size=6)),
                     max_size=14).map("".join)
TEXT = st.one_of(st.text(), NEWS_TEXT, NEWS_TEXT)
ANY_CHARS = st.characters(codec=None, categories=None)  # surrogates and controls included
NAMES = st.one_of(st.text(ANY_CHARS), st.sampled_from(HOSTILE + NEWS + [".", "..", "...", ""]))

# --- identity ---------------------------------------------------------------------------

_PCT = re.compile(r"%(?![0-9A-F]{2})")
_BAD_IN_IRI = set('<>" \n\r\t{}|\\^`')


def _segment_stays(iri: str, prefix: str) -> str:
    """Assert ``iri`` is ``prefix`` + one safe path segment; return the segment."""
    assert iri.startswith(prefix), iri
    segment = iri[len(prefix):]
    assert segment and not set(segment) & ({"/", "?", "#"} | _BAD_IN_IRI), segment
    assert not _PCT.search(segment), segment
    # Not a dot segment, even read as browsers read one (%2e is a dot there).
    assert segment.lower().replace("%2e", ".") not in (".", ".."), segment
    assert all(ord(c) > 0x20 and not 0x7F <= ord(c) <= 0x9F for c in segment), segment
    ox.NamedNode(iri)  # a valid IRI
    return segment


@FAST
@given(name=NAMES, kind=st.sampled_from(["person", "organization", "document",
                                         "initiative", "place", "event"]),
       context=st.text(ANY_CHARS, max_size=8))
@example(name="..", kind="person", context="")
@example(name="../../ns#x", kind="organization", context="")
@example(name='"><img src=x onerror=alert(1)>', kind="person", context="")
def test_iris_minted_from_any_name_stay_in_their_namespace(name, kind, context):
    path = {"organization": "org", "document": "doc"}.get(kind, kind)
    iri = identity.entity(kind, name, context)
    prefix = f"{identity.BASE}{path}/"
    if context:
        base, _, tail = iri.rpartition("/")
        assert re.fullmatch(r"[0-9a-f]{8}", tail)
        _segment_stays(base, prefix)
    else:
        _segment_stays(iri, prefix)
    _segment_stays(identity.role(name), f"{identity.BASE}role/")
    assert identity.entity(kind, name, context) == iri  # deterministic


@FAST
@given(a=st.text(min_size=1), b=st.text(min_size=1))
def test_distinct_names_get_distinct_iris(a, b):
    same = unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b)
    assert (identity.person(a) == identity.person(b)) == same or {a, b} & {"_"}


@FAST
@given(start=st.integers(0, 10**6), length=st.integers(0, 500), body=NAMES)
def test_annotation_iris_stay_under_their_article(start, length, body):
    article = identity.article(body)
    assert re.fullmatch(re.escape(identity.BASE) + "article/[0-9a-f]{16}", article)
    ann = identity.annotation(article, start, start + length, body)
    assert re.fullmatch(re.escape(article) + r"/ann/\d+-\d+-[0-9a-f]{8}", ann)


# --- ingest -------------------------------------------------------------------------------

def _check_articles(articles: list[Article]) -> None:
    for article in articles:
        assert article.text and article.text == article.text.strip()
        assert "\r" not in article.text
        assert 0 < len(article.headline) <= 200 or article.headline == ""
        assert not re.search("[\ud800-\udfff]", article.text + article.headline)
        for byline in article.bylines:
            assert article.text[byline.start:byline.end] == byline.name
        if article.date:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}|--\d{2}-\d{2}", article.date)
            y, m, d = article.date.replace("--", "2000-").split("-")
            assert valid_date(int(y), int(m), int(d)), article.date
        if article.url and article.url.lower().startswith(("http://", "https://")):
            ox.NamedNode(article.url)


@SLOWER
@given(text=st.one_of(TEXT, st.lists(st.one_of(PIECES, st.just("\n"), st.just("\n# "),
                                                st.just("\n## 标题\n")), max_size=30)
                      .map("".join)))
@example(text="# \n\n#\n## ##\n")
@example(text="2月30日，" + "甲。" * 40_000)  # longer than an article is built as one
def test_read_page_never_raises_but_ingest_errors(text):
    try:
        articles = read_page(text, "page.txt")
    except IngestError as error:
        assert "page.txt" in str(error)
        return
    assert articles
    assert len({a.id for a in articles}) == len(articles)
    _check_articles(articles)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=3),
    max_leaves=6)
RECORDS = st.fixed_dictionaries({}, optional={
    "title": TEXT, "headline": JSON_VALUES, "text": TEXT, "content": JSON_VALUES,
    "body": TEXT, "date": st.one_of(st.text(max_size=12), st.sampled_from(
        ["20250230", "2025-02-29", "0000-01-01", "2024年2月29日", "9999/12/31"])),
    "url": st.one_of(st.text(ANY_CHARS), st.text(ANY_CHARS).map("http://".__add__)),
    "id": JSON_VALUES, "region": JSON_VALUES, "section": TEXT, "extra": JSON_VALUES})
LINES = st.one_of(
    RECORDS.map(lambda r: json.dumps(r, ensure_ascii=True)),
    RECORDS.map(lambda r: json.dumps(r, ensure_ascii=False)),
    st.text(ANY_CHARS).map(lambda t: t.replace("\n", " ")),
    JSON_VALUES.map(json.dumps),
    st.text(ANY_CHARS, max_size=4).map(lambda t: '{"text": "\\' + "ud800" + t + '"}'))


@SLOWER
@given(lines=st.lists(LINES, max_size=6))
@example(lines=['{"text": "\ud800", "url": "HTTP://\ud800"}'])  # not escaped
def test_read_jsonl_never_raises_and_names_each_bad_line(lines):
    errors: list[IngestError] = []
    lines = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    articles = list(read_jsonl(lines, "a.jsonl", on_error=errors.append))
    _check_articles(articles)
    reported = [e.line for e in errors]
    assert len(reported) == len(set(reported))  # one line each
    built = {a.line for a in articles}
    for number, line in enumerate(lines, start=1):
        if line.strip():
            assert (number in built) != (number in reported), (number, line)
    assert all(e.path == "a.jsonl" and e.hint for e in errors)


@FAST
@given(url=st.text(ANY_CHARS.filter(lambda c: not 0xD800 <= ord(c) <= 0xDFFF)),
       scheme=st.sampled_from(["http://", "https://", "HTTP://", " \thttp://"]))
@example(url="a:b/", scheme="http://")
@example(url="[::1/", scheme="http://")
@example(url="a/#b#c%zz\\", scheme="https://")
def test_clean_url_makes_any_web_address_a_valid_iri(url, scheme):
    cleaned = clean_url(scheme + url)
    assert cleaned.lower().startswith(("http://", "https://"))
    ox.NamedNode(cleaned)
    assert clean_url(cleaned) == cleaned  # stable


@FAST
@given(text=st.text(), limit=st.integers(4, 200))
@example(text="甲。" * 300, limit=50)
@example(text="a" * 1000, limit=7)
def test_split_long_keeps_every_character_in_bounded_parts(text, limit):
    parts = split_long(text, limit)
    assert all(len(p) <= limit for p in parts)
    if len(text) > limit:
        assert all(p and p == p.strip() for p in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())


@FAST
@given(text=TEXT, year=st.one_of(st.none(), st.integers(1, 9999)))
def test_first_date_is_a_calendar_day(text, year):
    date = first_date(text, year)
    if date is not None:
        y, m, d = date.replace("--", "2000-").split("-")
        assert valid_date(int(y), int(m), int(d))


# --- extraction ---------------------------------------------------------------------------

def _article(text: str, headline: str = "标题") -> Article:
    from kg.ingest.text import find_bylines, find_dateline

    dateline = find_dateline(text)
    return Article(id=f"fuzz#{hash(text)}", headline=headline, text=text, source="fuzz.txt",
                   dateline=dateline.text if dateline else None,
                   bylines=tuple(find_bylines(text)), region="内蒙古自治区")


@pytest.fixture(scope="module")
def shapes():
    pytest.importorskip("pyshacl")
    from kg.ontology import ontology_graph, shapes_graph

    return shapes_graph(), ontology_graph()


@SLOWER
@given(text=TEXT)
@example(text="本报讯(记者王丹)内蒙古自治区应急管理厅副厅长邢国显出席会议。")
@example(text='自治区应急管理厅副厅长"><img src=x onerror=alert(1)>出席。《<script>》印发。')
def test_extraction_never_raises_and_evidence_points_at_the_quote(text):
    from kg.pipeline import analyze

    article = _article(text)
    resolved = analyze(article)
    for rm in resolved.mentions:
        mention = rm.mention
        assert 0 <= mention.start <= mention.end <= len(text)
        assert text[mention.start:mention.end] == mention.text, mention
    for post in resolved.posts:
        assert 0 <= post.start < post.end <= len(text), post
    for fact in resolved.facts:
        assert 0 <= fact.start <= fact.end <= len(text), fact


@SLOWER
@given(text=TEXT, headline=st.one_of(st.just("标题"), st.text(min_size=1, max_size=30)))
@example(text="本报讯(记者王丹)内蒙古自治区应急管理厅副厅长邢国显出席会议。", headline="<b>")
def test_article_quads_load_into_the_store_and_pass_the_shapes(text, headline, shapes):
    import pyshacl
    import rdflib

    from kg.graph import article_quads
    from kg.graph.nquads import to_nquads
    from kg.pipeline import analyze

    quads = article_quads(analyze(_article(text, headline)))
    store = ox.Store()
    store.load(to_nquads(quads).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    assert len(store) == len(set(quads))
    turtle = ox.serialize((q.triple for q in store), format=ox.RdfFormat.TURTLE)
    graph = rdflib.Graph().parse(data=turtle.decode("utf-8"), format="turtle")
    shapes_graph, ontology = shapes
    conforms, _, report = pyshacl.validate(graph, shacl_graph=shapes_graph,
                                           ont_graph=ontology, inference="none")
    assert conforms, report
