"""Every error `kg` raises, rooted in one class.

The tree::

    KGError
    ├── IngestError        a file or line could not be read as articles
    ├── ExtractionError    an extractor failed on an article
    ├── OntologyError      an unknown term, or an ontology that does not parse
    ├── StoreError         the on-disk store or a remote store failed
    ├── QueryError         a SPARQL query did not parse or could not run
    ├── ExportError        an export format failed or is unknown
    ├── PluginError        a plugin could not be registered or loaded
    └── EvalError          a gold file is malformed

Each error carries its context (``path``, ``line``, ``article``) and a ``hint``
telling the user what to do; ``str(error)`` is the one line the CLI prints.
"""

from __future__ import annotations

__all__ = [
    "EvalError",
    "ExportError",
    "ExtractionError",
    "IngestError",
    "KGError",
    "OntologyError",
    "PluginError",
    "QueryError",
    "StoreError",
]


class KGError(Exception):
    """Root of every error raised by ``kg``.

    Args:
        message: What went wrong, in one sentence.
        path: The file concerned, if any.
        line: The 1-based line in that file, if any.
        article: The id of the article concerned, if any.
        hint: What the user can do about it.
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        article: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.article = article
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        elif self.article:
            where = f"article {self.article}: "
        text = where + self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class IngestError(KGError):
    """A file, or a line of it, could not be read as articles."""

    exit_code = 2


class ExtractionError(KGError):
    """An extractor failed on an article."""


class OntologyError(KGError):
    """An unknown ontology term, or an ontology file that does not parse."""


class StoreError(KGError):
    """The on-disk store or a remote store could not be read or written."""

    exit_code = 3


class QueryError(KGError):
    """A SPARQL query is malformed or could not be evaluated."""

    exit_code = 4


class ExportError(KGError):
    """An export failed, or its format is unknown."""


class PluginError(KGError):
    """A plugin could not be registered or loaded (duplicate name, bad entry point)."""


class EvalError(KGError):
    """A gold file is missing or malformed."""
