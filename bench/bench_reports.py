"""Benchmark: the report batch against a naive loop and against its floor; prints the figures.

Three ways to produce the same reports:

* **naive loop** — for each report, ``papermill NB OUT -p ...`` then
  ``jupyter nbconvert --to html --no-input OUT``, one after the other (what a user would script
  by hand); only for the 8-report set (7 counties + the overview), it takes minutes;
* **batch** — ``zyanalysis reports -j N`` (warm kernels, papermill, export, index);
* **in-process floor** — the same notebooks' code (parameters cell, the parameters, every code
  cell, with IPython's display formatting, so every table and chart is still rendered to its
  output) run in N plain processes that import the package once, with no kernel, no papermill,
  no export: what the content itself costs.

Prints the times, the ratios (targets: 8-report set >= 8x faster than the naive loop; batch
within 1.3x of the floor for every report), each report's size (target <= 0.55 MB) and, per
report, the batch's time split: kernel start or reset, cells, export, write.

Run: .venv/bin/python bench/bench_reports.py [--all] [--skip-naive] [-j N]
Default: the 8-report set; --all adds the batch and floor over all 81 reports.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MAX_BYTES = 550_000


def eight_report_set():
    """The 7 counties and the overview."""
    from zyanalysis.report.batch import plan_jobs

    return plan_jobs(counties=None, industries=None, overview=True) + plan_jobs(
        counties=[j.params["county"] for j in plan_jobs() if j.kind == "county"])


def cli_args(jobs) -> list[str]:
    """``zyanalysis reports`` filters selecting exactly ``jobs``."""
    flag = {"county": ("--county", "county"), "industry": ("--industry", "industry"),
            "department": ("--department", "department")}
    args: list[str] = []
    for j in jobs:
        if j.kind in flag:
            args += [flag[j.kind][0], j.params[flag[j.kind][1]]]
        elif j.kind == "overview":
            args.append("--overview")
        elif j.kind == "policy" and "--policy" not in args:
            args.append("--policy")
    return args


def naive_loop(jobs, workdir: Path) -> float:
    """papermill CLI + nbconvert CLI per report, sequentially; seconds."""
    workdir.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    for j in jobs:
        out_nb = workdir / f"{j.slug}.ipynb"
        cmd = [str(BIN / "papermill"), str(ROOT / "notebooks" / j.notebook), str(out_nb), "--cwd",
               str(ROOT / "notebooks"), "--no-progress-bar"]
        for k, v in j.params.items():
            cmd += ["-p", k, str(v)]
        subprocess.run(cmd, check=True, capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out_nb)],
                       check=True, capture_output=True)
    return time.perf_counter() - t


def batch(jobs, out: Path, n: int) -> float:
    """``zyanalysis reports -j n`` over ``jobs`` (all reports when ``jobs`` is None); seconds."""
    args = [sys.executable, "-m", "zyanalysis.cli", "reports", "-j", str(n), "--output", str(out)]
    args += cli_args(jobs) if jobs is not None else []
    t = time.perf_counter()
    p = subprocess.run(args, capture_output=True, text=True)
    took = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"batch failed:\n{p.stderr[-3000:]}")
    return took


# ---------------------------------------------------------------- the in-process floor

_SHELL = None


def _floor_init() -> None:
    """A plain process: one in-process IPython shell (display formatting, no kernel), warm."""
    global _SHELL
    import faulthandler
    import signal

    faulthandler.register(signal.SIGUSR1)  # kill -USR1 <pid> prints where a floor process is
    os.environ["ZYANALYSIS_BATCH"] = "1"  # as in the batch: no live bundle, no chart validation
    os.chdir(ROOT / "notebooks")
    from IPython.core.interactiveshell import InteractiveShell

    from zyanalysis.report.batch import WARMUP

    main = sys.modules["__main__"]
    _SHELL = InteractiveShell.instance()
    sys.modules["__main__"] = main  # IPython put its user module there; the pool unpickles from it
    _run(WARMUP)


def _run(code: str) -> None:
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        result = _SHELL.run_cell(code, store_history=False)
    if not result.success:
        raise RuntimeError(f"cell failed: {result.error_in_exec or result.error_before_exec}")


def _floor_job(job) -> tuple[str, float]:
    """Run one notebook's code cells (parameters cell, then the job's parameters, then the rest)."""
    import nbformat

    t = time.perf_counter()
    nb = nbformat.read(ROOT / "notebooks" / job.notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        _run(cell.source)
        if "parameters" in cell.metadata.get("tags", []):
            _SHELL.user_ns.update(job.params)
    return job.slug, time.perf_counter() - t


def floor(jobs, n: int) -> tuple[float, dict[str, float]]:
    """The notebooks' code in ``n`` fresh plain processes, slowest first; wall seconds and the
    seconds per report."""
    from zyanalysis.report.batch import order_jobs

    t = time.perf_counter()
    with mp.get_context("spawn").Pool(n, initializer=_floor_init) as pool:
        per = dict(pool.imap_unordered(_floor_job, order_jobs(jobs), chunksize=1))
    return time.perf_counter() - t, per


# ---------------------------------------------------------------- printing

def print_reports(out: Path, floor_per: dict[str, float]) -> int:
    """Per report: size, batch time split and floor time; returns how many exceed MAX_BYTES."""
    status = json.loads((out / "status.json").read_text(encoding="utf-8"))
    over = 0
    print(f"  {'report':48s} {'MB':>5s} {'start':>6s} {'reset':>6s} {'cells':>6s} {'export':>6s} "
          f"{'write':>6s} {'floor':>6s}")
    for slug, s in sorted(status.items(), key=lambda kv: -kv[1]["seconds"]):
        size = (out / s["html"]).stat().st_size if s["html"] else 0
        over += size > MAX_BYTES
        sp = s.get("split", {})
        cols = " ".join(f"{sp[k]:6.3f}" if k in sp else f"{'':6s}" for k in ("start", "reset", "cells", "export", "write"))
        print(f"  {s['html']:48s} {size / 1e6:5.2f} {cols} {floor_per.get(slug, float('nan')):6.3f}"
              f"{'  > 0.55 MB' if size > MAX_BYTES else ''}")
    splits = [s.get("split", {}) for s in status.values()]
    resets = [sp["reset"] for sp in splits if "reset" in sp]
    print(f"  mean per report: reset {sum(resets) / max(len(resets), 1):.3f} s, "
          + ", ".join(f"{k} {sum(sp.get(k, 0) for sp in splits) / len(splits):.3f} s"
                      for k in ("cells", "export", "write"))
          + f"; largest report {max((out / s['html']).stat().st_size for s in status.values()) / 1e6:.3f} MB")
    return over


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--all", action="store_true", help="also time batch and floor over all 81 reports")
    ap.add_argument("--skip-naive", action="store_true", help="skip the naive loop (minutes)")
    ap.add_argument("-j", type=int, default=os.cpu_count())
    a = ap.parse_args()
    from zyanalysis.data.loaders import load_targets
    from zyanalysis.report.batch import plan_jobs

    load_targets()  # build the tables first if stale: not part of any timing
    eight = eight_report_set()
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start; -j {a.j}")
    tmp = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    try:
        print(f"\n== 8-report set ({len(eight)}: 7 counties + overview)")
        naive = None if a.skip_naive else naive_loop(eight, tmp / "naive")
        b8 = batch(eight, tmp / "batch8", a.j)
        f8, per8 = floor(eight, a.j)
        if naive is not None:
            print(f"naive papermill + nbconvert CLI loop: {naive:7.1f} s")
        print(f"zyanalysis reports -j {a.j}:            {b8:7.1f} s")
        print(f"in-process floor ({a.j} processes):       {f8:7.1f} s")
        if naive is not None:
            print(f"speed-up over the naive loop: {naive / b8:.2f}x (target >= 8x)")
        print(f"batch / floor: {b8 / f8:.2f} (target <= 1.3)")
        over = print_reports(tmp / "batch8", per8)
        if a.all:
            n_all = len(plan_jobs())
            print(f"\n== all {n_all} reports")
            ball = batch(None, tmp / "batch-all", a.j)
            fall, perall = floor(plan_jobs(), a.j)
            print(f"zyanalysis reports -j {a.j}:            {ball:7.1f} s")
            print(f"in-process floor ({a.j} processes):       {fall:7.1f} s")
            print(f"batch / floor: {ball / fall:.2f} (target <= 1.3)")
            over += print_reports(tmp / "batch-all", perall)
        print(f"\nreports over 0.55 MB: {over}")
        print(f"load average {os.getloadavg()[0]:.1f} at end (other work on the machine skews every figure)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
