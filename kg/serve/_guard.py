r"""Refuse SPARQL that would make the server send requests (``SERVICE``, ``LOAD``).

pyoxigraph ships an HTTP client: left alone, ``SERVICE <http://…>`` in a query or
``LOAD <http://…>`` in an update makes the *server* fetch URLs of the client's choosing
(server-side request forgery against the machine's network). The endpoint refuses both
unless the operator enables them.

The check is lexical and errs towards refusing: after ``\u`` escapes are decoded (the
SPARQL grammar applies them before parsing), comments, string literals, IRIs, variables
and the local parts of prefixed names are blanked out; what is left is keywords, function
names, numbers, punctuation and prefixes, and no SPARQL keyword or function other than
``SERVICE`` and ``LOAD`` contains those letters. (Prefixes stay because the grammar lets
a keyword run into a prefixed name: ``SERVICE:x`` is ``SERVICE`` then ``:x``. A prefix
named ``service:`` or ``download:`` is therefore refused too; rename it.) The query is
refused if either appears anywhere in that remainder, however it is spaced or cased.
(A second fence: worker processes drop their network access when the platform allows
it, see :mod:`kg.serve._engine`.)
"""

from __future__ import annotations

import re

__all__ = ["remote_keyword"]

_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PN_CHARS = r"\w\u00B7\u0300-\u036F\u203F-\u2040"
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'  # short strings
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"  # IRIs
    r"|#[^\n\r]*"  # comments
    rf"|[?$][{_PN_CHARS}]+"  # variables
    rf"|:(?:[{_PN_CHARS}.\-:%]|\\.)*"  # local parts of prefixed names (prefixes stay)
    rf"|_:[{_PN_CHARS}.\-]+",  # blank node labels
    re.DOTALL,
)
_KEYWORDS = {"SERVICE": re.compile("service", re.IGNORECASE),
             "LOAD": re.compile("load", re.IGNORECASE)}


def _unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        try:
            return chr(code)
        except (ValueError, OverflowError):
            return "\ufffd"

    return _UNICODE_ESCAPE.sub(replace, text)


def remote_keyword(sparql: str) -> str | None:
    r"""Return ``"SERVICE"`` or ``"LOAD"`` if the query or update uses it, else None.

    Examples:
        >>> remote_keyword('SELECT * { SERVICE <http://x/> { ?s ?p ?o } }')
        'SERVICE'
        >>> remote_keyword('SELECT ?service { ?service schema:name "LOAD" } # service')
        >>> remote_keyword(r'LO\u0041D <http://x/>')
        'LOAD'
    """
    remainder = _TOKENS.sub(" ", _unescape(sparql))
    for keyword, pattern in _KEYWORDS.items():
        if pattern.search(remainder):
            return keyword
    return None
