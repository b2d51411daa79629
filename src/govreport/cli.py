"""The ``govreport`` command line."""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TextIO

from . import __version__, limits
from .api import parse_file
from .diagnostics import count_by_severity
from .errors import GovReportError
from .model import Report
from .registry import Registry, default_registry
from .render import render


def _dump(obj: Any, out: TextIO) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _fail(path: str, err: BaseException, debug: bool) -> None:
    if isinstance(err, GovReportError):
        err.with_source(path)
        msg = str(err)
    else:
        msg = f"{path}: internal error: {type(err).__name__}: {err}"
    print(f"govreport: {msg}", file=sys.stderr)
    if debug:
        traceback.print_exception(err, file=sys.stderr)


def _reports(args: argparse.Namespace) -> Iterator[tuple[str, Report | Exception]]:
    """Each file parsed, or the error (already reported on stderr): one bad file never stops a batch."""
    for path in args.files:
        try:
            report = parse_file(path, args.format, limits=limits.from_arguments(args))
        except Exception as e:
            _fail(path, e, args.debug)
            yield path, e
            continue
        yield path, report


def _write_each(args: argparse.Namespace, write: Callable[[Report], None]) -> int:
    """``write`` every report that parses; 1 if any file failed (each reported on stderr), else 0."""
    status = 0
    for path, report in _reports(args):
        if isinstance(report, Exception):
            status = 1
            continue
        try:
            write(report)
        except Exception as e:
            _fail(path, e, args.debug)
            status = 1
    return status


def cmd_parse(args: argparse.Namespace) -> int:
    return _write_each(args, lambda r: sys.stdout.write(r.to_json(indent=args.indent) + "\n"))


def cmd_records(args: argparse.Namespace) -> int:
    return _write_each(args, lambda r: sys.stdout.writelines(
        json.dumps(rec, ensure_ascii=False) + "\n" for rec in r.to_records()))


def cmd_check(args: argparse.Namespace) -> int:
    """Compiler-style diagnostics; 0 clean, 1 arithmetic or cell errors, 2 a file could not be parsed."""
    worst = 0
    for path, report in _reports(args):
        if isinstance(report, Exception):
            if args.json:
                _dump({"source": path, "parsed": False, "error": str(report)}, sys.stdout)
            worst = 2
            continue
        found = [d for d in report.diagnostics if d.severity != "info"] + report.validate()
        counts = count_by_severity(found)
        if args.json:
            _dump({"source": path, "parsed": True, "format": report.format, "template": report.template,
                   "errors": counts["error"], "warnings": counts["warning"],
                   "diagnostics": [d.to_dict() for d in found]}, sys.stdout)
        else:
            for d in sorted(found, key=lambda d: (d.line or 0, d.column or 0)):
                print(d.format(path))
            print(f"{path}: {report.format}, template {report.template}: "
                  f"{counts['error']} error(s), {counts['warning']} warning(s)")
        if counts["error"]:
            worst = max(worst, 1)
    return worst


def cmd_render(args: argparse.Namespace) -> int:
    reg = default_registry()
    writers = sorted(info.name for info in reg.renderers())
    if args.to not in writers:
        print(f"govreport: render: no installed plugin writes {args.to!r}; these do: {', '.join(writers)}",
              file=sys.stderr)
        return 2

    def write(report: Report) -> None:
        out = render(report, args.to, registry=reg)
        if isinstance(out, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(out)
        else:
            sys.stdout.write(out)

    return _write_each(args, write)


def cmd_convert(args: argparse.Namespace) -> int:
    from .convert import convert, terminal_progress

    progress = terminal_progress if sys.stderr.isatty() else None
    summary = convert(args.paths, args.output, shape=args.shape, jobs=args.jobs, resume=args.resume,
                      format=args.format, bom=args.bom, progress=progress)
    print(f"govreport: {args.output}: {summary.line()}", file=sys.stderr)
    return 1 if summary.failed else 0


def cmd_formats(args: argparse.Namespace) -> int:
    """Every installed plugin with what ranks it (file names, priority), whether it writes its
    layout, where it comes from, and every problem: plugins that failed to load, duplicate
    names, and (unless ``--quick``) the plugin contract checked on inputs of every kind, so a
    sniff or read that raises or returns garbage is named here before it shows on a report."""
    reg = default_registry()
    for info in reg:
        aliases = f" (aliases: {', '.join(info.aliases)})" if info.aliases else ""
        print(f"{info.name:<14} {info.description}{aliases}")
        hints = [f"files {', '.join(info.filenames)}" if info.filenames else "", f"priority {info.priority}",
                 f"writes ({', '.join(info.render_templates)})" if info.renders else "reads only"]
        print(f"{'':<14} {'; '.join(h for h in hints if h)}")
        print(f"{'':<14} from {info.origin}")
        if not args.quick:
            breach = _contract_breach(info.name, reg)
            print(f"{'':<14} {'CONTRACT BROKEN: ' + breach if breach else 'contract: ok'}")
    for f in reg.failures:
        label = "DUPLICATE NAME" if f.kind == "duplicate" else "FAILED TO LOAD"
        print(f"{f.name:<14} {label}: {f.error}")
        print(f"{'':<14} from {f.origin}")
    return 0


def _contract_breach(name: str, reg: Registry) -> str | None:
    """The first way the plugin breaks the plugin contract (see govreport.testing.contract)."""
    from .testing.contract import check_plugin_contract

    try:
        check_plugin_contract(name, registry=reg)
    except AssertionError as e:
        return str(e).split("\n")[0]
    except Exception as e:  # the check itself must not take the listing down
        return f"{type(e).__name__}: {e}"
    return None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="govreport", description="Read Chinese government information-disclosure "
                                "annual reports (政府信息公开工作年度报告) into data.")
    p.add_argument("--version", action="version", version=f"govreport {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = p.add_subparsers(dest="command", required=True)

    def add_files(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("files", nargs="+", metavar="FILE")
        sp.add_argument("--format", metavar="NAME", help="the layout plugin to use (default: sniff)")
        sp.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
        limits.add_arguments(sp)

    sp = sub.add_parser("parse", help="the Report as JSON")
    add_files(sp)
    sp.add_argument("--indent", type=int, default=None)
    sp.set_defaults(func=cmd_parse)
    sp = sub.add_parser("records", help="long records as JSON lines, one per cell")
    add_files(sp)
    sp.set_defaults(func=cmd_records)
    sp = sub.add_parser("check", help="arithmetic checks (勾稽关系) and parse warnings, compiler-style")
    add_files(sp)
    sp.add_argument("--json", action="store_true", help="one JSON object per file")
    sp.set_defaults(func=cmd_check)
    sp = sub.add_parser("render", help="write a report in another layout")
    add_files(sp)
    sp.add_argument("--to", required=True, metavar="NAME",
                    help="the layout to write: any installed plugin that writes (see `govreport formats`)")
    sp.set_defaults(func=cmd_render)
    sp = sub.add_parser("convert", help="parse files and folders into one dataset (.sqlite, .csv, .jsonl, .parquet)")
    sp.add_argument("paths", nargs="+", metavar="PATH")
    sp.add_argument("-o", "--output", required=True, metavar="OUT", help="output file; its extension picks the format")
    sp.add_argument("--shape", choices=("long", "wide"), default="long")
    sp.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    sp.add_argument("--resume", action="store_true", help="skip sources already in OUT")
    sp.add_argument("--bom", action="store_true", help="CSV with a UTF-8 BOM (for Excel)")
    sp.add_argument("--format", metavar="NAME", help="the layout plugin to use (default: sniff)")
    sp.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    sp.set_defaults(func=cmd_convert)
    sp = sub.add_parser("formats", help="the installed format plugins, their ranking hints and problems")
    sp.add_argument("--quick", action="store_true", help="do not check each plugin's contract")
    sp.set_defaults(func=cmd_formats)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # never a bare traceback
        _fail("govreport", e, getattr(args, "debug", False))
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
