"""Benchmark: the report batch against a naive sequential loop of the command-line tools.

The naive loop runs, for each report, ``papermill NB OUT -p ...`` then
``jupyter nbconvert --to html --no-input OUT`` one after the other (what a user would script by
hand). The batch is ``zyanalysis reports -j N`` over the same notebooks. Prints both times, the
ratio (goal: >= 3x on 2 cores) and each report's size (goal: <= 1.5 MB with 8+ charts).

Run: .venv/bin/python bench/bench_reports.py [--all] [-j N]
Default is a subset (all counties + the overview); --all times every report.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--all", action="store_true")
    ap.add_argument("-j", type=int, default=os.cpu_count())
    a = ap.parse_args()
    from zyanalysis.report.batch import plan_jobs

    jobs = plan_jobs() if a.all else plan_jobs(counties=None, industries=None, overview=True) + \
        [j for j in plan_jobs() if j.kind == "county"]
    names = sorted({j.slug for j in jobs})
    print(f"{len(jobs)} reports; {os.cpu_count()} cores; batch -j {a.j}")

    naive_dir = Path(tempfile.mkdtemp(prefix="naive-"))
    t = time.perf_counter()
    for j in jobs:
        out_nb = naive_dir / f"{j.slug}.ipynb"
        cmd = [str(BIN / "papermill"), str(ROOT / "notebooks" / j.notebook), str(out_nb), "--cwd",
               str(ROOT / "notebooks"), "--no-progress-bar"]
        for k, v in j.params.items():
            cmd += ["-p", k, str(v)]
        subprocess.run(cmd, check=True, capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out_nb)],
                       check=True, capture_output=True)
    naive = time.perf_counter() - t

    batch_dir = Path(tempfile.mkdtemp(prefix="batch-"))
    args = [str(BIN / "zyanalysis"), "reports", "-j", str(a.j), "--output", str(batch_dir)]
    if not a.all:
        args += ["--overview"] + sum((["--county", j.params["county"]] for j in jobs if j.kind == "county"), [])
    t = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    batch = time.perf_counter() - t

    print(f"naive sequential papermill + nbconvert CLI: {naive:7.1f} s")
    print(f"zyanalysis reports -j {a.j}:                  {batch:7.1f} s")
    print(f"speed-up: {naive / batch:.2f}x (goal >= 3x on 2 cores)")
    for name in names:
        p = batch_dir / f"{name}.html"
        if p.exists():
            html = p.read_text(encoding="utf-8")
            charts = html.count('class="zy-chart"')
            print(f"  {name + '.html':45s} {p.stat().st_size / 1e6:6.2f} MB  {charts:2d} charts")
    shutil.rmtree(naive_dir, ignore_errors=True)
    shutil.rmtree(batch_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
