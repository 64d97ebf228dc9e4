"""The README's path for a researcher, end to end through the command line, in a copy of data/raw:
save a new document's text, add its manifest row, `extract` a sheet, keep it as written, add a GBK
CSV and an .xlsx of statistics, build; the new targets and figures arrive with their sources and
settle the old targets they answer.

The document text below is illustrative (written for this test, not an official report).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parent.parent
GWR = """甘州区2026年政府工作报告（测试用示例文本，非官方）
一、2025年工作回顾
过去一年，全区规模以上工业总产值完成172亿元，规模以上工业增加值增长9.1%。
二、2026年主要预期目标
2026年全区经济社会发展的主要预期目标是：规模以上工业增加值增长8%以上，城镇新增就业8000人以上。
到2030年，规模以上工业总产值突破260亿元。
"""
MANIFEST_ROW = ("005,documents/005_ganzhou_gwr_2026.txt,005.txt,甘州区2026年政府工作报告（示例）,"
                "Ganzhou government work report 2026 (illustrative),甘州区人民政府,,2026-01-10,,test text,\n")


def cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zyanalysis.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture()
def copy(tmp_path, monkeypatch):
    raw, out = tmp_path / "raw", tmp_path / "processed"
    shutil.copytree(ROOT / "data" / "raw", raw)
    env = {**__import__("os").environ, "ZYANALYSIS_RAW": str(raw), "ZYANALYSIS_PROCESSED": str(out)}
    return raw, out, env


@pytest.mark.slow  # end to end through five command-line runs
def test_new_report_sheet_and_office_files_reach_the_tables(copy):
    raw, out, env = copy
    (raw / "documents" / "005_ganzhou_gwr_2026.txt").write_text(GWR, encoding="utf-8")
    with open(raw / "manifest.csv", "a", encoding="utf-8") as f:
        f.write(MANIFEST_ROW)
    sheet = raw / "plans" / "005.csv"
    r = cli(env, "extract", str(raw / "documents" / "005_ganzhou_gwr_2026.txt"), "--doc-id", "005",
            "-o", str(sheet))
    assert r.returncode == 0, r.stderr
    assert sheet.read_text(encoding="utf-8-sig").startswith("#")          # a review comment first
    # statistics as office machines save them: GBK CSV with a full-width figure, and an .xlsx
    (raw / "actuals" / "2025.CSV").write_bytes(
        "jurisdiction,indicator_id,year,value,unit,kind,industry_id,note\n"
        "甘州区,工业增加值占GDP比重,2025,１２.３,%,actual,,\"区统计局\n2026年3月\"\n".encode("gbk"))
    wb = openpyxl.Workbook()
    wb.active.append(["jurisdiction", "indicator", "year", "value", "unit", "kind", "industry_id", "note"])
    wb.active.append(["ganzhou", "工业固定资产投资", 2025, 80.5, "亿元", "actual", None, "WPS"])
    wb.save(raw / "actuals" / "2025b.xlsx")
    r = cli(env, "build")
    assert r.returncode == 0, r.stderr

    import pandas as pd
    t = pd.read_parquet(out / "targets.parquet")
    new = t[t.doc_id == "005"].set_index("target_id")
    # 2030: 规模以上工业总产值突破260亿元 (line 6) → '>' 260
    row = new.loc["005.ganzhou.industrial_output_above_scale.2030"]
    assert (row.comparator, row.target_value, row.source) == (">", 260.0, "005:6")
    assert new.loc["005.ganzhou.new_urban_employment.2026", "target_value"] == 8000

    from zyanalysis.scoring.attainment import compute_attainment
    o = pd.read_parquet(out / "observations.parquet")
    ind = pd.read_parquet(out / "indicators.parquet")
    att = compute_attainment(t[t.jurisdiction_id == "ganzhou"], o, ind, as_of="2026-12-04").set_index("target_id")
    # the report's 2025 actual (005:3) settles 001's 2025 target: 172 ≥ 170
    gross = att.loc["001.ganzhou.industrial_output_above_scale.2025"]
    assert (gross.status, gross.latest_source, gross.gap) == ("achieved", "005:3", -2.0)
    # growth 9.1 % in 2025 against ≥ 12 (001:72): missed by 2.9 pp
    growth = att.loc["001.ganzhou.industrial_value_added_growth_above_scale.2025"]
    assert growth.status == "not_achieved" and growth.gap == pytest.approx(2.9)
    # GBK file, full-width 12.3 vs 12 → achieved, 0.3 pp beyond; xlsx 80.5 vs 84 → missed by 3.5
    share = att.loc["001.ganzhou.industrial_value_added_share_gdp.2025"]
    assert share.status == "achieved" and share.latest_source == "actuals/2025.CSV:2"
    inv = att.loc["001.ganzhou.industrial_fixed_asset_investment.2025"]
    assert inv.status == "not_achieved" and inv.gap == pytest.approx(3.5)
    assert inv.latest_source.startswith("actuals/2025b.xlsx:")
