"""Benchmark of the weight-sensitivity Monte Carlo: 1,000,000 draws × 7 units × 27 indicators.

Run: ``.venv/bin/python bench/bench_sensitivity.py [draws]``. Prints the wall time of
:func:`zyanalysis.scoring.sensitivity.monte_carlo_ranks` (Dirichlet, concentration 100) on a random
performance matrix shaped like 000's county system (27 indicators, official-like weights
summing to 100), best of three runs, and the machine's core count. No data files are read.
"""
from __future__ import annotations

import os
import sys
import time

import numpy as np
import pandas as pd

from zyanalysis.scoring.sensitivity import monte_carlo_ranks

# the 27 county weights of 000 (lines 1843–2013), as a realistic weight vector
WEIGHTS = [2, 2, 2, 2, 2, 3, 25, 3, 10, 10, 5, 2, 2, 2, 2, 2, 2, 4, 2, 2, 2, 2, 2, 2, 2, 2, 2]
UNITS = ["ganzhou", "linze", "gaotai", "shandan", "minle", "sunan", "zhangye_edz"]


def main(draws: int = 1_000_000) -> float:
    """Time one Monte Carlo run of ``draws`` draws; returns the best of three wall times (s)."""
    assert sum(WEIGHTS) == 100 and len(WEIGHTS) == 27
    rng = np.random.default_rng(1)
    cols = [f"000.county.{i}" for i in range(1, 28)]
    m = pd.DataFrame(rng.choice([0.6, 0.8, 1.0], size=(7, 27)), index=UNITS, columns=cols)
    w = pd.Series(WEIGHTS, index=cols, dtype=float)
    monte_carlo_ranks(m, w, draws=10_000)  # warm-up (imports, thread pool)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        res = monte_carlo_ranks(m, w, draws=draws, concentration=100.0, seed=0)
        times.append(time.perf_counter() - t0)
    best = min(times)
    print(f"weight sensitivity: {draws:,} draws × {len(UNITS)} units × {len(WEIGHTS)} indicators "
          f"in {best:.2f} s (best of 3: {', '.join(f'{t:.2f}' for t in times)}) "
          f"on {os.cpu_count()} cores; median Kendall tau {np.nanmedian(res.taus):.3f}")
    return best


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
