"""The incentive calculator against the policy text of document 001 (附件2, lines 171–208).

Every expected amount below is worked out by hand from the quoted rule; amounts in 万元.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from zyanalysis.scoring.incentives import (
    INPUT_NAMES, OUTPUT_COLUMNS, compute_incentives, incentive_totals, read_enterprises, template,
)

from conftest import RAW, doc_path


def run(*rows: dict) -> pd.DataFrame:
    """Compute for rows given as dicts; enterprise 'E' and year 2023 unless stated."""
    recs = [{"enterprise": "E", "year": 2023, **r} for r in rows]
    return compute_incentives(pd.DataFrame(recs))


def no_award(out: pd.DataFrame) -> bool:
    """True when the enterprise-year got nothing: its one row is the 0 'none' row."""
    return list(out["item_id"]) == ["none"] and out["amount_wan"].sum() == 0


def item(out: pd.DataFrame, item_id: str) -> pd.Series:
    """The single output row of ``item_id``."""
    hit = out[out["item_id"] == item_id]
    assert len(hit) == 1, (item_id, out[["item_id", "status"]].to_dict("records"))
    return hit.iloc[0]


def paid(out: pd.DataFrame) -> float:
    """Total paid (万元)."""
    return float(out["amount_wan"].sum())


# ------------------------------------------------------------------ provenance


def test_rule_lines_are_the_lines_of_document_001():
    """The line each item cites is the line of 001 that states it ('N.' opens rule N)."""
    lines = doc_path("001").read_text(encoding="utf-8").splitlines()
    rule_line = {1: 184, 2: 185, 3: 186, 4: 188, 5: 189, 6: 190, 7: 191, 8: 192, 9: 194,
                 10: 195, 11: 196, 12: 198, 13: 200, 14: 202, 15: 204}
    for n, ln in rule_line.items():
        assert lines[ln - 1].startswith(f"{n}."), (n, ln)
    assert "不予奖励" in lines[179 - 1]
    assert "从高、不重复" in lines[206 - 1]
    # and the calculator cites exactly these lines
    out = run(dict(va_growth_pct=1, va_growth_prev_pct=1, va_contribution_pct=1, entered_above_scale=True,
                   main_revenue_yi=1, little_giant=True, tech_center_city=True, design_award="铜奖",
                   excellent_product_city="三等奖", appraisal_provincial=True, water_saving_provincial=True,
                   techreno_investment_wan=500, energy_intensity_cut_pct=3.5, financing_wan=1000,
                   financing_in_district=True, project_investment_yi=0.5, attracted_investment_wan=3000,
                   special_case=True))
    got = dict(zip(out["rule_no"], out["line"]))
    assert got == rule_line
    assert (out["source"] == "001:" + out["line"].astype(str)).all()


# ------------------------------------------------------------------ rule 1 (line 184)
# "对工业增加值增速连续两年保持增长，且对全区当年工业增加值贡献率达到1%（含）及以上的企业每户奖励10万元，
#  贡献率每增加1个百分点再奖励10万元，最高奖励不超过50万元。"

@pytest.mark.parametrize("contribution, computed, amount, capped", [
    (1.0, 10.0, 10.0, False),   # 1%（含）: exactly 1 % qualifies → 10
    (1.99, 10.0, 10.0, False),  # a point not yet complete adds nothing
    (2.0, 20.0, 20.0, False),   # 10 + 10
    (2.9, 20.0, 20.0, False),
    (5.0, 50.0, 50.0, False),   # 10 + 4×10 = 50: at the cap, not over it
    (6.3, 60.0, 50.0, True),    # 10 + 5×10 = 60 → 最高不超过50
])
def test_rule1_contribution_tiers_and_cap(contribution, computed, amount, capped):
    out = run(dict(va_growth_pct=5, va_growth_prev_pct=3, va_contribution_pct=contribution))
    r = item(out, "r01_va_contribution")
    assert (r.computed_wan, r.amount_wan, r.capped, r.cap_wan) == (computed, amount, capped, 50.0)


def test_rule1_needs_two_years_of_growth_and_one_percent():
    assert no_award(run(dict(va_growth_pct=5, va_growth_prev_pct=3, va_contribution_pct=0.99)))
    assert no_award(run(dict(va_growth_pct=5, va_growth_prev_pct=0, va_contribution_pct=3)))     # 0 is no growth
    assert no_award(run(dict(va_growth_pct=-1, va_growth_prev_pct=3, va_contribution_pct=3)))
    assert no_award(run(dict(va_contribution_pct=3)))                                            # growth unknown


# ------------------------------------------------------------------ rule 2 (line 185)
# "对首次升入规模以上工业企业给予奖励20万元。分两次予以兑现，每次10万元。升规次年奖励10万元，
#  升规第二年主营业务收入较上年增长20%以上，第三年再奖励10万元。"

def test_rule2_two_instalments_with_exactly_20_percent_growth():
    # 升规 2022 with revenue 0.30亿; 2023 revenue 0.36亿 = +20.0 % → "20%以上" includes 20 %
    out = run(dict(year=2022, entered_above_scale=True, main_revenue_yi=0.30),
              dict(year=2023, main_revenue_yi=0.36))
    one, two = item(out, "r02_above_scale_1"), item(out, "r02_above_scale_2")
    assert (one.year, one.instalment, one.payable_year, one.amount_wan, one.status) == (2022, 1, 2023, 10.0, "awarded")
    assert (two.year, two.instalment, two.payable_year, two.amount_wan, two.status) == (2022, 2, 2024, 10.0, "awarded")
    assert paid(out) == 20.0


def test_rule2_second_instalment_not_met_or_pending():
    # 0.30 → 0.359: +19.67 % < 20 % → second instalment not paid
    out = run(dict(year=2022, entered_above_scale=True, main_revenue_yi=0.30), dict(year=2023, main_revenue_yi=0.359))
    assert item(out, "r02_above_scale_2").status == "condition_not_met"
    assert paid(out) == 10.0
    # no 2023 row yet: the condition cannot be judged
    out = run(dict(year=2022, entered_above_scale=True, main_revenue_yi=0.30))
    two = item(out, "r02_above_scale_2")
    assert (two.status, two.amount_wan, two.computed_wan) == ("pending", 0.0, 10.0)
    assert paid(out) == 10.0


def test_rule2_exclusion_in_the_growth_year_bars_only_the_second_instalment():
    out = run(dict(year=2022, entered_above_scale=True, main_revenue_yi=0.30),
              dict(year=2023, main_revenue_yi=0.40, wage_arrears=True))
    assert item(out, "r02_above_scale_1").status == "awarded"
    assert item(out, "r02_above_scale_2").status == "excluded"
    assert paid(out) == 10.0
    out = run(dict(year=2022, entered_above_scale=True, main_revenue_yi=0.30, tax_evasion=True),
              dict(year=2023, main_revenue_yi=0.40))
    assert set(out.loc[out.item_id != "none", "status"]) == {"excluded"} and paid(out) == 0.0
    assert no_award(out[out.year == 2023])      # 2023 alone: nothing, shown with 0


# ------------------------------------------------------------------ rule 3 (line 186)
# "对主营业务收入首次达到100亿元、50亿元、10亿元、5亿元、3亿元、1亿元的企业，给予一次性奖励100万元、80万元、
#  50万元、30万元、20万元、10万元；对主营业务收入首次达到5000万元的企业，给予一次性10万元奖励；之前主营业务
#  收入已达到5亿元、3亿元、1亿元未享受过奖励且当年稳定在上述标准的企业分别一次性奖励80万元、50万元、30万元。"

def test_rule3_exactly_one_yi_has_reached_one_yi():
    # 达到 = reach: 1.00亿 has reached 1亿 → 10万; 5000万 was reached before (0.8亿) → nothing more
    out = run(dict(main_revenue_yi=1.00, prior_max_revenue_yi=0.80))
    assert out["item_id"].tolist() == ["r03_first_1yi"] and paid(out) == 10.0
    # 0.9999亿 has not: nothing
    assert no_award(run(dict(main_revenue_yi=0.9999, prior_max_revenue_yi=0.80)))


def test_rule3_5000_wan_and_1_yi_in_one_year_paid_once():
    # 0.40 → 1.00亿: first 5000万 (10) and first 1亿 (10): one 事由, paid once = 10
    out = run(dict(main_revenue_yi=1.00, prior_max_revenue_yi=0.40))
    assert item(out, "r03_first_1yi").status == "awarded"
    assert item(out, "r03_first_0.5yi").status == "dropped_overlap"
    assert paid(out) == 10.0
    # exactly 5000万 = 0.5亿 → 10
    assert paid(run(dict(main_revenue_yi=0.5, prior_max_revenue_yi=0.3))) == 10.0


@pytest.mark.parametrize("rev, prior, rewarded, expected", [
    (3.2, 0.9, None, 20.0),    # first 1亿 (10) and 3亿 (20) → 从高 20
    (5.0, 4.0, 3, 30.0),       # first 5亿 → 30
    (10.0, 8.0, 5, 50.0),      # first 10亿 → 50 (5亿 already rewarded, so no catch-up)
    (50.0, 20.0, 10, 80.0),    # first 50亿 → 80
    (100.0, 60.0, 50, 100.0),  # first 100亿 → 100
    (2.0, 1.5, None, 30.0),    # 1亿 reached before, never rewarded, still ≥1亿 → 30
    (3.5, 3.8, 1, 50.0),       # 3亿 reached before, 1亿 rewarded, still ≥3亿 → 50
    (5.2, 5.5, None, 80.0),    # catch-up 5亿 (80) beats 3亿 (50) and 1亿 (30)
    (4.5, 5.5, 3, 0.0),        # 5亿 reached before but not "稳定" this year; 3亿 and 1亿 rewarded → nothing
    (2.0, 1.5, 1, 0.0),        # 1亿 already rewarded, 3亿 not reached → nothing
])
def test_rule3_milestones(rev, prior, rewarded, expected):
    assert paid(run(dict(main_revenue_yi=rev, prior_max_revenue_yi=prior, milestone_rewarded_yi=rewarded))) == expected


# ------------------------------------------------------------------ rules 4, 5, 9 (lines 188, 189, 194)

def test_rule4_recognitions():
    # 小巨人 5 + 驰名商标 10 + 专精特新 5 = 20; 驰名 (10) and 著名 (5) together → one trademark reward, 10
    out = run(dict(little_giant=True, famous_trademark_national=True, famous_trademark_gansu=True,
                   specialized_sme_provincial=True))
    assert paid(out) == 20.0
    assert item(out, "r04_trademark_gansu").status == "dropped_overlap"
    assert paid(run(dict(famous_trademark_gansu=True))) == 5.0


def test_rule5_centres_and_high_tech():
    # "新认定省级企业技术中心、工业设计中心一次性给予奖励20万元；市级企业技术中心…10万元；…高新技术企业…20万元"
    assert paid(run(dict(tech_center_provincial=True, design_center_provincial=True, high_tech_recertified=True))) == 60.0
    assert paid(run(dict(tech_center_city=True))) == 10.0
    out = run(dict(tech_center_provincial=True, tech_center_city=True))   # same centre: 20, not 30
    assert paid(out) == 20.0 and item(out, "r05_tech_center_city").status == "dropped_overlap"


def test_rule9_green_and_integration():
    # 两化融合 pilot 10 + demo 10 + national green product 20 + provincial supply chain 10 + 节水 10 = 60
    assert paid(run(dict(ii_pilot_national=True, ii_demo_national=True, green_product_national=True,
                         green_supply_chain_provincial=True, water_saving_provincial=True))) == 60.0
    out = run(dict(green_factory_national=True, green_factory_provincial=True))   # same factory → 20
    assert paid(out) == 20.0
    assert item(out, "r09_green_factory_provincial").reason.startswith("从高、不重复 (第五条, 001:206)")


# ------------------------------------------------------------------ rules 6–8 (lines 190–192)

@pytest.mark.parametrize("award, amount", [("特别奖", 10.0), ("金奖", 5.0), ("银奖", 3.0), ("铜奖", 1.0)])
def test_rule6_design_award(award, amount):
    assert paid(run(dict(design_award=award))) == amount


def test_rule7_new_products():
    for prize, amount in (("一等奖", 5.0), ("二等奖", 3.0), ("三等奖", 1.0)):
        assert paid(run(dict(excellent_product_city=prize))) == amount
    assert paid(run(dict(excellent_product_provincial=True, excellent_product_city="一等奖"))) == 10.0


def test_rule8_appraisal_highest_once_and_difference_after_upgrade():
    # "同一产品从高奖励一次，晋级后给予差额部分的奖励"
    assert paid(run(dict(appraisal_provincial=True))) == 5.0
    assert paid(run(dict(appraisal_national=True, appraisal_provincial=True))) == 10.0
    assert paid(run(dict(appraisal_national=True, appraisal_prior_wan=5))) == 5.0   # 10 − 5 already paid


# ------------------------------------------------------------------ rule 10 (line 195)
# "对投资500万元以上的企业技术改造项目投产当年，按投资额给予5%的补助，单户企业补助资金最高不超过50万元。
#  对年度购置5台及以上多关节机械手或多自由度工业机器人的企业，按购置金额的5%给予一次性补助，单户…最高不超过50万元。"

@pytest.mark.parametrize("inv, amount, capped", [
    (499.99, None, None),   # below 500万
    (500.0, 25.0, False),   # 500万 以上 includes 500 → 5 % = 25
    (1000.0, 50.0, False),  # 5 % = 50, at the cap
    (1200.0, 50.0, True),   # 5 % = 60 → 50
])
def test_rule10_renovation(inv, amount, capped):
    out = run(dict(techreno_investment_wan=inv))
    if amount is None:
        assert no_award(out)
    else:
        r = item(out, "r10_techreno")
        assert (r.amount_wan, r.capped) == (amount, capped)


def test_rule10_robots_and_separate_caps():
    assert no_award(run(dict(robots_purchased=4, robot_purchase_wan=800)))           # 4 台 < 5
    assert paid(run(dict(robots_purchased=5, robot_purchase_wan=400))) == 20.0   # 5台及以上: 400 × 5 %
    # renovation 1200 (60 → 50) and robots 2000 (100 → 50): each capped at 50 → 100
    out = run(dict(techreno_investment_wan=1200, robots_purchased=10, robot_purchase_wan=2000))
    assert paid(out) == 100.0 and out["capped"].all()


# ------------------------------------------------------------------ rule 11 (line 196)
# "对年度内万元工业增加值能耗降低3.5%的企业一次性奖励20万元，在此基础上每降低0.5个百分点再奖励5万元，最高奖励不超过50万元。"

@pytest.mark.parametrize("cut, computed, amount", [
    (3.49, None, None), (3.5, 20.0, 20.0), (3.99, 20.0, 20.0), (4.0, 25.0, 25.0),
    (5.2, 35.0, 35.0),   # 20 + 3 × 5 (3.5→5.0 is three whole half-points)
    (6.5, 50.0, 50.0),   # 20 + 6 × 5 = 50, at the cap
    (7.2, 55.0, 50.0),   # 20 + 7 × 5 = 55 → 50
])
def test_rule11_energy(cut, computed, amount):
    out = run(dict(energy_intensity_cut_pct=cut))
    if computed is None:
        assert no_award(out)
    else:
        r = item(out, "r11_energy")
        assert (r.computed_wan, r.amount_wan, r.capped) == (computed, amount, computed > 50)


# ------------------------------------------------------------------ rule 12 (line 198)
# "对在多层次资本市场直接融资1000万元以上的，且用于区内工业项目投资的，按实际到位融资额的3%进行奖励，最高不超过50万元。"

def test_rule12_financing():
    assert no_award(run(dict(financing_wan=999, financing_in_district=True)))
    assert paid(run(dict(financing_wan=1000, financing_in_district=True))) == 30.0   # 1000 × 3 %
    assert no_award(run(dict(financing_wan=1000)))                                      # not used in the district
    r = item(run(dict(financing_wan=2000, financing_in_district=True)), "r12_financing")
    assert (r.computed_wan, r.amount_wan, r.capped) == (60.0, 50.0, True)


# ------------------------------------------------------------------ rule 13 (line 200)
# "5000万元（含）至1亿元…10万元；1亿元（含）至3亿元…20万元；3亿元（含）至5亿元…30万元；5亿元（含）至10亿元…50万元；
#  10亿元（含）以上…80万元"

@pytest.mark.parametrize("inv, amount", [
    (0.49, 0.0), (0.5, 10.0), (0.99, 10.0), (1.0, 20.0), (2.99, 20.0), (3.0, 30.0),
    (5.0, 50.0), (9.99, 50.0), (10.0, 80.0), (25.0, 80.0),
])
def test_rule13_project_tiers(inv, amount):
    assert paid(run(dict(project_investment_yi=inv))) == amount


def test_rule10_and_13_same_project_paid_once():
    # renovation 800万 × 5 % = 40 vs project 1亿 tier 20: one project → 40 only
    out = run(dict(techreno_investment_wan=800, project_investment_yi=1.0, techreno_same_project=True))
    assert paid(out) == 40.0 and item(out, "r13_project").status == "dropped_overlap"
    # two different projects: both paid, 60
    assert paid(run(dict(techreno_investment_wan=800, project_investment_yi=1.0))) == 60.0


# ------------------------------------------------------------------ rule 14 (line 202)
# "8000万元以上（含8000万元）至1亿元…30万元…5000万元以上（含5000万元）至8000万元…20万元…3000万元以上（含3000万元）至5000万元…15万元"

@pytest.mark.parametrize("inv, amount", [
    (2999.0, 0.0), (3000.0, 15.0), (4999.0, 15.0), (5000.0, 20.0), (7999.0, 20.0), (8000.0, 30.0),
    (10000.0, 30.0),  # top tier read as closed at 1亿元
])
def test_rule14_attraction_tiers(inv, amount):
    assert paid(run(dict(attracted_investment_wan=inv))) == amount


def test_rule14_above_one_yi_is_not_covered():
    r = item(run(dict(attracted_investment_wan=12000)), "r14_attraction")
    assert (r.status, r.amount_wan) == ("not_covered", 0.0) and "甘区政办发〔2020〕31号" in r.reason


def test_rule15_case_by_case():
    r = item(run(dict(special_case=True)), "r15_special")
    assert (r.status, r.amount_wan, r.line) == ("case_by_case", 0.0, 204)


# ------------------------------------------------------------------ exclusions (line 179)
# "当年发生较大及以上安全生产事故、因违反环境保护法律法规受到行政处罚、有偷税漏税、拖欠农民工工资和其他违法违规、
#  失信行为的企业不予奖励。"

@pytest.mark.parametrize("flag", ["safety_accident_major", "environmental_penalty", "tax_evasion",
                                  "wage_arrears", "other_violation", "dishonest"])
def test_each_exclusion_bars_every_reward(flag):
    out = run({flag: True, "va_growth_pct": 5, "va_growth_prev_pct": 5, "va_contribution_pct": 3,
               "design_award": "金奖"})
    assert len(out) == 2 and set(out["status"]) == {"excluded"} and paid(out) == 0.0
    assert out["reason"].str.contains(flag).all() and out["reason"].str.contains("001:179").all()
    # without the flag the same facts earn 30 + 5
    assert paid(run({"va_growth_pct": 5, "va_growth_prev_pct": 5, "va_contribution_pct": 3, "design_award": "金奖"})) == 35.0


def test_exclusion_without_any_item_still_reported():
    out = run(dict(dishonest=True))
    assert out["item_id"].tolist() == ["exclusion"] and out["source"].tolist() == ["001:179"]


# ------------------------------------------------------------------ input contract

def test_template_and_empty_input():
    t = template()
    assert list(t.columns) == INPUT_NAMES and t.empty
    out = compute_incentives(t)
    assert list(out.columns) == OUTPUT_COLUMNS and out.empty


@pytest.mark.parametrize("row, field, words", [
    (dict(revenue=3), "revenue", "unknown column"),
    (dict(financing_wan=-5), "financing_wan", "negative"),
    (dict(project_investment_yi="一亿"), "project_investment_yi", "expected a number"),
    (dict(robots_purchased=5.5), "robots_purchased", "whole number"),
    (dict(tax_evasion="maybe"), "tax_evasion", "true/false"),
    (dict(design_award="一等奖"), "design_award", "expected one of"),
    (dict(enterprise=None), "enterprise", "empty"),
])
def test_bad_input_names_row_and_field(row, field, words):
    good = {"enterprise": "OK", "year": 2023}
    with pytest.raises(ValueError) as e:
        compute_incentives(pd.DataFrame([good, {**good, "enterprise": "E2", **row}]))
    msg = str(e.value)
    assert field in msg and words in msg
    if words != "unknown column":
        assert ":2:" in msg   # second row


def test_duplicate_enterprise_year_is_an_error():
    with pytest.raises(ValueError, match="already given in row 1"):
        run({}, {})


def test_pure_function_does_not_touch_input():
    df = pd.DataFrame([{"enterprise": "E", "year": 2023, "financing_wan": "2000", "financing_in_district": "是"}])
    before = df.copy()
    out = compute_incentives(df)
    pd.testing.assert_frame_equal(df, before)
    assert paid(out) == 50.0   # text cells are read: '2000' × 3 % = 60 → 50


# ------------------------------------------------------------------ the illustrative example file

EXAMPLE = RAW / "examples" / "incentive_example.csv"


def test_example_file_is_marked_illustrative():
    first = Path(EXAMPLE).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#") and "ILLUSTRATIVE" in first
    df = read_enterprises(EXAMPLE)
    assert (df["illustrative"] == "true").all() and 3 <= df["enterprise"].nunique() <= 5


def test_example_amounts_by_hand():
    out = compute_incentives(read_enterprises(EXAMPLE))
    totals = {(r.enterprise, r.year): r.total_wan for r in incentive_totals(out).itertuples()}
    assert totals == {
        # 甲: contribution 6.3 % → 60 → 50; renovation 1200 × 5 % = 60 → 50; robots 400 × 5 % = 20;
        #     energy 7.2 % → 20 + 7 × 5 = 55 → 50; financing 2000 × 3 % = 60 → 50  ⇒ 220
        ("示例企业甲（虚构）", 2023): 220.0,
        # 乙: revenue exactly 1亿 (first) 10; provincial tech centre 20 (city 10 dropped); design 金奖 5;
        #     provincial green factory 10; renovation 800 × 5 % = 40 (same project as the 1亿 project: 20 dropped) ⇒ 85
        ("示例企业乙（虚构）", 2023): 85.0,
        # 丙: 升规 2022 → 10 payable 2023 + 10 payable 2024 (0.30 → 0.36亿 = +20 %) ⇒ 20; 2023 energy 3.5 % ⇒ 20
        ("示例企业丙（虚构）", 2022): 20.0,
        ("示例企业丙（虚构）", 2023): 20.0,
        # 丁: environmental penalty ⇒ 0 (would have been 20 + 10 + 10)
        ("示例企业丁（虚构）", 2023): 0.0,
        # 戊: 0.9 → 3.2亿: 3亿 20 (1亿 10 dropped); 专精特新 5; national appraisal 10 − 5 = 5; attracted 8000万 30 ⇒ 60
        ("示例企业戊（虚构）", 2023): 60.0,
    }
    ding = out[out["enterprise"] == "示例企业丁（虚构）"]
    assert ding["computed_wan"].sum() == 40.0 and set(ding["status"]) == {"excluded"}


# ------------------------------------------------------------------ several years of one enterprise

def test_one_off_revenue_reward_is_paid_once_across_years():
    # 001:186 首次达到1亿元 → 10万元 once: 2022 reaches 1.2亿, 2023 1.5亿 (no new milestone)
    out = run(dict(year=2022, main_revenue_yi=1.2), dict(year=2023, main_revenue_yi=1.5))
    assert item(out[out.year == 2022], "r03_first_1yi").amount_wan == 10.0
    assert no_award(out[out.year == 2023])
    # 2024 reaches 3亿元 for the first time: 20万元, the next tier only
    out = run(dict(year=2022, main_revenue_yi=1.2), dict(year=2024, main_revenue_yi=3.1))
    assert paid(out) == 10.0 + 20.0


def test_appraisal_upgrade_pays_the_difference_across_years():
    # 001:192 provincial 5万元, later national 10万元: 晋级后给予差额 → 5 + 5, not 5 + 10
    out = run(dict(year=2022, appraisal_provincial=True), dict(year=2023, appraisal_national=True))
    assert item(out[out.year == 2023], "r08_appraisal_national").amount_wan == 5.0
    assert paid(out) == 10.0


def test_catch_up_clause_is_paid_as_written_and_flagged():
    # 001:186: already past 3亿元 earlier, never rewarded, still there → 50万元 (more than the 20万元
    # of a first-time 3亿元): paid as written, flagged for questioning
    out = run(dict(main_revenue_yi=3.5, prior_max_revenue_yi=3.2))
    row = item(out, "r03_catchup_3yi")
    assert row.amount_wan == 50.0 and "to be questioned" in row.flag
