"""Precision, recall and speed of ``zyanalysis extract`` against the hand-labelled prose figures.

    PYTHONPATH=. python bench/bench_extract.py [-v]

Labels: ``tests/fixtures/extract_labels.csv`` (read by hand from data/raw/documents). Only lines
that carry a label are scored: an extracted row there that matches no label is a false positive;
rows on unlabelled lines are counted but not scored. Repeats the sheet writes as comment lines
(a second target for the same indicator and year, which the build refuses) count as extracted. A match is the same line, value, year and kind,
and for targets the same comparator. ``-v`` lists the misses and the false positives.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zyanalysis.data.extract import extract_file  # noqa: E402

LABELS = ROOT / "tests" / "fixtures" / "extract_labels.csv"
RAW = ROOT / "data" / "raw"


def load_labels(path: Path = LABELS) -> list[dict]:
    """The label rows (comment lines skipped)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(ln for ln in f if not ln.startswith("#")))


def key(doc: str, line: int, value: str, year, kind: str, comparator: str) -> tuple:
    """What a match compares: comparator counts for targets only."""
    return (doc, int(line), float(value), int(year), kind, comparator if kind == "target" else "")


def score(labels: list[dict], extracted: dict[str, list]) -> dict:
    """True/false positives and misses per (doc, kind), as multisets of match keys."""
    scored_lines = {(r["doc_id"], int(r["line"])) for r in labels}
    gold = Counter(key(r["doc_id"], r["line"], r["value"], r["year"], r["kind"], r["comparator"])
                   for r in labels if r["kind"] != "none")
    got = Counter(key(r.doc_id, r.line, r.value, r.year, r.kind, r.comparator)
                  for rows in extracted.values() for r in rows if (r.doc_id, r.line) in scored_lines)
    tp, fp, fn = gold & got, got - gold, gold - got
    return {"tp": tp, "fp": fp, "fn": fn}


def _pr(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    return f"precision {p:6.1%}  recall {r:6.1%}  (tp {tp}, fp {fp}, fn {fn})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    with open(RAW / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        manifest = list(csv.DictReader(f))
    labels = load_labels()
    t0 = time.perf_counter()
    extracted = {m["doc_id"]: extract_file(RAW / m["file"], doc_id=m["doc_id"]) for m in manifest}
    dt = time.perf_counter() - t0
    s = score(labels, extracted)
    by = defaultdict(lambda: [0, 0, 0])
    for i, part in enumerate(("tp", "fp", "fn")):
        for k, n in s[part].items():
            by[("doc", k[0])][i] += n
            by[("kind", k[4])][i] += n
            by[("all", "")][i] += n
    print(f"labelled figures: {sum(r['kind'] != 'none' for r in labels)} on "
          f"{len({(r['doc_id'], r['line']) for r in labels})} lines of {len({r['doc_id'] for r in labels})} documents")
    for (grp, name), (tp, fp, fn) in sorted(by.items()):
        label = {"doc": f"document {name}", "kind": f"kind {name}", "all": "overall"}[grp]
        print(f"{label:18s} {_pr(tp, fp, fn)}")
    total = sum(len(v) for v in extracted.values())
    lines = sum(len((RAW / m["file"]).read_text(encoding="utf-8").splitlines()) for m in manifest)
    commented = sum(r.commented for v in extracted.values() for r in v)
    print(f"speed: {dt:.3f} s for all {len(manifest)} documents ({lines} lines, {total} rows proposed, "
          f"{commented} of them repeats written as comments)")
    if args.verbose:
        for name in ("fn", "fp"):
            print(f"\n{name}:")
            for k, n in sorted(s[name].items()):
                print("  ", k, "×", n)


if __name__ == "__main__":
    main()
