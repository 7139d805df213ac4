"""The kg command, run as a user runs it: exit codes and one-line errors, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.cli import main, parser


def kg(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_parser_knows_every_contract_command():
    for argv in (["build", "x", "-o", "d"], ["query", "d", "ASK {}"], ["serve", "d"],
                 ["export", "d", "--format", "ttl", "-o", "f"], ["entities"],
                 ["eval", "g.json", "x"], ["plugins"]):
        assert parser().parse_args(argv).command == argv[0]


def test_query_prints_a_table_json_and_csv(seed_build):
    sparql = 'SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n } ORDER BY ?n'
    table = kg("query", str(seed_build), sparql)
    assert table.returncode == 0 and "邢国显" in table.stdout and "(8 rows)" in table.stdout
    data = json.loads(kg("query", str(seed_build), sparql, "--format", "json").stdout)
    assert len(data["results"]["bindings"]) == 8
    csv = kg("query", str(seed_build), sparql, "--format", "csv").stdout
    assert csv.split()[:2] == ["n", "习近平"]


def test_malformed_query_is_one_line_and_exit_4(seed_build):
    result = kg("query", str(seed_build), "SELEC ?x")
    assert result.returncode == 4
    assert result.stderr.startswith("kg: error: malformed SPARQL")
    assert "Traceback" not in result.stderr


def test_query_on_a_folder_without_a_build(tmp_path):
    result = kg("query", str(tmp_path), "ASK {}")
    assert result.returncode == 3 and "no kg build here" in result.stderr


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nq", "nt", "jsonld", "graphml", "gexf", "csv",
                                 "html"])
def test_export_every_format(seed_build, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    assert main(["export", str(seed_build), "--format", fmt, "-o", str(out)]) == 0
    assert out.stat().st_size > 1000
    text = out.read_text(encoding="utf-8")
    assert "邢国显" in text or "\\u90a2\\u56fd\\u663e" in text.lower()


def test_unknown_export_format_names_the_known_ones(seed_build, tmp_path, capsys):
    assert main(["export", str(seed_build), "--format", "xlsx", "-o", str(tmp_path / "x")]) == 1
    assert "choose one of" in capsys.readouterr().err


def test_build_reports_bad_lines_and_still_builds_the_rest(tmp_path):
    data = tmp_path / "a.jsonl"
    data.write_text('{"title": "好", "text": "国务院总理李强主持会议。"}\n{broken\n',
                    encoding="utf-8")
    result = kg("build", str(data), "-o", str(tmp_path / "out"))
    assert result.returncode == 0
    assert f"{data}:2: not valid JSON" in result.stderr


def test_build_of_nothing_fails_with_a_clear_line(tmp_path):
    result = kg("build", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr and "Traceback" not in result.stderr


def test_plugins_lists_the_builtin_extractors_and_exporters():
    result = kg("plugins")
    assert "kg.people.v1" in result.stdout and "trig" in result.stdout
