"""Documents cited by title in 《》 (nested 〈〉 titles kept as written)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.doc import Doc
from kg.records import Mention
from kg.registry import registry

__all__ = ["find_documents"]

NAME = "kg.documents.v1"
# 《 … 》 with nested 〈…〉 or 《…》 one level deep; no line breaks, at most 120 characters.
_TITLE = re.compile(r"《((?:[^《》\n]|《[^《》\n]*》){1,120}?)》")
_PERIODICAL = re.compile(r"(?:日报|晚报|杂志|周刊|报|时报|新闻联播|新闻|求是)$")


def find_documents(text: str) -> Iterator[Mention]:
    """Yield a document mention for every 《title》 in ``text``.

    Examples:
        >>> [m.name for m in find_documents("印发《安全生产制度汇编》和《安全监管案例选编》")]
        ['安全生产制度汇编', '安全监管案例选编']
    """
    for match in _TITLE.finditer(text):
        name = match.group(1).strip()
        if not name:
            continue
        subtype = "Periodical" if _PERIODICAL.search(name) else "PolicyDocument"
        yield Mention("document", match.group(), match.start(), match.end(), name, 0.98,
                      NAME, subtype)


@registry.extractor(NAME, order=10)
def documents(doc: Doc) -> Iterator[Mention]:
    """Find 《…》 documents."""
    yield from find_documents(doc.text)
