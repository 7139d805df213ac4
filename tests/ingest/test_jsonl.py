"""JSONL input: fields, metadata, bad lines reported by number while the rest is read."""

from __future__ import annotations

import json

from kg.ingest import ingest


def test_jsonl_fields_and_aliases(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join([
        json.dumps({"title": "标题一", "text": "正文一。", "date": "20250101",
                    "url": "https://example.org/1", "section": "要闻"}, ensure_ascii=False),
        json.dumps({"headline": "标题二", "content": "正文二。", "id": "x2",
                    "region": "浙江省"}, ensure_ascii=False),
    ]), encoding="utf-8")
    first, second = ingest([path])
    assert (first.headline, first.date, first.url, first.meta) == (
        "标题一", "2025-01-01", "https://example.org/1", {"section": "要闻"})
    assert (second.headline, second.id, second.region) == ("标题二", "x2", "浙江省")


def test_malformed_and_textless_lines_are_reported_and_skipped(tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_text('{"title": "好", "text": "正文。"}\n{"title": \n{"title": "无正文"}\n',
                    encoding="utf-8")
    errors = []
    articles = list(ingest([path], on_error=errors.append))
    assert [a.headline for a in articles] == ["好"]
    assert [(e.line, e.message.split(" (")[0]) for e in errors] == [
        (2, "not valid JSON"), (3, "the article has no text")]
    assert all(str(path) in str(e) for e in errors)


def test_folders_are_walked_and_missing_paths_reported(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "p.txt").write_text("# 甲\n\n正文。", encoding="utf-8")
    (tmp_path / "d" / "notes.csv").write_text("x", encoding="utf-8")
    errors = []
    articles = list(ingest([tmp_path / "d", tmp_path / "missing"], on_error=errors.append))
    assert [a.headline for a in articles] == ["甲"]
    assert "no such file or folder" in str(errors[0])


def test_utf8_jsonl_is_streamed_with_the_lines_the_whole_file_gives(tmp_path):
    from kg.ingest import _jsonl_lines, read_text

    rows = [json.dumps({"title": f"标题{i}", "text": "正文。"}, ensure_ascii=False)
            for i in range(3)]
    for name, data in [
        ("crlf.jsonl", "\r\n".join(rows).encode("utf-8") + b"\r\n"),
        ("bom.jsonl", b"\xef\xbb\xbf" + "\n".join(rows).encode("utf-8")),
        ("gbk.jsonl", "\n".join(rows).encode("gb18030")),  # not UTF-8: read whole
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        whole = [line for line in read_text(path).split("\n") if line]
        assert [line for line in _jsonl_lines(path) if line] == whole, name
    assert [a.headline for a in ingest([tmp_path / "crlf.jsonl"])] == ["标题0", "标题1", "标题2"]
