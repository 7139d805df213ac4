"""Decoding: UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030; clear errors otherwise."""

from __future__ import annotations

import pytest

from kg.errors import IngestError
from kg.ingest import ingest
from kg.ingest.decode import decode

TEXT = "# 标题\n\n本报讯(记者王丹)自治区应急管理厅印发文件。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk"])
def test_pages_in_each_supported_encoding_read_the_same(tmp_path, encoding):
    path = tmp_path / f"page-{encoding}.txt"
    path.write_bytes(TEXT.encode(encoding))
    (article,) = ingest([path])
    assert article.headline == "标题"
    assert article.bylines[0].name == "王丹"


def test_empty_file_is_an_error_naming_it():
    with pytest.raises(IngestError, match=r"empty\.txt: the file is empty"):
        decode(b"  \n", "empty.txt")


def test_binary_file_is_refused():
    with pytest.raises(IngestError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "image.txt")


def test_latin1_garbage_is_not_silently_taken_for_chinese():
    with pytest.raises(IngestError, match="neither UTF-8 nor GB18030"):
        decode("Café résumé naïve façade".encode("latin-1") * 20, "latin.txt")
