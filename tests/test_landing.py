"""Landing tracking on a hand-made status file; every rate below is computed by hand.

Targets are those of 003 line 15: "到2017年底，第十八届青洽会签约项目履约率、开工率、资金到位率要分别达到
70%、50%和15%以上；到2018年5月底，分别达到90%、80%和30%以上".
"""
from __future__ import annotations

import datetime as dt
import io
import math

import pandas as pd
import pytest

from conftest import parsed
from zyanalysis.data import schemas
from zyanalysis.scoring.landing import (
    TEMPLATE_COLUMNS, landing_against_targets, landing_rates, landing_template, lagging_units,
    read_status, target_deadline, validate_status,
)

TODAY = dt.date(2024, 1, 1)


def proj(pid: str, registry: str, group: str, inv: float | None, county: str | None = None,
         lead: str | None = None) -> dict:
    """A minimal projects row."""
    return dict(project_id=pid, doc_id="003", line=1, source="003:1", registry=registry, group_seq=1,
                group_zh=group, seq=1, name_zh=f"项目{pid}", investment_yi=inv, jurisdiction_id=county,
                lead_departments=lead)


# registry of 003: three responsible units; A4 has no investment figure; C1 never reports
PROJECTS = schemas.coerce("projects", [
    proj("A1", "qinghai_fair18", "甲市政府", 10.0, "qinghai"),
    proj("A2", "qinghai_fair18", "甲市政府", 4.0, "qinghai"),
    proj("A3", "qinghai_fair18", "甲市政府", 6.0, "qinghai"),
    proj("A4", "qinghai_fair18", "甲市政府", None, "qinghai"),
    proj("B1", "qinghai_fair18", "乙厅", 2.0, "qinghai"),
    proj("B2", "qinghai_fair18", "乙厅", 8.0, "qinghai"),
    proj("C1", "qinghai_fair18", "丙园区", 5.0, "qinghai"),
])

STATUS_CSV = """\
# hand-made status file for the tests (signed left blank: every 003 project was signed)
project_id,as_of,signed,contract_performed,started,funds_in_place_yi,note
A1,2017-09-30,,false,false,0,
A1,2017-12-31,,true,true,3,
A2,2017-12-31,,true,false,0.5,
A3,2017-12-31,,false,false,,
A4,2017-12-31,,true,true,1,no investment figure
B1,2017-12-31,,true,true,2.5,more funds than investment
B2,2017-12-20,,false,false,0.8,
C1,,,,,,
A3,2018-06-30,,true,true,2,
"""


def status() -> pd.DataFrame:
    return read_status(io.StringIO(STATUS_CSV))


def targets_003() -> pd.DataFrame:
    """The six targets of 003 line 15, as the targets table holds them."""
    rows = []
    for ind, t17, t18 in (("fair18_contract_performance_rate", 70, 90), ("fair18_start_rate", 50, 80),
                          ("fair18_funds_in_place_rate", 15, 30)):
        for year, val, raw in ((2017, t17, "到2017年底，…分别达到70%、50%和15%以上"),
                               (2018, t18, "到2018年5月底，分别达到90%、80%和30%以上")):
            rows.append(dict(target_id=f"003.qinghai.{ind}.{year}", doc_id="003", line=15, source="003:15",
                             jurisdiction_id="qinghai", indicator_id=ind, indicator_zh=ind, indicator_en=ind,
                             unit="%", target_year=year, comparator=">=", target_value=val,
                             higher_is_better=True, is_reduction=False, aspirational=False, raw=raw))
    return schemas.coerce("targets", rows)


def rate(rates: pd.DataFrame, unit: str, suffix: str, basis: str) -> pd.Series:
    hit = rates[(rates["unit"] == unit) & rates["indicator_id"].str.endswith(suffix) & (rates["basis"] == basis)]
    assert len(hit) == 1, (unit, suffix, basis)
    return hit.iloc[0]


# ------------------------------------------------------------------ rates at 2017-12-31

# (unit, indicator, basis, numerator, denominator, rate %) — worked out by hand from STATUS_CSV:
# 甲: A1 performed+started, funds 3; A2 performed, funds 0.5; A3 nothing; A4 performed+started (no investment)
#     count: 3/4 performed, 2/4 started; money (A1–A3, 20亿): performed 10+4, started 10, funds 3+0.5
# 乙: B1 performed+started, funds 2.5; B2 nothing but funds 0.8 → count 1/2, 1/2; money (10亿) 2, 2, 3.3
# (all): count 4/6, 3/6; money (30亿): performed 16, started 12, funds 6.8 (A4's 1亿 is outside: no investment)
EXPECTED_2017 = [
    ("甲市政府", "contract_performance_rate", "count", 3, 4, 75.0),
    ("甲市政府", "start_rate", "count", 2, 4, 50.0),
    ("甲市政府", "contract_performance_rate", "money", 14.0, 20.0, 70.0),
    ("甲市政府", "start_rate", "money", 10.0, 20.0, 50.0),
    ("甲市政府", "funds_in_place_rate", "money", 3.5, 20.0, 17.5),
    ("乙厅", "contract_performance_rate", "count", 1, 2, 50.0),
    ("乙厅", "start_rate", "count", 1, 2, 50.0),
    ("乙厅", "contract_performance_rate", "money", 2.0, 10.0, 20.0),
    ("乙厅", "start_rate", "money", 2.0, 10.0, 20.0),
    ("乙厅", "funds_in_place_rate", "money", 3.3, 10.0, 33.0),
    ("(all)", "contract_performance_rate", "count", 4, 6, 400 / 6),
    ("(all)", "start_rate", "count", 3, 6, 50.0),
    ("(all)", "contract_performance_rate", "money", 16.0, 30.0, 160 / 3),
    ("(all)", "start_rate", "money", 12.0, 30.0, 40.0),
    ("(all)", "funds_in_place_rate", "money", 6.8, 30.0, 68 / 3),
]


@pytest.mark.parametrize("unit, suffix, basis, num, den, pct", EXPECTED_2017)
def test_rates_by_responsible_unit(unit, suffix, basis, num, den, pct):
    r = rate(landing_rates(status(), PROJECTS, as_of="2017-12-31", today=TODAY), unit, suffix, basis)
    assert r.numerator == pytest.approx(num) and r.denominator == pytest.approx(den)
    assert r.rate_pct == pytest.approx(pct)
    assert r.rate_unit == ("projects" if basis == "count" else "亿元") and r.source == "003:15"


def test_coverage_columns_and_unreported_unit():
    rates = landing_rates(status(), PROJECTS, as_of="2017-12-31", today=TODAY)
    a = rate(rates, "甲市政府", "start_rate", "count")
    assert (a.n_projects, a.n_reported, a.n_signed, a.n_no_investment) == (4, 4, 4, 1)
    c = rate(rates, "丙园区", "start_rate", "count")
    assert (c.n_projects, c.n_reported, c.n_signed) == (1, 0, 0) and math.isnan(c.rate_pct)
    assert rate(rates, "(all)", "start_rate", "count").n_projects == 7
    # 3 units + (all), five rates each; ids carry the registry prefix of the targets table
    assert len(rates) == 20 and set(rates["indicator_id"]) == {
        "fair18_contract_performance_rate", "fair18_start_rate", "fair18_funds_in_place_rate"}


def test_latest_report_on_or_before_as_of_is_used():
    # on 2017-12-20 only A1 (2017-09-30: nothing yet) and B2 (2017-12-20) have reported
    rates = landing_rates(status(), PROJECTS, as_of="2017-12-20", today=TODAY)
    a = rate(rates, "甲市政府", "contract_performance_rate", "count")
    assert (a.n_reported, a.numerator, a.rate_pct) == (1, 0, 0.0)
    # 乙: only B2 (8亿) has reported, so the base is 8亿, not 10亿: 0.8 / 8 = 10 %
    assert rate(rates, "乙厅", "funds_in_place_rate", "money").rate_pct == pytest.approx(10.0)
    # default as_of = latest date in the file (2018-06-30): A3 now performed, started, funds 2
    later = landing_rates(status(), PROJECTS, today=TODAY)
    assert set(later["as_of"]) == {dt.date(2018, 6, 30)}
    assert rate(later, "甲市政府", "contract_performance_rate", "count").rate_pct == 100.0       # 4/4
    assert rate(later, "甲市政府", "start_rate", "count").rate_pct == 75.0                       # 3/4
    assert rate(later, "甲市政府", "start_rate", "money").rate_pct == 80.0                       # 16/20
    assert rate(later, "甲市政府", "funds_in_place_rate", "money").rate_pct == pytest.approx(27.5)  # 5.5/20


# ------------------------------------------------------------------ targets by date

def test_target_deadlines_from_the_text():
    assert target_deadline("到2018年5月底，分别达到90%", 2018) == dt.date(2018, 5, 31)
    assert target_deadline("… (due 2017-12-31)", 2017) == dt.date(2017, 12, 31)
    assert target_deadline("到2017年底", 2017) == dt.date(2017, 12, 31)
    assert target_deadline("到2017年12月底", 2017) == dt.date(2017, 12, 31)


def test_lagging_units_at_end_of_2017():
    cmp = landing_against_targets(landing_rates(status(), PROJECTS, as_of="2017-12-31", today=TODAY), targets_003())
    assert set(cmp.loc[cmp["target_id"].notna(), "target_id"].str[-4:]) == {"2017"}
    assert cmp["due"].fillna(False).all()
    lag = lagging_units(cmp)
    got = {(r.unit, r.indicator_id.removeprefix("fair18_"), r.basis, round(r.gap_pp, 2)) for r in lag.itertuples()}
    # due 70/50/15; 甲 meets all (75, 50 = 50 meets "50%以上", 70 = 70 meets, 50, 17.5)
    assert got == {
        ("乙厅", "contract_performance_rate", "count", -20.0),    # 50 vs 70
        ("乙厅", "contract_performance_rate", "money", -50.0),    # 20 vs 70
        ("乙厅", "start_rate", "money", -30.0),                   # 20 vs 50
        ("(all)", "contract_performance_rate", "count", -3.33),   # 66.67 vs 70
        ("(all)", "contract_performance_rate", "money", -16.67),  # 53.33 vs 70
        ("(all)", "start_rate", "money", -10.0),                  # 40 vs 50
    }
    c = cmp[cmp["unit"] == "丙园区"]   # nothing reported: unknown, not lagging
    assert c["lagging"].isna().all() and c["meets"].isna().all()


def test_before_first_deadline_nothing_is_due():
    cmp = landing_against_targets(landing_rates(status(), PROJECTS, as_of="2017-12-20", today=TODAY), targets_003())
    assert not cmp["due"].any() and lagging_units(cmp).empty
    assert set(cmp["target_pct"]) == {70.0, 50.0, 15.0}   # the 2017 targets ahead are shown


@pytest.mark.parametrize("as_of, year, perf", [("2018-03-01", 2017, 70.0), ("2018-05-30", 2017, 70.0),
                                                ("2018-05-31", 2018, 90.0), ("2018-06-30", 2018, 90.0)])
def test_target_that_applies_on_a_date(as_of, year, perf):
    cmp = landing_against_targets(landing_rates(status(), PROJECTS, as_of=as_of, today=TODAY), targets_003())
    r = cmp[(cmp["unit"] == "甲市政府") & (cmp["indicator_id"] == "fair18_contract_performance_rate")
            & (cmp["basis"] == "count")].iloc[0]
    assert r.target_id.endswith(str(year)) and r.target_pct == perf and bool(r.due)


def test_lagging_against_2018_targets():
    cmp = landing_against_targets(landing_rates(status(), PROJECTS, as_of="2018-06-30", today=TODAY), targets_003())
    a = {(r.indicator_id.removeprefix("fair18_"), r.basis) for r in lagging_units(cmp).itertuples() if r.unit == "甲市政府"}
    # 甲 on 2018-06-30 vs 90/80/30: performed 100 / 100 ok; started 75 (count) < 80; 80 (money) = 80 ok; funds 27.5 < 30
    assert a == {("start_rate", "count"), ("funds_in_place_rate", "money")}


# ------------------------------------------------------------------ 000 registry: per county, per department

PROJECTS_000 = schemas.coerce("projects", [
    proj("Z1", "zhangye_eco_2019", "循环农业产业", 11.18, "minle", "市农业农村局"),
    proj("Z2", "zhangye_eco_2019", "循环农业产业", 3.40, "ganzhou", "市农业农村局、市发改委"),
    proj("Z3", "zhangye_eco_2019", "文化旅游产业", 45.00, "ganzhou", "市文旅局"),
    proj("Z4", "zhangye_eco_2019", "文化旅游产业", 1.00, None, "市文旅局"),
])


def test_000_rates_per_county_and_department():
    st = pd.DataFrame([
        dict(project_id="Z1", as_of="2020-12-31", signed="true", contract_performed="true", started="true", funds_in_place_yi="5"),
        dict(project_id="Z2", as_of="2020-12-31", signed="true", contract_performed="false", started="true", funds_in_place_yi="1"),
        dict(project_id="Z3", as_of="2020-12-31", signed="false", contract_performed="", started="", funds_in_place_yi=""),
        dict(project_id="Z4", as_of="2020-12-31", signed="true", contract_performed="true", started="false", funds_in_place_yi="0"),
    ])
    rates = landing_rates(st, PROJECTS_000, by="jurisdiction_id", today=TODAY)
    # ganzhou: Z2 signed (Z3 not signed: out of every denominator) → count perf 0/1, start 1/1; funds 1/3.4
    g = rate(rates, "ganzhou", "start_rate", "count")
    assert (g.indicator_id, g.numerator, g.denominator, g.rate_pct) == ("eco2019_start_rate", 1, 1, 100.0)
    assert rate(rates, "ganzhou", "funds_in_place_rate", "money").rate_pct == pytest.approx(100 / 3.4)
    assert rate(rates, "minle", "contract_performance_rate", "money").rate_pct == 100.0
    assert rate(rates, "(none)", "contract_performance_rate", "count").rate_pct == 100.0   # Z4 has no county
    # (all): signed Z1, Z2, Z4 → performed 2/3; money: performed (11.18 + 1) / 15.58
    assert rate(rates, "(all)", "contract_performance_rate", "money").rate_pct == pytest.approx(100 * 12.18 / 15.58)
    # a project counts for each lead department it names: 市农业农村局 has Z1 and Z2, 市发改委 Z2
    dep = landing_rates(st, PROJECTS_000, by="lead_departments", today=TODAY)
    assert rate(dep, "市农业农村局", "start_rate", "count").denominator == 2
    assert rate(dep, "市发改委", "contract_performance_rate", "count").rate_pct == 0.0
    # no target for 000: compared rows stay without target
    cmp = landing_against_targets(rates, targets_003())
    assert cmp["target_id"].isna().all() and lagging_units(cmp).empty


# ------------------------------------------------------------------ template and validation

def test_template_has_every_project_and_blank_status():
    t = landing_template(PROJECTS)
    assert list(t.columns) == TEMPLATE_COLUMNS and t["project_id"].tolist() == PROJECTS["project_id"].tolist()
    assert t[["as_of", "signed", "contract_performed", "started", "funds_in_place_yi"]].isna().all().all()
    # a blank template reports nothing and gives no rates
    assert validate_status(t, PROJECTS, today=TODAY).empty


def test_template_of_the_real_003_registry_round_trips():
    projects = schemas.coerce("projects", parsed("003").projects)
    t = landing_template(projects)
    assert len(t) == 346   # 序号 1–346, 003 lines 35–466
    t.loc[0, ["as_of", "started"]] = ["2017-12-31", "true"]
    back = validate_status(read_status(io.StringIO(t.to_csv(index=False))), projects, today=TODAY)
    assert back["project_id"].tolist() == ["003-01-001"] and back["signed"].tolist() == [True]
    tg = schemas.coerce("targets", parsed("003").targets)
    fair = tg[tg["indicator_id"].str.startswith("fair18_")]
    assert sorted({target_deadline(r, y) for r, y in zip(fair["raw"], fair["target_year"])}) == [
        dt.date(2017, 12, 31), dt.date(2018, 5, 31)]


def test_findings_are_warnings_not_errors():
    v = validate_status(status(), PROJECTS, today=TODAY)
    b1 = v[v["project_id"] == "B1"].iloc[0]
    assert "funds in place 2.5亿元 exceed the total investment 2亿元" in b1.finding
    z = validate_status(pd.DataFrame([dict(project_id="Z3", as_of="2020-01-01", signed="false", started="true")]),
                        PROJECTS_000, today=TODAY)
    assert "not signed" in z.iloc[0].finding


@pytest.mark.parametrize("row, field, words", [
    (dict(project_id="X9", as_of="2017-12-31", started="true"), "project_id", "unknown project_id"),
    (dict(project_id="A1", as_of="2017-12-31", funds_in_place_yi="-1"), "funds_in_place_yi", "negative"),
    (dict(project_id="A1", as_of="2017-12-31", funds_in_place_yi="三亿"), "funds_in_place_yi", "expected a number"),
    (dict(project_id="A1", as_of="2024-01-02", started="true"), "as_of", "future"),
    (dict(project_id="A1", as_of="31/12/2017", started="true"), "as_of", "YYYY-MM-DD"),
    (dict(project_id="A1", as_of="", started="true"), "as_of", "empty"),
    (dict(project_id="A1", as_of="2017-12-31", started="perhaps"), "started", "true/false"),
])
def test_bad_status_rows_name_row_and_field(row, field, words):
    good = dict(project_id="A2", as_of="2017-12-31", started="true")
    with pytest.raises(ValueError) as e:
        validate_status(pd.DataFrame([good, row]), PROJECTS, today=TODAY)
    msg = str(e.value)
    assert ":2:" in msg and field in msg and words in msg


def test_other_input_errors():
    with pytest.raises(ValueError, match="unknown column"):
        validate_status(pd.DataFrame([dict(project_id="A1", as_of="2017-12-31", funds="1")]), PROJECTS, today=TODAY)
    with pytest.raises(ValueError, match="already given in row 1"):
        validate_status(pd.DataFrame([dict(project_id="A1", as_of="2017-12-31", started="true")] * 2), PROJECTS, today=TODAY)
    with pytest.raises(ValueError, match="signed.*not all signed"):
        validate_status(pd.DataFrame([dict(project_id="Z1", as_of="2020-12-31", started="true")]), PROJECTS_000, today=TODAY)
    with pytest.raises(ValueError, match="no column"):
        landing_rates(status(), PROJECTS, by="county", today=TODAY)
