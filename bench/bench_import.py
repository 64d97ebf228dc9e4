"""Import cost of ``import zyanalysis`` and of the first calls people make.

For each statement a fresh interpreter runs ``python -X importtime -c STATEMENT`` (best of
``--repeat`` runs, so a busy machine inflates the figures less); printed: the total import time
the statement caused (interpreter start-up excluded), and the packages that cost most
(cumulative time of each top-level package's first import). ``import zyanalysis`` itself should
stay under 0.3 s: the package's ``__getattr__`` imports scoring/loaders only on first use.

    .venv/bin/python bench/bench_import.py [--repeat 3] [--top 6] ["extra statement" ...]
"""
from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STATEMENTS = [
    "import zyanalysis",
    "import zyanalysis as zy; zy.load_targets",
    "import zyanalysis as zy; zy.attainment",
    "import zyanalysis as zy; zy.score_assessment",
    "import zyanalysis as zy; zy.weight_sensitivity",
    "import zyanalysis.report.htmlexport",
    "import zyanalysis.report.sections",
    "import zyanalysis.report.explore",
]

# Imported by the interpreter before the statement runs; not the statement's cost.
_STARTUP = {"site", "encodings", "sitecustomize", "usercustomize", "_virtualenv"}


def importtime(statement: str) -> list[tuple[int, int, int, str]]:
    """(depth, self µs, cumulative µs, module) per import the statement's interpreter made."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", statement], env=env,
                         capture_output=True, text=True, check=True).stderr
    rows = []
    for line in err.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cum_us, name = line[len("import time:"):].split("|")
        depth = (len(name) - len(name.lstrip(" "))) // 2
        rows.append((depth, int(self_us), int(cum_us), name.strip()))
    return rows


@functools.lru_cache(maxsize=1)
def startup_modules() -> frozenset[str]:
    """Modules every interpreter imports before running anything (``-c pass``)."""
    return frozenset(name for *_, name in importtime("pass"))


def summary(rows: list[tuple[int, int, int, str]]) -> tuple[float, dict[str, float]]:
    """Total seconds of the statement's imports, and seconds per package.

    The total counts outermost (depth-0) imports, each with everything it pulled in. Per
    package (zyanalysis itself left out): the larger of its depth-0 imports summed and its own
    line at any depth, so nested costs show twice (jsonschema inside altair). Modules loaded through ``importlib.import_module``
    (the package's lazy ``__getattr__``) are not reported by ``-X importtime`` themselves, but
    their own imports are, at depth 0, so ``zy.attainment`` shows as pandas, scipy, …
    """
    total, outer, named = 0, {}, {}
    for depth, _self, cum, name in rows:
        root = name.split(".")[0]
        if root in _STARTUP or name in startup_modules():
            continue
        if name == root:        # a package's own line, however deep (altair under report.charts)
            named[root] = max(named.get(root, 0), cum)
        if depth == 0:
            total += cum
            outer[root] = outer.get(root, 0) + cum
    per_pkg = {k: max(outer.get(k, 0), named.get(k, 0)) for k in outer.keys() | named.keys()
               if k != "zyanalysis"}
    return total / 1e6, {k: v / 1e6 for k, v in per_pkg.items()}


def measure(statement: str, repeat: int) -> tuple[float, dict[str, float]]:
    """Best of ``repeat`` runs (by total)."""
    return min((summary(importtime(statement)) for _ in range(repeat)), key=lambda r: r[0])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("statements", nargs="*", help="statements to time instead of the default list")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--top", type=int, default=6)
    args = ap.parse_args(argv)
    for st in args.statements or STATEMENTS:
        total, pkgs = measure(st, args.repeat)
        top = sorted(pkgs.items(), key=lambda kv: -kv[1])[:args.top]
        print(f"{total:6.3f} s  {st}")
        print("          " + ", ".join(f"{k} {v:.3f}" for k, v in top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
