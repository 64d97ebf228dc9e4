"""Command line: ``zyanalysis build | check | manifest | template KIND | reports``.

Expected failures (bad input files naming file, row and field; a changed raw document; damaged
data; an output that cannot be written) end with one line on stderr and exit 2, never a
traceback. Output cut short by the reader (``zyanalysis check | head -1``) ends quietly.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from zyanalysis import paths
from zyanalysis.data.parsers.base import ParseError
from zyanalysis.exceptions import OutputError, ZyError

EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a tool whose reader went away


def _cmd_build(args: argparse.Namespace) -> int:
    from zyanalysis.data.build import build
    build(quiet=False)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from zyanalysis.data.loaders import load_findings
    f = load_findings()
    if f.empty:
        print("no findings: every stated count, subtotal and target agrees with the documents' rows")
        return 0
    print(f"{len(f)} findings (the documents disagree with themselves here; numbers were not changed):")
    for r in f.itertuples():
        print(f"- [{r.source}] {r.kind}: {r.message}")
    return 0


def _cmd_manifest(args: argparse.Namespace) -> int:
    """``zyanalysis manifest [--accept ID …]``: each document's hash status, or record new hashes."""
    from zyanalysis.data.build import accept_document, document_status
    for doc_id in args.accept or []:
        old, new = accept_document(doc_id)
        print(f"document {doc_id}: recorded SHA-256 {new}" + (f" (was {old})" if old and old != new else ""))
    if not args.accept:
        for r in document_status().itertuples():
            print(f"{r.doc_id}  {r.status:10s}  {r.file}")
    return 0


def _cmd_missing_actuals(args: argparse.Namespace) -> int:
    """``template actuals --missing``: one prefilled row per actual a numeric target lacks."""
    import csv
    import datetime as dt

    from zyanalysis.data.actuals import missing_rows
    from zyanalysis.data.loaders import load_observations, load_targets
    from zyanalysis.data.office_files import write_table
    from zyanalysis.reference.jurisdictions import resolve_jurisdiction
    from zyanalysis.scoring.wanted import data_wanted

    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else dt.date.today()
    wanted = data_wanted(load_targets(), load_observations(), as_of=as_of)
    if args.county:
        jid = resolve_jurisdiction(args.county)
        if jid is None:
            print(f"error: unknown county {args.county!r}", file=sys.stderr)
            return 2
        wanted = wanted[wanted.jurisdiction_id == jid]
    columns, rows = missing_rows(wanted)
    comments = [f"zyanalysis actuals wanted as of {as_of} (format: data/raw/actuals/README.md).",
                "Fill in value (and note: where the figure comes from); rows left without a value are skipped.",
                "indicator_zh and why are for reading only."]
    out = Path(args.output) if args.output not in (None, "-") else None
    if out is None:
        sys.stdout.write("".join(f"# {c}\n" for c in comments))
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(columns)
        w.writerows([["" if r[c] is None else r[c] for c in columns] for r in rows])
        return 0
    if out.exists() and not args.force:
        print(f"error: {out} exists; use --force to overwrite", file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    write_table(rows, columns, out, comments=comments)
    print(f"wrote {out}: {len(rows)} actuals wanted")
    return 0


def _cmd_template(args: argparse.Namespace) -> int:
    kind = args.kind
    if args.missing or args.county or args.as_of:
        if kind != "actuals" or not args.missing:
            print("error: --county and --as-of go with --missing, which 'template actuals' alone takes",
                  file=sys.stderr)
            return 2
        return _cmd_missing_actuals(args)
    if kind == "actuals":
        from zyanalysis.data.actuals import template
        text = template()
    elif kind == "plan":
        from zyanalysis.data.sheets import template as plan_template
        text = plan_template()
    elif kind == "assessment":
        from zyanalysis.scoring.assessment import assessment_template
        from zyanalysis.data.loaders import load_frameworks
        units = None
        if args.system != "county":  # the departments 000 assesses under that system
            from zyanalysis.data.loaders import load
            d = load("departments")
            units = d.loc[d.assessed_by == args.system, "name_zh"].tolist()
        text = assessment_template(args.system, load_frameworks(), units=units).to_csv(index=False)
    elif kind == "landing":
        from zyanalysis.scoring.landing import landing_template
        from zyanalysis.data.loaders import load_projects
        text = landing_template(load_projects()).to_csv(index=False)
    elif kind == "incentives":
        from zyanalysis.scoring.incentives import template as incentive_template
        text = incentive_template().to_csv(index=False)
    else:  # argparse restricts choices
        raise AssertionError(kind)
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        from zyanalysis.files import write_atomic
        out = Path(args.output)
        if out.is_dir():
            raise OutputError(f"cannot write {out}: it is a folder; give a file name")
        if out.exists() and not args.force:
            print(f"error: {out} exists; use --force to overwrite", file=sys.stderr)
            return 2
        write_atomic(out, text)
        print(f"wrote {out}")
    return 0


def _cmd_reports(args: argparse.Namespace) -> int:
    from zyanalysis.report.batch import ENGINE_VARIABLE, main as reports_main
    if args.engine:  # the workers read it from the environment they inherit
        os.environ[ENGINE_VARIABLE] = args.engine
    return reports_main(args)


def _cmd_extract(args: argparse.Namespace) -> int:
    from collections import Counter
    from zyanalysis.data.extract import document_facts, extract_file, sheet_text, write_sheet
    rows = extract_file(args.file, doc_id=args.doc_id, jurisdiction=args.jurisdiction, year=args.year)
    facts = document_facts(Path(args.file), args.doc_id, paths.raw_dir())
    if not facts["manifest"]:  # the build accepts a sheet only for a document the manifest lists
        print(f"warning: doc_id {facts['doc_id']!r} is not in {paths.raw_dir() / 'manifest.csv'}: "
              f"add the document there (or pass --doc-id) before the build reads this sheet", file=sys.stderr)
    kinds = Counter(r.kind for r in rows)
    new = len({r.indicator for r in rows if r.new_indicator == "yes"})
    summary = (f"{len(rows)} rows proposed ({kinds['target']} targets, {kinds['actual']} actuals, "
               f"{kinds['estimate']} estimates; {new} new indicators): review every row before use")
    if args.output in (None, "-"):
        sys.stdout.write(sheet_text(rows, Path(args.file).name))
        print(summary, file=sys.stderr)
        return 0
    out = Path(args.output)
    if out.is_dir():
        print(f"error: {out} is a folder; give the sheet a file name (e.g. {out / 'sheet.csv'})", file=sys.stderr)
        return 2
    if out.exists() and not args.force:
        print(f"error: {out} exists; use --force to overwrite", file=sys.stderr)
        return 2
    write_sheet(rows, out, Path(args.file).name)
    print(f"wrote {out}: {summary}")
    return 0


STATUS_COLUMNS = ["jurisdiction", "indicator_zh", "unit", "kind", "target_year", "comparator", "target_value",
                  "latest_value", "latest_year", "latest_kind", "latest_source", "gap", "status", "reason", "source"]


def _cmd_status(args: argparse.Namespace) -> int:
    """``zyanalysis status``: every target's verdict as of a date, as CSV (zy.attainment)."""
    import zyanalysis as zy
    from zyanalysis.scoring.attainment import parse_as_of
    as_of = parse_as_of(args.as_of)  # a bad date is a ValueError: one line, exit 2
    att = zy.attainment(args.county, as_of=as_of)
    text = att[STATUS_COLUMNS].to_csv(index=False)
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return 0
    from zyanalysis.files import write_atomic
    out = Path(args.output)
    write_atomic(out, "\ufeff" + text)  # BOM: Excel on Chinese Windows opens it as UTF-8
    print(f"wrote {out}: {len(att)} targets as of {as_of}")
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and docs)."""
    p = argparse.ArgumentParser(prog="zyanalysis", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="parse data/raw into validated tables in data/processed").set_defaults(func=_cmd_build)
    sub.add_parser("check", help="print the findings: where documents disagree with themselves").set_defaults(func=_cmd_check)
    m = sub.add_parser("manifest", help="show whether each raw document matches the SHA-256 in data/raw/manifest.csv")
    m.add_argument("--accept", action="append", metavar="DOC_ID",
                   help="record the current SHA-256 of this document (a deliberate change; repeatable)")
    m.set_defaults(func=_cmd_manifest)
    s = sub.add_parser("status", help="every target's verdict as of a date (CSV)")
    s.add_argument("--county", default=None, help="only this jurisdiction (id or 中文名)")
    s.add_argument("--as-of", default=None, help="date YYYY-MM-DD (default: today)")
    s.add_argument("-o", "--output", default=None, help="CSV file to write (default: standard output)")
    s.set_defaults(func=_cmd_status)
    t = sub.add_parser("template", help="write a blank input file")
    t.add_argument("kind", choices=["actuals", "plan", "assessment", "landing", "incentives"])
    t.add_argument("-o", "--output", help="file to write (default: standard output)")
    t.add_argument("--system", default="county", choices=["county", "lead", "responsible"],
                   help="assessment system (template assessment only)")
    t.add_argument("--force", action="store_true", help="overwrite an existing file")
    t.add_argument("--missing", action="store_true",
                   help="actuals only: one prefilled row per actual a numeric target still lacks "
                        "(-o FILE.xlsx writes Excel)")
    t.add_argument("--county", default=None, help="with --missing: only this jurisdiction (id or 中文名)")
    t.add_argument("--as-of", default=None, help="with --missing: date YYYY-MM-DD (default: today)")
    t.set_defaults(func=_cmd_template)
    r = sub.add_parser("reports", help="run the notebooks and write HTML reports")
    r.add_argument("-j", "--jobs", type=int, default=None, help="parallel workers (default: cores)")
    r.add_argument("--engine", choices=("inprocess", "kernel"), default=None,
                   help="run notebooks on each worker's own IPython shell (inprocess, the default) or on a "
                        "warm Jupyter kernel per worker (kernel); also $ZYANALYSIS_ENGINE")
    r.add_argument("--county", action="append", default=None, help="only this county (repeatable)")
    r.add_argument("--industry", action="append", default=None, help="only this industry id (repeatable)")
    r.add_argument("--overview", action="store_true", help="only the city overview")
    r.add_argument("--department", action="append", default=None, metavar="ID",
                   help="only this department id (repeatable; ids: the departments table)")
    r.add_argument("--policy", action="store_true", help="only the incentive and landing notebooks")
    r.add_argument("--output", default=None, help=f"report folder (default: {paths.reports_dir()})")
    r.add_argument("--as-of", default=None, metavar="YYYY-MM-DD",
                   help="date the reports are as of (default: today), passed to notebooks as as_of")
    r.set_defaults(func=_cmd_reports)
    x = sub.add_parser("extract", help="propose a plan sheet (targets, actuals, estimates) from a document's prose")
    x.add_argument("file", help="the document as UTF-8 text")
    x.add_argument("--doc-id", default=None, help="its doc_id in data/raw/manifest.csv (default: found by file name)")
    x.add_argument("--jurisdiction", default=None,
                   help="id or Chinese name of its unit (default: from the manifest issuer or the title)")
    x.add_argument("--year", type=int, default=None,
                   help="year the document was issued (default: the manifest date); 去年 = year - 1")
    x.add_argument("-o", "--output", default=None, help="sheet to write, e.g. data/raw/plans/005.csv (default: standard output)")
    x.add_argument("--force", action="store_true", help="overwrite an existing sheet")
    x.set_defaults(func=_cmd_extract)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``zyanalysis`` console script."""
    args = parser().parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows up here, not in the interpreter's exit
        return code
    except BrokenPipeError:
        return _broken_pipe()
    except (ZyError, ParseError, ValueError) as e:  # ValueError: a bad --as-of or unknown county
        return _fail(str(e), getattr(e, "exit_code", 2))
    except OSError as e:  # a file we read or write: permissions, disk full, vanished folder
        where = f"{e.filename}: " if e.filename else ""
        return _fail(f"{where}{e.strerror or e}", 2)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)


def _fail(message: str, code: int) -> int:
    """Print ``error: message`` on stderr (ignoring a closed stderr) and return ``code``."""
    try:
        print(f"error: {message}", file=sys.stderr)
    except OSError:
        pass
    return code


def _broken_pipe() -> int:
    """The reader of stdout went away (``| head``): stop quietly.

    Python would otherwise report the failed flush of the buffered rest at exit; pointing stdout
    at /dev/null leaves it nothing to flush.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
