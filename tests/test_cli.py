"""The templates the CLI writes for researchers."""
from __future__ import annotations

import io

import pandas as pd
from conftest import run_cli


def _template(*args: str) -> pd.DataFrame:
    p = run_cli("template", *args)
    assert p.returncode == 0, p.stderr
    return pd.read_csv(io.StringIO(p.stdout), comment="#")


def test_assessment_template_lead_lists_the_seven_lead_departments_of_000():
    # 000 附件1 牵头部门 (lines 9-97): 农业农村局; 发展改革委、卫生健康委; 工信局 (×2); 发展改革委 (×2);
    # 发展改革委、工信局、生态环境局; 工信局、发展改革委、生态环境局; 文广旅游局; 商务局
    t = _template("assessment", "--system", "lead")
    assert set(t.unit) == {"市农业农村局", "市发展改革委", "市卫生健康委", "市工信局", "市生态环境局",
                           "市文广旅游局", "市商务局"}
    assert t.indicator_id.nunique() == 17          # 市级牵头部门 system: 17 indicators
    assert t.groupby("unit").weight.sum().eq(100).all()


def test_assessment_template_county_has_six_units_and_27_indicators():
    t = _template("assessment")
    assert t.unit.nunique() == 6 and t.indicator_id.nunique() == 27 and len(t) == 6 * 27
    assert "zhangye_edz" not in set(t.unit)
    assert t.grade.isna().all() and t.value.isna().all()


def test_landing_template_has_one_row_per_signed_project():
    t = _template("landing")
    assert len(t) == 81 + 346
    assert t.as_of.isna().all() and t.funds_in_place_yi.isna().all()


def test_template_refuses_to_overwrite(tmp_path):
    out = tmp_path / "a.csv"
    out.write_text("keep", encoding="utf-8")
    p = run_cli("template", "actuals", "-o", str(out))
    assert p.returncode == 2 and "exists" in p.stderr
    assert out.read_text(encoding="utf-8") == "keep"


def test_status_command_gives_verdicts_as_of_a_date(tmp_path):
    run = lambda *a: run_cli("status", *a)
    mid = pd.read_csv(io.StringIO(run("--county", "甘州区", "--as-of", "2025-06-30").stdout))
    row = mid[(mid.indicator_zh == "规模以上工业增加值增速") & (mid.target_year == 2025)].iloc[0]
    assert row.status == "off_track" and row.source == "001:72"      # 2023 8.6 and 2024 8 miss 12
    share = mid[(mid.indicator_zh == "工业增加值占GDP比重") & (mid.target_year == 2025)].iloc[0]
    assert share.gap == 0.6                                           # percentage points, no float dust
    now = pd.read_csv(io.StringIO(run("--county", "ganzhou", "--as-of", "2026-12-04").stdout))
    assert set(now.status) <= {"awaiting_data", "not_scorable"}
    bad = run("--as-of", "2025-13-40")
    assert bad.returncode == 2 and bad.stderr.strip() == "error: as_of '2025-13-40' is not a date (YYYY-MM-DD)"
