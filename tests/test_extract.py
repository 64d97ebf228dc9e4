"""The document-agnostic extractor: hand-worked paragraphs in each phrasing, the labelled seeds, the CLI.

Expected rows are worked out by hand from the text of each case (never from the extractor's output).
"""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zyanalysis.data.extract import COLUMNS, ExtractError, extract_file, extract_text, sheet_text

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "data" / "raw" / "documents"

# A government-work-report style text (written for these tests; 2026 report).
GWR = """张掖市2026年政府工作报告
一、2025年工作回顾
过去一年，全市地区生产总值完成650亿元、增长6.2%，规模以上工业增加值增长8.5%，城镇新增就业1.9万人。
二、2026年工作安排
2026年主要预期目标是：地区生产总值增长6%左右，规模以上工业增加值增长8%以上，城镇新增就业1.2万人以上，城镇调查失业率控制在5.5%以内，单位GDP能耗下降3%，居民人均可支配收入增长5%—5.5%。
预计全年固定资产投资增长5%。
到2030年，全市地区生产总值突破1000亿元，森林覆盖率提高到25%，单位地区生产总值能耗较2025年下降13.5%，力争新增规模以上工业企业120户。
"""


def _rows(text: str, year: int | None = 2026, jurisdiction: str = "张掖市"):
    return extract_text(text, doc_id="T", jurisdiction=jurisdiction, doc_year=year)


def _t(r) -> tuple:
    """What a case compares: line, value, value_high, unit, year, kind, comparator."""
    return (r.line, r.value, r.value_high, r.unit, r.year, r.kind, r.comparator)


def test_gwr_actuals_targets_and_estimate_worked_by_hand():
    got = [_t(r) for r in _rows(GWR)]
    assert got == [
        # 过去一年 in a 2026 report = 2025; 增长 X% after 完成 650亿元 is the same year's growth
        (3, "650", "", "亿元", 2025, "actual", "="),
        (3, "6.2", "", "%", 2025, "actual", "="),
        (3, "8.5", "", "%", 2025, "actual", "="),
        (3, "1.9", "", "万人", 2025, "actual", "="),
        # 主要预期目标: 左右 → ~, 以上 → >=, 控制在…以内 → <=, range 5%—5.5%
        (5, "6", "", "%", 2026, "target", "~"),
        (5, "8", "", "%", 2026, "target", ">="),
        (5, "1.2", "", "万人", 2026, "target", ">="),
        (5, "5.5", "", "%", 2026, "target", "<="),
        (5, "3", "", "%", 2026, "target", "="),
        (5, "5", "5.5", "%", 2026, "target", "range"),
        (6, "5", "", "%", 2026, "estimate", "="),
        (7, "1000", "", "亿元", 2030, "target", ">"),
        (7, "25", "", "%", 2030, "target", "="),
        (7, "13.5", "", "%", 2030, "target", "="),
        (7, "120", "", "户", 2030, "target", "="),
    ]


def test_gwr_indicators_resolve_through_the_catalogue_or_are_proposed_new():
    rows = _rows(GWR)
    by = {(r.line, r.value): r for r in rows}
    # 规模以上工业增加值 + 增长 → the catalogued growth-rate indicator
    assert by[(3, "8.5")].indicator == "industrial_value_added_growth_above_scale"
    assert by[(3, "8.5")].new_indicator == "no"
    assert by[(7, "25")].indicator == "forest_coverage"
    assert by[(7, "120")].indicator == "enterprises_above_scale_added"
    # 地区生产总值 is not catalogued: a level and its growth rate, each with one proposed id
    gdp, gdp_growth = by[(3, "650")], by[(3, "6.2")]
    assert (gdp.new_indicator, gdp.indicator_zh, gdp.indicator_kind, gdp.direction) == \
        ("yes", "地区生产总值", "level", "higher")
    assert (gdp_growth.indicator_zh, gdp_growth.indicator_kind) == ("地区生产总值增速", "growth_rate")
    assert by[(7, "1000")].indicator == gdp.indicator and gdp.indicator != gdp_growth.indicator
    assert re.fullmatch(r"new_[0-9a-f]{8}", gdp.indicator)
    assert (by[(5, "5.5")].indicator_kind, by[(5, "5.5")].direction) == ("cap", "lower")
    assert (by[(5, "3")].indicator_zh, by[(5, "3")].indicator_kind) == ("单位GDP能耗下降", "reduction")
    assert by[(7, "13.5")].base_year == "2025"
    assert [r.aspirational for r in rows if r.line == 7] == [0, 0, 0, 1]   # 力争 only on 120户
    # 城镇新增就业 is catalogued in 人 and the build wants that unit: the figure stays 1.9 万人 under
    # a new indicator named with its unit, and the note points at the catalogue one
    emp = by[(3, "1.9")]
    assert (emp.value, emp.unit, emp.new_indicator, emp.indicator_zh, emp.indicator_kind) == \
        ("1.9", "万人", "yes", "城镇新增就业（万人）", "flow")
    assert "new_urban_employment" in emp.note and by[(5, "1.2")].indicator == emp.indicator


def test_quotes_are_the_clause_of_the_figure_verbatim():
    rows = _rows(GWR)
    lines = GWR.splitlines()
    assert {r.quote for r in rows if r.line == 3} == {"全市地区生产总值完成650亿元、增长6.2%",
                                                      "规模以上工业增加值增长8.5%", "城镇新增就业1.9万人"}
    for r in rows:
        assert r.quote in lines[r.line - 1]


@pytest.mark.parametrize("text, expected", [
    # 到2030年…达到 (year in the sentence; a future year of a 2026 plan is a target)
    ("到2030年，全市粮食产量达到160万吨。", [("160", "", "万吨", 2030, "target", "=")]),
    # 提高到 / 突破 / 以上 / 不低于
    ("到2030年，城镇化率提高到62%以上，旅游总收入突破500亿元，研发投入强度不低于1.5%。",
     [("62", "", "%", 2030, "target", ">="), ("500", "", "亿元", 2030, "target", ">"),
      ("1.5", "", "%", 2030, "target", ">=")]),
    # range written with a hyphen, and 左右
    ("2026年，一般公共预算收入增长5-5.5%，粮食产量稳定在150万吨左右。",
     [("5", "5.5", "%", 2026, "target", "range"), ("150", "", "万吨", 2026, "target", "~")]),
    # 较2025年下降 (base year), 控制在…以内
    ("到2030年，单位地区生产总值二氧化碳排放较2025年下降18%，能源消费总量控制在900万吨标准煤以内。",
     [("18", "", "%", 2030, "target", "="), ("900", "", "万吨标准煤", 2030, "target", "<=")]),
    # 去年 in a 2026 report; 实现 … 亿元、增长 …% are the same year's actuals
    ("去年，全市实现社会消费品零售总额210.5亿元、增长4.1%。",
     [("210.5", "", "亿元", 2025, "actual", "="), ("4.1", "", "%", 2025, "actual", "=")]),
    # 预计 makes the clause and the list after it estimates
    ("预计2026年全市完成固定资产投资280亿元，增长7%。",
     [("280", "", "亿元", 2026, "estimate", "="), ("7", "", "%", 2026, "estimate", "=")]),
    # counts: 户, 家, 个
    ("2027年，新增专精特新中小企业15家、省级龙头企业3户，建成数字化车间10个。",
     [("15", "", "家", 2027, "target", "="), ("3", "", "户", 2027, "target", "="),
      ("10", "", "个", 2027, "target", "=")]),
    # 分别: nouns and figures paired in order, the qualifier of the last applies to the list
    ("到2028年，履约率、开工率分别达到90%、80%以上。",
     [("90", "", "%", 2028, "target", ">="), ("80", "", "%", 2028, "target", ">=")]),
    # VERB NUM UNIT NOUN lists
    ("2027年，建设30个精品景区、50个特色景区。",
     [("30", "", "个", 2027, "target", "="), ("50", "", "个", 2027, "target", "=")]),
])
def test_each_phrasing(text, expected):
    assert [_t(r)[1:] for r in _rows(text)] == expected


def test_year_from_heading_then_document_year():
    text = "2027年重点任务\n全市新增城镇就业1.3万人。\n\n主要工作\n全年粮食产量达到155万吨。"
    rows = _rows(text, year=2026)
    # the second figure's nearest year-stating heading is still 2027 (主要工作 states none)
    assert [(r.line, r.year, r.kind) for r in rows] == [(2, 2027, "target"), (5, 2027, "target")]
    assert [(r.year, r.kind) for r in _rows("全年粮食产量达到155万吨。", year=2026)] == [(2026, "target")]
    # an earlier year of a 2026 report is an actual; no year at all → no row
    assert [(r.year, r.kind) for r in _rows("2024年，粮食产量达到150万吨。")] == [(2024, "actual")]
    assert _rows("粮食产量达到150万吨。", year=None) == []


def test_statistical_communique_figures_are_actuals():
    text = ("张掖市2025年国民经济和社会发展统计公报\n"
            "全年全市地区生产总值668.3亿元，比上年增长6.1%。全年粮食产量158.2万吨。")
    rows = _rows(text, year=2026)
    assert [(r.value, r.year, r.kind) for r in rows] == \
        [("668.3", 2025, "actual"), ("6.1", 2025, "actual"), ("158.2", 2025, "actual")]


def test_full_width_digits_units_and_thousands_separators_keep_the_figure():
    text = "２０２６年，全市规模以上工业总产值达到１，２３４．５亿元，增长８％以上。"
    rows = _rows(text)
    assert [(r.value, r.unit, r.year, r.comparator) for r in rows] == \
        [("1234.5", "亿元", 2026, "="), ("8", "%", 2026, ">=")]
    assert rows[0].indicator == "industrial_output_above_scale"
    assert rows[0].quote == "全市规模以上工业总产值达到１，２３４．５亿元"  # verbatim, full-width kept
    assert _rows("2026年，地区生产总值达到1,234.5亿元。")[0].value == "1234.5"


def test_figures_inside_nouns_rules_and_tables_are_not_values():
    text = ("2026年，建设河西硅业20万吨硅系新材料项目。\n"
            "对年度主营业务收入首次达到10亿元的企业奖励100万元。\n"
            "规模以上工业总产值（亿元）\n"
            "170\n")
    assert _rows(text) == []


def test_jurisdiction_named_in_a_clause_goes_to_its_row():
    rows = _rows("2026年，全市城镇新增就业1.9万人，其中，甘州区7800人，临泽县2300人。")
    # the counties' figures are in 人, the catalogue's unit; the city's 1.9万人 is not (see above)
    assert [(r.jurisdiction, r.value, r.indicator) for r in rows] == [
        ("zhangye", "1.9", rows[0].indicator), ("ganzhou", "7800", "new_urban_employment"),
        ("linze", "2300", "new_urban_employment")]
    assert rows[0].indicator_zh == "城镇新增就业（万人）"


def test_unknown_jurisdiction_is_the_package_error():
    with pytest.raises(ExtractError, match="jurisdiction"):
        extract_text(GWR, doc_id="T", jurisdiction="火星市")


# ---------------------------------------------------------------------------------------------
def _plain(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s)).replace(",", "")


_PIECES = ["2025年", "２０３０年", "到2030年", "过去一年", "预计", "力争", "，", "。", "、", "；", "：", "\n",
           "地区生产总值", "增长", "下降", "达到", "突破", "控制在", "以内", "以上", "左右", "分别", "较2020年",
           "6", "5.5", "１２", "1,234.5", "%", "％", "亿元", "万人", "户", "家", "个", "—", "-", "甘州区",
           "其中", "新增", "建设", "的企业", "奖励", " ", "\u3000", "（", "）", "比上年", "统计公报"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=4)), max_size=40),
       st.one_of(st.none(), st.integers(1990, 2100)))
def test_random_and_damaged_text_never_invents_a_figure(pieces, year):
    text = "".join(pieces)
    try:
        rows = extract_text(text, doc_id="T", jurisdiction="zhangye", doc_year=year)
    except ExtractError:
        return
    lines = text.splitlines()
    for r in rows:
        assert r.quote and r.quote in lines[r.line - 1]
        assert _plain(r.value) in _plain(r.quote)
        if r.value_high:
            assert _plain(r.value_high) in _plain(r.quote)
        assert r.comparator in ("=", ">=", ">", "<=", "<", "~", "range")
        assert r.kind in ("target", "actual", "estimate")


# ---------------------------------------------------------------------------------------------
def _labels() -> list[dict]:
    with open(ROOT / "tests" / "fixtures" / "extract_labels.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(ln for ln in f if not ln.startswith("#")))


def test_labels_cover_enough_figures_and_documents():
    lab = [r for r in _labels() if r["kind"] != "none"]
    assert len(lab) >= 60 and len({r["doc_id"] for r in lab}) >= 3
    assert {r["kind"] for r in lab} == {"target", "actual", "estimate"}


def test_labelled_seed_figures_are_found():
    # regression floor on the hand labels (bench/bench_extract.py prints the full figures)
    sys.path.insert(0, str(ROOT))
    from bench.bench_extract import score
    labels = _labels()
    docs = {r["doc_id"] for r in labels}
    extracted = {d: extract_file(next(DOCS.glob(f"{d}_*.txt")), doc_id=d) for d in docs}
    s = score(labels, extracted)
    tp, fp, fn = (sum(s[k].values()) for k in ("tp", "fp", "fn"))
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.9


def test_seed_document_uses_manifest_year_and_issuer():
    rows = extract_file(DOCS / "002_gansu_green_eco_industry_plan_2018.txt")
    r = next(r for r in rows if r.line == 44 and r.value == "1000")
    assert (r.doc_id, r.jurisdiction, r.year, r.kind, r.indicator) == \
        ("002", "gansu", 2020, "target", "energy_saving_env_output")
    r = next(r for r in rows if r.line == 18 and r.value == "29.18")   # 2016 in a 2018 plan
    assert (r.year, r.kind, r.base_year) == (2016, "actual", "2010")


# ---------------------------------------------------------------------------------------------
def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zyanalysis.cli", "extract", *args],
                          capture_output=True, text=True, cwd=cwd)


def test_cli_writes_the_sheet_and_it_reads_back(tmp_path):
    doc = tmp_path / "gwr2026.txt"
    doc.write_text(GWR, encoding="utf-8")
    out = tmp_path / "plans" / "gwr.csv"
    p = _cli(str(doc), "--doc-id", "005", "--year", "2026", "-o", str(out))
    assert p.returncode == 0, p.stderr
    raw = out.read_bytes()
    assert raw.startswith("\ufeff#".encode("utf-8"))           # BOM, then the review comment
    text = raw.decode("utf-8-sig")
    first, header = text.splitlines()[:2]
    assert "zyanalysis extract" in first and "review" in first
    assert tuple(header.split(",")) == COLUMNS
    rows = list(csv.DictReader(ln for ln in io.StringIO(text) if not ln.startswith("#")))
    assert len(rows) == 15 and {r["doc_id"] for r in rows} == {"005"}
    assert {r["jurisdiction"] for r in rows} == {"zhangye"}      # from the title 张掖市…
    lines = GWR.splitlines()
    for r in rows:
        assert r["quote"] in lines[int(r["line"]) - 1]
        assert _plain(r["value"]) in _plain(r["quote"])
    # it never overwrites a reviewed sheet without --force
    again = _cli(str(doc), "--year", "2026", "-o", str(out))
    assert again.returncode == 2 and "exists" in again.stderr


def test_cli_asks_for_a_jurisdiction_it_cannot_find(tmp_path):
    doc = tmp_path / "report.txt"
    doc.write_text("工作报告\n2026年，粮食产量达到150万吨。\n", encoding="utf-8")
    p = _cli(str(doc), "--year", "2026")
    assert p.returncode == 2 and "--jurisdiction" in p.stderr
    p = _cli(str(doc), "--year", "2026", "--jurisdiction", "临泽县")
    assert p.returncode == 0
    rows = list(csv.DictReader(ln for ln in io.StringIO(p.stdout) if not ln.startswith("#")))
    assert [(r["jurisdiction"], r["value"], r["year"]) for r in rows] == [("linze", "150", "2026")]


def test_sheet_text_round_trips_seed_quotes():
    path = DOCS / "004_zhangye_gazette_2024_issue2.txt"
    rows = extract_file(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    back = list(csv.DictReader(ln for ln in io.StringIO(sheet_text(rows, path.name)) if not ln.startswith("#")))
    assert len(back) == sum(not r.commented for r in rows) > 50
    for r in back:
        assert r["quote"] in lines[int(r["line"]) - 1]


def test_five_year_plan_heading_gives_its_end_year_and_annual_average_is_noted():
    text = ("张掖市国民经济和社会发展第十五个五年规划纲要\n"
            "“十五五”时期经济社会发展的主要目标是：\n"
            "——地区生产总值年均增长6%左右，常住人口城镇化率达到62%，人均预期寿命达到79岁。")
    rows = _rows(text, year=2026)
    assert [(r.value, r.unit, r.year, r.kind, r.comparator) for r in rows] == [
        ("6", "%", 2030, "target", "~"), ("62", "%", 2030, "target", "="), ("79", "岁", 2030, "target", "=")]
    assert rows[0].indicator_zh == "地区生产总值增速" and "年均" in rows[0].note
    # 十四五 in a 2026 report is the period that ended in 2025
    r = _rows("“十四五”期间，全市累计完成固定资产投资1500亿元。")[0]
    assert (r.value, r.year, r.kind) == ("1500", 2025, "actual")


def test_unpaired_fenbie_keeps_the_phrase_and_says_so():
    rows = _rows("2026年，城乡居民人均可支配收入分别增长5.5%和7%。")
    assert [(r.value, r.indicator_zh) for r in rows] == [("5.5", "城乡居民人均可支配收入增速"),
                                                         ("7", "城乡居民人均可支配收入增速")]
    assert all("分别" in r.note for r in rows)




def test_row_fields_are_the_sheet_columns_in_order():
    from dataclasses import fields
    from zyanalysis.data.extract import Row
    assert tuple(f.name for f in fields(Row))[:len(COLUMNS)] == COLUMNS


def test_sheet_rows_follow_the_build_rules():
    # a new name written in a second unit is a second indicator (one unit per indicator)
    rows = _rows("2026年，全市接待游客达到3000万人次。\n2027年，全市接待游客达到3500万人。")
    assert [(r.indicator_zh, r.unit, r.new_indicator) for r in rows] == [
        ("接待游客", "万人次", "yes"), ("接待游客（万人）", "万人", "yes")]
    assert rows[0].indicator != rows[1].indicator
    # an actual is a figure: its 以上 goes to the note; a reduction target gets a base year
    rows = _rows("2025年，粮食产量达到150万吨以上。\n2026年，单位GDP能耗下降3%。")
    assert [(r.kind, r.comparator, r.base_year) for r in rows] == [("actual", "=", ""), ("target", "=", "2025")]
    assert ">=" in rows[0].note and "base year" in rows[1].note
    # one target per indicator and year: the repeat is written as a comment line
    rows = _rows("2026年，粮食产量达到150万吨。\n2026年，粮食产量稳定在150万吨以上。")
    assert [r.commented for r in rows] == [0, 1] and "line 1" in rows[1].note
    text = sheet_text(rows, "x.txt")
    assert sum(1 for ln in text.splitlines() if not ln.startswith("#")) == 2   # header + one row


def test_changes_against_last_year_are_not_levels():
    text = ("张掖市2025年国民经济和社会发展统计公报\n"
            "全年粮食播种面积325.4万亩，比上年增加4.3万亩；常住人口城镇化率达到54.3%，比上年末提高1.1个百分点。"
            "全年居民消费价格比上年上涨0.3%。")
    rows = _rows(text, year=2026)
    assert [(r.value, r.unit, r.year, r.kind) for r in rows] == [
        ("325.4", "万亩", 2025, "actual"), ("54.3", "%", 2025, "actual"), ("0.3", "%", 2025, "actual")]
    assert rows[0].indicator == "grain_sown_area"
    assert (rows[2].indicator_zh, rows[2].indicator_kind) == ("居民消费价格增速", "growth_rate")


@pytest.mark.parametrize("text", [
    "2025年，全年接待游客4500万人次、实现旅游收入300亿元，分别增长10%、12%。",
    "2025年，接待游客4500万人次、旅游收入300亿元分别增长10%、12%。",
])
def test_fenbie_after_the_values_pairs_growth_with_their_nouns(text):
    rows = _rows(text)
    assert [(r.value, r.unit, r.indicator_zh, r.kind) for r in rows] == [
        ("4500", "万人次", "接待游客", "actual"), ("300", "亿元", "旅游收入", "actual"),
        ("10", "%", "接待游客增速", "actual"), ("12", "%", "旅游收入增速", "actual")]


def test_labels_and_table_rows_are_not_prose():
    text = ("责任单位：西宁市政府(35项)\n"
            "1\t年产2万吨项目\t2026年\t完成投资400万元\t\n"
            "责任单位：西宁经济技术开发区管委会，2026年新增企业12家。")
    rows = _rows(text)
    assert [(r.line, r.value, r.indicator_zh) for r in rows] == [(3, "12", "新增企业")]


def test_cli_errors_are_one_line_and_exit_2(tmp_path):
    p = _cli(str(tmp_path / "missing.txt"), "--jurisdiction", "zhangye")
    assert p.returncode == 2 and p.stderr.startswith("error:") and "Traceback" not in p.stderr
    doc = tmp_path / "r.txt"
    doc.write_text("2026年，粮食产量达到150万吨。\n", encoding="utf-8")
    p = _cli(str(doc), "--jurisdiction", "zhangye", "-o", str(tmp_path))
    assert p.returncode == 2 and "folder" in p.stderr
