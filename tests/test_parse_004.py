"""Tests of the parser for document 004 (Zhangye gazette 2024 issue 2).

Every expected value below was read by hand from data/raw/documents/004_zhangye_gazette_2024_issue2.txt;
the comment next to it gives the line.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import doc_path, parsed
from zyanalysis.data import schemas
from zyanalysis.data.parsers import Document, ParseError
from zyanalysis.data.parsers import zhangye_gazette as z
from zyanalysis.reference.rules import WAGE_GRADING

TABLES = ("observations", "targets", "responsibilities", "frameworks", "findings")


def res():
    return parsed("004")


def raw_lines() -> list[str]:
    return doc_path("004").read_text(encoding="utf-8").splitlines()


def targets() -> dict[str, dict]:
    return {t["target_id"]: t for t in res().targets}


def obs() -> dict[str, dict]:
    return {o["indicator_id"]: o for o in res().observations}


def parse_edited(edits: dict[int, tuple[str, str]]):
    """Parse the document with line n's text `a` replaced by `b` (the edit must apply)."""
    lines = raw_lines()
    for n, (a, b) in edits.items():
        assert a in lines[n - 1], (n, a)
        lines[n - 1] = lines[n - 1].replace(a, b, 1)
    return z.parse(Document("004", doc_path("004"), lines))


def new_findings(result, kind: str) -> list[dict]:
    return [f for f in result.findings if f["kind"] == kind]


# ------------------------------------------------------------------ brand plan: 2023 baselines

@pytest.mark.parametrize("indicator, line, unit, value", [
    ("grain_sown_area", 243, "万亩", 321.06),            # 粮食播种面积321.06万亩
    ("grain_output", 243, "万吨", 153.12),               # 产量153.12万吨
    ("seed_production_area", 243, "万亩", 157.5),        # 农作物制种面积157.5万亩
    ("maize_seed_production_area", 243, "万亩", 123.28),  # 其中制种玉米123.28万亩
    ("vegetable_area", 243, "万亩", 99.21),              # 落实蔬菜面积99.21万亩
    ("vegetable_1k_mu_villages", 243, "个", 150),         # 千亩村150个
    ("vegetable_enterprises_over_1k_mu", 245, "家", 52),  # '种植规模' / '千亩以上生产企业达到52家' wraps 243→245
    ("facility_agriculture_central_funds", 245, "万元", 2650),
    ("potato_area", 245, "万亩", 35.04),                 # 马铃薯和中药材种植面积分别为35.04万亩、29.06万亩
    ("chinese_herb_area", 245, "万亩", 29.06),
    ("cattle_reared", 245, "万头", 108.06),
    ("cattle_slaughtered", 245, "万头", 34.16),
    ("sheep_reared", 245, "万只", 810.73),
    ("sheep_slaughtered", 245, "万只", 404.75),
    ("three_products_one_label_sales", 247, "亿元", 74.5),  # 约74.5亿元
    ("gwei_catalog_enterprise_sales", 247, "亿元", 36.04),
    ("gwei_regional_public_brands", 251, "个", 7),        # 截至2023年 … “甘味”区域公用品牌7个
    ("enterprise_trademark_brands", 251, "个", 67),       # 企业商标品牌67个
])
def test_brand_baselines(indicator, line, unit, value):
    o = obs()[indicator]
    assert (o["value"], o["line"], o["unit"], o["year"], o["kind"]) == (value, line, unit, 2023, "actual")
    assert o["jurisdiction_id"] == "zhangye" and o["source"] == f"004:{line}"


# ------------------------------------------------------------------ brand plan: 2027 / 2030 targets

@pytest.mark.parametrize("tid, line, value, comparator, aspirational, base", [
    ("004.zhangye.platform_image_brands.2027", 303, 1, "=", False, None),      # 1个“金张掖农优品”平台形象品牌
    ("004.zhangye.city_regional_public_brands.2027", 303, 4, "=", False, None),  # 4个市级…区域公用品牌
    ("004.zhangye.new_green_organic_gi_certifications.2027", 303, 100, ">=", False, None),  # 100个以上
    ("004.zhangye.gwei_regional_public_brands.2027", 303, 10, ">=", False, 7),  # 累计…10个; 2023: 7 (l.251)
    ("004.zhangye.enterprise_trademark_brands.2027", 303, 100, ">=", False, 67),  # 100个以上; 2023: 67
    ("004.zhangye.brand_training_coverage.2027", 362, 100, ">=", True, None),  # 力争利用4年时间 … 培训全覆盖
    ("004.zhangye.ecommerce_leaders_per_brand.2027", 362, 1, ">=", True, None),  # 1—3名品牌电商带头人
    ("004.zhangye.brand_talent_trained.2030", 370, 1000, ">=", False, None),  # 计划培训…人才1000人
    ("004.zhangye.brand_expert_team.2030", 370, 20, "=", False, None),        # 专家20人
    ("004.zhangye.brand_online_courses.2030", 370, 30, ">=", False, None),     # 上线30门课程
    ("004.zhangye.maize_seed_head_enterprise_brands.2030", 483, 5, ">=", False, None),  # 5个以上
])
def test_brand_targets(tid, line, value, comparator, aspirational, base):
    t = targets()[tid]
    assert (t["line"], t["target_value"], t["comparator"], t["aspirational"]) == (line, value, comparator, aspirational)
    assert t["base_value"] == base
    if base is not None:
        assert t["base_value_year"] == 2023


def test_brand_qualitative_2030_targets():
    t = targets()
    assert t["004.zhangye.brand_system.2030"]["line"] == 317           # 到2030年,农业品牌建设促进机制…
    assert t["004.zhangye.brand_system.2030"]["comparator"] == "qualitative"
    assert t["004.zhangye.cattle_dairy_national_brand.2030"]["line"] == 531


# ------------------------------------------------------------------ livelihood projects

def county_quotas(indicator: str) -> dict[str, tuple[float, int]]:
    return {t["jurisdiction_id"]: (t["target_value"], t["line"]) for t in res().targets
            if t["indicator_id"] == indicator and t["target_year"] == 2024}


def test_elderly_care_quotas():
    # table lines 1230–1236: 甘州区 5/11, 临泽县 2/6, 高台县 1/1, 山丹县 2/8, 民乐县 1/4, 肃南县 1/4, 合计 12/34
    assert county_quotas("township_elderly_care_centres") == {
        "ganzhou": (5, 1230), "linze": (2, 1231), "gaotai": (1, 1232), "shandan": (2, 1233),
        "minle": (1, 1234), "sunan": (1, 1235), "zhangye": (12, 1236)}
    assert county_quotas("village_mutual_aid_homes") == {
        "ganzhou": (11, 1230), "linze": (6, 1231), "gaotai": (1, 1232), "shandan": (8, 1233),
        "minle": (4, 1234), "sunan": (4, 1235), "zhangye": (34, 1236)}
    # 5+2+1+2+1+1 = 12 and 11+6+1+8+4+4 = 34: both totals (and line 1127's 12个 / 34个) reconcile
    assert targets()["004.ganzhou.village_mutual_aid_homes.2024"]["unit"] == "个"


def test_new_urban_employment_quotas():
    # line 1075: 1.9 万人 = 19000; 7800 + 2300 + 2500 + 2700 + 3300 + 400 = 19000
    assert county_quotas("new_urban_employment") == {
        "zhangye": (19000, 1075), "ganzhou": (7800, 1075), "linze": (2300, 1075), "gaotai": (2500, 1075),
        "shandan": (2700, 1075), "minle": (3300, 1075), "sunan": (400, 1075)}
    assert targets()["004.zhangye.new_urban_employment.2024"]["unit"] == "人"


def test_relocation_quotas():
    # table lines 1765–1769 (and prose line 1685): 临泽 45, 高台 283, 山丹 256, 民乐 303, 合计 887
    assert county_quotas("hazard_relocation_households") == {
        "linze": (45, 1765), "gaotai": (283, 1766), "shandan": (256, 1767), "minle": (303, 1768),
        "zhangye": (887, 1769)}


def test_barrier_free_quotas():
    # table lines 1514–1520: households and 万元 (3500 元 per household)
    assert county_quotas("barrier_free_home_retrofits") == {
        "ganzhou": (100, 1514), "shandan": (60, 1515), "minle": (80, 1516), "linze": (50, 1517),
        "gaotai": (50, 1518), "sunan": (30, 1519), "zhangye": (370, 1520)}
    assert county_quotas("barrier_free_retrofit_subsidy") == {
        "ganzhou": (35.0, 1514), "shandan": (21.0, 1515), "minle": (28.0, 1516), "linze": (17.5, 1517),
        "gaotai": (17.5, 1518), "sunan": (10.5, 1519), "zhangye": (129.5, 1520)}
    assert targets()["004.zhangye.barrier_free_retrofit_subsidy.2024"]["unit"] == "万元"
    assert targets()["004.zhangye.barrier_free_home_retrofits.2024"]["unit"] == "户"


def test_two_cancer_screening_quotas():
    # lines 1598–1604: urban / rural / total per county; 合计 1440 / 20110 / 21550
    assert county_quotas("two_cancer_screening_urban") == {
        "ganzhou": (300, 1598), "linze": (300, 1599), "gaotai": (300, 1600), "shandan": (300, 1601),
        "minle": (200, 1602), "sunan": (40, 1603), "zhangye": (1440, 1604)}
    assert county_quotas("two_cancer_screening_rural")["sunan"] == (610, 1603)
    assert county_quotas("two_cancer_screening_total") == {
        "ganzhou": (5500, 1598), "linze": (3500, 1599), "gaotai": (3000, 1600), "shandan": (3500, 1601),
        "minle": (5400, 1602), "sunan": (650, 1603), "zhangye": (21550, 1604)}


def test_water_and_day_care_quotas():
    # plan table lines 1676–1679; 7座 in all from line 1628 (高台县3座,山丹县2座,肃南县2座)
    assert county_quotas("small_water_storage_facilities") == {
        "gaotai": (3, 1676), "shandan": (2, 1677), "sunan": (2, 1678), "zhangye": (7, 1628)}
    assert county_quotas("water_project_investment") == {
        "gaotai": (1079.2, 1676), "shandan": (200, 1677), "sunan": (23.7, 1678), "zhangye": (1302.9, 1679)}
    # day care: 30 万元 each (lines 1527–1528), 60 万元 in all (line 1465)
    assert county_quotas("disability_day_care_subsidy") == {
        "gaotai": (30, 1527), "shandan": (30, 1528), "zhangye": (60, 1465)}
    assert targets()["004.shandan.disability_day_care_area.2024"]["unit"] == "平米"


def test_other_quantified_targets():
    t = targets()
    assert (t["004.zhangye.rural_teacher_dormitories.2024"]["target_value"],
            t["004.zhangye.rural_teacher_dormitories.2024"]["line"]) == (44, 942)     # 新建教师周转宿舍44套
    assert t["004.zhangye.general_transfer_advance_share.2024"]["target_value"] == 90  # line 834 不低于90%
    assert t["004.zhangye.special_transfer_advance_share.2024"]["target_value"] == 70
    assert (t["004.zhangye.major_projects.2024"]["target_value"], t["004.zhangye.major_projects.2024"]["line"]) == (62, 1861)
    assert t["004.zhangye.major_projects_investment.2024"]["target_value"] == 904   # 总投资904亿元
    assert t["004.zhangye.major_projects_investment.2024"]["unit"] == "亿元"


def test_target_ids_unique_and_well_formed():
    ids = [t["target_id"] for t in res().targets]
    assert len(ids) == len(set(ids))
    for t in res().targets:
        assert t["target_id"].startswith(f"004.{t['jurisdiction_id']}.{t['indicator_id']}.{t['target_year']}")


# ------------------------------------------------------------------ wage-payment assessment

def test_wage_grading_constant():
    g = WAGE_GRADING
    assert g["assessed_units"] == ["ganzhou", "linze", "gaotai", "shandan", "minle", "sunan", "zhangye_edz"]
    assert g["base_score"] == 100 and g["base_score_line"] == 710          # 基准分为100分
    assert g["A"]["combine"] == "all"
    assert [c["line"] for c in g["A"]["conditions"]] == [714, 716]
    assert g["A"]["conditions"][1]["max_rank"] == 3                        # 排在全市前三名 (line 716)
    assert g["C"]["combine"] == "any"
    low = g["C"]["conditions"][0]
    assert (low["score_threshold"], low["threshold_inclusive"], low["line"]) == (80, True, 720)
    by_id = {c["id"]: c for c in g["C"]["conditions"]}
    assert (by_id["mass_incident_50"]["min_people"], by_id["mass_incident_50"]["min_incidents"]) == (50, 1)  # l.722
    assert (by_id["mass_incidents_30"]["min_people"], by_id["mass_incidents_30"]["min_incidents"]) == (30, 3)  # l.724
    assert by_id["gov_project_incident_30"]["line"] == 724 and by_id["extreme_incident"]["line"] == 726
    assert g["B"] == {"rule": "otherwise", "line": 728, "text_zh": "考核等级在A、C级以外的为B级"}
    # the flat view scoring uses is derived from the structured rules (reference.rules)
    from zyanalysis.reference.rules import WAGE_THRESHOLDS as f
    assert (f["base_points"], f["a_top_n"], f["c_score_below"], f["c_score_inclusive"]) == (100, 3, 80, True)
    assert (f["c_mass_incident_50"], f["c_mass_incident_30"], f["c_gov_project_30"], f["c_extreme"]) == (1, 3, 1, 1)


def test_wage_grading_lines_match_the_document():
    lines = raw_lines()
    g = WAGE_GRADING
    assert lines[g["doc_number_line"] - 1] == g["doc_number"]
    assert "各县区政府、张掖经开区" in lines[g["assessed_units_line"] - 1]
    assert "2023年到2027年" in lines[g["years_line"] - 1]
    for grade in ("A", "C"):
        for c in g[grade]["conditions"]:
            assert c["text_zh"].split("…")[0] in lines[c["line"] - 1]
    assert g["B"]["text_zh"] in lines[g["B"]["line"] - 1]


def test_wage_framework_rows():
    rows = res().frameworks
    assert {r["framework_id"] for r in rows} == {"004.wage"} and {r["system"] for r in rows} == {"wage"}
    rules = {r["line"]: r for r in rows if r["kind"] == "rule"}
    assert set(rules) >= {710, 714, 716, 720, 722, 724, 726, 728}
    assert rules[716]["indicator_zh"] == "考核得分排在全市前三名" and rules[716]["group_zh"].endswith("A级")
    assert "80分以下" in rules[720]["content_zh"] and rules[720]["group_zh"].endswith("C级")
    assert rules[728]["group_zh"] == "B级"
    items = [r["indicator_zh"] for r in rows if r["kind"] == "item"]     # 第五条, line 692
    assert items == ["加强对保障农民工工资支付工作的组织领导", "完善落实工资支付保障制度",
                     "治理欠薪特别是工程建设领域欠薪工作成效", "人民群众满意度"]


# ------------------------------------------------------------------ responsibilities

def resp(line: int) -> list[dict]:
    return [r for r in res().responsibilities if r["line"] == line]


def test_livelihood_responsibilities():
    # line 1648 牵头单位:市水务局、市农业农村局; line 1652 实施主体:高台县政府、山丹县政府、肃南县政府
    assert [(r["party_zh"], r["role"]) for r in resp(1648)] == [("市水务局", "牵头单位"), ("市农业农村局", "牵头单位")]
    assert [r["jurisdiction_id"] for r in resp(1652)] == ["gaotai", "shandan", "sunan"]
    assert len({r["subject_id"] for r in resp(1648) + resp(1652)}) == 1
    # lines 1280/1282: '市级责任领导:刘力江 市委常委、' wrapped onto '常务副市长'
    (liu,) = resp(1280)
    assert (liu["party_zh"], liu["title_zh"], liu["party_type"]) == ("刘力江", "市委常委、常务副市长", "person")
    # lines 1644/1646: two 部门牵头领导
    assert [r["party_zh"] for r in resp(1644) + resp(1646)] == ["韩建军", "刘永君"]
    # line 997 '配合单位:市财政局 市发展改革委' is two units separated by a space
    assert [r["party_zh"] for r in resp(997)] == ["市财政局", "市发展改革委"]


def test_brand_task_table_responsibilities():
    # 表4 row 2 (line 555): …、前进牧业、祁连牧歌共同参与制定
    assert [r["party_zh"] for r in resp(555)] == ["市畜牧兽医局", "市牛业协会", "甘肃云鑫实业有限公司", "前进牧业", "祁连牧歌"]
    assert {r["role"] for r in resp(555)} == {"实施单位"}
    ids = {r["subject_id"] for r in res().responsibilities}
    assert all(i.startswith("004.task.") for i in ids)


# ------------------------------------------------------------------ findings

def test_findings_of_the_document():
    got = sorted((f["kind"], f["line"]) for f in res().findings)
    assert got == sorted([
        ("other", 595),                 # 表5 task 3 scheduled '2023年1—3月', before the 2024–2030 plan
        ("person_two_titles", 1481),    # 安宏亮: 市政府副市长 (1197, 1417) vs 市委副书记 (1481)
        ("person_two_titles", 1867),    # 安维国: 市委副书记 (1642) vs 市政府副市长 (1867)
        ("ocr_error", 463),             # '2025年12底'
        ("ocr_error", 495),             # '保护 and 可持续发展'
        ("ocr_error", 509),             # '张掖玉米种子3—6月百家谈'
        ("ocr_error", 1131),            # '充分专虑'
        ("ocr_error", 1825),            # '循环经产业园'
    ])
    an = next(f for f in res().findings if f["subject_zh"] == "安宏亮")
    assert "1197" in an["message"] and "1481" in an["message"]


def test_every_stated_total_reconciles_in_the_real_document():
    # hand-checked: 12/34 (l.1236), 129.50/370 (l.1520), 1440/20110/21550 (l.1604), 1302.9 = 1023.7 + 279.2
    # (l.1679, l.1624), 623.7 = 400 + 200 + 23.7 (l.1679), 887 (l.1769, l.1685), 19000 (l.1075), 60 (l.1465)
    kinds = {f["kind"] for f in res().findings}
    assert not kinds & {"total_mismatch", "subtotal_mismatch", "count_mismatch", "target_below_baseline"}


def test_changed_quota_is_a_total_mismatch():
    r = parse_edited({1230: ("5\t11", "6\t11")})          # 甘州区 5 → 6 centres
    msgs = {(f["line"], f["stated"], f["computed"]) for f in new_findings(r, "total_mismatch")}
    assert (1236, 12, 13) in msgs and (1127, 12, 13) in msgs


def test_row_subtotal_and_prose_mismatches():
    r = parse_edited({1598: ("5500", "5600")})
    assert any(f["line"] == 1598 and f["stated"] == 5600 for f in new_findings(r, "subtotal_mismatch"))
    r = parse_edited({1685: ("临泽县45户", "临泽县46户")})
    assert any(f["line"] == 1685 for f in new_findings(r, "total_mismatch"))
    assert any(f["line"] == 1685 and f["jurisdiction_id"] == "linze" for f in new_findings(r, "other"))
    r = parse_edited({1679: ("623.7", "623.8")})           # quarterly total vs 400 + 200 + 23.7
    assert any(f["line"] == 1679 and f["computed"] == 623.7 for f in new_findings(r, "total_mismatch"))
    r = parse_edited({1465: ("60万元", "70万元")})
    assert any(f["line"] == 1465 and f["computed"] == 60 for f in new_findings(r, "total_mismatch"))


def test_target_below_baseline_is_found():
    r = parse_edited({303: ("区域公用品牌10个", "区域公用品牌5个")})
    (f,) = new_findings(r, "target_below_baseline")
    assert (f["line"], f["stated"], f["computed"]) == (303, 5, 7) and "251" in f["message"]


def test_stated_count_mismatch_is_found():
    r = parse_edited({922: ("涉及我市9件", "涉及我市8件")})
    assert {f["computed"] for f in new_findings(r, "count_mismatch")} == {9}


# ------------------------------------------------------------------ validation, robustness

@pytest.mark.parametrize("table", TABLES)
def test_tables_validate(table):
    records = getattr(res(), table)
    assert records
    schemas.validate(table, schemas.coerce(table, records))


def test_missing_part_is_a_parse_error():
    lines = [x for x in raw_lines() if x != "张掖市保障农民工工资支付工作考核办法"]
    with pytest.raises(ParseError) as e:
        z.parse(Document("004", doc_path("004"), lines))
    assert "004_zhangye_gazette_2024_issue2.txt" in str(e.value) and e.value.field


def test_bad_quota_cell_is_a_parse_error_naming_the_line():
    with pytest.raises(ParseError) as e:
        parse_edited({1766: ("283", "二八三")})
    assert e.value.line == 1766


_JUNK = st.sampled_from(["", "\t", "合计\t\t", "甘州区\tx\t1", "　", "同上", "１２", "到2027年,", "(一)",
                         "市级责任领导:", "序号", "表9:", "。", "、", "9"])
_OPS = st.lists(st.tuples(st.sampled_from(["del", "dup", "rep", "chars", "trunc", "cell"]),
                          st.floats(0, 1, exclude_max=True), _JUNK), min_size=1, max_size=4)


@pytest.mark.slow  # many parses of damaged copies: in .ci/run, not in the quick loop
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_OPS)
def test_damaged_document_gives_valid_result_or_parse_error(ops):
    lines = raw_lines()
    for op, at, junk in ops:
        if not lines:
            break
        i = int(at * len(lines))
        if op == "del":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "rep":
            lines[i] = junk
        elif op == "chars":
            lines[i] = lines[i][: len(lines[i]) // 2] + junk + lines[i][len(lines[i]) // 2 + 1:]
        elif op == "trunc":
            lines = lines[:i]
        else:                                   # damage a cell of a table row
            rows = [k for k, x in enumerate(lines) if "\t" in x]
            if rows:
                k = rows[int(at * len(rows))]
                cells = lines[k].split("\t")
                cells[int(at * len(cells))] = junk
                lines[k] = "\t".join(cells)
    try:
        result = z.parse(Document("004", doc_path("004"), lines))
    except ParseError:
        return
    for table in TABLES:
        schemas.validate(table, schemas.coerce(table, getattr(result, table)))
