"""Benchmark: a full build from raw text (parse five documents, validate, write parquet + CSV).

Goal (issue 2): all five documents in under 2 s on a 2-core machine. Prints the figures.
Run: .venv/bin/python bench/bench_build.py [repeats]
"""
from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from zyanalysis.data import build as zbuild
from zyanalysis.data.parsers import Document, get

ROOT = Path(__file__).resolve().parent.parent


def main(repeats: int = 5) -> None:
    raw = ROOT / "data" / "raw"
    per_doc: dict[str, list[float]] = {}
    for e in zbuild.read_manifest(raw):
        mod = get(e.parser)
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            mod.parse(Document.read(e.doc_id, raw / e.file))
            times.append(time.perf_counter() - t)
        per_doc[e.doc_id] = times
    full = []
    for _ in range(repeats):
        out = Path(tempfile.mkdtemp())
        t = time.perf_counter()
        zbuild.build(raw=raw, out=out)
        full.append(time.perf_counter() - t)
        shutil.rmtree(out)
    for d, ts in per_doc.items():
        print(f"parse {d}: median {statistics.median(ts) * 1000:7.1f} ms")
    print(f"full build (parse + validate + write, 5 documents): median {statistics.median(full):.3f} s "
          f"(min {min(full):.3f} s, {repeats} runs; goal < 2 s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
