"""The shipped queries (examples/queries/*.rq) and scripts (examples/*.py), run as tests.

Against the seed build (some of its articles are dated) and, marked slow, against a
build of xinwenlianbo stories chosen by a filter (:data:`SUBSET`): every story naming
王毅, where the career query must give 王毅's posts with first and last seen dates that
match the stories' own dates, and stories where agencies organize initiatives and named
spokespeople speak at press conferences, for the other queries.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import kg.analysis
from kg.sparql import run_query

from .conftest import CORPUS, SEED, needs_shared

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
QUERIES = EXAMPLES / "queries"


def rq(query: str, /, **values: str) -> str:
    text = (QUERIES / f"{query}.rq").read_text(encoding="utf-8")
    for var, value in values.items():
        text, n = re.subn(rf'VALUES \?{var} \{{ "[^"]*" \}}',
                          f"VALUES ?{var} {{ {json.dumps(value, ensure_ascii=False)} }}", text)
        assert n == 1, var
    return text


def rows(build: Path, sparql: str) -> list[dict[str, str]]:
    result = run_query(build, sparql)
    names = [v.value for v in result.variables]
    return [{n: r[n].value for n in names if r[n] is not None} for r in result]


def script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(EXAMPLES / name), *args], capture_output=True,
                          text=True, timeout=600, cwd=ROOT)


def test_every_query_is_tested() -> None:
    tested = {"officials", "career", "agencies_by_month", "initiatives_by_agency",
              "press_conferences", "quantities"}
    assert {p.stem for p in QUERIES.glob("*.rq")} == tested


def test_career_rq_is_the_query_kg_analysis_runs() -> None:
    assert (QUERIES / "career.rq").read_text(encoding="utf-8") == kg.analysis.CAREER_QUERY


# ---------------------------------------------------------------- the seed
def test_officials_of_an_agency(seed_build: Path) -> None:
    found = rows(seed_build, rq("officials"))
    assert {(r["name"], r["title"], r["unit"]) for r in found} == {
        ("邢国显", "副厅长", "内蒙古自治区应急管理厅"),
        ("邢国显", "党委委员", "内蒙古自治区应急管理厅")}
    # by another name it is known by, and including its units
    market = rows(seed_build, rq("officials", agencyName="内蒙古自治区市场监督管理局"))
    assert [(r["name"], r["firstSeen"], r["lastSeen"]) for r in market] == [
        ("冯晔", "2023-01-31", "2023-01-31")]
    government = rows(seed_build, rq("officials", agencyName="内蒙古自治区人民政府"))
    assert {r["name"] for r in government} == {"邢国显", "冯晔"}


def test_career(seed_build: Path) -> None:
    found = rows(seed_build, rq("career", name="冯晔"))
    assert [(r["title"], r["organizationName"], r["firstSeen"], r["lastSeen"], r["articles"])
            for r in found] == [("二级巡视员", "内蒙古自治区市场监督管理局", "2023-01-31",
                                 "2023-01-31", "1")]
    assert rows(seed_build, rq("career")) == []  # 王毅 is not on the seed page


def test_agencies_by_month(seed_build: Path) -> None:
    found = rows(seed_build, rq("agencies_by_month"))
    months = [r["month"] for r in found]
    assert months == sorted(months) and set(months) == {"2023-01", "2023-02"}
    for month in set(months):
        counts = [int(r["articles"]) for r in found if r["month"] == month]
        assert counts == sorted(counts, reverse=True)
    assert {"month": "2023-01", "agency": "内蒙古自治区市场监督管理局", "articles": "1"} in found


def test_initiatives_by_agency(seed_build: Path) -> None:
    found = rows(seed_build, rq("initiatives_by_agency"))
    assert [(r["agency"], r["relation"], r["firstSeen"]) for r in found] == [
        ("共青团内蒙古自治区委员会", "organized", "2023-02-02"),
        ("内蒙古自治区司法厅行政复议联合党支部", "organized", "2023-01-30")]
    assert "冬令营" in found[0]["initiative"]


def test_press_conferences(seed_build: Path) -> None:
    found = rows(seed_build, rq("press_conferences"))
    assert [(r["date"], r["conference"], r["heldBy"], r["speaker"], r["title"],
             r["organization"]) for r in found] == [
        ("2023-01-31", "新闻发布会", "内蒙古自治区人民政府新闻办公室", "冯晔", "二级巡视员",
         "内蒙古自治区市场监督管理局")]


def test_quantities(seed_build: Path) -> None:
    found = rows(seed_build, rq("quantities"))
    hidden = [r for r in found if r["asWritten"] == "23.15万项"]
    assert len(hidden) == 1
    assert (hidden[0]["value"], hidden[0]["unit"]) == ("231500", "项")
    assert hidden[0]["measure"].endswith("排查问题隐患")
    text = SEED.read_text(encoding="utf-8")
    assert all(r["asWritten"] in text for r in found)


def test_kg_query_runs_a_query_file(seed_build: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kg.cli", "query", str(seed_build),
                             f"@{QUERIES / 'press_conferences.rq'}"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "冯晔" in result.stdout and "(1 row)" in result.stdout


# ---------------------------------------------------------------- the scripts
def test_officials_py(seed_build: Path) -> None:
    result = script("officials.py", str(seed_build), "内蒙古自治区应急管理厅")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Officials of 内蒙古自治区应急管理厅: 2 post(s)"
    assert lines[1].split() == ["name", "title", "unit", "first", "seen", "last", "seen",
                                "articles"]
    assert any(line.split()[:3] == ["邢国显", "副厅长", "内蒙古自治区应急管理厅"]
               for line in lines)


def test_officials_py_builds_the_seed_without_a_build() -> None:
    result = script("officials.py")
    assert result.returncode == 0, result.stderr
    assert "building the seed page" in result.stderr and "邢国显" in result.stdout


def test_career_py(seed_build: Path) -> None:
    result = script("career.py", str(seed_build), "冯晔")
    assert result.returncode == 0, result.stderr
    assert "2023-01-31  2023-01-31  内蒙古自治区市场监督管理局  二级巡视员" in result.stdout


def test_networks_py(seed_build: Path) -> None:
    result = script("networks.py", str(seed_build))
    assert result.returncode == 0, result.stderr
    for projection in ("person–agency", "agency co-mention", "initiative–agency"):
        assert projection in result.stdout
    assert "community 1" in result.stdout and "pagerank" in result.stdout


def test_my_extractors_py_demo_and_code_file(tmp_path: Path) -> None:
    demo = script("my_extractors.py")
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout.split() == ["内蒙古自治区安全生产条例", "2024-03-01"]
    listed = subprocess.run([sys.executable, "-m", "kg.cli", "plugins", "--code",
                             str(EXAMPLES / "my_extractors.py")], capture_output=True,
                            text=True, timeout=300).stdout
    assert "lab.effective_dates.v1" in listed and "lab.ontology.v1" in listed


def test_every_script_is_tested() -> None:
    tested = {"officials.py", "career.py", "networks.py", "my_extractors.py", "_common.py"}
    assert {p.name for p in EXAMPLES.glob("*.py")} == tested


# ---------------------------------------------------------------- a corpus subset
Corpus = tuple[Path, list[dict[str, str]]]


def _iso(day: str) -> str:
    return f"{day[:4]}-{day[4:6]}-{day[6:]}"


# The corpus stories built: every one naming 王毅 (144), agencies organizing something
# (initiatives_by_agency.rq), a named spokesperson at a press conference (press_conferences.rq).
SUBSET = re.compile(r"王毅|主办的|组织开展|发起的"
                    r"|(发布会|记者会).*发言人[\u4e00-\u9fff]{2,3}(介绍|表示|说)")


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The stories :data:`SUBSET` selects, built (and the JSONL's own records of them)."""
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    chosen = [line for line in lines if SUBSET.search(json.loads(line)["text"])]
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "stories.jsonl").write_text("\n".join(chosen) + "\n", encoding="utf-8")
    kg.build([folder / "stories.jsonl"], folder / "out", html=False)
    return folder / "out", [json.loads(line) for line in chosen]


def _seen(stories: list[dict[str, str]], pattern: str) -> tuple[str, str]:
    """First and last date of the stories whose text matches ``pattern``, from the JSONL."""
    days = sorted(_iso(s["date"]) for s in stories if re.search(pattern, s["text"]))
    assert days, pattern
    return days[0], days[-1]


def _span(found: list[dict[str, str]]) -> tuple[str, str]:
    assert found
    return min(r["firstSeen"] for r in found), max(r["lastSeen"] for r in found)


@pytest.mark.slow
@needs_shared(CORPUS)
def test_career_of_wang_yi_gives_posts_with_the_stories_own_first_and_last_dates(
        corpus_build: Corpus) -> None:
    """career.rq over a corpus build: 王毅's posts in 2025, each dated by the stories stating it.

    Three checks, each against the JSONL's ``date`` fields: the stories behind each post
    (by URL) give its first and last seen dates; the evidence articles are such stories;
    and the posts the stories spell out (中央外办主任王毅, 外交部部长王毅) run from the first to the
    last story that prints them.
    """
    build, stories = corpus_build
    date_of = {s["url"]: _iso(s["date"]) for s in stories}
    found = rows(build, rq("career", name="王毅"))
    dated = [r for r in found if "firstSeen" in r]
    assert len(dated) >= 2, found
    for row in dated:
        first, last = date.fromisoformat(row["firstSeen"]), date.fromisoformat(row["lastSeen"])
        assert date(2025, 1, 1) <= first <= last <= date(2025, 12, 31)
        organization = (f"?post org:organization <{row['organization']}> ." if "organization"
                        in row else "FILTER NOT EXISTS { ?post org:organization ?any }")
        urls = [r["url"] for r in rows(build, f"""
            PREFIX owl: <http://www.w3.org/2002/07/owl#>
            SELECT DISTINCT ?url WHERE {{
              ?post a org:Membership ; org:member ?member ;
                    org:role/skos:prefLabel {json.dumps(row["title"], ensure_ascii=False)} ;
                    prov:wasDerivedFrom ?article .
              ?member schema:name "王毅" .
              OPTIONAL {{ ?member owl:sameAs ?sense }}
              FILTER (COALESCE(?sense, ?member) = <{row["person"]}>)
              {organization}
              ?article schema:url ?url }}""")]
        assert len(urls) == int(row["articles"])
        days = sorted(date_of[url] for url in urls)
        assert (days[0], days[-1]) == (row["firstSeen"], row["lastSeen"]), row
        for article in row["evidence"].split():
            (info,) = rows(build, f"SELECT ?url ?d ?body WHERE {{ <{article}> schema:url ?url ; "
                                  "schema:datePublished ?d ; schema:articleBody ?body }")
            assert info["d"] == date_of[info["url"]] and "王毅" in info["body"]
    # the posts as the stories print them, dated from the JSONL alone
    office = [r for r in dated if r.get("organizationName") == "中国共产党中央外事工作委员会办公室"]
    assert {r["title"] for r in office} == {"主任"}
    assert _span(office) == _seen(stories, "(中央外事工作委员会办公室|中央外办)主任王毅")
    minister = [r for r in dated if r.get("organizationName") == "外交部" or "外交部" in r["title"]]
    assert _span(minister) == _seen(stories, "外交部部?长王毅")
    # one Python call gives the same
    posts = kg.analysis.career(build, "王毅")
    assert [(str(p.first_seen), str(p.last_seen), p.title) for p in posts if p.first_seen] == \
        [(r["firstSeen"], r["lastSeen"], r["title"]) for r in dated]
    # and so does the script
    printed = script("career.py", str(build), "王毅")
    assert printed.returncode == 0, printed.stderr
    assert f"{_seen(stories, '中央外事工作委员会办公室主任王毅')[0]}  " in printed.stdout
    for row in dated:
        assert f"{row['firstSeen']}  {row['lastSeen']}  " in printed.stdout


@pytest.mark.slow
@needs_shared(CORPUS)
def test_every_query_answers_over_the_corpus_build(corpus_build: Corpus) -> None:
    """Each shipped query gives rows over the corpus build, dated as the stories are."""
    build, stories = corpus_build
    by_headline = {s["title"]: s for s in stories}
    months = rows(build, rq("agencies_by_month"))
    assert {r["month"] for r in months} == {_iso(s["date"])[:7] for s in stories}
    for month in {r["month"] for r in months}:
        counts = [int(r["articles"]) for r in months if r["month"] == month]
        assert counts == sorted(counts, reverse=True)
    top = max(months, key=lambda r: int(r["articles"]))
    officials = rows(build, rq("officials", agencyName=top["agency"]))
    assert officials, top
    for row in officials:
        assert row["name"] and row["title"] and int(row["articles"]) >= 1
        assert row["firstSeen"] <= row["lastSeen"]
    initiatives = rows(build, rq("initiatives_by_agency"))
    assert initiatives
    for row in initiatives:
        assert row["relation"] in ("issued", "organized") and int(row["articles"]) >= 1
        assert any(_iso(s["date"]) == row["firstSeen"]  # names drop typesetting spaces
                   and row["initiative"] in re.sub(r"\s", "", s["text"]) for s in stories), row
    quantities = rows(build, rq("quantities"))
    assert quantities
    for row in quantities:  # headlines repeat (国内联播快讯): any story of that date
        assert any(s["title"] == row["headline"] and _iso(s["date"]) == row["date"]
                   and row["asWritten"] in s["text"] for s in stories), row
    conferences = rows(build, rq("press_conferences"))
    assert conferences
    for row in conferences:
        story = by_headline[row["headline"]]
        assert row["date"] == _iso(story["date"])
        assert row["speaker"] in story["text"] and row["conference"] in story["text"]
