"""Composite scores on small matrices worked out by hand (zyanalysis.scoring.composite)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from test_assessment import EXAMPLE, county_frameworks
from zyanalysis.scoring.assessment import read_assessment_inputs, score_assessment
from zyanalysis.scoring.composite import (aggregate, composite, composite_scores, normalise,
                                  official_weights, performance_matrix)

M = pd.DataFrame({"x": [1.0, 3.0, 5.0], "y": [10.0, 20.0, 40.0]}, index=["a", "b", "c"])


def test_minmax_by_hand():
    n = normalise(M, "minmax")
    assert list(n["x"]) == pytest.approx([0, 0.5, 1])
    assert list(n["y"]) == pytest.approx([0, 1 / 3, 1])
    r = composite_scores(M).set_index("unit")            # equal weights, arithmetic
    assert list(r.loc[["a", "b", "c"], "score"]) == pytest.approx([0, (0.5 + 1 / 3) / 2, 1])
    assert list(r.loc[["a", "b", "c"], "rank"]) == [3, 2, 1]


def test_less_is_better_is_turned_round():
    n = normalise(M, "minmax", higher_is_better={"y": False})
    assert list(n["x"]) == pytest.approx([0, 0.5, 1])      # untouched
    assert list(n["y"]) == pytest.approx([1, 2 / 3, 0])


def test_zscore_and_rank_by_hand():
    z = normalise(M, "zscore")
    sd = math.sqrt(((1 - 3) ** 2 + 0 + (5 - 3) ** 2) / 3)   # population sd of 1, 3, 5
    assert list(z["x"]) == pytest.approx([-2 / sd, 0, 2 / sd])
    tied = pd.DataFrame({"x": [1.0, 1.0, 5.0]}, index=list("abc"))
    assert list(normalise(tied, "rank")["x"]) == pytest.approx([1.5 / 3, 1.5 / 3, 1.0])


def test_distance_to_target_capped():
    d = normalise(M, "distance", targets={"x": 4, "y": 20})
    assert list(d["x"]) == pytest.approx([0.25, 0.75, 1.0])   # 5/4 capped at 1
    assert list(d["y"]) == pytest.approx([0.5, 1.0, 1.0])
    d2 = normalise(M, "distance", targets={"x": 4, "y": 20}, higher_is_better={"y": False})
    assert list(d2["y"]) == pytest.approx([1.0, 1.0, 0.5])     # 20/10, 20/20, 20/40
    with pytest.raises(ValueError, match="targets"):
        normalise(M, "distance")


def test_geometric_by_hand_and_needs_positive_values():
    d = normalise(M, "distance", targets={"x": 4, "y": 20})
    g = aggregate(d, {"x": 1, "y": 1}, "geometric")
    assert g["a"] == pytest.approx(math.sqrt(0.25 * 0.5))
    g2 = aggregate(d, {"x": 3, "y": 1}, "geometric")            # weights 0.75 / 0.25
    assert g2["a"] == pytest.approx(0.25 ** 0.75 * 0.5 ** 0.25)
    with pytest.raises(ValueError, match="> 0"):
        composite_scores(M, aggregation="geometric")             # min–max gives a 0
    s = composite_scores(M, aggregation="geometric", scale=(1, 100)).set_index("unit")
    assert s.loc["a", "score"] == pytest.approx(1.0)
    assert list(s["rank"].loc[["a", "b", "c"]]) == [3, 2, 1]


def test_weights_are_checked():
    with pytest.raises(ValueError, match="missing"):
        aggregate(M, {"x": 1})
    with pytest.raises(ValueError, match="≥ 0"):
        aggregate(M, {"x": -1, "y": 2})
    with pytest.raises(ValueError, match="all zero"):
        aggregate(M, {"x": 0, "y": 0})
    with pytest.raises(ValueError, match="normalisation"):
        normalise(M, "log")


def test_official_weights_reproduce_official_scores():
    fw = county_frameworks()
    inp = read_assessment_inputs(EXAMPLE)
    w = official_weights(fw)
    assert w.sum() == 100 and w["000.county.7"] == 25          # 专项行动计划落实方案 25 (000:1883)
    comp = composite(inp, frameworks=fw).set_index("unit")
    off = score_assessment(inp, frameworks=fw).set_index("unit")
    assert (comp["score"] * 100).to_dict() == pytest.approx(off["score"].to_dict())
    assert comp["illustrative"].all()
    m = performance_matrix(inp, "county", fw)
    assert m.shape == (6, 27)                                   # the six 县区 (000:1779)
    assert m.loc["sunan", "000.county.9"] == 0                     # growth rule applied
    raw = performance_matrix(inp, "county", fw, basis="raw")
    assert raw.loc["sunan", "000.county.9"] == pytest.approx(4.8)  # the figure given


@pytest.mark.slow  # a long property test: in .ci/run, not in the quick loop
@settings(max_examples=60, deadline=None)
@given(m=arrays(np.float64, (5, 4), elements=st.floats(0.1, 100)),
       w=arrays(np.float64, 4, elements=st.floats(0.01, 10)))
def test_properties(m, w):
    df = pd.DataFrame(m, index=list("abcde"), columns=list("pqrs"))
    df.loc["e"] = df.loc["d"]                                   # an identical pair
    weights = dict(zip(df.columns, w))
    r = composite_scores(df, weights).set_index("unit")
    assert ((r["score"] >= -1e-12) & (r["score"] <= 1 + 1e-12)).all()
    assert r.loc["d", "rank"] == r.loc["e", "rank"]
    for method in ("rank", "distance"):
        kw = {"targets": dict.fromkeys(df.columns, 50.0)} if method == "distance" else {}
        y = normalise(df, method, **kw)
        ar, ge = aggregate(y, weights), aggregate(y, weights, "geometric")
        assert (ge <= ar + 1e-9).all()                          # AM–GM
        assert ((ar > 0) & (ar <= 1 + 1e-12)).all()
