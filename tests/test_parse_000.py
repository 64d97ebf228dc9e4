"""Document 000 (Zhangye ten eco-industries, 81 driving projects, assessment method).

Expected values are read by hand from data/raw/documents/000_zhangye_eco_industries_projects_assessment.txt;
each comment cites the line(s).
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import doc_path, parsed, valid_or_parse_error, assert_valid
from zyanalysis.data import schemas
from zyanalysis.data.parsers import Document, ParseError
from zyanalysis.data.parsers import zhangye_eco_industries as p000

LINES = doc_path("000").read_text(encoding="utf-8").splitlines()


def frame(table: str) -> pd.DataFrame:
    return schemas.coerce(table, parsed("000").tables()[table])


def parse_lines(lines: list[str]):
    """Parse an edited copy of the document (kept in memory: Document takes the lines)."""
    return p000.parse(Document("000", Path("000_edited.txt"), list(lines)))


def project(pid: str) -> dict:
    df = frame("projects")
    return df[df.project_id == pid].iloc[0].to_dict()


# ------------------------------------------------------------------ counts and sums

# 总投资 (亿元) of every project, in order, read from the 附件2 rows; stated count and subtotal
# from the group heading rows (lines 125/126, 368/369, 466/467, 726/727, 833/834, 885/886,
# 1103/1104, 1211/1212, 1345/1346, 1644/1645).
HAND = {
    1: ("循环农业产业", 12, 131.99,   # lines 140 … 350
        [11.18, 3.40, 45.00, 8.00, 22.00, 0.86, 20.00, 1.87, 5.00, 4.00, 4.08, 6.60]),
    2: ("中医中药产业", 5, 15.57, [4.80, 3.00, 6.00, 0.97, 0.80]),
    3: ("先进制造产业", 16, 103.93,
        [25.00, 1.00, 2.00, 1.00, 30.00, 2.00, 1.00, 2.00, 0.54, 1.50, 0.80, 30.00, 3.30, 1.10, 1.19, 1.50]),
    4: ("数据信息产业", 4, 113.67, [105.6, 5.40, 1.38, 1.29]),
    5: ("军民融合产业", 3, 408.00, [343.00, 55.00, 10.00]),
    6: ("清洁能源产业", 12, 63.76,
        [10.19, 6.40, 1.88, 3.60, 3.30, 3.10, 3.60, 2.00, 4.00, 1.00, 21.00, 3.69]),
    7: ("节能环保产业", 5, 18.19, [5.50, 5.00, 3.37, 2.63, 1.69]),
    8: ("清洁生产产业", 6, 177.88, [162.00, 8.00, 2.68, 0.5, 3.50, 1.20]),
    9: ("文化旅游产业", 12, 115.06, [17.6, 46.90, 7.80, 5.00, 4.38, 1.60, 4.4, 5.2, 12.43, 4.7, 2.75, 2.3]),
    10: ("通道物流产业", 6, 77.39, [28.00, 28.00, 4.70, 13.82, 1.60, 1.27]),
}


def test_row_counts():
    t = parsed("000").tables()
    assert len(t["projects"]) == 81          # 合计81项, line 117
    assert len(t["industries"]) == 10        # 附件1 一 … 十
    assert len(t["targets"]) == 1            # 第三条, line 1778
    assert len(t["observations"]) == 0
    fw = frame("frameworks")
    # indicators numbered 1-27 (县区, lines 1844-2010), 1-17 (牵头部门), 1-13 (责任部门)
    assert fw.groupby("system").size().to_dict() == {"county": 27, "lead": 17, "responsible": 13}


def test_group_counts_and_subtotals_match_hand_sums():
    df = frame("projects")
    for g, (name, count, subtotal, invs) in HAND.items():
        rows = df[df.group_seq == g].sort_values("seq")
        assert (rows.group_zh == name).all()
        assert len(invs) == count                       # the document's 共N项 holds
        assert round(sum(invs), 2) == subtotal          # … and its subtotal
        assert rows.investment_yi.round(2).tolist() == invs
        assert rows.seq.tolist() == list(range(1, count + 1))
    assert sum(c for _, c, _, _ in HAND.values()) == 81
    assert round(sum(s for _, _, s, _ in HAND.values()), 2) == 1225.44   # line 118
    assert round(df.investment_yi.sum(), 2) == 1225.44


def test_no_count_or_subtotal_findings_for_the_real_document():
    kinds = set(frame("findings").kind)
    assert not kinds & {"count_mismatch", "subtotal_mismatch", "total_mismatch"}


# ------------------------------------------------------------------ sample projects

def test_first_project():
    r = project("000-01-001")                            # lines 133-154
    assert r["line"] == 133 and r["source"] == "000:133"
    assert r["name_zh"] == "海升农业一二三产业融合发展项目"
    assert r["registry"] == "zhangye_eco_2019"
    assert r["industry_id"] == "zhangye_eco10.circular_agriculture"
    assert r["nature_zh"] == "续建"
    assert r["period_raw"] == "2018-\n\n2021"            # lines 136-138
    assert (r["start_year"], r["end_year"]) == (2018, 2021)
    assert r["content_zh"].startswith("项目一期新建智能玻璃温室1栋")
    assert r["investment_yi"] == 11.18 and r["investment_raw"] == "11.18"   # line 140
    assert r["leaders"] == "赵立香"
    assert r["lead_departments"] == "市农业农村局"                       # line 142
    assert r["responsible_departments"] == ("市发展改革委、市科技局、市财政局、市自然资源局、"
                                            "市畜牧兽医局、市水务局、市商务局、市林草局、市市场监管局")
    assert r["jurisdiction_id"] == "minle" and r["county_raw"] == "民乐县\n赵  富"   # lines 152-153
    assert r["responsible_person"] == "赵富"
    assert r["remark"] == "省列"


def test_merged_cells_and_multiline_period():
    r = project("000-01-002")                            # lines 156-169: both department cells empty
    assert r["period_raw"] == "2017-\n\n2020" and (r["start_year"], r["end_year"]) == (2017, 2020)
    assert r["lead_departments"] == "市农业农村局"       # merged cell of line 142
    assert r["responsible_departments"].split("、")[0] == "市发展改革委"
    assert len(r["responsible_departments"].split("、")) == 9
    assert r["jurisdiction_id"] == "ganzhou" and r["responsible_person"] == "高银林"
    r = project("000-01-003")                            # lines 171-190: two officials
    assert r["responsible_person"] == "陈克舜、赵富"
    r = project("000-02-005")                            # line 452: lead given, 责任部门 empty at page top
    assert r["lead_departments"] == "市发展改革委、市卫生健康委"
    assert r["responsible_departments"] == ("市科技局、市工信局、市财政局、市农业农村局、市商务局、"
                                            "市文广旅游局、市政府国资委、市市场监管局")   # lines 385-392
    r = project("000-08-006")                            # lines 1332-1343: 同上 cells
    assert r["lead_departments"] == "市工信局、市发展改革委、市生态环境局"     # lines 1226-1228
    assert r["responsible_departments"] == "市科技局、市财政局、市农业农村局、市应急局"  # 1229-1234
    assert r["investment_yi"] == 1.20 and r["leaders"] == "赵惠琴" and pd.isna(r["remark"])


def test_county_cells_that_are_not_one_county():
    r = project("000-06-001")                            # line 894 ff.: county cell is a lone U+3000
    assert pd.isna(r["jurisdiction_id"]) and pd.isna(r["county_raw"]) and pd.isna(r["responsible_person"])
    assert "张掖供电公司" in r["responsible_departments"]
    r = project("000-04-002")                            # line 787: 市信息办 / 高庆生
    assert pd.isna(r["jurisdiction_id"]) and r["county_raw"] == "市信息办\n高庆生"
    r = project("000-04-004")                            # line 813: 临泽54r5县
    assert r["jurisdiction_id"] == "linze" and r["county_raw"].startswith("临泽54r5县")
    r = project("000-06-012")                            # period written '2020'
    assert (r["start_year"], r["end_year"]) == (2020, 2020)


def test_last_project():
    r = project("000-10-006")                            # lines 1757-1770
    assert r["name_zh"] == "临泽县城关农贸市场"
    assert r["period_raw"] == "2019-\n\n2020" and (r["start_year"], r["end_year"]) == (2019, 2020)
    assert r["investment_yi"] == 1.27 and r["leaders"] == "于永梅"
    assert r["lead_departments"] == "市商务局"
    assert r["responsible_departments"] == "市发展改革委、市工信局、市财政局、市交通运输局、市政府外事办、市政府国资委"
    assert r["jurisdiction_id"] == "linze" and r["responsible_person"] == "李永基"
    assert r["group_en"] == "Corridor logistics"


# ------------------------------------------------------------------ industries and responsibilities

def test_industries():
    df = frame("industries")
    assert df.seq.tolist() == list(range(1, 11))
    assert df.name_zh.tolist()[:3] == ["循环农业产业", "中医中药产业", "先进制造产业"]   # lines 5, 16, 23
    assert df.name_zh.iloc[9] == "通道物流产业"
    assert df.industry_id.iloc[0] == "zhangye_eco10.circular_agriculture"
    assert (df.taxonomy == "zhangye_eco10").all() and df.line.iloc[0] == 5


def test_industry_responsibilities():
    r = frame("responsibilities")
    r = r[r.subject_type == "industry"]
    ca = r[r.subject_id == "zhangye_eco10.circular_agriculture"]
    people = ca[ca.role == "包抓领导"]
    assert list(zip(people.party_zh, people.title_zh, people.line)) == [
        ("赵立香", "市委副书记", 7), ("王海峰", "市委常委、副市长", 8)]
    assert (people.role_en == "leader").all() and (people.party_type == "person").all()
    assert ca[ca.role == "牵头部门"].party_zh.tolist() == ["市农业农村局"]           # line 10
    resp = ca[ca.role == "责任部门"]
    assert len(resp) == 9 and resp.party_zh.iloc[-1] == "市市场监管局"               # line 12, '等' dropped
    assert (resp.role_en == "responsible_department").all()
    cm = r[r.subject_id == "zhangye_eco10.chinese_medicine"]
    people = cm[cm.role == "包抓领导"]
    assert list(zip(people.party_zh, people.party_raw, people.title_zh)) == [
        ("李润强", "李润强", "市委常委、宣传部部长"), ("马斌", "马  斌", "副市长人选")]      # lines 16-17
    assert cm[cm.role == "牵头部门"].party_zh.tolist() == ["市发展改革委", "市卫生健康委"]  # line 19
    assert len(cm[cm.role == "责任部门"]) == 8                                           # line 21


def test_project_responsibilities():
    r = frame("responsibilities")
    pr = r[r.subject_id == "000-01-003"]                 # lines 171-190
    off = pr[pr.role == "县区责任人"]
    assert off.party_zh.tolist() == ["陈克舜", "赵富"] and (off.jurisdiction_id == "minle").all()
    assert (off.role_en == "county_official").all()
    assert pr[pr.role == "包抓领导"].party_zh.tolist() == ["赵立香"]
    lead = pr[pr.role == "牵头部门"]
    assert lead.party_zh.tolist() == ["市农业农村局"] and lead.line.tolist() == [142]   # merged cell source
    assert len(pr[pr.role == "责任部门"]) == 9
    # 81 projects: every one has at least one leader
    assert r[(r.subject_type == "project") & (r.role == "包抓领导")].subject_id.nunique() == 81


# ------------------------------------------------------------------ frameworks

def test_framework_weights():
    fw = frame("frameworks")
    for system in ("county", "lead", "responsible"):
        assert fw[fw.system == system].weight.sum() == 100
    c = fw[fw.framework_id == "000.county"]
    # groups and points, lines 1843-2003: 6 + 35 + 35 + 6 + 14 + 4
    pts = c.groupby("group_seq").group_points.first().tolist()
    assert pts == [6, 35, 35, 6, 14, 4]
    assert c.groupby("group_seq").weight.sum().tolist() == pts
    # the page break inside group 三 (line 1936) does not start a new group
    assert c[c.indicator_seq.isin([15, 16])].group_seq.tolist() == [3, 3]
    i9 = c[c.indicator_id == "000.county.9"].iloc[0]
    assert (i9.indicator_zh, i9.kind, i9.kind_zh, i9.weight) == ("增加值及增速", "statistical", "统计性", 10)
    assert c[c.indicator_seq == 7].weight.iloc[0] == 25                    # line 1883
    lead = fw[fw.framework_id == "000.lead"]
    assert lead.groupby("group_seq").group_points.first().tolist() == [6, 40, 40, 10, 4]
    assert lead[lead.indicator_seq == 9].indicator_zh.iloc[0] == "增加值及增速"   # '增加值及\n\n增速'
    resp = fw[fw.framework_id == "000.responsible"]
    assert resp.groupby("group_seq").group_points.first().tolist() == [10, 70, 10, 10]
    assert resp[resp.indicator_seq == 3].weight.iloc[0] == 50
    assert set(fw.kind) == {"descriptive", "statistical"}
    assert fw.title_zh.iloc[-1] == "生态产业发展工作绩效考核指标体系（市级责任部门）"


def test_weight_mismatch_is_a_finding():
    lines = list(LINES)
    assert lines[1882] == "\t25"                        # county indicator 7 weight, line 1883
    lines[1882] = "\t24"
    res = parse_lines(lines)
    kinds = [f["kind"] for f in res.findings]
    assert "subtotal_mismatch" in kinds and "total_mismatch" in kinds


# ------------------------------------------------------------------ targets, rules

def test_target():
    t = frame("targets").iloc[0]
    assert t.target_id == "000.zhangye.eco_industry_va_share_gdp.2025"
    assert (t.jurisdiction_id, t.unit, t.comparator, t.target_value, t.target_year) == ("zhangye", "%", ">", 50, 2025)
    assert t.line == 1778 and t.higher_is_better


def test_scoring_rules_quote_their_lines():
    for key, rule in p000.SCORING_RULES.items():
        assert rule["text_zh"] in LINES[rule["line"] - 1], key
    r = p000.SCORING_RULES
    assert r["grade_share"]["value"] == {"全面完成": 1.0, "基本完成": 0.8, "部分完成": 0.6}
    assert r["rank_share"]["value"]["second"] == 0.98 and r["rank_share"]["value"]["step_per_place"] == 0.02
    assert r["bonus_per_commendation"]["value"] == (1, 3) and r["bonus_special_merit_max"]["value"] == 2
    assert r["praised_top_n"]["value"] == 2 and r["interview_bottom_n"]["value"] == 2


def test_changed_rule_is_a_parse_error():
    lines = list(LINES)
    lines[1807] = lines[1807].replace("基本完成（80%）", "基本完成（85%）")
    with pytest.raises(ParseError):
        parse_lines(lines)


# ------------------------------------------------------------------ findings

def test_expected_findings():
    f = frame("findings")
    by = {(k, int(l)) for k, l in zip(f.kind, f.line)}
    assert ("ocr_error", 813) in by                     # 临泽54r5县
    assert ("ocr_error", 1272) in by                    # 七一水川 vs 冰川 (name on line 1268)
    assert ("other", 1574) in by                        # header says 市直责任部门 for 县区责任人
    assert ("other", 1688) in by                        # 张勇 also a Shandan official
    assert ("other", 901) in by                         # 市电力公司 (line 58) vs 张掖供电公司
    s = f[f.kind == "siblings_exceed_total"].iloc[0]    # line 1223: 22.4 + 52 + 88 vs 162
    assert (s.line, s.stated, round(s.computed, 2)) == (1223, 162, 162.4)
    assert "person_two_titles" not in set(f.kind)
    assert f.finding_id.is_unique


def test_damage_gives_findings_not_silence():
    lines = list(LINES)
    lines[125] = "\t130.99 "                           # group 一 subtotal, line 126 (really 131.99)
    lines[24] = "包抓领导：张  勇  副市长"               # 张勇 titled 市委常委、副市长 on line 72
    res = parse_lines(lines)
    f = {x["kind"]: x for x in res.findings}
    assert f["subtotal_mismatch"]["stated"] == 130.99 and f["subtotal_mismatch"]["computed"] == 131.99
    assert f["total_mismatch"]["stated"] == 1225.44      # subtotals now add up to 1224.44
    assert "person_two_titles" in f


def test_dropped_project_row_gives_count_findings():
    # drop project 7 of group 一 (lines 247-259 and the blank line 260 before project 8's page)
    start = LINES.index("\t临泽县戈壁农业建设项目") - 1
    end = LINES.index("\t序号", start)
    lines = LINES[:start] + LINES[end - 2:]
    res = parse_lines(lines)
    kinds = [x["kind"] for x in res.findings]
    assert kinds.count("count_mismatch") >= 1 and "subtotal_mismatch" in kinds


def test_county_cell_without_official_is_a_finding():
    lines = list(LINES)
    assert lines[152] == "赵  富"                        # line 153, official of project 一-1
    del lines[152]
    res = parse_lines(lines)
    msgs = [f["message"] for f in res.findings if f["kind"] == "other"]
    assert any("000-01-001" in m and "县区责任人" in m for m in msgs)


# ------------------------------------------------------------------ contract and robustness

def test_every_table_validates():
    assert_valid(parsed("000"))






_DIGITS = re.compile(r"\d+")


@pytest.mark.slow  # many parses of damaged copies: in .ci/run, not in the quick loop
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_documents_parse_or_raise_parse_error(data):
    lines = list(LINES)
    how = data.draw(st.sampled_from(["drop", "letters", "truncate"]))
    if how == "drop":
        k = data.draw(st.integers(1, 5))
        for _ in range(k):
            del lines[data.draw(st.integers(0, len(lines) - 1))]
    elif how == "letters":
        for _ in range(data.draw(st.integers(1, 5))):
            i = data.draw(st.integers(0, len(lines) - 1))
            lines[i] = _DIGITS.sub(lambda m: "x" * len(m.group()), lines[i], count=1)
    else:
        lines = lines[:data.draw(st.integers(0, len(lines)))]
    valid_or_parse_error("000", lines)


@pytest.mark.parametrize("n", [0, 50, 99, 120, 400, 1000, 1773, 1840, 2000, 2200])
def test_truncation_points(n):
    valid_or_parse_error("000", LINES[:n])
