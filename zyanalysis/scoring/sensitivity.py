"""Weight sensitivity: would the ranking change if the weights were chosen differently?

Model. Unit ``u``'s total is ``Σ_k m[u, k] · w[k] + adj[u]``: ``m`` is the performance matrix
(:func:`zyanalysis.scoring.composite.performance_matrix`, by default the share of each indicator's
weight the official rules award), ``w`` the weights rescaled to the baseline's total (100
points for 000), ``adj`` the bonus − deduction points (kept fixed; ``include_adjustments``).
With the official weights this is exactly the official total of
:func:`zyanalysis.scoring.assessment.score_assessment`.

Monte Carlo over weights (:func:`monte_carlo_ranks`):

* ``method="dirichlet"`` — ``w ~ total · Dirichlet(concentration · w₀/Σw₀)``: centred on the
  chosen weights ``w₀``, spread shrinking as ``concentration`` grows (∞ gives ``w₀``
  exactly). Indicators of weight 0 stay at 0. As concentration grows the ranking tends to the
  baseline ranking — except where two *different* units tie exactly at baseline (equal totals
  from different indicator profiles): any perturbation splits such a tie.
* ``method="uniform"`` — each weight multiplied by U(1 − spread, 1 + spread), then rescaled.

Per draw the units are ranked (competition ranking: 1 + the number of units strictly ahead;
units with identical rows and adjustments tie exactly, since their scores are computed once).
Per unit: the rank distribution; ``rank_p05``/``rank_median``/``rank_p95`` (the smallest rank
``r`` with P(rank ≤ r) ≥ q); ``p_top2`` = P(rank ≤ 2), the praised places, and ``p_bottom2`` =
P(fewer than two units strictly behind), the 约谈 places (000:1832). ``kendall_tau_median`` is
the median over draws of Kendall's τ-b between the draw's totals and the baseline totals (one
figure for the whole analysis, repeated on each row).

Work is vectorised numpy in chunks of draws, spread over threads (numpy releases the GIL in
sampling and array arithmetic); each chunk has its own generator spawned from ``seed``, so
results depend only on ``seed`` and ``chunk_size``. :func:`oat_sweep` moves one weight at a
time and :func:`rank_flips` lists where the ranking changes; :func:`sobol_indices` gives
Saltelli first-order and total indices (SALib) of each unit's rank with respect to the
weights of each indicator group, as COINr does in R.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from zyanalysis.scoring.assessment import is_illustrative, prepare_inputs, competition_rank
from zyanalysis.scoring.composite import (indicator_groups, official_weights, performance_matrix,
                        unit_adjustments)

METHODS = ("dirichlet", "uniform")


@dataclass
class MonteCarloResult:
    """Raw Monte Carlo output: ``rank_counts[u, r-1]`` draws with unit ``u`` at rank ``r``."""

    units: list[str]
    baseline_total: np.ndarray
    baseline_rank: np.ndarray
    rank_counts: np.ndarray
    top2: np.ndarray
    bottom2: np.ndarray
    rank_sum: np.ndarray
    taus: np.ndarray
    draws: int


# --------------------------------------------------------------------------- sampling
def sample_weights(rng: np.random.Generator, w0: np.ndarray, n: int, *, method: str,
                   concentration: float, spread: float) -> np.ndarray:
    """``n`` weight vectors (n × k) around ``w0``, each summing to ``w0.sum()`` (module doc)."""
    g, factor = _raw_draws(rng, w0, n, method=method, concentration=concentration, spread=spread)
    out = np.zeros((n, len(w0)))
    out[:, w0 > 0] = g * factor[:, None]
    return out


def _pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(n, k=1)


def _kendall_tau_b(scores: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Kendall's τ-b of each row of ``scores`` (draws × units) against ``base`` (units)."""
    i, j = _pairs(len(base))
    bs = np.sign(base[i] - base[j])
    ds = np.sign(scores[:, i] - scores[:, j])
    n0 = len(i)
    n1 = np.count_nonzero(bs == 0)
    n2 = np.count_nonzero(ds == 0, axis=1)
    denom = np.sqrt((n0 - n1) * (n0 - n2).astype(float))
    with np.errstate(invalid="ignore", divide="ignore"):
        return (ds @ bs) / denom


def _raw_draws(rng: np.random.Generator, w0: np.ndarray, n: int, *, method: str,
               concentration: float, spread: float) -> tuple[np.ndarray, np.ndarray]:
    """Unnormalised draws of the positive weights (n × k⁺) and their rescaling factor (n).

    ``sample_weights`` equals ``draws * factor[:, None]``; scoring multiplies the factor into
    the (few) unit scores instead of the (many) weights, which is what makes 10⁶ draws cheap.
    """
    pos = w0 > 0
    total = w0.sum()
    if method == "dirichlet":
        if np.isinf(concentration):
            g = np.tile(w0[pos], (n, 1))
        else:
            g = rng.standard_gamma(concentration * w0[pos] / total, size=(n, int(pos.sum())))
    elif method == "uniform":
        g = w0[pos] * rng.uniform(1.0 - spread, 1.0 + spread, size=(n, int(pos.sum())))
    else:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    return g, total / g.sum(axis=1)


def _chunk(args) -> tuple:
    """Rank counts, top/bottom-two counts and τ for one chunk of draws (in a worker thread)."""
    seed_seq, n, w0, mu, inverse, base, method, concentration, spread = args
    rng = np.random.default_rng(seed_seq)
    g, factor = _raw_draws(rng, w0, n, method=method, concentration=concentration, spread=spread)
    pos = w0 > 0
    # distinct units × draws, contiguous per unit: S[v] = (Σ_k m[v,k] g[:,k]) · factor + adj[v]
    Su = mu[:, :-1][:, pos] @ g.T
    Su *= factor
    Su += mu[:, -1:]
    S = Su[inverse]                                            # units × draws
    u = S.shape[0]
    ahead = np.zeros((u, n), dtype=np.int16)
    behind = np.zeros((u, n), dtype=np.int16)
    concord = np.zeros(n)
    draw_ties = np.zeros(n, dtype=np.int32)
    i_idx, j_idx = _pairs(u)
    bs = np.sign(base[i_idx] - base[j_idx])
    for i, j, b in zip(i_idx, j_idx, bs):
        gt = S[i] > S[j]
        lt = S[i] < S[j]
        ahead[i] += lt
        ahead[j] += gt
        behind[i] += gt
        behind[j] += lt
        if b > 0:
            concord += gt
            concord -= lt
        elif b < 0:
            concord += lt
            concord -= gt
        draw_ties += ~(gt | lt)
    counts = np.stack([np.bincount(ahead[k], minlength=u)[:u] for k in range(u)])
    n0, n1 = len(i_idx), int(np.count_nonzero(bs == 0))
    with np.errstate(invalid="ignore", divide="ignore"):
        taus = concord / np.sqrt((n0 - n1) * (n0 - draw_ties).astype(float))
    return counts, (behind < 2).sum(axis=1), taus


def monte_carlo_ranks(matrix: pd.DataFrame, weights: pd.Series, *,
                      adjustments: pd.Series | None = None, draws: int = 10_000,
                      method: str = "dirichlet", concentration: float = 100.0,
                      spread: float = 0.25, seed: int = 0, chunk_size: int = 100_000,
                      workers: int | None = None) -> MonteCarloResult:
    """Monte Carlo of the ranking over weights (module doc). Pure numpy; no I/O."""
    if draws < 1:
        raise ValueError("draws must be ≥ 1")
    if method == "dirichlet" and not concentration > 0:
        raise ValueError("concentration must be > 0")
    if method == "uniform" and not 0 <= spread < 1:
        raise ValueError("spread must be in [0, 1)")
    units = [str(u) for u in matrix.index]
    w0 = pd.Series(weights, dtype=float).reindex(matrix.columns).to_numpy()
    if np.isnan(w0).any() or (w0 < 0).any() or w0.sum() <= 0:
        raise ValueError("weights must give a non-negative number for every indicator")
    m = matrix.to_numpy(dtype=float)
    if np.isnan(m).any():
        raise ValueError("the performance matrix has missing values")
    adj = np.zeros(len(units)) if adjustments is None else \
        pd.Series(adjustments, dtype=float).reindex(matrix.index).fillna(0.0).to_numpy()
    # identical units (same row, same adjustment) are scored once so that they tie exactly
    mu, inverse = np.unique(np.column_stack([m, adj]), axis=0, return_inverse=True)
    inverse = inverse.ravel()
    base = (w0 @ mu[:, :-1].T + mu[:, -1])[inverse]
    sizes = [min(chunk_size, draws - s) for s in range(0, draws, chunk_size)]
    seeds = np.random.SeedSequence(seed).spawn(len(sizes))
    jobs = [(sd, n, w0, mu, inverse, base, method, concentration, spread)
            for sd, n in zip(seeds, sizes)]
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as ex:
            parts = list(ex.map(_chunk, jobs))
    else:
        parts = [_chunk(j) for j in jobs]
    return MonteCarloResult(
        units=units, baseline_total=base, baseline_rank=competition_rank(base),
        rank_counts=(counts := sum(p[0] for p in parts)), top2=counts[:, :2].sum(axis=1),
        bottom2=sum(p[1] for p in parts),
        rank_sum=counts @ np.arange(1, len(units) + 1),
        taus=np.concatenate([p[2] for p in parts]), draws=draws)


def _quantile_rank(counts: np.ndarray, q: float) -> int:
    """Smallest rank r with P(rank ≤ r) ≥ q, from the counts of ranks 1…n."""
    cdf = np.cumsum(counts) / counts.sum()
    return int(np.searchsorted(cdf, q - 1e-12) + 1)


def summarise(res: MonteCarloResult) -> pd.DataFrame:
    """One row per unit: baseline_total, baseline_rank, rank_mean, rank_p05, rank_median,
    rank_p95, p_top2, p_bottom2, kendall_tau_median; best baseline first."""
    taus = res.taus[~np.isnan(res.taus)]
    out = pd.DataFrame({
        "unit": res.units, "baseline_total": res.baseline_total,
        "baseline_rank": res.baseline_rank, "rank_mean": res.rank_sum / res.draws,
        "rank_p05": [_quantile_rank(c, 0.05) for c in res.rank_counts],
        "rank_median": [_quantile_rank(c, 0.50) for c in res.rank_counts],
        "rank_p95": [_quantile_rank(c, 0.95) for c in res.rank_counts],
        "p_top2": res.top2 / res.draws, "p_bottom2": res.bottom2 / res.draws,
        "kendall_tau_median": float(np.median(taus)) if len(taus) else np.nan,
        "draws": res.draws,
    })
    return out.sort_values(["baseline_rank", "unit"], kind="stable").reset_index(drop=True)


def distribution(res: MonteCarloResult) -> pd.DataFrame:
    """Tidy rank distribution: unit, rank, probability (ranks with probability 0 included)."""
    n = len(res.units)
    return pd.DataFrame({"unit": np.repeat(res.units, n), "rank": np.tile(np.arange(1, n + 1), n),
                         "probability": (res.rank_counts / res.draws).ravel()})


# --------------------------------------------------------------------------- public wrappers
def _setup(inputs, system, weights, frameworks, include_adjustments):
    """Matrix, weights and adjustments for an assessment input table."""
    fw = frameworks
    m = performance_matrix(inputs, system, fw)
    w = official_weights(fw, system) if weights is None else pd.Series(weights, dtype=float)
    missing = [c for c in m.columns if c not in w.index]
    if missing:
        raise ValueError(f"weights lack indicators {missing}")
    adj = unit_adjustments(inputs, system, fw) if include_adjustments else None
    return fw, m, w.reindex(m.columns), adj


def weight_sensitivity(inputs: pd.DataFrame, system: str = "county",
                       weights: pd.Series | dict | None = None, draws: int = 10_000,
                       concentration: float = 100.0, seed: int = 0, *,
                       method: str = "dirichlet", spread: float = 0.25,
                       frameworks: pd.DataFrame, include_adjustments: bool = True,
                       chunk_size: int = 100_000, workers: int | None = None) -> pd.DataFrame:
    """Rank uncertainty of each unit under random weights (one row per unit; module doc).

    ``weights`` default to the official points of ``system``. Columns: unit, baseline_total,
    baseline_rank, rank_mean, rank_p05, rank_median, rank_p95, p_top2, p_bottom2,
    kendall_tau_median, draws, method, concentration (NaN for 'uniform'), spread (NaN for
    'dirichlet'), illustrative.
    """
    _, m, w, adj = _setup(inputs, system, weights, frameworks, include_adjustments)
    res = monte_carlo_ranks(m, w, adjustments=adj, draws=draws, method=method,
                            concentration=concentration, spread=spread, seed=seed,
                            chunk_size=chunk_size, workers=workers)
    out = summarise(res)
    out["method"] = method
    out["concentration"] = concentration if method == "dirichlet" else np.nan
    out["spread"] = spread if method == "uniform" else np.nan
    out["illustrative"] = is_illustrative(prepare_inputs(inputs))
    return out


def rank_distribution(inputs: pd.DataFrame, system: str = "county",
                      weights: pd.Series | dict | None = None, draws: int = 10_000,
                      concentration: float = 100.0, seed: int = 0, *, frameworks: pd.DataFrame,
                      **kw) -> pd.DataFrame:
    """Tidy rank distribution (unit, rank, probability, illustrative); same options as
    :func:`weight_sensitivity`."""
    _, m, w, adj = _setup(inputs, system, weights, frameworks,
                          kw.pop("include_adjustments", True))
    res = monte_carlo_ranks(m, w, adjustments=adj, draws=draws, concentration=concentration,
                            seed=seed, **kw)
    return distribution(res).assign(illustrative=is_illustrative(prepare_inputs(inputs)))


# --------------------------------------------------------------------------- one at a time
def oat_sweep(matrix: pd.DataFrame, weights: pd.Series, *, indicators: list[str] | None = None,
              adjustments: pd.Series | None = None, points: int = 41, max_factor: float = 2.0,
              renormalise: bool = True) -> pd.DataFrame:
    """Move one indicator's weight from 0 to ``max_factor ×`` its value, others fixed.

    With ``renormalise`` the other weights are rescaled so that the total stays the same (the
    swept weight is capped at the total). Tidy result: indicator_id, weight (the swept
    indicator's weight), unit, score, rank.
    """
    w0 = pd.Series(weights, dtype=float).reindex(matrix.columns)
    total = w0.sum()
    m = matrix.to_numpy(dtype=float)
    adj = np.zeros(len(m)) if adjustments is None else \
        pd.Series(adjustments, dtype=float).reindex(matrix.index).fillna(0.0).to_numpy()
    rows = []
    for ind in indicators or list(matrix.columns):
        k = matrix.columns.get_loc(ind)
        top = max_factor * w0[ind] if w0[ind] > 0 else total / len(w0)
        grid = np.linspace(0.0, min(top, total) if renormalise else top, points)
        others = w0.to_numpy().copy()
        others[k] = 0.0
        W = np.tile(others, (points, 1))
        if renormalise and others.sum() > 0:
            W *= ((total - grid) / others.sum())[:, None]
        W[:, k] = grid
        S = W @ m.T + adj
        for p in range(points):
            for u, unit in enumerate(matrix.index):
                rows.append((ind, grid[p], str(unit), S[p, u]))
    out = pd.DataFrame(rows, columns=["indicator_id", "weight", "unit", "score"])
    out["rank"] = out.groupby(["indicator_id", "weight"])["score"].transform(
        lambda s: competition_rank(s.to_numpy()))
    return out


def rank_flips(sweep: pd.DataFrame) -> pd.DataFrame:
    """Where a sweep changes the ranking: indicator_id, weight_from, weight_to, units (whose rank
    changed, 、-joined), ranking_from, ranking_to ('unit:rank' lists)."""
    rows = []
    for ind, g in sweep.groupby("indicator_id", sort=False):
        piv = g.pivot(index="weight", columns="unit", values="rank").sort_index()
        prev_w, prev = None, None
        for wv, ranks in piv.iterrows():
            if prev is not None and not ranks.equals(prev):
                changed = [u for u in ranks.index if ranks[u] != prev[u]]
                rows.append((ind, prev_w, wv, "、".join(changed), _fmt(prev), _fmt(ranks)))
            prev_w, prev = wv, ranks
    return pd.DataFrame(rows, columns=["indicator_id", "weight_from", "weight_to", "units",
                                       "ranking_from", "ranking_to"])


def _fmt(ranks: pd.Series) -> str:
    return " ".join(f"{u}:{int(r)}" for u, r in ranks.sort_values(kind="stable").items())


# --------------------------------------------------------------------------- Sobol / Saltelli
def sobol_indices(matrix: pd.DataFrame, weights: pd.Series, groups: pd.Series, *,
                  adjustments: pd.Series | None = None, spread: float = 0.5, n: int = 1024,
                  seed: int = 0) -> pd.DataFrame:
    """First-order (S1) and total (ST) Sobol indices of each unit's rank w.r.t. weight groups.

    Factor g multiplies the weights of group g by a value in [1 − spread, 1 + spread] (uniform);
    weights are rescaled to the baseline total. Saltelli design (SALib ``sample.sobol``, ``n``
    base samples, a power of 2) and SALib ``analyze.sobol``. Tidy: unit, group, S1, S1_conf,
    ST, ST_conf, rank_variance. A unit whose rank never moves has NaN indices (nothing to
    apportion) and rank_variance 0.
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    w0 = pd.Series(weights, dtype=float).reindex(matrix.columns)
    grp = pd.Series(groups).reindex(matrix.columns)
    names = list(dict.fromkeys(grp.astype(str)))
    problem = {"num_vars": len(names), "names": names,
               "bounds": [[1.0 - spread, 1.0 + spread]] * len(names)}
    X = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    G = np.array([[g == name for name in names] for g in grp.astype(str)], dtype=float)  # k × G
    W = (X @ G.T) * w0.to_numpy()                                    # samples × k
    W *= w0.sum() / W.sum(axis=1, keepdims=True)
    adj = np.zeros(len(matrix)) if adjustments is None else \
        pd.Series(adjustments, dtype=float).reindex(matrix.index).fillna(0.0).to_numpy()
    S = W @ matrix.to_numpy(dtype=float).T + adj
    ranks = 1 + (S[:, None, :] > S[:, :, None]).sum(axis=2)
    rows = []
    for u, unit in enumerate(matrix.index):
        y = ranks[:, u].astype(float)
        var = float(np.var(y))
        if var == 0:
            rows += [(str(unit), g, np.nan, np.nan, np.nan, np.nan, 0.0) for g in names]
            continue
        si = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=seed,
                                   print_to_console=False)
        rows += [(str(unit), g, si["S1"][i], si["S1_conf"][i], si["ST"][i], si["ST_conf"][i], var)
                 for i, g in enumerate(names)]
    return pd.DataFrame(rows, columns=["unit", "group", "S1", "S1_conf", "ST", "ST_conf",
                                       "rank_variance"])


def group_sobol(inputs: pd.DataFrame, system: str = "county",
                weights: pd.Series | dict | None = None, *, frameworks: pd.DataFrame,
                spread: float = 0.5, n: int = 1024, seed: int = 0,
                include_adjustments: bool = True) -> pd.DataFrame:
    """:func:`sobol_indices` of an assessment input table, groups = 一级指标 of ``system``."""
    fw, m, w, adj = _setup(inputs, system, weights, frameworks, include_adjustments)
    out = sobol_indices(m, w, indicator_groups(fw, system), adjustments=adj, spread=spread,
                        n=n, seed=seed)
    return out.assign(illustrative=is_illustrative(prepare_inputs(inputs)))


def weight_sweep(inputs: pd.DataFrame, system: str = "county",
                 weights: pd.Series | dict | None = None, *,
                 frameworks: pd.DataFrame, include_adjustments: bool = True,
                 **kw) -> pd.DataFrame:
    """:func:`oat_sweep` of an assessment input table (official weights by default)."""
    _, m, w, adj = _setup(inputs, system, weights, frameworks, include_adjustments)
    out = oat_sweep(m, w, adjustments=adj, **kw)
    return out.assign(illustrative=is_illustrative(prepare_inputs(inputs)))
