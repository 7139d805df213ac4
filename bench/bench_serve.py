"""Benchmark ``kg serve`` against ``oxigraph serve`` on the same ~1 M-triple build.

Usage::

    .venv/bin/python bench/bench_serve.py [--data DIR] [--articles N] [--runs N]

It writes (once, then reuses) a synthetic kg-shaped build — articles with mentions,
evidence annotations, posts and initiatives, shaped like ``CONTRACT.md`` — into ``--data``
through :func:`kg.graph.store.write_generation` and :func:`~kg.graph.store.replace_graph`,
so its default graph is the union of the article graphs just like a real build's. Then it
serves that build with ``kg serve`` (``python -m kg.cli serve``) and the very same store
generation with ``oxigraph serve-read-only`` (same engine version, no union flag needed:
the default graph already holds the union), and times four typical queries over HTTP
(POST form, JSON results, a fresh connection each time as SPARQLWrapper makes), printing
p50/p95 and the ratio of the p50s. A fifth row asks Q1 about a new person each run: a
query the server has not answered before (see ``kg/serve/_local.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from kg import identity  # noqa: E402
from kg.graph.store import current_path, is_build, replace_graph, write_generation  # noqa: E402

SDO = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
KG = "https://w3id.org/kg/ns#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"

SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢"
            "蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵"
            "孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
GIVEN = "国建华明伟芳军平丽强磊洋勇艳杰娟涛超秀英霞刚桂兰志红玉萍海波斌俊晓东文辉鹏飞宇浩"
REGIONS = ["内蒙古自治区", "河北省", "山西省", "辽宁省", "吉林省", "江苏省", "浙江省", "安徽省",
           "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "四川省"]
AGENCIES = ["应急管理厅", "市场监督管理局", "司法厅", "教育厅", "科学技术厅", "公安厅", "民政厅",
            "财政厅", "人力资源和社会保障厅", "自然资源厅", "生态环境厅", "住房和城乡建设厅",
            "交通运输厅", "水利厅", "农牧厅", "商务厅", "文化和旅游厅", "卫生健康委员会",
            "审计厅", "人民政府新闻办公室", "林业和草原局", "统计局", "医疗保障局", "体育局"]
TITLES = ["厅长", "副厅长", "局长", "副局长", "主任", "副主任", "党委书记", "党委委员",
          "二级巡视员", "一级巡视员", "处长", "副处长", "记者"]
INITIATIVE_KINDS = [("CampaignInitiative", "行动"), ("PlatformInitiative", "平台"),
                    ("ProjectInitiative", "项目"), ("ServiceInitiative", "服务"),
                    ("PlanInitiative", "规划")]
FILLER = ("近日召开会议研究部署推进工作强调要深入贯彻落实党中央决策部署坚持以人民为中心"
          "的发展思想扎实做好各项工作确保取得实效切实提升群众获得感幸福感安全感")

QUERIES = {
    "Q1 person facts": """
        SELECT ?name ?title ?orgName ?article WHERE {{
          <{person}> schema:name ?name .
          OPTIONAL {{ ?post org:member <{person}> ; org:role/skos:prefLabel ?title ;
                           prov:wasDerivedFrom ?article .
                     OPTIONAL {{ ?post org:organization/schema:name ?orgName }} }}
        }}""",
    "Q2 mentions per org, top 20": """
        SELECT ?org ?name (COUNT(?article) AS ?n) WHERE {
          ?article schema:mentions ?org . ?org a org:Organization ; schema:name ?name .
        } GROUP BY ?org ?name ORDER BY DESC(?n) LIMIT 20""",
    "Q3 2-hop": """
        SELECT DISTINCT ?other ?name WHERE {{
          ?article schema:mentions <{person}> , ?other .
          ?other a schema:Person ; schema:name ?name . FILTER(?other != <{person}>)
        }}""",
    "Q4 CONTAINS": """
        SELECT ?article ?headline WHERE {{
          ?article schema:articleBody ?body ; schema:headline ?headline .
          FILTER(CONTAINS(?body, "{name}"))
        }}""",
}
FRESH = "Q1' a new person each run"
PREAMBLE = ("PREFIX schema: <https://schema.org/> PREFIX org: <http://www.w3.org/ns/org#>\n"
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            "PREFIX prov: <http://www.w3.org/ns/prov#>\n")


def _lit(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _typed(value: int | str, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


class _Pools:
    """Entity pools drawn with a Zipf-like skew, as news mentions are."""

    def __init__(self, rng: random.Random) -> None:
        names: set[str] = set()
        while len(names) < 6000:
            names.add(rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))))
        self.persons = sorted(names)
        self.orgs = [r + a for r in REGIONS for a in AGENCIES]
        self.initiatives = [(kind, f"“{rng.choice(FILLER)}{rng.choice(FILLER)}{n}”{word}")
                            for n in range(1500) for kind, word in [rng.choice(INITIATIVE_KINDS)]]
        self.places = [r + c for r in REGIONS for c in ("呼和浩特市", "包头市", "赤峰市",
                                                          "通辽市", "鄂尔多斯市", "乌海市")]
        self.rng = rng

    def pick(self, pool: list[object], k: int) -> list[object]:
        chosen: list[object] = []
        while len(chosen) < k:
            index = int(len(pool) * self.rng.random() ** 3)
            item = pool[(index * 7919) % len(pool)]
            if item not in chosen:
                chosen.append(item)
        return chosen


def _article(i: int, pools: _Pools) -> tuple[str, str]:
    """Return ``(graph IRI, N-Triples)`` of one synthetic article."""
    rng = pools.rng
    article = identity.article(f"bench-{i}")
    lines: list[str] = []

    def t(s: str, p: str, o: str) -> None:
        lines.append(f"<{s}> <{p}> {o} .\n")

    persons = pools.pick(pools.persons, 4)  # type: ignore[arg-type]
    orgs = pools.pick(pools.orgs, 4)  # type: ignore[arg-type]
    initiatives = pools.pick(pools.initiatives, 2)  # type: ignore[arg-type]
    places = pools.pick(pools.places, 1)  # type: ignore[arg-type]
    body = ""
    mentions: list[tuple[str, int, int]] = []

    def mention(iri: str, name: str) -> tuple[int, int]:
        nonlocal body
        body += FILLER[: rng.randint(10, 40)]
        start = len(body)
        body += name
        mentions.append((iri, start, len(body)))
        return start, len(body)

    for name in persons:
        iri = identity.person(str(name))
        t(iri, RDF_TYPE, f"<{SDO}Person>")
        t(iri, f"{SDO}name", _lit(str(name)))
        mention(iri, str(name))
    org_iris = []
    for name in orgs:
        iri = identity.organization(str(name))
        org_iris.append(iri)
        t(iri, RDF_TYPE, f"<{ORG}Organization>")
        t(iri, RDF_TYPE, f"<{SDO}Organization>")
        t(iri, RDF_TYPE, f"<{SDO}GovernmentOrganization>")
        t(iri, f"{SDO}name", _lit(str(name)))
        t(iri, f"{SKOS}altLabel", _lit(str(name)[-6:]))
        mention(iri, str(name))
    for initiative in initiatives:
        kind, name = (str(part) for part in initiative)  # type: ignore[attr-defined]
        iri = identity.entity("initiative", name)
        t(iri, RDF_TYPE, f"<{KG}Initiative>")
        t(iri, RDF_TYPE, f"<{KG}{kind}>")
        t(iri, f"{SDO}name", _lit(name))
        mention(iri, name)
        t(org_iris[0], f"{KG}organized", f"<{iri}>")
    for name in places:
        iri = identity.entity("place", str(name))
        t(iri, RDF_TYPE, f"<{SDO}Place>")
        t(iri, f"{SDO}name", _lit(str(name)))
        mention(iri, str(name))
    posts = []
    for k in range(2):
        person = identity.person(str(persons[k]))
        title = rng.choice(TITLES)
        org = org_iris[k]
        post = identity.membership(person, title, org)
        role = identity.role(title)
        t(post, RDF_TYPE, f"<{ORG}Membership>")
        t(post, f"{ORG}member", f"<{person}>")
        t(post, f"{ORG}role", f"<{role}>")
        t(post, f"{ORG}organization", f"<{org}>")
        t(post, f"{PROV}wasDerivedFrom", f"<{article}>")
        t(role, RDF_TYPE, f"<{ORG}Role>")
        t(role, f"{SKOS}prefLabel", _lit(title))
        posts.append((post, *mention(post, title)))
    body += FILLER[:30]
    t(article, RDF_TYPE, f"<{SDO}NewsArticle>")
    t(article, f"{SDO}headline", _lit(f"{orgs[0]}{FILLER[: rng.randint(8, 20)]}"))
    t(article, f"{SDO}articleBody", _lit(body))
    t(article, f"{SDO}identifier", _lit(f"bench-{i}"))
    t(article, f"{KG}contentHash", _lit(f"{i:064x}"))
    t(article, f"{SDO}datePublished",
      _typed(f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", "date"))
    t(article, f"{KG}region", _lit(REGIONS[i % len(REGIONS)]))
    for iri, start, end in mentions:
        if "/post/" not in iri:
            t(article, f"{SDO}mentions", f"<{iri}>")
        ann = identity.annotation(article, start, end, iri)
        target, position, quote = f"{ann}/target", f"{ann}/position", f"{ann}/quote"
        t(ann, RDF_TYPE, f"<{OA}Annotation>")
        t(ann, f"{OA}motivatedBy", f"<{OA}identifying>")
        t(ann, f"{OA}hasBody", f"<{iri}>")
        t(ann, f"{OA}hasTarget", f"<{target}>")
        t(ann, f"{KG}confidence", _typed(f"0.{rng.randint(500, 999)}", "decimal"))
        t(ann, f"{KG}extractor", _lit("bench.synthetic.v1"))
        t(target, RDF_TYPE, f"<{OA}SpecificResource>")
        t(target, f"{OA}hasSource", f"<{article}>")
        t(target, f"{OA}hasSelector", f"<{position}>")
        t(target, f"{OA}hasSelector", f"<{quote}>")
        t(position, RDF_TYPE, f"<{OA}TextPositionSelector>")
        t(position, f"{OA}start", _typed(start, "nonNegativeInteger"))
        t(position, f"{OA}end", _typed(end, "nonNegativeInteger"))
        t(quote, RDF_TYPE, f"<{OA}TextQuoteSelector>")
        t(quote, f"{OA}exact", _lit(body[start:end]))
    return identity.article_graph(article), "".join(lines)


def make_dataset(build_dir: Path, articles: int) -> int:
    """Write a synthetic build of ``articles`` articles into ``build_dir``; return its quads."""
    pools = _Pools(random.Random(20250101))
    started = time.perf_counter()
    quads = 0
    with write_generation(build_dir, fresh=True) as generation:
        for i in range(articles):
            graph, text = _article(i, pools)
            quads += text.count("\n")
            replace_graph(generation.store, ox.NamedNode(graph), text)
            if i % 500 == 0:
                print(f"  {i}/{articles} articles, {quads} triples, "
                      f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
        generation.store.flush()
    return quads


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            _ask(url, "ASK { ?s ?p ?o }")
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def _ask(url: str, query: str) -> bytes:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=data, headers={
        "Accept": "application/sparql-results+json",
        "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=120) as response:
        body: bytes = response.read()
        return body


def _time(urls: dict[str, str], query: str | list[str], runs: int
          ) -> dict[str, tuple[float, float, int]]:
    """Time ``query`` on each server, alternating servers run by run (the same load on
    both, however busy the machine is); return ``{server: (p50, p95, rows)}``.

    A list of queries gives run ``i`` the ``i``-th (each one new to the servers)."""
    names = list(urls)
    samples: dict[str, list[float]] = {name: [] for name in names}
    rows: dict[str, int] = {}
    texts = query if isinstance(query, list) else [query] * (runs + 1)
    for name in names:
        _ask(urls[name], texts[-1])  # warm
    for run in range(runs):
        for name in names if run % 2 == 0 else reversed(names):
            started = time.perf_counter()
            body = _ask(urls[name], texts[run])
            samples[name].append(time.perf_counter() - started)
            rows[name] = len(json.loads(body)["results"]["bindings"])
    out = {}
    for name in names:
        ordered = sorted(samples[name])
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        out[name] = (statistics.median(ordered), p95, rows[name])
    return out


def _typical_persons(build_dir: Path, count: int = 1) -> list[tuple[str, str]]:
    """The 20th most often mentioned person and the ones after: ``[(IRI, name)]``."""
    store = ox.Store.read_only(str(current_path(build_dir)))
    result = store.query(
        "SELECT ?p ?name (COUNT(*) AS ?n) WHERE { ?a <https://schema.org/mentions> ?p . "
        "?p a <https://schema.org/Person> ; <https://schema.org/name> ?name } "
        f"GROUP BY ?p ?name ORDER BY DESC(?n) ?p LIMIT {count} OFFSET 19")
    assert isinstance(result, ox.QuerySolutions)
    rows = list(result)
    return [(str(row["p"].value), str(row["name"].value)) for row in rows]


def _typical_person(build_dir: Path) -> tuple[str, str]:
    """The 20th most often mentioned person: ``(IRI, name)``."""
    return _typical_persons(build_dir)[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="/tmp/kg-bench-serve", help="the build folder")
    parser.add_argument("--articles", type=int, default=3800, help="~265 triples each")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--workers", type=int, default=None, help="kg serve workers")
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not is_build(data):
        print(f"writing {args.articles} synthetic articles into {data} ...", file=sys.stderr)
        started = time.perf_counter()
        quads = make_dataset(data, args.articles)
        print(f"  {quads} triples in named graphs, {time.perf_counter() - started:.0f} s",
              file=sys.stderr)
    generation = current_path(data)
    assert generation is not None
    store = ox.Store.read_only(str(generation))
    total = len(store)
    named = sum(1 for _ in store.quads_for_pattern(None, None, None, None)) - sum(
        1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    del store
    print(f"dataset: {named} triples in named graphs, {total} quads with the union default "
          f"graph", file=sys.stderr)
    persons = _typical_persons(data, args.runs + 2)
    person, name = persons[0]
    queries: dict[str, str | list[str]] = {
        qname: PREAMBLE + (q.format(person=person, name=name) if "{{" in q else q)
        for qname, q in QUERIES.items()}
    # Each run a person not asked about before: a query kg serve has not seen (so its
    # workers answer it, see kg/serve/_local.py), for comparison with Q1.
    queries[FRESH] = [PREAMBLE + QUERIES["Q1 person facts"].format(person=p, name=n)
                      for p, n in persons[1:]]

    kg_port, ox_port = _free_port(), _free_port()
    bin_dir = Path(sys.executable).parent
    kg_cmd = [sys.executable, "-m", "kg.cli", "serve", str(data), "--port", str(kg_port)]
    if args.workers:
        kg_cmd += ["--workers", str(args.workers)]
    servers: dict[str, tuple[str, subprocess.Popen[bytes]]] = {
        "kg serve": (f"http://127.0.0.1:{kg_port}/sparql",
                     subprocess.Popen(kg_cmd, stdout=subprocess.DEVNULL)),
        "oxigraph serve": (f"http://127.0.0.1:{ox_port}/query", subprocess.Popen(
            [str(bin_dir / "oxigraph"), "serve-read-only", "--location", str(generation),
             "--bind", f"127.0.0.1:{ox_port}"], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)),
    }
    results: dict[str, dict[str, tuple[float, float, int]]] = {}
    try:
        for url, process in servers.values():
            _wait(url, process)
        urls = {name: url for name, (url, _) in servers.items()}
        for qname, query in queries.items():
            results[qname] = _time(urls, query, args.runs)
    finally:
        for _, process in servers.values():
            process.terminate()
            process.wait(timeout=30)
    ms: Callable[[float], str] = lambda s: f"{s * 1000:7.1f}"  # noqa: E731
    print(f"\n{'query':<30} {'rows':>5} | {'kg p50':>7} {'kg p95':>7} | {'ox p50':>7} "
          f"{'ox p95':>7} | ratio p50")
    for qname, by in results.items():
        k50, k95, rows = by["kg serve"]
        o50, o95, orows = by["oxigraph serve"]
        flag = "" if rows == orows else f"  (row counts differ: {rows} vs {orows})"
        print(f"{qname:<30} {rows:>5} | {ms(k50)} {ms(k95)} | {ms(o50)} {ms(o95)} | "
              f"{k50 / o50:5.2f}x{flag}")
    print("(milliseconds, over HTTP on loopback, JSON results; Q1-Q4 are the typical "
          "queries, each\n asked again run after run as a notebook or page does; Q1' asks "
          "about a new person each run)")
    return 0


if __name__ == "__main__":
    if os.environ.get("KG_BENCH_CLEAN"):
        shutil.rmtree("/tmp/kg-bench-serve", ignore_errors=True)
    raise SystemExit(main())
