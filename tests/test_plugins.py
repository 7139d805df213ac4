"""Extending kg: the registry, plugin facts, ontology extensions and the example plugin.

The example plugin (``examples/plugin``) is exercised twice: in-process, registered by
hand (fast), and installed with pip into a fresh virtual environment (slow), where its
entry points alone must make ``kg plugins`` list it and add its triples to a build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from kg.errors import ExtractionError, OntologyError, PluginError
from kg.records import Article, Fact, Mention, Relation
from kg.registry import Plugin, Registry, registry

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "examples" / "plugin"
SAMPLE = PLUGIN / "sample.jsonl"
SEED = ROOT / "examples" / "000_e63576df4a57bece.txt"
MYLAB = "https://example.org/mylab/ns#"


def kg(*args: str, python: str = sys.executable) -> subprocess.CompletedProcess[str]:
    return subprocess.run([python, "-m", "kg.cli", *args], capture_output=True, text=True,
                          timeout=600)


@pytest.fixture()
def mylab(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """The example plugin registered in-process, as its entry points would register it."""
    monkeypatch.syspath_prepend(str(PLUGIN / "src"))
    import kg_mylab

    registry.all()  # entry points first, so the plugin is added after them
    ttl, shapes = kg_mylab.ontology()
    registry.add_ontology("mylab.ontology.v1", ttl, shapes, package="kg-mylab")
    registry.add(Plugin("mylab.doc_numbers.v1", "extractor", kg_mylab.doc_numbers, "kg-mylab"))
    try:
        yield kg_mylab
    finally:
        registry.remove("extractor", "mylab.doc_numbers.v1")
        registry.remove("ontology", "mylab.ontology.v1")


def _quads(build_dir: Path) -> set[str]:
    """Every quad of a build's named graphs (kg:contentHash included), as N-Quads text."""
    from kg.graph.store import named_quads, open_store

    return {str(q) for q in named_quads(open_store(build_dir))}


# ---------------------------------------------------------------- registry
def test_a_duplicate_name_is_an_error() -> None:
    reg = Registry()
    reg._entry_points_loaded = True  # a bare registry: no entry points

    @reg.extractor("lab.thing.v1")
    def first(doc: object) -> list[object]:
        return []

    with pytest.raises(PluginError, match="already registered"):
        @reg.extractor("lab.thing.v1")
        def second(doc: object) -> list[object]:
            return []

    assert reg.get("extractor", "lab.thing.v1").obj is first
    with pytest.raises(PluginError, match="no extractor named"):
        reg.get("extractor", "lab.other.v1")


def test_an_entry_point_reusing_a_builtin_name_is_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    registry.all()
    (tmp_path / "lab_dup.py").write_text("def extract(doc):\n    return []\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    entry = metadata.EntryPoint("kg.people.v1", "lab_dup:extract", "kg.extractors")
    with pytest.raises(PluginError, match="already registered by kg"):
        registry._load_entry_point("extractor", entry)
    assert registry.get("extractor", "kg.people.v1").package == "kg"


def _fake_distribution(folder: Path, name: str, entry_points: str, module: str) -> None:
    info = folder / f"{name}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points), encoding="utf-8")
    (folder / f"{module}.py").write_text(textwrap.dedent("""
        import sys
        sys.modules[__name__].imported = True
        def extract(doc):
            return []
        extract.kg_order = 150
        def ontology():
            return ('@prefix lab: <https://example.org/lab#> .\\n'
                    '@prefix owl: <http://www.w3.org/2002/07/owl#> .\\n'
                    'lab:term a owl:DatatypeProperty .\\n', '')
        """), encoding="utf-8")


def test_entry_points_are_loaded_lazily_with_their_package(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    registry.all()
    _fake_distribution(tmp_path, "lab_plugin", """
        [kg.extractors]
        lab.lazy.v1 = lab_lazy:extract
        [kg.ontologies]
        lab.ontology.v1 = lab_lazy:ontology
        """, "lab_lazy")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "lab_lazy", raising=False)
    reg = Registry()
    assert "lab_lazy" not in sys.modules  # nothing imported before the registry is read
    plugin = reg.get("extractor", "lab.lazy.v1")
    assert "lab_lazy" in sys.modules
    assert (plugin.package, plugin.order) == ("lab_plugin", 150)
    assert reg.get("ontology", "lab.ontology.v1").package == "lab_plugin"


def test_two_distributions_with_one_name_is_an_error(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    registry.all()
    for dist, module in (("lab_a", "lab_a_mod"), ("lab_b", "lab_b_mod")):
        _fake_distribution(tmp_path, dist, f"[kg.extractors]\nlab.same.v1 = {module}:extract\n",
                           module)
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(PluginError, match=r"lab\.same\.v1"):
        Registry().all()


def test_load_code_registers_the_files_plugins_under_its_path(tmp_path: Path) -> None:
    code = tmp_path / "my_extractors.py"
    code.write_text(textwrap.dedent("""
        from kg import registry

        @registry.extractor("lab.code.v1")
        def nothing(doc):
            return []
        """), encoding="utf-8")
    try:
        added = registry.load_code(code)
        assert [(p.name, p.kind, p.package) for p in added] == [
            ("lab.code.v1", "extractor", str(code))]
        with pytest.raises(PluginError, match="already registered") as raised:
            registry.load_code(code)
        assert str(raised.value).startswith(f"{code}: ")
    finally:
        registry.remove("extractor", "lab.code.v1")
    with pytest.raises(PluginError, match="no such file"):
        registry.load_code(tmp_path / "missing.py")


def test_kg_plugins_lists_name_kind_and_package() -> None:
    lines = kg("plugins").stdout.splitlines()
    assert lines[0].split() == ["name", "kind", "package"]
    assert ["kg.people.v1", "extractor", "kg"] in [line.split() for line in lines]
    assert ["trig", "exporter", "kg"] in [line.split() for line in lines]


# ---------------------------------------------------------------- facts, IRIs from plugins
def _article(text: str) -> Article:
    return Article(id="t1", headline="测试", text=text, date="2024-03-05",
                   region="内蒙古自治区")


def _quads_of(article: Article, *extra: Plugin) -> set[tuple[str, str, str]]:
    from kg.extract import extract
    from kg.graph import article_quads
    from kg.resolve import resolve

    resolved = resolve(extract(article, [*registry.extractors(), *extra]))
    return {(str(s), str(p), str(o)) for s, p, o, _ in article_quads(resolved)}


def test_a_fact_needs_an_absolute_iri() -> None:
    m = Mention("document", "《方案》", 0, 4, "方案")
    with pytest.raises(ExtractionError, match="absolute IRI"):
        Fact(m, "mylab:documentNumber", "x", 0, 1)
    with pytest.raises(ExtractionError, match="datatype"):
        Fact(m, MYLAB + "documentNumber", "x", 0, 1, datatype="integer")
    with pytest.raises(ExtractionError, match="range"):
        Fact(m, MYLAB + "documentNumber", "x", 5, 1)


def test_plugin_facts_classes_and_predicates_reach_the_graph() -> None:
    text = "自治区人民政府印发《草原保护方案》，共计12条。草原音乐节在呼和浩特举行。"
    event_start = text.index("草原音乐节")

    def plugin(doc: object) -> Iterator[object]:
        docs = [m for m in doc.mentions if m.kind == "document"]  # type: ignore[attr-defined]
        orgs = [m for m in doc.mentions if m.kind == "organization"]  # type: ignore[attr-defined]
        yield Fact(docs[0], "https://example.org/t#articles", "12", text.index("12"),
                   text.index("12") + 2, datatype="http://www.w3.org/2001/XMLSchema#integer")
        yield Relation(orgs[0], "https://example.org/t#approved", docs[0], 0, 16)
        yield Mention("event", "草原音乐节", event_start, event_start + 5, "草原音乐节", 1.0,
                      "t.v1", "https://example.org/t#Festival")

    triples = _quads_of(_article(text), Plugin("t.v1", "extractor", plugin, "test"))
    doc = next(s for s, p, o in triples if p == "https://schema.org/name" and o == "草原保护方案")
    org = next(s for s, p, o in triples if o == "内蒙古自治区人民政府")
    assert (doc, "https://example.org/t#articles", "12") in triples
    assert (org, "https://example.org/t#approved", doc) in triples
    assert any(p.endswith("#type") and o == "https://example.org/t#Festival"
               for s, p, o in triples)
    # the fact's evidence: an oa:describing annotation on the digits
    anns = {s for s, p, o in triples if p == "http://www.w3.org/ns/oa#hasBody" and o == doc}
    assert any((a, "http://www.w3.org/ns/oa#motivatedBy", "http://www.w3.org/ns/oa#describing")
               in triples for a in anns)


# ---------------------------------------------------------------- ontology extensions
def test_namespace_of_kg_fails_on_typos() -> None:
    from kg.ontology import namespace

    KG = namespace("kg")
    assert KG.Initiative == URIRef("https://w3id.org/kg/ns#Initiative")
    with pytest.raises(AttributeError):
        _ = KG.Initiatve
    with pytest.raises(OntologyError, match="prefix 'nolab'"):
        namespace("nolab")


def test_an_extension_gives_terms_prefixes_and_shapes(mylab: object) -> None:
    from kg.graph import PREFIXES
    from kg.ontology import namespace, ontology_graph, shapes_graph

    MY = namespace("mylab")
    assert MY.documentNumber == URIRef(MYLAB + "documentNumber")
    assert namespace(MYLAB).documentNumber == MY.documentNumber
    with pytest.raises(AttributeError):
        _ = MY.documentNumbr
    assert PREFIXES["mylab"] == MYLAB
    assert (URIRef(MYLAB + "documentNumber"), None, None) in ontology_graph()
    assert "mylab" in shapes_graph().serialize(format="turtle")


def test_removing_an_extension_unbinds_its_prefix(mylab: object) -> None:
    from kg.graph import PREFIXES

    registry.remove("ontology", "mylab.ontology.v1")
    assert "mylab" not in PREFIXES
    ttl, shapes = mylab.ontology()  # type: ignore[attr-defined]
    registry.add_ontology("mylab.ontology.v1", ttl, shapes, package="kg-mylab")
    assert PREFIXES["mylab"] == MYLAB


def test_an_extension_may_not_rebind_a_kg_prefix() -> None:
    from kg.ontology import extension_prefixes

    ttl = ("@prefix kg: <https://example.org/notkg#> .\n"
           "@prefix owl: <http://www.w3.org/2002/07/owl#> .\nkg:x a owl:Class .\n")
    try:
        with pytest.raises(OntologyError, match="prefix 'kg'"):
            registry.add_ontology("lab.bad.v1", ttl)
    finally:
        registry.remove("ontology", "lab.bad.v1")
    assert "kg" not in extension_prefixes()


# ---------------------------------------------------------------- the example plugin
def test_find_numbers_and_attachment(mylab: object) -> None:
    from kg.extract import extract

    text = ("国务院印发《关于优化政务服务的指导意见》（国发〔2024〕3号）。"
            "自治区印发《实施方案》，文号为内政办发〔2023〕5号。"
            "按照京政发[2022]7号要求，制定《工作细则》。"
            "这一文件编号国发〔2021〕1号没有标题。"
            "据《人民日报》报道，国办发〔2020〕2号已废止。")
    facts = extract(_article(text)).facts
    assert [(f.subject.name, f.value, f.confidence) for f in facts] == [
        ("关于优化政务服务的指导意见", "国发〔2024〕3号", 0.95),
        ("实施方案", "内政办发〔2023〕5号", 0.95),
        ("工作细则", "京政发〔2022〕7号", 0.8),
    ]
    for f in facts:
        assert f.extractor == "mylab.doc_numbers.v1"
        assert text[f.start:f.end].replace("[", "〔").replace("]", "〕") == f.value


def test_the_plugin_build_conforms_to_kg_and_mylab_shapes(mylab: object, tmp_path: Path) -> None:
    pyshacl = pytest.importorskip("pyshacl")
    import rdflib

    from kg.export.rdf import union_triples
    from kg.graph.store import open_store
    from kg.ontology import ontology_graph, shapes_graph
    from kg.pipeline import build

    build([SAMPLE], tmp_path / "out", workers=1, html=False)
    assert "@prefix mylab: <https://example.org/mylab/ns#>" in \
        (tmp_path / "out" / "graph.trig").read_text(encoding="utf-8")
    turtle = ox.serialize(union_triples(open_store(tmp_path / "out")),
                          format=ox.RdfFormat.TURTLE).decode("utf-8")
    union = rdflib.Graph().parse(data=turtle, format="turtle")
    numbers = sorted(str(o) for o in union.objects(None, URIRef(MYLAB + "documentNumber")))
    assert numbers == ["内政办发〔2024〕12号", "国发〔2024〕3号"]
    conforms, _, report = pyshacl.validate(union, shacl_graph=shapes_graph(),
                                           ont_graph=ontology_graph(), inference="none")
    assert conforms, report
    # the lab's shape is in force: a malformed number is reported
    doc = next(union.subjects(URIRef(MYLAB + "documentNumber"), None))
    union.add((doc, URIRef(MYLAB + "documentNumber"), rdflib.Literal("第3号")))
    conforms, _, report = pyshacl.validate(union, shacl_graph=shapes_graph(),
                                           ont_graph=ontology_graph(), inference="none")
    assert not conforms and "第3号" in report


def test_kg_build_code_file_adds_facts(tmp_path: Path) -> None:
    code = tmp_path / "my_extractors.py"
    code.write_text(textwrap.dedent("""
        from kg import registry
        from kg.records import Fact

        @registry.extractor("lab.title_length.v1")
        def title_length(doc):
            for m in doc.mentions:
                if m.kind == "document":
                    yield Fact(m, "https://example.org/lab#titleLength", str(len(m.name)),
                               m.start, m.end, datatype="http://www.w3.org/2001/XMLSchema#integer")
        """), encoding="utf-8")
    listed = kg("plugins", "--code", str(code)).stdout
    assert f"lab.title_length.v1  extractor  {code}" in listed
    result = kg("build", str(SAMPLE), "-o", str(tmp_path / "out"), "--code", str(code),
                "--workers", "1", "--no-html", "-q")
    assert result.returncode == 0, result.stderr
    rows = kg("query", str(tmp_path / "out"),
              "SELECT ?n WHERE { ?d <https://example.org/lab#titleLength> ?n } ORDER BY ?n",
              "--format", "csv")
    assert rows.stdout.split() == ["n", "4", "21", "33"]  # typed: sorted as numbers


def test_the_plugins_own_tests_pass_from_source() -> None:
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             str(PLUGIN / "tests")], capture_output=True, text=True,
                            timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-2000:]


# ---------------------------------------------------------------- installed for real
def _pip_install(python: str, source: Path) -> subprocess.CompletedProcess[str]:
    base = [python, "-m", "pip", "install", "--no-deps", "--no-input", "-q",
            "--disable-pip-version-check"]
    result = subprocess.run([*base, str(source)], capture_output=True, text=True, timeout=600)
    if result.returncode != 0:  # no index to fetch setuptools from: build with what we have
        result = subprocess.run([*base, "--no-build-isolation", str(source)],
                                capture_output=True, text=True, timeout=600)
    return result


def _built(result: subprocess.CompletedProcess[str]) -> tuple[int, int]:
    """``(articles written, articles unchanged)`` from ``kg build``'s last line."""
    assert result.returncode == 0, result.stderr
    found = re.search(r"built (\d+) article\(s\) \((\d+) unchanged", result.stderr)
    assert found, result.stderr
    return int(found.group(1)), int(found.group(2))


# kg serve over a build: a query using the plugin's prefix without declaring it, then
# whether the query page lists the prefix as predeclared.
_SERVE = """
import sys, urllib.parse, urllib.request
from kg.serve import start
with start(sys.argv[1], workers=1) as server:
    query = "SELECT ?number WHERE { ?d mylab:documentNumber ?number } ORDER BY ?number"
    request = urllib.request.Request(
        server.sparql_url + "?" + urllib.parse.urlencode({"query": query}),
        headers={"Accept": "text/csv"})
    print(urllib.request.urlopen(request, timeout=120).read().decode())
    page = urllib.request.urlopen(server.url + "/", timeout=120).read().decode()
    print("mylab" if ", mylab" in page.split("are predeclared")[0] else "no prefix")
"""


@pytest.mark.slow
def test_installing_the_plugin_adds_its_triples_and_changes_no_existing_one(
        tmp_path: Path) -> None:
    """Build the seed, install examples/plugin into a fresh venv, build again: every quad of
    the first build is still there, plus the plugin's numbers and their annotations."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = str(venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], capture_output=True, text=True, check=True)
    # kg and its dependencies come from this environment (no network needed for them)
    parent = sysconfig.get_paths()["purelib"]
    Path(site.stdout.strip(), "kg_parent_env.pth").write_text(
        f"import site; site.addsitedir({parent!r})\n", encoding="utf-8")
    assert "mylab" not in kg("plugins", python=python).stdout

    out = tmp_path / "out"
    inputs = [str(SEED), str(SAMPLE)]
    build = ("build", *inputs, "-o", str(out), "--workers", "1", "--no-html")
    assert _built(kg(*build, python=python)) == (7, 0)
    before = _quads(out)

    source = tmp_path / "plugin"
    shutil.copytree(PLUGIN, source, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    installed = _pip_install(python, source)
    if installed.returncode != 0:
        pytest.skip(f"cannot build the plugin here: {installed.stderr.strip()[-300:]}")
    listed = [line.split() for line in kg("plugins", python=python).stdout.splitlines()]
    assert ["mylab.doc_numbers.v1", "extractor", "kg-mylab"] in listed
    assert ["mylab.ontology.v1", "ontology", "kg-mylab"] in listed

    # the extractor set changed: every article is extracted again ...
    assert _built(kg(*build, python=python)) == (7, 0)
    after = _quads(out)
    missing = before - after
    assert not missing, sorted(missing)[:5]  # ... and no quad changed or went
    added = after - before
    numbers = {q for q in added if f"<{MYLAB}documentNumber>" in q}
    assert sorted(q.split(" ")[2] for q in numbers) == [
        '"内政办发〔2024〕12号"', '"国发〔2024〕3号"']
    assert all("/ann/" in q.split()[0] for q in added - numbers), sorted(added - numbers)[:8]
    # ... and unchanged ones are skipped again while the extractors stay the same
    assert _built(kg(*build, python=python)) == (0, 7)
    assert _quads(out) == after
    # the same as building with the plugin from the start
    fresh = tmp_path / "fresh"
    assert _built(kg("build", *inputs, "-o", str(fresh), "--workers", "1", "--no-html",
                     python=python)) == (7, 0)
    assert _quads(fresh) == after

    # the plugin's prefix: in graph.trig and exports, predeclared in queries (no PREFIX line)
    assert "@prefix mylab:" in (out / "graph.trig").read_text(encoding="utf-8")
    rows = kg("query", str(out), "SELECT ?n WHERE { ?d mylab:documentNumber ?n } ORDER BY ?n",
              "--format", "csv", python=python)
    assert rows.returncode == 0, rows.stderr
    assert rows.stdout.split() == ["n", "内政办发〔2024〕12号", "国发〔2024〕3号"]
    served = subprocess.run([python, "-c", _SERVE, str(out)], capture_output=True, text=True,
                            timeout=300)
    assert served.returncode == 0, served.stderr
    assert served.stdout.split() == ["number", "内政办发〔2024〕12号", "国发〔2024〕3号", "mylab"]
    exported = kg("export", str(out), "--format", "ttl", "-o", str(tmp_path / "out.ttl"),
                  python=python)
    assert exported.returncode == 0, exported.stderr
    assert "mylab:documentNumber" in (tmp_path / "out.ttl").read_text(encoding="utf-8")
    # and the plugin's own tests pass against the installed package (entry points)
    tests = subprocess.run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            str(source / "tests")], capture_output=True, text=True,
                           timeout=600, cwd=ROOT)
    assert tests.returncode == 0, tests.stdout[-2000:]


def test_the_guides_notebook_cell_runs() -> None:
    guide = (ROOT / "docs" / "extending.md").read_text(encoding="utf-8")
    cell = guide.split("```python\n", 1)[1].split("```", 1)[0]
    result = subprocess.run([sys.executable, "-c", cell], capture_output=True, text=True,
                            timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["关于优化政务服务的指导意见", "国发〔2024〕3号"]


def test_the_guides_ontology_cells_run(tmp_path: Path) -> None:
    """Step 3 of docs/extending.md as written: its two Turtle files, then its Python cells
    (register, typo-proof names, SHACL validation of a build) in one session."""
    pytest.importorskip("pyshacl")
    blocks = re.findall(r"```(\w*)\n(.*?)```", (ROOT / "docs" / "extending.md").read_text(
        encoding="utf-8"), re.S)
    turtle = [text for lang, text in blocks if lang == "turtle"]
    cells = [text for lang, text in blocks if lang == "python"]
    assert turtle[0].startswith("# mylab.ttl") and turtle[1].startswith("# shapes.ttl")
    (tmp_path / "mylab.ttl").write_text(turtle[0], encoding="utf-8")
    (tmp_path / "shapes.ttl").write_text(turtle[1], encoding="utf-8")
    session = "\n".join([f"import kg\nkg.build([{str(SAMPLE)!r}], 'out', workers=1, html=False)",
                         *cells[1:4]])
    result = subprocess.run([sys.executable, "-c", session], capture_output=True, text=True,
                            timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{MYLAB}documentNumber", f"term 'documentNumbr' not in namespace '{MYLAB}'", "True"]


def test_kg_query_and_export_take_code_files(seed_build: Path, tmp_path: Path) -> None:
    """``--code`` on kg query predeclares the file's ontology prefix; on kg export it adds
    the file's exporter."""
    code = ROOT / "examples" / "my_extractors.py"
    sparql = "ASK { ?d lab:effectiveFrom ?from }"
    assert kg("query", str(seed_build), sparql).returncode != 0  # lab: is unknown
    asked = kg("query", str(seed_build), sparql, "--code", str(code))
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.strip() == "false"
    exporter = tmp_path / "my_exporter.py"
    exporter.write_text(textwrap.dedent("""
        from kg import registry

        @registry.exporter("lab.graphs", suffix=".txt")
        def graphs(store, out, **options):
            out.write_text(f"{len(list(store.named_graphs()))}\\n", encoding="utf-8")
        """), encoding="utf-8")
    result = kg("export", str(seed_build), "--format", "lab.graphs", "-o",
                str(tmp_path / "graphs.txt"), "--code", str(exporter))
    assert result.returncode == 0, result.stderr
    assert int((tmp_path / "graphs.txt").read_text(encoding="utf-8")) >= 6


def test_the_extractor_set_decides_re_extraction_and_no_quad_records_it(tmp_path: Path) -> None:
    """Adding or removing an extractor re-extracts every article given, while the same set
    skips them; which set built each article is a note beside the store that a store
    write without a build (as ``kg serve --allow-update`` makes) carries over."""
    from kg.graph.store import write_generation
    from kg.pipeline import build

    out = tmp_path / "out"

    def run() -> tuple[int, int]:
        report = build([SEED], out, workers=1, html=False)
        return report.articles, report.unchanged

    assert run() == (6, 0)
    first = _quads(out)
    assert run() == (0, 6)
    registry.add(Plugin("lab.nothing.v1", "extractor", lambda doc: [], "test"))
    try:
        assert run() == (6, 0)
        assert _quads(out) == first  # an extractor adding nothing changes nothing
        assert run() == (0, 6)
        with write_generation(out):
            pass  # a store write that is not a build
        assert run() == (0, 6)
    finally:
        registry.remove("extractor", "lab.nothing.v1")
    assert run() == (6, 0)
    assert _quads(out) == first
    notes = list((out / "store").glob("gen-*.pipeline.note"))
    assert len(notes) == 1 and "lab.nothing.v1" not in notes[0].read_text(encoding="utf-8")
