"""Score a build against a gold file (format: ``../shared/seed/GOLD-FORMAT.md``).

Scoring goes through the contract: the input is built into a fresh folder and every
prediction is read back from the graph with SPARQL, exactly as a researcher would.

Per article (matched by headline), micro-averaged over the gold file:

* ``persons`` — bare names;
* ``posts`` — (person, title);
* ``person_title_org`` — (person, title, canonical organization or none);
* ``organizations`` — canonical names (``may_orgs`` extras are neither right nor wrong);
* ``documents`` — 《》 titles (a name or an alias of the document entity; ``same_documents``
  pairs are one document);
* ``initiatives`` — lenient: a prediction and a gold name match when one contains the other;
* ``articles`` — headlines found.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import EvalError

__all__ = ["CATEGORIES", "Score", "evaluate", "format_scores", "load_gold", "score_build"]

CATEGORIES = ("persons", "posts", "person_title_org", "organizations", "documents",
              "initiatives", "articles")

_P = """PREFIX schema: <https://schema.org/> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX kg: <https://w3id.org/kg/ns#>
"""
_ARTICLES = _P + """SELECT ?a ?h ?url WHERE { ?a a schema:NewsArticle ; schema:headline ?h .
  OPTIONAL { ?a schema:url ?url } }"""
_ENTITIES = _P + """SELECT ?a ?e ?name ?alias WHERE {
  { ?a schema:mentions ?e } UNION { ?a schema:author ?e }
  ?e a %s ; schema:name ?name . OPTIONAL { ?e skos:altLabel ?alias } }"""
_POSTS = _P + """SELECT ?a ?name ?title ?org WHERE {
  ?m a org:Membership ; prov:wasDerivedFrom ?a ; org:member/schema:name ?name ;
     org:role/skos:prefLabel ?title . OPTIONAL { ?m org:organization/schema:name ?org } }"""


@dataclass
class Score:
    """True positives, false positives, false negatives, and the items behind them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """TP / (TP + FP), 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """TP / (TP + FN), 1.0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set[Any], predicted: set[Any], neutral: set[Any] | None = None,
            where: str = "") -> None:
        """Count one article's gold and predicted sets."""
        neutral = neutral or set()
        self.tp += len(gold & predicted)
        missed = gold - predicted
        extra = predicted - gold - neutral
        self.fn += len(missed)
        self.fp += len(extra)
        self.missed += [f"{where}: {_show(x)}" for x in sorted(missed, key=str)]
        self.extra += [f"{where}: {_show(x)}" for x in sorted(extra, key=str)]


def _show(item: Any) -> str:
    if isinstance(item, tuple):
        return " | ".join("∅" if x is None else str(x) for x in item)
    return str(item)


def load_gold(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and check a gold file.

    Raises:
        EvalError: when it is missing, not JSON, or has no ``articles`` list.
    """
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvalError("no such gold file", path=str(path)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise EvalError(f"not a JSON gold file: {exc}", path=str(path)) from None
    if not isinstance(gold, dict) or not isinstance(gold.get("articles"), list):
        raise EvalError('a gold file needs an "articles" list', path=str(path),
                        hint="see GOLD-FORMAT.md")
    return gold


def _norm(text: str) -> str:
    return "".join(text.split())


def _rows(store: Any, query: str) -> list[dict[str, str | None]]:
    from kg.sparql import run_query

    result = run_query(store, query)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def _entities(store: Any, cls: str) -> dict[str, dict[str, set[str]]]:
    """Article IRI → entity IRI → its names (name and aliases)."""
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in _rows(store, _ENTITIES % cls):
        names = out[str(row["a"])][str(row["e"])]
        names.add(str(row["name"]))
        if row["alias"]:
            names.add(str(row["alias"]))
    return out


def _canonical_names(store: Any, cls: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, _ENTITIES % cls):
        out[str(row["a"])].add(str(row["name"]))
    return out


def _strip_quotes(text: str) -> str:
    return _norm(text).replace("“", "").replace("”", "").replace('"', "")


def score_build(gold: dict[str, Any], store: Any) -> dict[str, Score]:
    """Score a built store against a loaded gold file."""
    scores = {c: Score() for c in CATEGORIES}
    built = _rows(store, _ARTICLES)
    by_headline = {_norm(str(r["h"])): str(r["a"]) for r in built}
    by_url = {str(r["url"]): str(r["a"]) for r in built if r["url"]}
    persons = _canonical_names(store, "schema:Person")
    orgs = _canonical_names(store, "org:Organization")
    docs = _entities(store, "schema:CreativeWork")
    initiatives = _entities(store, "kg:Initiative")
    posts: dict[str, set[tuple[str, str, str | None]]] = defaultdict(set)
    for row in _rows(store, _POSTS):
        posts[str(row["a"])].add((str(row["name"]), str(row["title"]), row["org"]))

    for item in gold["articles"]:
        headline = str(item.get("headline", ""))
        where = headline[:24]
        # Headlines repeat (国内联播快讯); a gold article's URL picks the right one.
        article = by_url.get(str(item.get("url"))) or by_headline.get(_norm(headline))
        scores["articles"].add({headline}, {headline} if article else set(), where=where)
        key = article or ""
        gold_people = item.get("persons", [])
        scores["persons"].add({p["name"] for p in gold_people}, persons.get(key, set()),
                              set(item.get("may_persons", [])), where)
        gold_posts = {(p["name"], q["title"], q.get("org")) for p in gold_people
                      for q in p.get("posts", [])}
        predicted_posts = posts.get(key, set())
        scores["posts"].add({(n, t) for n, t, _ in gold_posts},
                            {(n, t) for n, t, _ in predicted_posts}, where=where)
        scores["person_title_org"].add(gold_posts, predicted_posts, where=where)
        scores["organizations"].add(set(item.get("must_orgs", [])), orgs.get(key, set()),
                                    set(item.get("may_orgs", [])), where)
        _score_documents(scores["documents"], item, docs.get(key, {}), where)
        _score_initiatives(scores["initiatives"], item, initiatives.get(key, {}), where)
    return scores


def _score_entities(score: Score, gold: list[str], may: list[str],
                    found: dict[str, set[str]], match: Callable[[str, str], bool],
                    where: str) -> None:
    """Count gold names matched by some entity (any of its names).

    Unmatched entities are extras unless they match a ``may_*`` name.
    """
    used: set[str] = set()
    for title in gold:
        hit = [e for e, names in found.items() if any(match(title, n) for n in names)]
        if hit:
            score.tp += 1
            used.update(hit)
        else:
            score.fn += 1
            score.missed.append(f"{where}: {title}")
    for entity, names in found.items():
        if entity not in used and not any(match(m, n) for m in may for n in names):
            score.fp += 1
            score.extra.append(f"{where}: {sorted(names)[0]}")


def _score_documents(score: Score, item: dict[str, Any], found: dict[str, set[str]],
                     where: str) -> None:
    same: dict[str, set[str]] = defaultdict(set)
    for pair in item.get("same_documents", []):
        for name in pair:
            same[name] |= set(pair)

    def match(gold: str, name: str) -> bool:
        return name == gold or name in same.get(gold, ())

    _score_entities(score, list(item.get("must_documents", [])),
                    list(item.get("may_documents", [])), found, match, where)


def _score_initiatives(score: Score, item: dict[str, Any], found: dict[str, set[str]],
                       where: str) -> None:
    def close(a: str, b: str) -> bool:
        return bool(a) and bool(b) and (a in b or b in a)

    predicted = {e: {_strip_quotes(n) for n in names} for e, names in found.items()}
    _score_entities(score, [_strip_quotes(x) for x in item.get("must_initiatives", [])],
                    [_strip_quotes(x) for x in item.get("may_initiatives", [])], predicted,
                    close, where)


def evaluate(gold_path: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]], *,
             region: str | None = None, workers: int = 1,
             only_gold: bool = False) -> dict[str, Any]:
    """Build ``inputs`` into a temporary folder and score it against ``gold_path``.

    Args:
        gold_path: The gold file.
        inputs: What to build.
        region: The region the papers speak for (default: the gold file's ``region``).
        workers: Worker processes.
        only_gold: Build only the articles whose headline the gold file lists (fast
            scoring of a few annotated articles in a large corpus).

    Returns:
        ``{"gold": path, "scores": {category: {"precision", "recall", "f1", "tp", "fp",
        "fn", "missed", "extra"}}}``.
    """
    from kg.graph.store import open_store
    from kg.pipeline import build

    gold = load_gold(gold_path)
    region = region or gold.get("region")
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
        wanted = {(_norm(str(a.get("headline", ""))), a.get("url")) for a in gold["articles"]}
        headlines = {h for h, _ in wanted}

        def keep(article: Any) -> bool:
            head = _norm(article.headline)
            return head in headlines and (
                (head, article.url) in wanted or (head, None) in wanted)

        build(inputs, tmp, region=region, workers=workers, html=False,
              keep=keep if only_gold else None)
        scores = score_build(gold, open_store(tmp))
    return {
        "gold": str(gold_path),
        "scores": {name: {"precision": round(s.precision, 4), "recall": round(s.recall, 4),
                          "f1": round(s.f1, 4), "tp": s.tp, "fp": s.fp, "fn": s.fn,
                          "missed": s.missed, "extra": s.extra}
                   for name, s in scores.items()},
    }


def format_scores(result: dict[str, Any], *, details: bool = False) -> str:
    """Render scores as a table (and, with ``details``, the misses and extras)."""
    lines = [f"gold: {result['gold']}",
             f"{'category':<18}{'precision':>10}{'recall':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for name, s in result["scores"].items():
        lines.append(f"{name:<18}{s['precision']:>10.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}"
                     f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")
    if details:
        for name, s in result["scores"].items():
            for item in s["missed"]:
                lines.append(f"  missed {name}: {item}")
            for item in s["extra"]:
                lines.append(f"  extra  {name}: {item}")
    return "\n".join(lines)
