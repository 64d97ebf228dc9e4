"""The public names other code and outside checks call."""
from __future__ import annotations

import importlib
from pathlib import Path

import pandas as pd
import pytest

import zyanalysis as zy
from zyanalysis import paths


def test_public_functions_stay_callable_after_their_submodules_are_imported():
    import zyanalysis as zy
    for mod in ("scoring.attainment", "scoring.composite", "scoring.assessment", "scoring.sensitivity",
                "data.loaders"):
        importlib.import_module(f"zyanalysis.{mod}")
    for name in ("attainment", "composite", "score_assessment", "weight_sensitivity",
                 "load_projects", "load_observations", "load_targets", "load_responsibilities",
                 "load_frameworks", "load_jurisdictions", "load_industries", "load_findings"):
        assert callable(getattr(zy, name)), name


def test_attainment_interface_columns_and_worked_example():
    import zyanalysis as zy
    att = zy.attainment("ganzhou", as_of="2025-06-30")
    for c in ("jurisdiction", "indicator", "kind", "target_year", "target_value", "as_of", "latest_year",
              "latest_value", "latest_kind", "ratio", "gap", "pace_unit", "required_pace", "actual_pace",
              "latest_pace", "projected", "projected_low", "projected_high", "status", "reason", "source"):
        assert c in att.columns, c
    r = att[(att.indicator_zh == "规模以上工业总产值") & (att.target_year == 2025)].iloc[0]
    # 001 附件1: 155 (2024 预计) → 170 (2025): (170/155 − 1) × 100 % a year
    assert (r.latest_year, r.latest_value, r.latest_kind) == (2024, 155.0, "estimate")
    assert abs(r.required_pace - (170 / 155 - 1) * 100) < 1e-9 and r.pace_unit == "%/yr"
    # 2021 → 2024 compound growth 99 → 155 over three years
    assert abs(r.actual_pace - ((155 / 99) ** (1 / 3) - 1) * 100) < 1e-9
    assert r.status == "on_track" and r.source == "001:65; 001:5"


def test_score_and_sensitivity_interfaces():
    import zyanalysis as zy
    inputs = zy.read_assessment_inputs(Path(__file__).parent.parent / "data/raw/examples/assessment_example.csv")
    s = zy.score_assessment(inputs, system="county")
    assert {"score", "bonus", "deduction", "total", "rank", "outcome"} <= set(s.columns)
    assert len(s) == 6 and s.illustrative.all()
    w = zy.weight_sensitivity(inputs, system="county", draws=2_000)
    assert {"rank_p05", "rank_median", "rank_p95", "p_top2", "p_bottom2", "kendall_tau_median"} <= set(w.columns)
    assert isinstance(w, pd.DataFrame) and len(w) == 6


def test_readme_python_example_runs(monkeypatch):
    """The README's 'In Python' block runs as written, from the project root."""
    import re
    root = Path(__file__).parent.parent
    text = (root / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## In Python\n\n```python\n(.*?)```", text, re.S).group(1)
    monkeypatch.chdir(root)
    exec(compile(block, "README.md", "exec"), {})


def test_scoring_needs_frames_the_public_face_loads_them():
    """``zyanalysis.score_assessment`` loads the frameworks table; the scoring function itself
    must be handed it, and both give the same totals (ganzhou: score 97.36 + 2 bonus = 99.36, hand-worked
    in test_assessment on the example input)."""
    from zyanalysis.scoring import assessment

    inputs = zy.read_assessment_inputs(paths.raw_dir() / "examples" / "assessment_example.csv")
    with pytest.raises(TypeError):
        assessment.score_assessment(inputs, "county")  # no frameworks: scoring does not load
    public = zy.score_assessment(inputs).set_index("unit")
    direct = assessment.score_assessment(inputs, "county", frameworks=zy.load_frameworks()).set_index("unit")
    assert public.total.round(2).to_dict() == direct.total.round(2).to_dict()
    assert round(public.loc["ganzhou", "score"], 2) == 97.36 and round(public.loc["ganzhou", "total"], 2) == 99.36
