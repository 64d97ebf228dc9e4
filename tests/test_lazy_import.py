"""`import zyanalysis` stays light: heavy libraries load on first use (bench/bench_import.py times it)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pandas", "numpy", "scipy", "altair", "pandera", "pyarrow", "ipywidgets", "nbconvert")


def _modules_after(code: str) -> set[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                         env=env, capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_import_zyanalysis_loads_no_heavy_library():
    loaded = _modules_after("import zyanalysis")
    assert not [m for m in HEAVY if m in loaded]
    assert "zyanalysis.scoring" not in loaded and "zyanalysis.data.loaders" not in loaded


def test_first_use_loads_only_what_the_name_needs():
    loaded = _modules_after("import zyanalysis as zy; assert callable(zy.score_assessment)")
    assert "zyanalysis.scoring.assessment" in loaded and "pandas" in loaded
    assert "altair" not in loaded and "zyanalysis.report.htmlexport" not in loaded
