"""Benchmark: streaming validation of researcher files (issue 11.5).

A 10⁶-row actuals file whose third row is bad must fail in well under a second and in well
under 300 MB: rows are checked as they are read, the file is never loaded whole. The encoding
check scans the file in 1 MB chunks first (a GBK file is scanned twice: UTF-8 fails, GB18030
passes). Prints wall time, the peak of Python allocations during the read (tracemalloc) and
the process's peak resident memory (getrusage, includes pandas itself).

Run: .venv/bin/python bench/bench_inputs.py [rows]
"""
from __future__ import annotations

import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from zyanalysis.data import schemas
from zyanalysis.data.actuals import HEADER, read_actuals_file
from zyanalysis.data.parsers.base import ParseError
from zyanalysis.reference.jurisdictions import jurisdictions

IND = "industrial_output_above_scale"  # 规模以上工业总产值, 亿元, kind level (001 附件1)


def _frames():
    """The minimum the reader checks against: one 甘州区 target of the indicator."""
    targets = schemas.coerce("targets", [dict(
        target_id=f"001.ganzhou.{IND}.2025", doc_id="001", line=65, source="001:65", jurisdiction_id="ganzhou",
        indicator_id=IND, indicator_zh="规模以上工业总产值", indicator_en="output", unit="亿元", target_year=2025,
        comparator=">=", target_value=170.0, higher_is_better=True, is_reduction=False, aspirational=False,
        raw="170")])
    return schemas.empty("observations"), targets, jurisdictions()


def write_file(path: Path, rows: int, *, bad_row: int = 3, encoding: str = "utf-8") -> None:
    """``rows`` data rows (distinct years would repeat, so vary the note); row ``bad_row`` is bad."""
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(",".join(HEADER) + "\n")
        for i in range(2, rows + 2):
            value = "158,3" if i == bad_row else "158.3"  # an ambiguous decimal comma
            f.write(f'甘州区,{IND},2024,"{value}",亿元,actual,,第{i}行\n')


def measure(path: Path) -> tuple[float, float, str]:
    """(seconds, peak MB of Python allocations, error message) of reading ``path``."""
    obs, targets, juris = _frames()
    tracemalloc.start()
    t = time.perf_counter()
    try:
        read_actuals_file(path, obs, targets, juris)
        msg = "no error"
    except ParseError as e:
        msg = str(e)
    seconds = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak, msg


def main(rows: int = 1_000_000) -> None:
    with tempfile.TemporaryDirectory() as d:
        for encoding in ("utf-8", "gb18030"):
            path = Path(d) / f"big_{encoding}.csv"
            write_file(path, rows, encoding=encoding)
            size = path.stat().st_size / 2**20
            seconds, peak, msg = measure(path)
            print(f"{rows:,} rows, {encoding}, {size:.0f} MB, bad row 3: {seconds * 1000:.0f} ms, "
                  f"peak Python allocations {peak:.1f} MB\n  → {msg}")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"peak resident memory of the whole process (pandas included): {maxrss:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
