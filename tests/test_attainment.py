"""Target attainment as of a date, on cases worked out by hand (zyanalysis.scoring.attainment)."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zyanalysis.data import schemas
from zyanalysis.api import attainment
from zyanalysis.scoring.attainment import (STATUSES, compare, compute_attainment,
                                           theil_sen_projection)

# 001 附件1 (lines 46–65): 2021年, 2022年, 2023年 完成情况 (actual), 2024年 预计完成情况 (estimate),
# 2025年 计划目标 (target).
# 规模以上工业总产值（亿元） lines 60–65: 99, 132, 146, 155, 170.
# 规模以上工业增加值增速（%） lines 67–72: 12.5, 15, 8.6, 8, 12.
# 工业固定资产投资（亿元） lines 74–79: 14.5, 53.6, 84.1, 76, 84.
# 工业增加值占GDP比重（%） lines 81–86: 10, 10.2, 10.1, 11.4, 12.
ROWS = {
    "industrial_output_above_scale": ("亿元", [99, 132, 146, 155], 170),
    "industrial_value_added_growth_above_scale": ("%", [12.5, 15, 8.6, 8], 12),
    "industrial_fixed_asset_investment": ("亿元", [14.5, 53.6, 84.1, 76], 84),
    "industrial_value_added_share_gdp": ("%", [10, 10.2, 10.1, 11.4], 12),
}


def obs_frame(rows: list[tuple]) -> pd.DataFrame:
    """observations from (jurisdiction, indicator, unit, year, value, kind[, source]) tuples."""
    recs = []
    for n, r in enumerate(rows):
        j, i, u, y, v, k = r[:6]
        src = r[6] if len(r) > 6 else f"test:{100 + n}"
        recs.append(dict(series_id=f"{j}.{i}", doc_id="test", line=100 + n, source=src, jurisdiction_id=j,
                         indicator_id=i, indicator_zh=i, indicator_en=i, unit=u, year=y, value=v, kind=k))
    return schemas.coerce("observations", recs) if recs else schemas.empty("observations")


def target_frame(rows: list[dict]) -> pd.DataFrame:
    """targets from partial dicts (sensible defaults for the rest)."""
    recs = []
    for r in rows:
        d = dict(doc_id="test", line=1, source="test:1", jurisdiction_id="ganzhou",
                 indicator_zh=r["indicator_id"], indicator_en=r["indicator_id"], unit="%",
                 target_year=2025, comparator=">=", higher_is_better=True, is_reduction=False,
                 aspirational=False, raw="")
        d.update(r)
        d.setdefault("target_id", f"test.{d['jurisdiction_id']}.{d['indicator_id']}.{d['target_year']}")
        recs.append(d)
    return schemas.coerce("targets", recs)


def table_001(extra: list[tuple] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hand-typed frames of the four 001 rows quoted above, plus ``extra`` observations."""
    obs, tg = [], []
    for ind, (unit, vals, target) in ROWS.items():
        for year, v in zip(range(2021, 2025), vals):
            obs.append(("ganzhou", ind, unit, year, v, "estimate" if year == 2024 else "actual"))
        tg.append(dict(indicator_id=ind, unit=unit, target_value=target, raw=str(target)))
    return target_frame(tg), obs_frame(obs + list(extra))


def score(as_of: str, extra: list[tuple] = ()) -> pd.DataFrame:
    t, o = table_001(extra)
    return compute_attainment(t, o, as_of=as_of).set_index("indicator")


# ----------------------------------------------------------------------- as of a date

def test_every_2025_target_awaits_data_today_and_none_is_a_verdict():
    r = score("2026-12-04")
    assert set(r.status) == {"awaiting_data"}
    assert r.year_over.all()
    # the latest evidence stays visible as context, labelled as the plan's estimate
    row = r.loc["industrial_output_above_scale"]
    assert (row.latest_year, row.latest_value, row.latest_kind) == (2024, 155.0, "estimate")
    assert "no actual for 2025" in row.reason


def test_before_the_target_year_ends_status_is_judged_by_pace():
    r = score("2025-06-30")
    assert not r.year_over.any()
    # 规模以上工业总产值: 170/155 needs 9.68 %/yr; 99 → 155 over 2021–2024 grew 16.1 %/yr: on track
    out = r.loc["industrial_output_above_scale"]
    assert out.pace_unit == "%/yr"
    assert out.required_pace == pytest.approx((170 / 155 - 1) * 100)
    assert round(out.required_pace, 2) == 9.68
    assert out.actual_pace == pytest.approx(((155 / 99) ** (1 / 3) - 1) * 100)
    assert out.latest_pace == pytest.approx((155 / 146 - 1) * 100)
    assert out.status == "on_track"


def test_evidence_of_a_year_counts_only_after_the_year_ends():
    # on 2024-06-30 the 2024 estimate cannot be known yet: the latest figure is 2023's actual
    r = score("2024-06-30").loc["industrial_output_above_scale"]
    assert (r.latest_year, r.latest_value, r.latest_kind) == (2023, 146.0, "actual")
    assert r.required_pace == pytest.approx(((170 / 146) ** 0.5 - 1) * 100)


# ----------------------------------------------------------------------- kinds

def test_growth_rate_is_judged_year_by_year_never_compounded():
    # 001:72 增速 ≥ 12: 2021 12.5 ✓, 2022 15 ✓, 2023 8.6 ✗, 2024 预计 8 ✗
    r = score("2025-06-30").loc["industrial_value_added_growth_above_scale"]
    assert r.kind == "growth_rate"
    assert r.year_by_year == "2021 12.5 ✓; 2022 15 ✓; 2023 8.6 ✗; 2024 8 est. ✗"
    assert pd.isna(r.required_pace) and pd.isna(r.projected)  # no "required growth 50 %"
    assert r.status == "off_track" and "2023 and 2024 both miss" in r.reason


def test_share_is_measured_in_percentage_points():
    # 工业增加值占GDP比重 11.4 (2024 预计) → 12 in 2025: +0.6 pp, not 12/11.4 − 1 = 5.3 %
    r = score("2025-06-30").loc["industrial_value_added_share_gdp"]
    assert r.pace_unit == "pp/yr"
    assert r.required_pace == pytest.approx(0.6)
    assert r.gap == pytest.approx(0.6)
    assert r.actual_pace == pytest.approx((11.4 - 10) / 3)       # 0.467 pp/yr since 2021
    assert r.latest_pace == pytest.approx(1.3)                     # 10.1 → 11.4
    assert r.status == "at_risk"                                   # 0.467/0.6 = 0.78
    assert 0 <= r.projected_low <= r.projected_high <= 100


def test_share_projection_is_bounded_to_0_100():
    t = target_frame([dict(indicator_id="industrial_value_added_share_gdp", target_value=99, target_year=2040)])
    o = obs_frame([("ganzhou", "industrial_value_added_share_gdp", "%", y, v, "actual")
                   for y, v in ((2020, 30), (2021, 50), (2022, 70))])
    r = compute_attainment(t, o, as_of="2023-03-01").iloc[0]
    assert r.projected == 100 and r.projected_high == 100


def test_trend_interval_needs_three_points():
    p, lo, hi = theil_sen_projection([2021, 2022], [1.0, 2.0], 2025, log=False)
    assert p == pytest.approx(5.0) and math.isnan(lo) and math.isnan(hi)
    p, lo, hi = theil_sen_projection([2021, 2022, 2023], [1.0, 2.0, 3.5], 2025, log=False)
    assert lo <= p <= hi and hi > lo


def test_cap_within_its_ceiling_is_on_track_then_settled_by_its_year():
    # 002 能源消费总量 ≤ 8953 万吨标准煤 by 2020; 2016: 7333.62
    t = target_frame([dict(indicator_id="energy_consumption_total", unit="万吨标准煤", comparator="<=",
                           target_value=8953, target_year=2020, higher_is_better=False)])
    base = [("gansu_x", "energy_consumption_total", "万吨标准煤", 2016, 7333.62, "actual")]
    t["jurisdiction_id"] = "gansu_x"
    r = compute_attainment(t, obs_frame(base), as_of="2019-01-01").iloc[0]
    assert r.kind == "cap" and r.status == "on_track" and "already at target" in r.reason
    assert r.gap == pytest.approx(7333.62 - 8953)          # negative: below the ceiling
    r = compute_attainment(t, obs_frame(base), as_of="2026-12-04").iloc[0]
    assert r.status == "awaiting_data"                      # 2016 data cannot settle 2020
    over = base + [("gansu_x", "energy_consumption_total", "万吨标准煤", 2020, 9000.0, "actual")]
    r = compute_attainment(t, obs_frame(over), as_of="2026-12-04").iloc[0]
    assert r.status == "not_achieved" and r.gap == pytest.approx(47.0)


def test_reduction_against_a_base_year_in_points_of_cut():
    # 001:26 规模以上工业单位增加值能耗较2020年下降13.5%; levels invented: 1.00 (2020), 0.90 (2023)
    t = target_frame([dict(indicator_id="energy_intensity_above_scale", unit="%", target_value=13.5,
                           is_reduction=True, base_year=2020, higher_is_better=False)])
    lv = [("ganzhou", "energy_intensity_above_scale", "吨标准煤/万元", 2020, 1.00, "actual"),
          ("ganzhou", "energy_intensity_above_scale", "吨标准煤/万元", 2023, 0.90, "actual")]
    r = compute_attainment(t, obs_frame(lv), as_of="2024-03-01").iloc[0]
    assert r.target_level == pytest.approx(0.865)
    assert r.gap == pytest.approx(3.5)                            # 13.5 − 10 pp of cut
    assert r.pace_unit == "pp/yr"
    assert r.required_pace == pytest.approx(3.5 / 2)              # 1.75 pp/yr in 2024–2025
    assert r.actual_pace == pytest.approx(10 / 3)                 # 3.33 pp/yr since 2020
    assert r.status == "on_track"
    done = lv + [("ganzhou", "energy_intensity_above_scale", "吨标准煤/万元", 2025, 0.86, "actual")]
    r = compute_attainment(t, obs_frame(done), as_of="2026-06-01").iloc[0]
    assert r.status == "achieved" and r.gap == pytest.approx(13.5 - 14.0)


def test_flow_is_each_year_against_the_annual_figure():
    # 001:29 "2024年新增规模以上工业企业10户"-style flow: each year stands alone
    t = target_frame([dict(indicator_id="enterprises_upgraded_to_above_scale", unit="户", target_value=10)])
    o = [("ganzhou", "enterprises_upgraded_to_above_scale", "户", 2023, 7, "actual"),
         ("ganzhou", "enterprises_upgraded_to_above_scale", "户", 2024, 12, "actual")]
    r = compute_attainment(t, obs_frame(o), as_of="2025-03-01").iloc[0]
    assert r.year_by_year == "2023 7 ✗; 2024 12 ✓" and r.status == "on_track"
    o.append(("ganzhou", "enterprises_upgraded_to_above_scale", "户", 2025, 8, "actual"))
    r = compute_attainment(t, obs_frame(o), as_of="2026-12-04").iloc[0]
    assert r.status == "not_achieved" and r.gap == pytest.approx(2.0)


# ----------------------------------------------------------------------- evidence

def test_a_researcher_actual_settles_the_target_with_its_gap():
    met = score("2026-12-04", [("ganzhou", "industrial_output_above_scale", "亿元", 2025, 172.0, "actual",
                                "actuals/2025.csv:2")]).loc["industrial_output_above_scale"]
    assert met.status == "achieved" and met.gap == pytest.approx(-2.0) and met.target_year_actual == 172
    assert met.latest_source == "actuals/2025.csv:2"              # the evidence names its file and row
    missed = score("2026-12-04", [("ganzhou", "industrial_output_above_scale", "亿元", 2025, 168.0, "actual",
                                   "actuals/2025.csv:2")]).loc["industrial_output_above_scale"]
    assert missed.status == "not_achieved" and missed.gap == pytest.approx(2.0)


def test_an_estimate_never_meets_a_target():
    # 001:5 states 2024's 155 as a target; the table's 2024 column (155) is 预计
    t = target_frame([dict(indicator_id="industrial_output_above_scale", unit="亿元", target_value=155,
                           target_year=2024, source="001:5")])
    o = obs_frame([("ganzhou", "industrial_output_above_scale", "亿元", y, v, k) for y, v, k in
                   ((2022, 132, "actual"), (2023, 146, "actual"), (2024, 155, "estimate"))])
    r = compute_attainment(t, o, as_of="2025-06-30").iloc[0]
    assert r.status == "awaiting_data" and not r.met


def test_a_target_is_not_its_own_evidence():
    # a figure for the target year stated on the target's own line is the target, not evidence
    t = target_frame([dict(indicator_id="industry_output_new_materials", unit="亿元", target_value=25,
                           target_year=2025, source="001:9")])
    o = obs_frame([("ganzhou", "industry_output_new_materials", "亿元", 2025, 25.0, "actual", "001:9")])
    r = compute_attainment(t, o, as_of="2026-12-04").iloc[0]
    assert r.status == "awaiting_data" and r.n_obs == 0


def test_latest_figure_moving_away_is_not_on_track():
    # 工业固定资产投资: 2023 actual 84.1 met 84, but the 2024 estimate fell to 76
    r = score("2025-06-30").loc["industrial_fixed_asset_investment"]
    assert r.status == "at_risk" and "84.1" in r.reason and "76" in r.reason
    assert r.latest_pace == pytest.approx((76 / 84.1 - 1) * 100)  # shown beside the long-run pace
    assert r.actual_pace > 0


def test_restatements_are_one_row_with_every_source():
    t = target_frame([dict(indicator_id="industrial_output_above_scale", unit="亿元", target_value=170,
                           source="001:65", target_id="a"),
                      dict(indicator_id="industrial_output_above_scale", unit="亿元", target_value=170,
                           source="001:5", target_id="b", aspirational=True)])
    r = compute_attainment(t, obs_frame([]), as_of="2026-12-04")
    assert len(r) == 1 and r.source[0] == "001:65; 001:5" and r.target_ids[0] == "a; b"


def test_qualitative_and_dataless_targets_say_why():
    t = target_frame([dict(indicator_id="air_quality_good_days_ratio", comparator="national"),
                      dict(indicator_id="forest_coverage", target_value=40.0)])
    r = compute_attainment(t, obs_frame([]), as_of="2025-01-01").set_index("indicator")
    assert r.loc["air_quality_good_days_ratio"].status == "not_scorable"
    assert "national" in r.loc["air_quality_good_days_ratio"].reason
    assert r.loc["forest_coverage"].status == "not_scorable"
    assert "no figures" in r.loc["forest_coverage"].reason


def test_comparators_about_and_range():
    assert compare(60.5, ">", 60) and not compare(60, ">", 60)
    assert compare(5.8, "~", 6) and not compare(5.6, "~", 6)          # ±5 %: 5.7 is the edge
    assert compare(5.0, "range", 5, 5.5) and not compare(4.9, "range", 5, 5.5)
    assert compare(5.5, "range", 5, 5.5, higher_is_better=False)


@pytest.mark.slow  # a long property test: in .ci/run, not in the quick loop
@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0.1, max_value=1e4), min_size=1, max_size=6),
       st.floats(min_value=0.1, max_value=1e4), st.sampled_from(["2022-06-01", "2026-12-04"]))
def test_every_target_gets_exactly_one_known_status(values, target, as_of):
    t = target_frame([dict(indicator_id="industrial_output_above_scale", unit="亿元", target_value=target,
                           target_year=2024)])
    o = obs_frame([("ganzhou", "industrial_output_above_scale", "亿元", 2019 + i, v, "actual")
                   for i, v in enumerate(values)])
    r = compute_attainment(t, o, as_of=as_of)
    assert len(r) == 1 and r.status[0] in STATUSES


# ----------------------------------------------------------------------- the real tables

def test_api_counts_equal_one_row_per_target():
    import zyanalysis as zy
    att = zy.attainment("ganzhou", as_of="2026-12-04")
    assert att.target_id.is_unique
    t = zy.load_targets()
    g = t[t.jurisdiction_id == "ganzhou"]
    key = g[["indicator_id", "industry_id", "target_year", "comparator", "target_value"]].astype("string").fillna("").agg("|".join, axis=1)
    assert len(att) == key.nunique()
    # 001 line 8 (新材料 预计达到20亿元, 力争2025年25亿元): the 2024 figure is an estimate, not a target
    assert not ((t.source == "001:9") & (t.target_year == 2024)).any()
    assert ((t.source == "001:9") & (t.target_year == 2025)).sum() == 1


def test_real_ganzhou_and_gansu_verdicts_today_and_mid_2025():
    now = attainment("ganzhou", as_of="2026-12-04")
    assert now.status.isin(["awaiting_data", "not_scorable"]).all()
    mid = attainment("ganzhou", as_of="2025-06-30").set_index("target_id")
    assert mid.loc["001.ganzhou.industrial_value_added_growth_above_scale.2025", "status"] == "off_track"
    assert mid.loc["001.ganzhou.industrial_fixed_asset_investment.2025", "status"] == "at_risk"
    gansu = attainment("gansu", as_of="2026-12-04")
    # 2016 figures cannot settle 2020 or 2025 targets
    assert not gansu.status.isin(["achieved", "on_track"]).any()
    with pytest.raises(ValueError, match="unknown jurisdiction"):
        attainment("nowhere")


def test_flow_latest_actual_decides_and_a_later_estimate_can_only_lower_it():
    # 001 小升规 (lines 117–121): 2021 10, 2022 11, 2023 14 actual, 2024 预计 10; ≥ 10 a year
    t = target_frame([dict(indicator_id="enterprises_upgraded_to_above_scale", unit="户", target_value=10)])
    rows = [("ganzhou", "enterprises_upgraded_to_above_scale", "户", y, v, k) for y, v, k in
            ((2021, 10, "actual"), (2022, 11, "actual"), (2023, 14, "actual"), (2024, 10, "estimate"))]
    r = compute_attainment(t, obs_frame(rows), as_of="2025-06-30").iloc[0]
    assert r.status == "on_track" and r.reason == "2023 actual meets the target; so does the 2024 estimate"
    rows[-1] = ("ganzhou", "enterprises_upgraded_to_above_scale", "户", 2024, 8, "estimate")
    r = compute_attainment(t, obs_frame(rows), as_of="2025-06-30").iloc[0]
    assert r.status == "at_risk" and "2024 estimate misses" in r.reason


def test_theil_sen_without_scipy_matches_scipy_bit_for_bit():
    """The numpy Theil–Sen (no scipy.stats import per process) gives scipy's numbers exactly."""
    import numpy as np
    from scipy import stats
    from scipy.stats import distributions

    from zyanalysis.scoring.attainment import _NORM_PPF, _theilslopes

    for conf, z in _NORM_PPF.items():
        assert distributions.norm.ppf((1. - conf) / 2.) == z
    rng = np.random.default_rng(13)
    for i in range(400):
        n = int(rng.integers(2, 12))
        x = rng.choice(np.arange(2010, 2030, dtype=float), n, replace=bool(i % 3 == 0))
        y = rng.normal(50, 30, n)
        if i % 4 == 0:
            y = np.round(y)  # ties in y
        if len(np.unique(x)) < 2:
            continue
        for conf in (0.90, 0.95):
            ours = _theilslopes(y, x, conf)
            s, _, lo, hi = stats.theilslopes(y, x, alpha=conf)
            assert [float(v) for v in ours] == [float(s), float(lo), float(hi)] or \
                np.array_equal(np.array(ours, float), np.array([s, lo, hi], float), equal_nan=True)
