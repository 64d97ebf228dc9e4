"""Weight sensitivity on cases worked out by hand (zyanalysis.scoring.sensitivity)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from test_assessment import EXAMPLE, county_frameworks
from zyanalysis.scoring.assessment import read_assessment_inputs, score_assessment
from zyanalysis.scoring.sensitivity import (_kendall_tau_b, distribution, group_sobol, monte_carlo_ranks,
                                    oat_sweep, rank_flips, sample_weights, sobol_indices,
                                    summarise, weight_sensitivity)

TWO = pd.DataFrame({"x": [1.0, 0.0], "y": [0.0, 1.0]}, index=["a", "b"])


def test_dirichlet_centred_on_weights_and_summing_to_total():
    rng = np.random.default_rng(0)
    w0 = np.array([2.0, 3.0, 25.0, 0.0, 10.0])
    W = sample_weights(rng, w0, 200_000, method="dirichlet", concentration=100, spread=0)
    assert np.allclose(W.sum(axis=1), 40)
    assert (W[:, 3] == 0).all()                       # a zero weight stays zero
    assert W.mean(axis=0) == pytest.approx(w0, abs=0.02)
    # Dirichlet variance of component i: p(1 − p)/(c + 1), times total²; p = 25/40
    p = 25 / 40
    assert W[:, 2].var() == pytest.approx(40 ** 2 * p * (1 - p) / 101, rel=0.02)


def test_uniform_draws_within_renormalised_bounds():
    rng = np.random.default_rng(0)
    w0 = np.array([1.0, 2.0, 3.0])
    W = sample_weights(rng, w0, 50_000, method="uniform", concentration=0, spread=0.2)
    assert np.allclose(W.sum(axis=1), 6)
    ratio = W / w0
    assert ratio.min() >= 0.8 / 1.2 - 1e-12 and ratio.max() <= 1.2 / 0.8 + 1e-12


def test_two_units_probability_by_hand():
    # a wins iff 1.2·u1 > u2 with u1, u2 ~ U(0.5, 1.5): ∫ clip(1.2u − 0.5, 0, 1) du over
    # [0.5, 1.5] = [0.6u² − 0.5u] from 0.5 to 1.25 (0.4125) + 0.25 (u ≥ 1.25) = 0.6625
    res = monte_carlo_ranks(TWO, pd.Series({"x": 1.2, "y": 1.0}), draws=400_000,
                            method="uniform", spread=0.5, seed=3)
    d = distribution(res).set_index(["unit", "rank"])["probability"]
    assert d[("a", 1)] == pytest.approx(0.6625, abs=0.004)
    assert d[("a", 1)] + d[("a", 2)] == pytest.approx(1.0)
    s = summarise(res).set_index("unit")
    assert s.loc["a", "baseline_rank"] == 1 and s.loc["a", "rank_median"] == 1
    assert s.loc["b", "rank_p05"] == 1 and s.loc["b", "rank_p95"] == 2


def test_kendall_tau_b_by_hand_and_against_scipy():
    base = np.array([3.0, 2.0, 1.0])
    draws = np.array([[3, 2, 1], [1, 2, 3], [3, 1, 2]], dtype=float)
    assert list(_kendall_tau_b(draws, base)) == pytest.approx([1, -1, 1 / 3])
    # ties in the baseline: pairs (a,b) tied, (a,c) and (b,c) concordant → 2/√(2·3)
    assert _kendall_tau_b(np.array([[3.0, 2.0, 1.0]]), np.array([2.0, 2.0, 1.0]))[0] == \
        pytest.approx(2 / np.sqrt(6))
    rng = np.random.default_rng(1)
    for _ in range(20):
        b, d = rng.integers(0, 4, 6).astype(float), rng.integers(0, 4, 6).astype(float)
        ref = stats.kendalltau(b, d).statistic
        got = _kendall_tau_b(d[None], b)[0]
        assert (np.isnan(ref) and np.isnan(got)) or got == pytest.approx(ref)


def test_infinite_concentration_is_the_baseline():
    fw = county_frameworks()
    inp = read_assessment_inputs(EXAMPLE)
    out = weight_sensitivity(inp, frameworks=fw, concentration=np.inf, draws=1000)
    assert (out["rank_p05"] == out["baseline_rank"]).all()
    assert (out["rank_p95"] == out["baseline_rank"]).all()
    assert (out["kendall_tau_median"] == 1.0).all()
    off = score_assessment(inp, frameworks=fw).set_index("unit")
    o = out.set_index("unit")
    assert o["baseline_total"].to_dict() == pytest.approx(off["total"].to_dict())
    assert (o["baseline_rank"] == off["rank"]).all()
    # top two / bottom two probabilities are exactly the official outcome
    assert (o["p_top2"] == off["praised"].astype(float)).all()
    assert (o["p_bottom2"] == off["interview"].astype(float)).all()


def test_example_sensitivity_columns_and_order():
    out = weight_sensitivity(read_assessment_inputs(EXAMPLE), frameworks=county_frameworks(),
                             draws=20_000, concentration=50)
    for c in ("unit", "rank_p05", "rank_median", "rank_p95", "p_top2", "p_bottom2",
              "kendall_tau_median"):
        assert c in out.columns
    assert out["illustrative"].all() and len(out) == 6 and "zhangye_edz" not in set(out.unit)
    assert (out["rank_p05"] <= out["rank_median"]).all() and (out["rank_median"] <= out["rank_p95"]).all()
    assert out["p_top2"].sum() == pytest.approx(2.0, abs=0.05)     # no ties in practice: 2 places
    assert -1 <= out["kendall_tau_median"].iloc[0] <= 1


def test_deterministic_whatever_the_threads():
    m = pd.DataFrame(np.random.default_rng(2).random((5, 6)), index=list("abcde"))
    w = pd.Series(np.arange(1.0, 7.0))
    r1 = monte_carlo_ranks(m, w, draws=30_000, chunk_size=7_000, workers=1, seed=5)
    r2 = monte_carlo_ranks(m, w, draws=30_000, chunk_size=7_000, workers=2, seed=5)
    assert (r1.rank_counts == r2.rank_counts).all() and np.array_equal(r1.taus, r2.taus)
    assert r1.rank_counts.sum() == 30_000 * 5


def test_bad_arguments():
    with pytest.raises(ValueError, match="concentration"):
        monte_carlo_ranks(TWO, pd.Series({"x": 1, "y": 1}), concentration=0)
    with pytest.raises(ValueError, match="spread"):
        monte_carlo_ranks(TWO, pd.Series({"x": 1, "y": 1}), method="uniform", spread=1.5)
    with pytest.raises(ValueError, match="weights"):
        monte_carlo_ranks(TWO, pd.Series({"x": 1}))


def test_oat_sweep_flip_by_hand():
    # weights x = y = 1 (total 2); sweeping x from 0 to 2 with y = 2 − x: a = x, b = 2 − x.
    # b leads below 1, they tie at exactly 1, a leads above: two flips around 1.0
    sw = oat_sweep(TWO, pd.Series({"x": 1.0, "y": 1.0}), indicators=["x"], points=41)
    assert sw["weight"].max() == pytest.approx(2.0)
    f = rank_flips(sw)
    assert list(f["weight_from"]) == pytest.approx([0.95, 1.0])
    assert list(f["weight_to"]) == pytest.approx([1.0, 1.05])
    assert f.iloc[0]["ranking_to"] == "a:1 b:1"
    assert f.iloc[1]["ranking_to"] == "a:1 b:2"


def test_sobol_irrelevant_group_has_no_effect():
    # both units equal on z: its weight only rescales both totals, so it cannot move the ranks
    m = pd.DataFrame({"x": [1.0, 0.2], "y": [0.1, 1.0], "z": [0.7, 0.7]}, index=["a", "b"])
    w = pd.Series({"x": 1.0, "y": 1.0, "z": 1.0})
    groups = pd.Series({"x": "g1", "y": "g2", "z": "g3"})
    s = sobol_indices(m, w, groups, spread=0.5, n=1024).set_index(["unit", "group"])
    assert abs(s.loc[("a", "g3"), "ST"]) < 0.02
    assert s.loc[("a", "g1"), "ST"] > 0.3 and s.loc[("a", "g2"), "ST"] > 0.3


def test_group_sobol_on_example_groups():
    out = group_sobol(read_assessment_inputs(EXAMPLE), frameworks=county_frameworks(), n=256)
    assert set(out["group"]) == {"机制建立情况", "工作落实情况", "产业发展情况", "绿色发展情况",
                                 "要素支撑情况", "访谈测评情况"}
    assert out["illustrative"].all()
    still = out[out["rank_variance"] == 0]
    assert still["S1"].isna().all()                  # a rank that never moves: nothing to apportion


@settings(max_examples=40, deadline=None)
@given(m=arrays(np.float64, (5, 4), elements=st.sampled_from([0.6, 0.8, 0.88, 0.96, 1.0])),
       w=arrays(np.float64, 4, elements=st.integers(1, 25).map(float)))
def test_concentration_to_infinity_recovers_baseline(m, w):
    df = pd.DataFrame(m, index=list("abcde"))
    df.loc["e"] = df.loc["a"]                                  # identical units must tie
    base = df.to_numpy() @ w
    distinct = np.unique(base)
    # the limit is the baseline ranking when baseline ties come only from identical units:
    # two different units tied by accident (0.8 on x vs 0.8 on y, equal weights) are split by
    # any perturbation, however small, so such cases are excluded here
    assume(len(distinct) == len(np.unique(df.to_numpy(), axis=0)))
    assume(len(distinct) < 2 or np.diff(distinct).min() > 1e-3 * w.sum())
    res = monte_carlo_ranks(df, pd.Series(w), draws=2_000, concentration=1e12, seed=1)
    s = summarise(res).set_index("unit")
    assert (s["rank_p05"] == s["baseline_rank"]).all() and (s["rank_p95"] == s["baseline_rank"]).all()
    assert s.loc["a", "baseline_rank"] == s.loc["e", "baseline_rank"]
    # identical units share every draw's rank, so their distributions are identical
    assert (res.rank_counts[0] == res.rank_counts[4]).all()


@settings(max_examples=25, deadline=None)
@given(m=arrays(np.float64, (4, 3), elements=st.floats(0, 1)), c=st.floats(1, 1000))
def test_rank_summaries_within_bounds(m, c):
    res = monte_carlo_ranks(pd.DataFrame(m, index=list("abcd")), pd.Series([1.0, 2.0, 3.0]),
                            draws=500, concentration=c)
    s = summarise(res)
    assert ((s["rank_p05"] >= 1) & (s["rank_p95"] <= 4)).all()
    assert ((s["p_top2"] >= 0) & (s["p_top2"] <= 1) & (s["p_bottom2"] >= 0) & (s["p_bottom2"] <= 1)).all()
    assert ((s["rank_mean"] >= 1) & (s["rank_mean"] <= 4)).all()


def test_kernel_matches_scipy_on_replayed_draws():
    # replay the draws of a one-chunk run and rank / correlate them with scipy, draw by draw
    m = pd.DataFrame(np.random.default_rng(4).choice([0.6, 0.8, 1.0], (6, 5)), index=list("abcdef"))
    w = pd.Series([2.0, 3.0, 25.0, 10.0, 4.0])
    res = monte_carlo_ranks(m, w, draws=300, concentration=20, seed=9, chunk_size=1_000)
    rng = np.random.default_rng(np.random.SeedSequence(9).spawn(1)[0])
    W = sample_weights(rng, w.to_numpy(), 300, method="dirichlet", concentration=20, spread=0)
    S = W @ m.to_numpy().T
    base = m.to_numpy() @ w.to_numpy()
    ranks = np.vstack([stats.rankdata(-s, method="min") for s in S])     # competition ranks
    counts = np.stack([np.bincount(ranks[:, u], minlength=7)[1:] for u in range(6)])
    assert (counts == res.rank_counts).all()
    taus = [stats.kendalltau(base, s).statistic for s in S]
    assert np.allclose(taus, res.taus, equal_nan=True)


def test_accidental_baseline_tie_is_split_evenly():
    # a = (1, 0), b = (0, 1) with equal weights tie at baseline (both rank 1); by symmetry each
    # leads in half the draws however concentrated the Dirichlet is
    res = monte_carlo_ranks(TWO, pd.Series({"x": 1.0, "y": 1.0}), draws=100_000,
                            concentration=1e6, seed=0)
    s = summarise(res).set_index("unit")
    assert list(s["baseline_rank"]) == [1, 1]
    assert res.rank_counts[0, 0] / res.draws == pytest.approx(0.5, abs=0.01)
