"""Target attainment on cases worked out by hand (zyanalysis.scoring.attainment)."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zyanalysis.data import schemas
from zyanalysis.scoring.attainment import attainment, compare, compute_attainment

# 001 lines 46–65: the indicator table has columns 2021年, 2022年, 2023年 (完成情况, actual), 2024年
# (预计完成情况 = estimate, line 57) and 2025年 (目标, line 58).
# 规模以上工业总产值（亿元） line 60: 99, 132, 146, 155, 170 (lines 61–65).
# 工业增加值占GDP比重（%） line 81: 10, 10.2, 10.1, 11.4, 12 (lines 82–86).
OUTPUT = ("industrial_output_above_scale", "规模以上工业总产值", "亿元", [99, 132, 146, 155], 170, 60)
SHARE = ("industrial_value_added_share_gdp", "工业增加值占GDP比重", "%", [10, 10.2, 10.1, 11.4], 12, 81)


def obs_frame(rows: list[tuple]) -> pd.DataFrame:
    """observations from (jurisdiction, indicator, unit, year, value, kind) tuples."""
    recs = [dict(series_id=f"{j}.{i}", doc_id="test", line=1, source="test:1", jurisdiction_id=j,
                 indicator_id=i, indicator_zh=i, indicator_en=i, unit=u, year=y, value=v, kind=k)
            for j, i, u, y, v, k in rows]
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


def ganzhou_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hand-typed frames of the two Ganzhou rows of 001 quoted above."""
    obs, tg = [], []
    for ind, zh, unit, vals, target, line in (OUTPUT, SHARE):
        for year, v in zip(range(2021, 2025), vals):
            obs.append(("ganzhou", ind, unit, year, v, "estimate" if year == 2024 else "actual"))
        tg.append(dict(indicator_id=ind, indicator_zh=zh, unit=unit, target_value=target,
                       line=line + 5, raw=str(target)))
    return target_frame(tg), obs_frame(obs)


@pytest.fixture(scope="module")
def ganzhou() -> pd.DataFrame:
    t, o = ganzhou_frames()
    return compute_attainment(t, o).set_index("indicator")


def test_required_columns(ganzhou):
    for c in ["jurisdiction", "indicator", "target_year", "target_value", "latest_year",
              "latest_value", "latest_kind", "ratio", "required_growth", "actual_growth",
              "projected", "projected_low", "projected_high", "status", "target_id", "unit",
              "indicator_zh", "reason", "csi", "api"]:
        assert c in ganzhou.reset_index().columns


def test_ganzhou_output_worked_example(ganzhou):
    r = ganzhou.loc["industrial_output_above_scale"]
    assert r["latest_year"] == 2024 and r["latest_value"] == 155
    assert r["latest_kind"] == "estimate"                    # 2024 is 预计 (001:57)
    assert r["required_growth"] == pytest.approx(170 / 155 - 1)   # = 0.0968
    assert round(r["required_growth"], 4) == 0.0968
    # compound growth 2021 (99) → 2024 (155) over 3 years: (155/99)^(1/3) − 1 = 0.1612
    assert r["actual_growth"] == pytest.approx((155 / 99) ** (1 / 3) - 1)
    assert round(r["actual_growth"], 4) == 0.1612
    assert r["ratio"] == pytest.approx(155 / 170)
    assert r["gap"] == pytest.approx(15)
    assert not r["met"]
    # Theil–Sen on logs: pairwise slopes ln(132/99), ln(146/99)/2, ln(155/99)/3, ln(146/132),
    # ln(155/132)/2, ln(155/146); median of six = mean of the 3rd and 4th smallest:
    # ln(146/132) = 0.1008 and ln(155/99)/3 = 0.1495 → 0.12515; the line passes through
    # (2022.5, mean of ln 132 and ln 146) → 2025: exp(4.9332 + 2.5 × 0.12515) = 189.8
    slope = (math.log(146 / 132) + math.log(155 / 99) / 3) / 2
    proj = math.exp((math.log(132) + math.log(146)) / 2 + 2.5 * slope)
    assert r["projected"] == pytest.approx(proj)
    assert round(r["projected"], 1) == 189.8
    assert r["projected_low"] <= r["projected"] <= r["projected_high"]
    # ESCAP current status: (155 − 99)/(170 − 99) = 56/71
    assert r["csi"] == pytest.approx(56 / 71)
    assert r["growth_ratio"] > 1 and r["api"] > 1
    assert r["status"] == "on_track"


def test_ganzhou_share(ganzhou):
    r = ganzhou.loc["industrial_value_added_share_gdp"]
    assert r["latest_value"] == pytest.approx(11.4) and r["latest_kind"] == "estimate"
    assert r["required_growth"] == pytest.approx(12 / 11.4 - 1)      # 0.0526
    assert r["actual_growth"] == pytest.approx((11.4 / 10) ** (1 / 3) - 1)   # 0.0446
    assert r["ratio"] == pytest.approx(0.95)
    assert r["csi"] == pytest.approx((11.4 - 10) / (12 - 10))           # 0.7
    # 0.0446/0.0526 = 0.848 < 1 but ≥ 0.5 → at risk
    assert r["growth_ratio"] == pytest.approx(((11.4 / 10) ** (1 / 3) - 1) / (12 / 11.4 - 1))
    assert r["status"] == "at_risk"


def test_share_from_2023_actual_only():
    # 工业增加值占GDP比重 10.1 % in 2023 (001:84, actual) → 12 % in 2025: two years to go
    t = target_frame([dict(indicator_id="share", target_value=12)])
    o = obs_frame([("ganzhou", "share", "%", 2023, 10.1, "actual")])
    r = compute_attainment(t, o).iloc[0]
    assert r["latest_kind"] == "actual" and r["latest_year"] == 2023
    assert r["required_growth"] == pytest.approx((12 / 10.1) ** 0.5 - 1)   # 0.0900
    assert r["status"] == "not_scorable" and "one figure" in r["reason"]
    assert r["ratio"] == pytest.approx(10.1 / 12)


def test_actual_wins_over_estimate_for_same_year():
    t = target_frame([dict(indicator_id="x", target_value=10)])
    o = obs_frame([("ganzhou", "x", "%", 2023, 5, "actual"), ("ganzhou", "x", "%", 2024, 9, "estimate"),
                   ("ganzhou", "x", "%", 2024, 8, "actual")])
    r = compute_attainment(t, o).iloc[0]
    assert r["latest_value"] == 8 and r["latest_kind"] == "actual"


def reduction(latest: float, comparator: str = ">=") -> pd.Series:
    """Energy intensity −13.5 % vs 2020 (001:26); 2020 level 1.0, given latest in 2024."""
    t = target_frame([dict(indicator_id="ei", unit="%", target_value=13.5, comparator=comparator,
                           higher_is_better=False, is_reduction=True, base_year=2020)])
    o = obs_frame([("ganzhou", "ei", "吨标准煤/万元", 2020, 1.0, "actual"),
                   ("ganzhou", "ei", "吨标准煤/万元", 2024, latest, "actual")])
    return compute_attainment(t, o).iloc[0]


def test_reduction_met_at_86_5_percent():
    r = reduction(0.865)
    assert r["target_level"] == pytest.approx(0.865)
    assert bool(r["met"]) and r["status"] == "achieved"
    assert r["ratio"] == pytest.approx(1.0)


def test_reduction_missed():
    r = reduction(0.87)                     # only a 13 % cut
    assert not bool(r["met"]) and r["status"] != "achieved"
    assert r["ratio"] == pytest.approx(0.865 / 0.87)
    assert r["gap"] == pytest.approx(0.87 - 0.865)
    # one year to go: needs 0.865/0.87 − 1 = −0.57 % (a fall)
    assert r["required_growth"] == pytest.approx(0.865 / 0.87 - 1)


def test_reduction_same_whichever_way_the_comparator_is_written():
    # 001's parser writes the cut as '<=' (level at most −13.5 %); a '>=' cut means the same
    assert bool(reduction(0.865, "<=")["met"]) and not bool(reduction(0.87, "<=")["met"])
    assert not bool(reduction(0.865, ">")["met"])        # strictly more than 13.5 %


def test_reduction_without_base_level_not_scorable():
    t = target_frame([dict(indicator_id="ei", target_value=13.5, higher_is_better=False,
                           is_reduction=True, base_year=2020)])
    o = obs_frame([("ganzhou", "ei", "吨标准煤/万元", 2024, 0.9, "actual")])
    r = compute_attainment(t, o).iloc[0]
    assert r["status"] == "not_scorable" and "2020" in r["reason"]


def strict(value: float) -> pd.Series:
    """'＞60' target (002 style) for 2025 with one 2025 actual."""
    t = target_frame([dict(indicator_id="g", target_value=60, comparator=">", jurisdiction_id="gansu")])
    o = obs_frame([("gansu", "g", "%", 2016, 50, "actual"), ("gansu", "g", "%", 2025, value, "actual")])
    return compute_attainment(t, o).iloc[0]


def test_strict_comparator():
    assert bool(strict(60.5)["met"]) and strict(60.5)["status"] == "achieved"
    r = strict(60)
    assert not bool(r["met"])
    assert r["status"] == "off_track" and "2025" in r["reason"]    # deadline reached


def test_compare_function():
    assert compare(60.5, ">", 60) and not compare(60, ">", 60)
    assert compare(60, ">=", 60) and compare(5, "<=", 5) and not compare(5, "<", 5)
    with pytest.raises(ValueError):
        compare(1, "national", 1)


@pytest.mark.parametrize("comparator, why", [("national", "完成国家指标"), ("pending", "'-'")])
def test_qualitative_not_scorable_never_zero(comparator, why):
    t = target_frame([dict(indicator_id="q", comparator=comparator, target_value=None)])
    o = obs_frame([("ganzhou", "q", "%", 2023, 5, "actual"), ("ganzhou", "q", "%", 2024, 6, "actual")])
    r = compute_attainment(t, o).iloc[0]
    assert r["status"] == "not_scorable" and why in r["reason"]
    assert pd.isna(r["ratio"]) and pd.isna(r["required_growth"])


def test_no_data_and_unit_mismatch():
    t = target_frame([dict(indicator_id="a", target_value=5), dict(indicator_id="b", target_value=5)])
    o = obs_frame([("ganzhou", "b", "亿元", 2023, 5, "actual"), ("ganzhou", "b", "亿元", 2024, 6, "actual")])
    r = compute_attainment(t, o).set_index("indicator")
    assert r.loc["a", "status"] == "not_scorable" and r.loc["a", "reason"] == "no observations of this indicator"
    assert r.loc["b", "status"] == "not_scorable" and "亿元" in r.loc["b", "reason"]


def test_less_is_better_target():
    # at most 20 by 2025; 30 (2022) → 24 (2024): ratio 20/24, needs −16.7 % in one year
    t = target_frame([dict(indicator_id="c", target_value=20, comparator="<=", higher_is_better=False)])
    o = obs_frame([("ganzhou", "c", "%", 2022, 30, "actual"), ("ganzhou", "c", "%", 2024, 24, "actual")])
    r = compute_attainment(t, o).iloc[0]
    assert r["ratio"] == pytest.approx(20 / 24)
    assert r["gap"] == pytest.approx(4)
    assert r["required_growth"] == pytest.approx(20 / 24 - 1)
    assert r["actual_growth"] == pytest.approx((24 / 30) ** 0.5 - 1)
    # both negative; pace so far (−10.6 %/yr) is 0.64 of the −16.7 % needed → at risk
    assert r["growth_ratio"] == pytest.approx(((24 / 30) ** 0.5 - 1) / (20 / 24 - 1))
    assert r["csi"] == pytest.approx((24 - 30) / (20 - 30))          # 0.6
    assert r["status"] == "at_risk"


def test_public_function_filters_jurisdiction():
    t, o = ganzhou_frames()
    t2 = pd.concat([t, target_frame([dict(jurisdiction_id="linze", indicator_id="z", target_value=1)])])
    assert set(attainment("甘州区", targets=t2, observations=o)["jurisdiction"]) == {"ganzhou"}
    assert len(attainment(targets=t2, observations=o)) == 3
    with pytest.raises(ValueError, match="unknown jurisdiction"):
        attainment("nowhere", targets=t2, observations=o)


@settings(max_examples=60, deadline=None)
@given(vals=st.lists(st.floats(1, 1000), min_size=2, max_size=6), target=st.floats(1, 2000))
def test_projection_interval_contains_projection(vals, target):
    t = target_frame([dict(indicator_id="p", target_value=target, unit="亿元")])
    o = obs_frame([("ganzhou", "p", "亿元", 2018 + i, v, "actual") for i, v in enumerate(vals)])
    r = compute_attainment(t, o).iloc[0]
    lo, p, hi = r["projected_low"], r["projected"], r["projected_high"]
    assert lo <= p * (1 + 1e-9) and p <= hi * (1 + 1e-9)
    assert r["status"] in {"achieved", "on_track", "at_risk", "off_track", "not_scorable"}
    assert r["ratio"] == pytest.approx(vals[-1] / target)


def test_escap_indices_undefined_when_base_already_meets_target():
    # 规模以上工业增加值增速 (001:67–72): 12.5, 15, 8.6 (2021–23), 8 (2024 预计), target 12 (2025).
    # The 2021 base 12.5 already exceeds 12, so no progress is 'needed': csi/api NaN.
    t = target_frame([dict(indicator_id="gr", target_value=12)])
    o = obs_frame([("ganzhou", "gr", "%", y, v, "estimate" if y == 2024 else "actual")
                   for y, v in zip(range(2021, 2025), [12.5, 15, 8.6, 8])])
    r = compute_attainment(t, o).iloc[0]
    assert pd.isna(r["csi"]) and pd.isna(r["api"])
    assert r["required_growth"] == pytest.approx(12 / 8 - 1)                # 0.5
    assert r["actual_growth"] == pytest.approx((8 / 12.5) ** (1 / 3) - 1)   # −0.138
    assert r["status"] == "off_track"                                       # moving away


def test_restated_targets_collapse_into_one_row_with_both_sources():
    """001 states 规模以上工业总产值 ≥170 for 2025 in 附件1 (line 65) and in the prose (line 5)."""
    from zyanalysis.scoring.attainment import collapse_restatements
    import zyanalysis as zy
    att = zy.attainment("ganzhou")
    one = collapse_restatements(att)
    rows = one[(one.indicator == "industrial_output_above_scale") & (one.target_year == 2025)]
    assert len(rows) == 1
    assert set(rows.iloc[0].source.split("; ")) == {"001:65", "001:5"}
    # a target with a different value is never merged: 2024 (155, line 5) stays apart from 2025
    assert len(one[one.indicator == "industrial_output_above_scale"]) == 2
    assert len(one) == len(att) - 10   # ten indicator-years are stated twice (table + prose)
