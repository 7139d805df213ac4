"""Decode input bytes: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030.

Detection is strict: a file is taken as GB18030 only when it decodes without error and
reads as Chinese text; anything else is an :class:`~kg.errors.IngestError` that names
the file and the fix, never a silent wrong guess.
"""

from __future__ import annotations

import codecs

from kg.errors import IngestError

__all__ = ["decode"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_FIX = "save it as UTF-8 (e.g. `iconv -f GBK -t UTF-8 FILE > FILE.utf8`)"


def _cjk_share(text: str) -> float:
    sample = text[:20000]
    letters = [c for c in sample if not c.isspace() and not c.isascii()]
    if not letters:
        return 1.0
    cjk = sum(1 for c in letters if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f"
              or "\uff00" <= c <= "\uffef")
    return cjk / len(letters)


def decode(data: bytes, path: str) -> str:
    """Return ``data`` decoded, detecting the encoding.

    Args:
        data: The file's bytes.
        path: The file's name, for error messages.

    Raises:
        IngestError: when the file is empty, binary or in no encoding kg can be sure of.

    Examples:
        >>> decode("新闻".encode("gb18030"), "a.txt")
        '新闻'
    """
    if not data.strip():
        raise IngestError("the file is empty", path=path, hint="give a file with articles")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"starts with a {encoding} byte-order mark but does not decode as "
                    f"{encoding} at byte {exc.start}", path=path, hint=_FIX) from None
    if b"\x00" in data[:65536]:
        raise IngestError("looks like a binary file (NUL bytes)", path=path,
                          hint="give a text page (.txt, .md) or a .jsonl file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"neither UTF-8 nor GB18030 (undecodable byte at {exc.start})",
            path=path, hint=_FIX) from None
    if _cjk_share(text) < 0.6:
        raise IngestError("cannot tell its encoding (not UTF-8; GB18030 gives no Chinese text)",
                          path=path, hint=_FIX)
    return text
