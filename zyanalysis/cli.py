"""Command line: ``zyanalysis build | check | template KIND | reports``.

Errors in input files end with a one-line message naming file, row and field, and exit 2.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zyanalysis import paths
from zyanalysis.data.parsers.base import ParseError


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


def _cmd_template(args: argparse.Namespace) -> int:
    kind = args.kind
    if kind == "actuals":
        from zyanalysis.data.actuals import template
        text = template()
    elif kind == "assessment":
        from zyanalysis.scoring.assessment import assessment_template
        from zyanalysis.data.loaders import load_frameworks
        units = None
        if args.system != "county":  # the departments 000 assesses under that system
            from zyanalysis.data.departments import department_table
            d = department_table()
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
        out = Path(args.output)
        if out.exists() and not args.force:
            print(f"error: {out} exists; use --force to overwrite", file=sys.stderr)
            return 2
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}")
    return 0


def _cmd_reports(args: argparse.Namespace) -> int:
    from zyanalysis.report.batch import main as reports_main
    return reports_main(args)


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and docs)."""
    p = argparse.ArgumentParser(prog="zyanalysis", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="parse data/raw into validated tables in data/processed").set_defaults(func=_cmd_build)
    sub.add_parser("check", help="print the findings: where documents disagree with themselves").set_defaults(func=_cmd_check)
    t = sub.add_parser("template", help="write a blank input file")
    t.add_argument("kind", choices=["actuals", "assessment", "landing", "incentives"])
    t.add_argument("-o", "--output", help="file to write (default: standard output)")
    t.add_argument("--system", default="county", choices=["county", "lead", "responsible"],
                   help="assessment system (template assessment only)")
    t.add_argument("--force", action="store_true", help="overwrite an existing file")
    t.set_defaults(func=_cmd_template)
    r = sub.add_parser("reports", help="run the notebooks and write HTML reports")
    r.add_argument("-j", "--jobs", type=int, default=None, help="parallel kernels (default: cores)")
    r.add_argument("--county", action="append", default=None, help="only this county (repeatable)")
    r.add_argument("--industry", action="append", default=None, help="only this industry id (repeatable)")
    r.add_argument("--overview", action="store_true", help="only the city overview")
    r.add_argument("--department", action="append", default=None, metavar="ID",
                   help="only this department id (repeatable; ids: zyanalysis.data.departments.department_table())")
    r.add_argument("--policy", action="store_true", help="only the incentive and landing notebooks")
    r.add_argument("--output", default=None, help=f"report folder (default: {paths.reports_dir()})")
    r.add_argument("--as-of", default=None, metavar="YYYY-MM-DD",
                   help="date the reports are as of (default: today), passed to notebooks as as_of")
    r.set_defaults(func=_cmd_reports)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``zyanalysis`` console script."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ParseError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # a build error lists every problem; keep it readable
        from zyanalysis.data.build import BuildError
        if isinstance(e, BuildError):
            print(f"error: {e}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
