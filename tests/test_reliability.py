"""Whatever researchers feed ``kg build``: one clear line per bad input, never a traceback.

Every case runs the real command (``python -m kg.cli``) as a user would. A bad file or
line gets exactly one line on stderr naming the file (and line), what is wrong and what
to do; the rest of the input is built; the exit code is 0 when something was built and
2 when nothing could be. Text with control characters, hostile markup, lone surrogates
or broken URLs builds, and the ``graph.trig`` it gives parses back.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph.store import named_quads, open_store
from kg.ingest.text import MAX_ARTICLE

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "000_e63576df4a57bece.txt"
PAGE = ("# 应急管理厅召开会议\n\n"
        "本报讯(记者王丹)内蒙古自治区应急管理厅副厅长邢国显出席会议并讲话。\n")
ARTICLE = {"title": "国务院常务会议", "text": "国务院总理李强主持召开国务院常务会议。"}


def kg(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT, env=env)


def build(*inputs: Path, out: Path, debug: bool = False) -> subprocess.CompletedProcess[str]:
    flags = ["--debug"] if debug else []
    return kg(*flags, "build", *map(str, inputs), "-o", str(out), "--workers", "1",
              "--no-html")


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr


def one_line_about(result: subprocess.CompletedProcess[str], path: Path,
                   line: int | None = None) -> str:
    """The single stderr line naming ``path`` (and ``line``), with what to do in it."""
    where = f"{path}:{line}:" if line else f"{path}:"
    lines = [x for x in result.stderr.splitlines() if where in x]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kg: ") and lines[0].endswith(")"), lines[0]  # (what to do)
    no_traceback(result)
    return lines[0]


def names(out: Path) -> set[str]:
    store = open_store(out)
    return {r["n"].value for r in store.query(
        "SELECT ?n WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?n }")}


def headlines(out: Path) -> list[str]:
    store = open_store(out)
    return sorted(r["h"].value for r in store.query(
        "SELECT ?h WHERE { ?a <https://schema.org/headline> ?h }"))


def trig_parses_back(out: Path) -> int:
    """``graph.trig`` parses with pyoxigraph and holds the store's quads; their count."""
    quads = list(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert {str(q) for q in quads} == {str(q) for q in named_quads(open_store(out))}
    return len(quads)


# --- paths and files that hold no articles --------------------------------------------

def test_missing_path_is_one_line_and_exit_2(tmp_path):
    missing = tmp_path / "nowhere.txt"
    result = build(missing, out=tmp_path / "out")
    assert result.returncode == 2
    assert "no such file or folder (check the path)" in one_line_about(result, missing)
    assert not (tmp_path / "out" / "graph.trig").exists()


def test_empty_file_is_one_line_and_exit_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b" \n\r\n\t")
    result = build(empty, out=tmp_path / "out")
    assert result.returncode == 2
    assert "the file is empty" in one_line_about(result, empty)


BINARIES = {
    "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    "no-nul.txt": bytes(b for b in range(1, 256) if b not in b"\n\r") * 40,
    "report.docx.txt": b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 100,
}


def test_binary_files_are_one_line_each_and_exit_2(tmp_path):
    folder = tmp_path / "binaries"
    folder.mkdir()
    for name, content in BINARIES.items():
        (folder / name).write_bytes(content)
    result = build(folder, out=tmp_path / "out")
    assert result.returncode == 2
    for name in BINARIES:
        line = one_line_about(result, folder / name)
        assert "binary" in line or "encoding" in line, line


def test_tracebacks_only_with_debug(tmp_path):
    missing = tmp_path / "nowhere.txt"
    plain = build(missing, out=tmp_path / "out")
    debug = build(missing, out=tmp_path / "out", debug=True)
    no_traceback(plain)
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_output_and_query_paths_that_are_wrong_are_one_line_each(tmp_path):
    a_file = tmp_path / "afile"
    a_file.write_text("x", encoding="utf-8")
    into_file = build(SEED, out=a_file)
    assert into_file.returncode == 3
    assert "is a file, not a folder (give -o a folder" in one_line_about(into_file, a_file)
    under_file = build(SEED, out=a_file / "sub")
    assert under_file.returncode == 3
    one_line_about(under_file, a_file / "sub")
    query_file = kg("query", str(a_file), "ASK {}")
    assert query_file.returncode == 3 and "no kg build here" in one_line_about(query_file, a_file)
    missing = tmp_path / "missing.rq"
    query_missing = kg("query", str(a_file), f"@{missing}")
    assert query_missing.returncode == 1
    assert "cannot read the query file" in one_line_about(query_missing, missing)
    port = kg("serve", str(a_file), "--port", "99999")
    assert port.returncode == 2 and "a port is 0 to 65535" in port.stderr
    no_traceback(port)


# --- encodings ---------------------------------------------------------------------------

def test_gb18030_and_gbk_pages_are_read_correctly(tmp_path):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(PAGE.encode("gbk"))
    gb18030 = tmp_path / "gb18030.txt"  # with characters GBK lacks (four-byte sequences)
    gb18030.write_bytes(PAGE.replace("召开会议", "召开会议𠀾€").encode("gb18030"))
    result = build(gbk, gb18030, out=tmp_path / "out")
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert {"王丹", "邢国显"} <= names(tmp_path / "out")
    assert headlines(tmp_path / "out") == ["应急管理厅召开会议", "应急管理厅召开会议𠀾€"]


def test_utf16_pages_with_bom_are_read_correctly(tmp_path):
    pages = []
    for encoding, bom in (("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)):
        page = tmp_path / f"{encoding}.txt"
        page.write_bytes(bom + PAGE.replace("会议", f"会议{encoding[-2:]}", 1).encode(encoding))
        pages.append(page)
    result = build(*pages, out=tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert {"王丹", "邢国显"} <= names(tmp_path / "out")
    assert headlines(tmp_path / "out") == ["应急管理厅召开会议be", "应急管理厅召开会议le"]


def test_mixed_encodings_in_a_folder_are_all_read_and_the_bad_one_named(tmp_path):
    folder = tmp_path / "scraped"
    folder.mkdir()
    for i, encoding in enumerate(["utf-8", "utf-8-sig", "gb18030", "utf-16"]):
        text = PAGE.replace("应急管理厅召开会议", f"第{i + 1}篇").replace("王丹", "王丹丹"[:2])
        (folder / f"{i}-{encoding}.txt").write_bytes(text.encode(encoding))
    (folder / "4.jsonl").write_bytes(
        json.dumps(ARTICLE, ensure_ascii=False).encode("gb18030") + b"\n")
    bad = folder / "5-latin1.txt"
    bad.write_bytes("Café résumé naïve façade".encode("latin-1") * 20)
    result = build(folder, out=tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "encoding" in one_line_about(result, bad) or "UTF-8" in result.stderr
    assert headlines(tmp_path / "out") == sorted(
        ["第1篇", "第2篇", "第3篇", "第4篇", "国务院常务会议"])
    assert {"王丹", "邢国显", "李强"} <= names(tmp_path / "out")


# --- JSONL ------------------------------------------------------------------------------

def _jsonl(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_malformed_line_is_reported_by_number_and_the_others_built(tmp_path):
    data = _jsonl(tmp_path / "a.jsonl",
                  json.dumps(ARTICLE, ensure_ascii=False),
                  '{"title": "坏", "text": "断了',
                  json.dumps({"title": "第三", "text": "自治区应急管理厅副厅长邢国显出席。"},
                             ensure_ascii=False))
    result = build(data, out=tmp_path / "out")
    assert result.returncode == 0
    line = one_line_about(result, data, 2)
    assert "not valid JSON" in line and "fix or remove the line" in line
    assert headlines(tmp_path / "out") == ["国务院常务会议", "第三"]


def test_jsonl_article_with_no_text_is_reported_by_number(tmp_path):
    data = _jsonl(tmp_path / "a.jsonl",
                  json.dumps({"title": "只有标题"}, ensure_ascii=False),
                  json.dumps({"title": "空", "text": "  \n "}, ensure_ascii=False),
                  json.dumps(ARTICLE, ensure_ascii=False))
    result = build(data, out=tmp_path / "out")
    assert result.returncode == 0
    assert "the article has no text" in one_line_about(result, data, 1)
    assert "the article has no text" in one_line_about(result, data, 2)
    assert headlines(tmp_path / "out") == ["国务院常务会议"]


def test_jsonl_with_only_bad_lines_is_exit_2(tmp_path):
    data = _jsonl(tmp_path / "a.jsonl", "[1, 2]", "{nope", '"text"')
    result = build(data, out=tmp_path / "out")
    assert result.returncode == 2
    for number in (1, 2, 3):
        one_line_about(result, data, number)


def test_jsonl_lines_json_cannot_hold_in_memory_are_reported(tmp_path):
    data = _jsonl(tmp_path / "a.jsonl",
                  "[" * 100_000 + "]" * 100_000,                       # nesting
                  '{"title": "x", "text": "y", "n": ' + "9" * 5000 + "}",  # a huge number
                  json.dumps(ARTICLE, ensure_ascii=False))
    result = build(data, out=tmp_path / "out")
    assert result.returncode == 0, result.stderr
    one_line_about(result, data, 1)
    one_line_about(result, data, 2)
    assert headlines(tmp_path / "out") == ["国务院常务会议"]


def test_jsonl_lone_surrogates_are_replaced_not_fatal(tmp_path):
    # JSON may escape half a UTF-16 pair ("\ud800"); no UTF-8 file or store can hold it.
    data = _jsonl(tmp_path / "a.jsonl",
                  '{"title": "半\\ud83d个", "text": "国务院总理李强\\udc00主持会议。", '
                  '"section": "\\ud800", "author": "\\ude00"}')
    result = build(data, out=tmp_path / "out")
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert headlines(tmp_path / "out") == ["半\ufffd个"]
    trig_parses_back(tmp_path / "out")


BAD_URLS = [
    "http://example.org/a\x07b", "http://example.org/a b", "http://example.org/#a#b",
    "http://example.org/%zz", "http://example.org/a\\b", "http://exa mple.org:port/",
    "http://[::1/", "https://example.org/\ue000\ufffe", "\n http://example.org/ok\t\n",
    "HTTP://example.org/<a>", "javascript:alert(1)", "not a url at all \x00",
]


def test_jsonl_urls_that_are_no_valid_iri_do_not_break_the_build(tmp_path):
    data = _jsonl(tmp_path / "a.jsonl", *(
        json.dumps({**ARTICLE, "id": f"u{i}", "url": url}) for i, url in enumerate(BAD_URLS)))
    result = build(data, out=tmp_path / "out")
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    store = open_store(tmp_path / "out")
    urls = {r["i"].value: r["u"] for r in store.query(
        "SELECT ?i ?u WHERE { ?a <https://schema.org/identifier> ?i ; "
        "<https://schema.org/url> ?u }")}
    assert len(urls) == len(BAD_URLS)
    for i, url in enumerate(BAD_URLS):
        if url.strip().startswith("http"):
            assert isinstance(urls[f"u{i}"], ox.NamedNode), url  # an IRI, made valid
    trig_parses_back(tmp_path / "out")


# --- pages --------------------------------------------------------------------------------

def test_page_with_no_headings_is_one_article(tmp_path):
    page = tmp_path / "noheadings.txt"
    page.write_text("本报讯(记者王丹)内蒙古自治区应急管理厅副厅长邢国显出席会议。\n\n"
                    "会议要求，各地要压实责任。\n\n内蒙古自治区各盟市参加。\n", encoding="utf-8")
    result = build(page, out=tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert len(headlines(tmp_path / "out")) == 1
    assert {"王丹", "邢国显"} <= names(tmp_path / "out")


def test_nul_bytes_mark_a_binary_file(tmp_path):
    page = tmp_path / "nul.txt"
    page.write_bytes(PAGE.encode() + b"\x00" + PAGE.encode())
    result = build(page, out=tmp_path / "out")
    assert result.returncode == 2
    assert "binary" in one_line_about(result, page)


def test_control_characters_keep_the_graph_and_trig_valid(tmp_path):
    text = ("# 标题\x07\x1b[31m红\u200b\n\n本报讯(记者王丹)内蒙古自治区应急管理厅副厅长邢\u200b国显"
            "出席会议\x07并讲话。\x1b[0m\x0c\x0b\u2028\u2029\ufeff\ufffe\x7f\x85\n")
    page = tmp_path / "ctl.txt"
    page.write_text(text, encoding="utf-8")
    data = _jsonl(tmp_path / "ctl.jsonl", json.dumps({
        "title": "标\x00题\x07", "text": "国务院总理李强\x00主持\x1b会议\u200b。\x01\x1f\"\\",
        "section": "\x00\x08", "publisher": "<\"'>&"}))
    result = kg("build", str(page), str(data), "-o", str(tmp_path / "out"), "--workers", "1")
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert trig_parses_back(tmp_path / "out") > 20
    store = open_store(tmp_path / "out")
    bodies = {r["b"].value for r in store.query(
        "SELECT ?b WHERE { ?a <https://schema.org/articleBody> ?b }")}
    assert any("\x07" in b and "\x1b" in b and "\u200b" in b for b in bodies)
    assert any("\x00" in b for b in bodies)  # from JSON "\u0000": kept as text
    assert (tmp_path / "out" / "graph.html").stat().st_size > 0


def test_very_long_titles_are_cut_and_build(tmp_path):
    page = tmp_path / "long.txt"
    page.write_text("# " + "很长的标题" * 20_000 + "\n\n国务院总理李强主持会议。\n",
                    encoding="utf-8")
    data = _jsonl(tmp_path / "long.jsonl",
                  json.dumps({"title": "长" * 1_000_000, "text": "国务院总理李强主持会议。"},
                             ensure_ascii=False))
    result = build(page, data, out=tmp_path / "out")
    assert result.returncode == 0, result.stderr
    titles = headlines(tmp_path / "out")
    assert len(titles) == 2 and all(0 < len(t) <= 200 for t in titles)


def test_hostile_markup_in_headlines_and_names_builds(tmp_path):
    hostile = '"><img src=x onerror=alert(1)>'
    data = _jsonl(tmp_path / "xss.jsonl", json.dumps({
        "title": "<script>alert(1)</script>",
        "text": f"自治区应急管理厅副厅长{hostile}出席会议。《{hostile}》印发。"
                f"{hostile}办公室主任张三讲话。", "url": "javascript:alert(1)"},
        ensure_ascii=False))
    result = kg("build", str(data), "-o", str(tmp_path / "out"), "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert headlines(tmp_path / "out") == ["<script>alert(1)</script>"]
    trig_parses_back(tmp_path / "out")
    store = open_store(tmp_path / "out")
    for quad in named_quads(store):  # no IRI carries the markup
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.NamedNode):
                assert not any(c in term.value for c in '<>" \n'), term
    page = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "<img src=x" not in page


# --- size ---------------------------------------------------------------------------------

def _measured(args: list[str], timeout: float) -> tuple[int, float, int, str]:
    """Run ``kg ARGS`` in a fresh process; its exit code, CPU seconds, peak RSS (bytes), stderr.

    CPU time (user + system) and the peak are those of the process and the workers it
    waited for (``RUSAGE_CHILDREN`` of an otherwise idle parent); CPU time, unlike wall
    time, hardly moves with what else the machine runs.
    """
    probe = ("import resource, subprocess, sys\n"
             "r = subprocess.run([sys.executable, '-m', 'kg.cli', *sys.argv[1:]],"
             " stderr=subprocess.PIPE, text=True)\n"
             "sys.stderr.write(r.stderr)\n"
             "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
             "print(r.returncode, u.ru_utime + u.ru_stime, u.ru_maxrss)\n")
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)
    code, seconds, rss_kib = done.stdout.split()
    return int(code), float(seconds), int(rss_kib) * 1024, done.stderr


def _scraped_line(size: int) -> str:
    """One line of ``size`` bytes as a scraper dumps a site: markup, scripts, some news."""
    news = SEED.read_text(encoding="utf-8").split("\n## ")[1].split("\n", 1)[1]
    markup = ('<div class="nav"><a href="/list_2.html">下一页</a></div><script>var a={"k":'
              '[1,2,3],"s":"\\u4e2d"};function f(x){return x*2}</script><p>&nbsp;</p>') * 120
    chunk = markup + "<p>" + news.replace("\n", "") + "</p>"
    return (chunk * (size // len(chunk.encode()) + 1)).encode()[:size].decode("utf-8", "ignore")


@pytest.mark.slow
def test_a_12mb_single_line_page_builds_in_bounded_time_and_memory(tmp_path):
    def built(megabytes: int) -> tuple[float, int]:
        page = tmp_path / f"dump{megabytes}.txt"
        page.write_text(_scraped_line(megabytes * 1024 * 1024), encoding="utf-8")
        assert page.stat().st_size > megabytes * 1_000_000
        assert page.read_bytes().count(b"\n") == 0
        out = tmp_path / f"out{megabytes}"
        # The timeout only catches a hang: time is bounded by the scaling check below.
        code, cpu, rss, stderr = _measured(["build", str(page), "-o", str(out), "--no-html"],
                                           timeout=1800)
        assert code == 0, stderr
        assert "Traceback" not in stderr
        assert f"{page}:1: the article is" in stderr  # says it was cut into parts
        store = open_store(out)
        (row,) = store.query("SELECT (MAX(STRLEN(?b)) AS ?n) (COUNT(?a) AS ?k) WHERE { "
                             "?a <https://schema.org/articleBody> ?b }")
        assert int(row["n"].value) <= MAX_ARTICLE and int(row["k"].value) > 1
        return cpu, rss

    cpu3, _ = built(3)
    cpu12, rss12 = built(12)
    # Bounded time: four times the text costs at most six times the CPU of the 3 MB page
    # (linear work gives four or less, with start-up costs counted once; work quadratic
    # in an article's length would give sixteen). Measured in one run, as a ratio, so the
    # machine's speed and load do not decide it.
    assert cpu12 < 6 * cpu3, (cpu3, cpu12)
    assert rss12 < 1.5 * 2**30, rss12
