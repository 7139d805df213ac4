"""Article files (``.jsonl``): one JSON object a line.

Fields: ``title`` (or ``headline``), ``text`` (or ``content``, ``body``), and optionally
``date``, ``url``, ``author``, ``section``, ``publisher``, ``region``, ``id``; other
fields are kept in :attr:`Article.meta`.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.errors import IngestError
from kg.ingest.text import (
    MAX_ARTICLE,
    clean_url,
    find_bylines,
    find_dateline,
    first_date,
    infer_region,
    replace_surrogates,
    split_long,
    valid_date,
)
from kg.records import Article

__all__ = ["read_jsonl"]

log = logging.getLogger("kg")

_KNOWN = {"title", "headline", "text", "content", "body", "date", "url", "region", "id"}
_DATE_FORMS = (
    re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})"),
)


def _iso_date(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    for form in _DATE_FORMS:
        match = form.match(value.strip())
        if match:
            y, m, d = (int(g) for g in match.groups())
            if y >= 1 and valid_date(y, m, d):
                return f"{y:04d}-{m:02d}-{d:02d}"
    return None


# A UTF-16 surrogate (\ud800-\udfff), escaped in JSON or not: only such lines need
# cleaning.
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")


def _no_surrogates(value: object) -> object:
    """Return ``value`` with lone surrogates in its strings replaced (see replace_surrogates)."""
    if isinstance(value, str):
        return replace_surrogates(value)
    if isinstance(value, list):
        return [_no_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {replace_surrogates(k): _no_surrogates(v) for k, v in value.items()}
    return value


def _first(record: dict[str, object], *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def read_jsonl(lines: Iterable[str], path: str, *, region: str | None = None,
               on_error: Callable[[IngestError], None]) -> Iterator[Article]:
    """Yield one article per good line; report each bad line through ``on_error``.

    Args:
        lines: The file's lines, decoded.
        path: The file's name.
        region: The region to assume when a line has no ``region`` field; inferred
            from the text when None.
        on_error: Called with an :class:`IngestError` (path and line set) per bad line.
    """
    name = Path(path).name
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
            if _SURROGATE.search(raw):
                record = _no_surrogates(record)
        except json.JSONDecodeError as exc:
            on_error(IngestError(f"not valid JSON ({exc.msg}, column {exc.colno})", path=path,
                                 line=number, hint="fix or remove the line"))
            continue
        except (ValueError, RecursionError) as exc:  # huge numbers, deep nesting
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            on_error(IngestError(f"not readable JSON ({reason})", path=path, line=number,
                                 hint="fix or remove the line"))
            continue
        if not isinstance(record, dict):
            on_error(IngestError("not a JSON object", path=path, line=number,
                                 hint='each line must be {"title": ..., "text": ...}'))
            continue
        text = _first(record, "text", "content", "body")
        if text is None:
            on_error(IngestError("the article has no text", path=path, line=number,
                                 hint='give it a "text" (or "content", "body") field'))
            continue
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        headline = _first(record, "title", "headline") or text.split("\n", 1)[0][:40]
        date = _iso_date(record.get("date"))
        art_region = _first(record, "region") or region or infer_region(text)
        key = _first(record, "id") or _first(record, "url") or f"{name}#{number}"
        url = _first(record, "url")
        year = int(date[:4]) if date else None
        date = date or first_date(text, year)
        meta = {k: v for k, v in record.items() if k not in _KNOWN}
        parts = split_long(text)
        if len(parts) > 1:
            log.warning("%s:%d: the article is %d characters long; built as %d parts of at "
                        "most %d", path, number, len(text), len(parts), MAX_ARTICLE)
        for index, part in enumerate(parts, start=1):
            suffix = f" ({index}/{len(parts)})" if len(parts) > 1 else ""
            dateline = find_dateline(part)
            yield Article(
                id=str(key) + (f"@{index}" if suffix else ""),
                headline=headline.strip()[:200 - len(suffix)] + suffix,
                text=part,
                source=path,
                line=number,
                date=date,
                dateline=dateline.text if dateline else None,
                bylines=tuple(find_bylines(part)),
                region=art_region,
                url=clean_url(url) if url else None,
                meta=meta,
            )
