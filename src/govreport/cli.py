"""The ``govreport`` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__, limits
from .api import parse_file
from .diagnostics import count_by_severity
from .errors import GovReportError
from .registry import default_registry

if TYPE_CHECKING:
    from .model import Report
    from .registry import Registry


def _dump(obj: Any, out: TextIO) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")


PROG = "govreport"


def _fail(path: str | None, err: BaseException, debug: bool) -> None:
    """One line on stderr, ``govreport: file: what went wrong`` (a traceback too with ``--debug``)."""
    if isinstance(err, GovReportError):
        if path is not None:
            err.with_source(path)
        msg = str(err) if err.source is not None else err.message + (
            f" (expected {err.expected})" if err.expected else "")
    else:
        where = f"{path}: " if path is not None else ""
        msg = f"{where}internal error: {type(err).__name__}: {err} (please report it; --debug shows where)"
    print(f"{PROG}: {msg}", file=sys.stderr)
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


def _write_each(args: argparse.Namespace, write: Callable[[Report], object]) -> int:
    """``write`` every report that parses; 1 if any file failed (each reported on stderr), else 0."""
    status = 0
    for path, report in _reports(args):
        if isinstance(report, Exception):
            status = 1
            continue
        try:
            write(report)
        except BrokenPipeError:  # the reader has gone: not this file's fault; main() ends quietly
            raise
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

    from .render import render  # only this command writes layouts

    def write(report: Report) -> None:
        out = render(report, args.to, registry=reg)
        if isinstance(out, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(out)
        else:
            sys.stdout.write(out)

    return _write_each(args, write)


def cmd_convert(args: argparse.Namespace) -> int:
    from .convert import ConvertInterrupted, convert
    from .progress import ConvertProgress

    show = ConvertProgress(args.output, prog=PROG)
    try:
        summary = convert(args.paths, args.output, shape=args.shape, jobs=args.jobs, resume=args.resume,
                          overwrite=args.overwrite, format=args.format, bom=args.bom,
                          limits=limits.from_arguments(args), progress=show.update, on_failure=show.failure,
                          on_start=show.start)
    except ConvertInterrupted as stop:
        show.close()
        done = stop.summary
        print(f"{PROG}: interrupted: {done.written} source(s) written to {args.output} by this run "
              f"({done.unchanged} were already there); to finish, run: {_resume_command(args)}", file=sys.stderr)
        return 130
    finally:
        show.close()
    print(f"{PROG}: {args.output}: {summary.line()}", file=sys.stderr)
    return 1 if summary.failed or summary.lost else 0


def _resume_command(args: argparse.Namespace) -> str:
    import shlex

    words = [PROG, "convert", *map(str, args.paths), "-o", str(args.output), "--resume"]
    if args.shape != "long":
        words += ["--shape", args.shape]
    if args.format:
        words += ["--format", args.format]
    if args.jobs:
        words += ["--jobs", str(args.jobs)]
    if args.bom:
        words.append("--bom")
    words += _limit_words(args)
    return shlex.join(words)


def _limit_words(args: argparse.Namespace) -> list[str]:
    """The limit options given on this command line (``--max-cells 200000``), to say them again."""
    import attrs

    words: list[str] = []
    for field in attrs.fields(limits.Limits):
        key = f"limit_{field.name}"
        if hasattr(args, key):
            value = getattr(args, key)
            shown = "none" if value is None else str(int(value)) if float(value).is_integer() else repr(value)
            words += [f"--{field.name.replace('_', '-')}", shown]
    return words


def cmd_formats(args: argparse.Namespace) -> int:
    """Every installed plugin with what ranks it (file names, priority), whether it writes its
    layout, where it comes from, and every problem: plugins that failed to load, duplicate
    names, and (unless ``--quick``) the plugin contract checked on inputs of every kind, so a
    sniff or read that raises or returns garbage is named here before it shows on a report."""
    reg = default_registry()
    # one column for the names, as wide as the longest (libreoffice-text is 16 characters)
    name_width = max([14, *(len(info.name) for info in reg), *(len(f.name) for f in reg.failures)])
    for info in reg:
        aliases = f" (aliases: {', '.join(info.aliases)})" if info.aliases else ""
        print(f"{info.name:<{name_width}} {info.description}{aliases}")
        hints = [f"files {', '.join(info.filenames)}" if info.filenames else "", f"priority {info.priority}",
                 f"writes ({', '.join(info.render_templates)})" if info.renders else "reads only"]
        print(f"{'':<{name_width}} {'; '.join(h for h in hints if h)}")
        print(f"{'':<{name_width}} from {info.origin}")
        if not args.quick:
            breach = _contract_breach(info.name, reg)
            print(f"{'':<{name_width}} {'CONTRACT BROKEN: ' + breach if breach else 'contract: ok'}")
    from .template.catalog import table_templates

    print(f"{'templates':<{name_width}} {', '.join(t.id for t in table_templates())}")
    for f in reg.failures:
        label = {"duplicate": "DUPLICATE NAME", "template": "TEMPLATE NOT USED"}.get(f.kind, "FAILED TO LOAD")
        print(f"{f.name:<{name_width}} {label}: {f.error}")
        print(f"{'':<{name_width}} from {f.origin}")
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


def _whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``minimum``."""
    def parse(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if n < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, not {n}")
        return n
    return parse


OUTPUT_HELP = (".sqlite/.sqlite3/.db (SQLite), .duckdb (DuckDB, needs govreport[duckdb]), "
               ".parquet (a dataset folder, needs govreport[parquet]), .csv, .jsonl/.ndjson (JSON lines)")


def build_parser() -> argparse.ArgumentParser:
    """The command line's argparse parser (the CLI reference of the docs is generated from it)."""
    p = argparse.ArgumentParser(prog=PROG, description="Read Chinese government information-disclosure "
                                "annual reports (政府信息公开工作年度报告) into data.")
    p.add_argument("--version", action="version", version=f"govreport {__version__}",
                   help="print the version and exit")
    p.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_files(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("files", nargs="+", metavar="FILE",
                        help="report files: text (.txt), Word .docx or saved web pages (.html); read by content")
        sp.add_argument("--format", metavar="NAME", help="the layout plugin to use (default: the one that sniffs "
                        "the file best; `govreport formats` lists them)")
        sp.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
        limits.add_arguments(sp)

    sp = sub.add_parser("parse", help="the Report as JSON", description="Print each report as one JSON document.")
    add_files(sp)
    sp.add_argument("--indent", type=_whole_number(0), default=None, metavar="N",
                    help="indent the JSON by N spaces (default: one line per report)")
    sp.set_defaults(func=cmd_parse)
    sp = sub.add_parser("records", help="long records as JSON lines, one per cell",
                        description="Print every cell, metadata field and legacy figure as one JSON line "
                        "(the data contract's long records).")
    add_files(sp)
    sp.set_defaults(func=cmd_records)
    sp = sub.add_parser("check", help="arithmetic checks (勾稽关系) and parse warnings, compiler-style",
                        description="Exit 0 when clean, 1 on arithmetic or cell errors, 2 when a file could "
                        "not be parsed.")
    add_files(sp)
    sp.add_argument("--json", action="store_true", help="one JSON object per file instead of compiler-style lines")
    sp.set_defaults(func=cmd_check)
    sp = sub.add_parser("render", help="write a report in another layout",
                        description="Rewrite each report in another layout (the table text only).")
    add_files(sp)
    sp.add_argument("--to", required=True, metavar="NAME",
                    help="the layout to write: any installed plugin that writes (see `govreport formats`)")
    sp.set_defaults(func=cmd_render)
    sp = sub.add_parser("convert", help="parse files and folders into one dataset",
                        description="Parse every report under PATH... into one dataset, in parallel. "
                        f"The output's extension picks its format: {OUTPUT_HELP}. An output that already holds "
                        "sources is refused unless --resume or --overwrite.")
    sp.add_argument("paths", nargs="+", metavar="PATH",
                    help="report files, and folders walked recursively for .txt, .md, .html, .htm, .docx and "
                    "extension-less text files (others are counted as skipped; hidden files and sub-folders, "
                    ".git or .venv, are passed over)")
    sp.add_argument("-o", "--output", required=True, metavar="OUT", help=f"the dataset to write: {OUTPUT_HELP}")
    sp.add_argument("--shape", choices=("long", "wide"), default="long",
                    help="long: one row per cell (table records); wide: one row per report, one column per "
                    "cell (table reports_wide). Default: long")
    sp.add_argument("--jobs", type=_whole_number(1), default=None, metavar="N",
                    help="worker processes (default: all cores)")
    again = sp.add_mutually_exclusive_group()
    again.add_argument("--resume", action="store_true",
                       help="add to OUT: skip sources already in it with the same SHA-256, parse changed files "
                       "again (their rows are replaced), repair what an interrupted run left")
    again.add_argument("--overwrite", action="store_true", help="replace OUT (and its side files) with a new dataset")
    sp.add_argument("--bom", action="store_true", help="CSV with a UTF-8 BOM (for Excel)")
    sp.add_argument("--format", metavar="NAME", help="the layout plugin to use for every file (default: sniff)")
    sp.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    limits.add_arguments(sp)
    sp.set_defaults(func=cmd_convert)
    sp = sub.add_parser("formats", help="the installed format plugins, their ranking hints and problems",
                        description="List the installed format plugins, where they come from, how they rank "
                        "and whether each keeps the plugin contract.")
    sp.add_argument("--quick", action="store_true", help="do not check each plugin's contract")
    sp.set_defaults(func=cmd_formats)
    return p


def _quiet_stdout() -> None:
    # stdout's reader has gone (`govreport records ... | head`): later writes and the flush
    # at exit go nowhere instead of raising again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


#: The exit status of a command whose output pipe was closed (128 + SIGPIPE), as shells report it.
EXIT_BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    debug = getattr(args, "debug", False)
    try:
        status = int(args.func(args))
        sys.stdout.flush()
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except GovReportError as e:  # the user's input or output: one clear line
        _fail(None, e, debug)
        return 2
    except Exception as e:  # never a bare traceback
        _fail(None, e, debug)
        return 2
