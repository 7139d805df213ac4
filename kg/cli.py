"""The ``kg`` command: a thin layer over the library functions.

Each subcommand parses its arguments and calls one library function; errors become one
line on stderr and an exit code (a traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kg.errors import ExportError, KGError

__all__ = ["main", "parser"]

EXIT_INTERNAL = 70
log = logging.getLogger("kg")


def _err(message: str) -> None:
    print(f"kg: {message}", file=sys.stderr)


def _load_code(paths: Sequence[str] | None) -> None:
    from kg.registry import registry

    for path in paths or ():
        registry.load_code(path)


def cmd_build(args: argparse.Namespace) -> int:
    """``kg build``: build the graph of the inputs into a folder."""
    from kg.pipeline import build

    _load_code(args.code)

    def report(error: KGError) -> None:
        _err(f"skipped {error}")

    result = build(args.inputs, args.out, region=args.region, workers=args.workers,
                   html=not args.no_html, on_error=report,
                   progress=not args.quiet and sys.stderr.isatty(), store_url=args.store,
                   executor=args.executor, scheduler=args.scheduler)
    if not args.quiet:
        print(f"built {result.articles} article(s) ({result.unchanged} unchanged, "
              f"{result.quads} triples written) into {result.out} in {result.seconds:.1f} s",
              file=sys.stderr)
    return 0


def _query_text(text: str) -> str:
    if text == "-":
        return sys.stdin.read()
    if text.startswith("@"):
        try:
            return Path(text[1:]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            raise KGError(f"cannot read the query file: {reason}", path=text[1:],
                          hint="give @FILE with a SPARQL query, the query itself, or -") from None
    return text


def cmd_query(args: argparse.Namespace) -> int:
    """``kg query``: run SPARQL on a build, or on a SPARQL endpoint with ``--store``."""
    from kg.sparql import format_results, run_query

    _load_code(args.code)
    if args.store:
        from kg.remote import query_remote

        if args.build is not None:
            raise KGError("give either a build folder or --store URL, not both")
        result = query_remote(args.store, _query_text(args.sparql))
    elif args.build is None:
        raise KGError("give a build folder (or --store URL)")
    else:
        result = run_query(args.build, _query_text(args.sparql))
    print(format_results(result, args.format))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """``kg export``: write a build in another format."""
    from kg.export import export

    _load_code(args.code)
    options = {k: v for k, v in (("focus", args.focus), ("radius", args.radius),
                                 ("limit", args.limit)) if v is not None}
    if options and args.format != "html":
        raise ExportError("--focus, --radius and --limit apply to --format html only")
    path = export(args.build, args.format, args.out, **options)
    print(f"wrote {path}", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """``kg serve``: SPARQL 1.1 endpoint over a build."""
    from kg.serve import serve

    def ready(url: str) -> None:
        print(f"serving {args.build} at {url}/ (SPARQL endpoint {url}/sparql); "
              "Ctrl-C to stop", file=sys.stderr)

    serve(args.build, host=args.host, port=args.port, allow_update=args.allow_update,
          timeout=args.timeout, max_results=args.max_results, workers=args.workers,
          allow_remote=args.allow_remote, on_ready=ready)
    return 0


def cmd_push(args: argparse.Namespace) -> int:
    """``kg push``: write a build's graphs into a SPARQL store."""
    from kg.remote import push

    report = push(args.build, args.url, protocol=args.protocol, union=args.union)
    print(f"pushed {report.graphs} graph(s), {report.triples} triples, in {report.requests} "
          f"request(s), {report.seconds:.1f} s", file=sys.stderr)
    return 0


def cmd_entities(args: argparse.Namespace) -> int:
    """``kg entities``: one text a line on stdin, one JSON object a line on stdout."""
    from importlib import resources

    from kg.ner import MODEL_FILE, recognize

    if not resources.files("kg.ner").joinpath(MODEL_FILE).is_file():
        raise KGError(f"this installation ships no entity model ({MODEL_FILE})",
                      hint="train one with `python -m kg.ner.train --out kg/ner/model.crfsuite`")
    for line in sys.stdin:
        text = line.rstrip("\n").rstrip("\r")
        spans = recognize(text)
        print(json.dumps({"entities": [{"start": s.start, "end": s.end, "type": s.type,
                                        "text": s.text} for s in spans]}, ensure_ascii=False),
              flush=True)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """``kg eval``: build the inputs and score them against a gold file."""
    from kg.eval import evaluate, format_scores

    _load_code(args.code)
    scores = evaluate(args.gold, args.inputs, region=args.region, workers=args.workers,
                      only_gold=args.only_gold)
    print(json.dumps(scores, ensure_ascii=False, indent=1) if args.json
          else format_scores(scores, details=args.details))
    return 0


def cmd_plugins(args: argparse.Namespace) -> int:
    """``kg plugins``: list registered extractors, exporters and ontologies."""
    from kg.registry import registry

    _load_code(args.code)
    plugins = registry.all()
    width = max([len("name")] + [len(p.name) for p in plugins])
    print(f"{'name':<{width}}  {'kind':<9}  package")
    for plugin in plugins:
        print(f"{plugin.name:<{width}}  {plugin.kind:<9}  {plugin.package}")
    return 0


def parser() -> argparse.ArgumentParser:
    """Return the argument parser (testable: ``parser().parse_args([...])``)."""
    root = argparse.ArgumentParser(prog="kg", description="Knowledge graphs from Chinese "
                                   "public-sector news.")
    root.add_argument("--debug", action="store_true", help="show tracebacks")
    root.add_argument("--version", action="version", version=_version())
    sub = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="build a graph from pages, JSONL files or folders")
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("-o", "--out", required=True, metavar="DIR")
    p.add_argument("--region", help="the region the papers speak for (default: inferred)")
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes (default: all cores)")
    p.add_argument("--executor", choices=["local", "dask", "serial"], default="local",
                   help="where extraction runs: forked local processes (default), a Dask "
                   "cluster, or this process")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --executor dask: a running scheduler (default: a local cluster "
                   "of --workers processes)")
    p.add_argument("--no-html", action="store_true", help="do not write graph.html")
    p.add_argument("--store", metavar="URL",
                   help="also write the graphs into this SPARQL Graph Store / Update endpoint")
    p.add_argument("--code", action="append", metavar="FILE.py",
                   help="a Python file registering extractors or exporters")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("query", help="run a SPARQL query on a build")
    p.add_argument("build", metavar="DIR", nargs="?")
    p.add_argument("sparql", metavar="SPARQL", help="the query, @FILE, or - for stdin")
    p.add_argument("--store", metavar="URL", help="query this SPARQL endpoint instead of DIR")
    p.add_argument("--format", default="table", choices=["table", "json", "csv", "tsv", "xml"])
    p.add_argument("--code", action="append", metavar="FILE.py",
                   help="a Python file registering ontologies (their prefixes are predeclared)")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("serve", help="serve a build (or a remote store) as a SPARQL 1.1 "
                       "endpoint")
    p.add_argument("build", metavar="DIR",
                   help="the build folder, or a SPARQL store's query endpoint (http(s)://…), "
                   "served read-only")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_port, default=7878)
    p.add_argument("--allow-update", action="store_true", help="accept SPARQL Update")
    p.add_argument("--timeout", type=float, default=30.0, help="query time limit, seconds")
    p.add_argument("--max-results", type=int, default=100_000, help="result rows limit")
    p.add_argument("--workers", type=int, default=None,
                   help="query worker processes (default: the cores, at least 2)")
    p.add_argument("--allow-remote", action="store_true",
                   help="let SERVICE and LOAD make requests from the server")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("push", help="write a build's graphs into a SPARQL store")
    p.add_argument("build", metavar="DIR")
    p.add_argument("url", metavar="URL",
                   help="Graph Store endpoint (…/store) or Update endpoint (…/update)")
    p.add_argument("--protocol", choices=["gsp", "update"], default=None,
                   help="default: told from the URL")
    p.add_argument("--union", metavar="default|IRI", default=None,
                   help="also write the union of the graphs there (for a server queried "
                   "without its union mode)")
    p.set_defaults(func=cmd_push)

    p = sub.add_parser("export", help="write a build in another format")
    p.add_argument("build", metavar="DIR")
    p.add_argument("--format", required=True,
                   help="ttl, trig, nq, nt, jsonld, graphml, gexf, csv, html")
    p.add_argument("-o", "--out", required=True, metavar="FILE")
    p.add_argument("--focus", metavar="NAME", help="html: draw the neighbourhood of one entity")
    p.add_argument("--radius", type=int, help="html: hops around --focus (default 2)")
    p.add_argument("--limit", type=int, help="html: most nodes drawn (default 5000)")
    p.add_argument("--code", action="append", metavar="FILE.py",
                   help="a Python file registering exporters or ontologies (prefixes bound)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("entities", help="recognize PER/ORG/LOC: text lines in, JSON lines out")
    p.set_defaults(func=cmd_entities)

    p = sub.add_parser("eval", help="score extraction against a gold file")
    p.add_argument("gold", metavar="GOLD.json")
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--region")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--details", action="store_true", help="list every miss and extra")
    p.add_argument("--only-gold", action="store_true",
                   help="build only the articles the gold file lists")
    p.add_argument("--code", action="append", metavar="FILE.py")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("plugins", help="list registered extractors, exporters, ontologies")
    p.add_argument("--code", action="append", metavar="FILE.py")
    p.set_defaults(func=cmd_plugins)
    return root


def _port(text: str) -> int:
    """An argparse type: a TCP port number (0: any free port)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, not {value}")
    return value


def _version() -> str:
    from kg import __version__

    return f"kg {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kg`` command; return its exit code."""
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="kg: %(message)s")
    logging.getLogger("jieba").setLevel(logging.WARNING)
    _quiet_jieba()
    try:
        code: int = args.func(args)
        return code
    except KGError as error:
        if args.debug:
            raise
        _err(f"error: {error}")
        return error.exit_code
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the last line of defence: no traceback without --debug
        if args.debug:
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)")
        return EXIT_INTERNAL


def _quiet_jieba() -> None:
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)
    except ImportError:  # pragma: no cover
        pass


if __name__ == "__main__":
    raise SystemExit(main())
