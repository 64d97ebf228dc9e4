"""The explore notebook's engine: one slider per weight that re-runs the composite score live.

:class:`WeightExplorer` holds, for one indicator system of 000 (县区 county, 市级牵头部门 lead,
市级责任部门 responsible):

* one ``ipywidgets.FloatSlider`` per indicator, its value the weight in points (分), starting at
  the official weight (frameworks ``weight``), grouped in an ``Accordion`` with one pane per
  level-1 indicator (一级指标, ``group_zh``) whose title and first line show the group's total
  against its official total;
* a normalisation dropdown (:data:`zyanalysis.scoring.composite.NORMALISATIONS`), an aggregation toggle
  (arithmetic / geometric) and a 'reset to official weights' button;
* an ``ipywidgets.Output`` that shows the composite ranking table and the score chart
  (:func:`zyanalysis.report.charts.score_bars`), redrawn on every change (``observe('value')``).

The composite is :func:`zyanalysis.scoring.composite.composite_scores` of the performance matrix
(:func:`zyanalysis.scoring.composite.performance_matrix`, by default the share of each indicator's
weight the official rules award, 0–1). Only relative weights matter (they are normalised to
sum 1), so ``score`` is on the scale of the normalised values (0–1 except for z-scores) and the
chart shows ``100 × score``. With the official weights, no normalisation and arithmetic
aggregation, ``100 × score`` is the official indicator score of
:func:`zyanalysis.scoring.assessment.score_assessment` (before bonuses and deductions, which are not
weights) and the ranking is its ranking of those points.

Choices the rules do not make (documented here, shown in the widget):

* distance to target: with ``basis='share'`` the target of every indicator is a share of 1.0
  (全面完成 / first place); with ``basis='raw'`` it needs ``targets`` and is not offered without;
* geometric aggregation with min–max: the scale is (0.01, 1) instead of (0, 1), because a
  geometric mean needs every weighted value > 0 (this is composite.py's suggested (1, 100)
  divided by 100, which gives the same ranking: the weighted geometric mean is homogeneous);
* a combination that cannot be computed (all weights 0; a geometric mean over a zero share,
  e.g. 增加值及增速 zeroed by the growth rule) shows the error in the Output instead of a
  result; :meth:`WeightExplorer.recompute` raises it.

What the reader sees about the weights: the table caption and the chart footnote say
'官方权重 official weights' while every slider sits on its official weight and '自定义权重 custom
weights' with the changed indicators (official → current) and the total as soon as one moves
(:meth:`WeightExplorer.weights_note`); 'official' again after a reset. The first group of
sliders is open and a line above the groups says that a click on a title opens the others.

Every drawing builds its chart anew, so each chart snippet gets its own element id
(:func:`zyanalysis.report.htmlexport.chart_html`): the static copy of
:meth:`WeightExplorer.display_static` never shares an id with the live Output (with one id, the
static copy's embed call found the Output's already drawn element and never drew).

In a live Jupyter session :func:`load_vega_live` brings the vega bundle to the page through an
``ipywidgets.Output``: the cell stores only a widget reference, so saving the notebook does not
write the 0.9 MB bundle into the .ipynb (JupyterLab saves widget state only when its 'Save
Widget State Automatically' setting is on).

The Output's content is set through its ``outputs`` trait (display-data bundles), not through
``with output:``, so that it is redrawn the same way in a live kernel, under papermill and in
tests without a kernel. Pure apart from the widgets: it reads no file (the notebook passes the
frameworks table).
"""
from __future__ import annotations

import html
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import altair as alt
import ipywidgets as W
import numpy as np
import pandas as pd

from zyanalysis.report import charts, htmlexport
from zyanalysis.scoring.assessment import is_illustrative, prepare_inputs, system_framework
from zyanalysis.scoring.composite import (AGGREGATIONS, NORMALISATIONS, composite_scores, indicator_groups,
                        normalise, official_weights, performance_matrix)
from zyanalysis.scoring.sensitivity import oat_sweep, rank_flips

NORMALISATION_LABELS = {
    "none": "无 None (官方得分率 official shares)",
    "minmax": "最小–最大 Min–max",
    "zscore": "标准分 z-score",
    "rank": "排序 Rank",
    "distance": "距目标 Distance to target",
}
AGGREGATION_LABELS = {"arithmetic": "算术 Arithmetic", "geometric": "几何 Geometric"}

ILLUSTRATIVE_TEXT = ("⚠ 示例数据，非官方结果 ILLUSTRATIVE — the assessment inputs are invented to "
                     "show the method; no result here is an official one.")

GEOMETRIC_MINMAX_SCALE = (0.01, 1.0)
"""Min–max scale under geometric aggregation (values must be > 0; module doc)."""

GROUPS_HINT = ("点击组标题可展开或收起该组滑块 Click a group's title to show or hide its sliders "
               "(the first group is open).")

NOTE_MAX_CHANGES = 4
"""How many changed weights :meth:`WeightExplorer.weights_note` names before '… N more'."""

SLIDER_MIN_MAX = 10.0
"""Every slider reaches at least 10 points, so a 2-point indicator can be raised 5×."""


class WeightExplorer:
    """Sliders over the weights of one 000 indicator system, re-scoring live (module doc).

    Parameters: ``inputs`` an assessment input table (:mod:`zyanalysis.scoring.assessment`); ``system``
    county / lead / responsible; ``frameworks`` the frameworks table;
    ``basis`` 'share' or 'raw' (:func:`~zyanalysis.scoring.composite.performance_matrix`); ``targets``
    per indicator for distance to target with ``basis='raw'``; ``source`` a label of where the
    inputs came from (a file name), shown under the chart; ``slider_max_factor`` each slider's
    maximum as a multiple of its official weight (at least :data:`SLIDER_MIN_MAX` points).
    """

    def __init__(self, inputs: pd.DataFrame, system: str, frameworks: pd.DataFrame, *, basis: str = "share",
                 targets: pd.Series | Mapping[str, float] | None = None,
                 source: str | None = None, slider_max_factor: float = 2.0):
        fw_all = frameworks
        self.system = system
        self.framework = system_framework(fw_all, system)
        self.matrix = performance_matrix(inputs, system, fw_all, basis=basis)
        self.official = official_weights(fw_all, system)
        self.groups = indicator_groups(fw_all, system)
        self.illustrative = is_illustrative(prepare_inputs(inputs))
        self.source = source or "用户输入 user inputs"
        self.basis = basis
        self.targets = self._targets(targets)
        self.official_result = self._official(inputs, fw_all)
        self.redraws = 0
        self.last_result: pd.DataFrame | None = None
        self.last_error: str | None = None
        self._holding = False
        self._build_widgets(slider_max_factor)
        self.refresh()

    # ------------------------------------------------------------------ setup
    def _targets(self, targets) -> pd.Series | None:
        """Distance-to-target targets: full share (1.0) on the share basis (module doc)."""
        if targets is not None:
            return pd.Series(targets, dtype=float).reindex(self.matrix.columns)
        if self.basis == "share":
            return pd.Series(1.0, index=self.matrix.columns)
        return None

    def _official(self, inputs: pd.DataFrame, fw_all: pd.DataFrame) -> pd.DataFrame:
        """Official indicator points and rank (before bonuses/deductions), index unit."""
        m = self.matrix if self.basis == "share" else \
            performance_matrix(inputs, self.system, fw_all, basis="share")
        r = composite_scores(m, self.official, normalisation="none", aggregation="arithmetic")
        r["official_points"] = r["score"] * self.official.sum()
        return r.set_index("unit")[["official_points", "rank"]].rename(
            columns={"rank": "official_rank"})

    def _build_widgets(self, max_factor: float) -> None:
        """Sliders per group in an Accordion, option controls, reset button, Output."""
        style = {"description_width": "15em"}
        self.sliders: dict[str, W.FloatSlider] = {}
        self.names: dict[str, str] = {}
        for r in self.framework.itertuples():
            self.names[r.indicator_id] = f"{r.indicator_seq}. {r.indicator_zh}"
            w = float(r.weight)
            s = W.FloatSlider(value=w, min=0.0, max=max(max_factor * w, SLIDER_MIN_MAX),
                              step=0.5, readout_format=".1f", continuous_update=False,
                              description=f"{r.indicator_seq}. {r.indicator_zh}",
                              tooltip=f"{r.indicator_en} ({r.kind}; 官方 official {w:g} 分; "
                                      f"{r.source})",
                              style=style, layout=W.Layout(width="36em"))
            s.observe(self._on_weight, names="value")
            self.sliders[r.indicator_id] = s
        self.group_names = list(dict.fromkeys(self.groups))
        self.group_labels = {g: W.HTML() for g in self.group_names}
        panes = [W.VBox([self.group_labels[g]] + [self.sliders[i] for i in self._ids(g)])
                 for g in self.group_names]
        # open the first group: closed panes looked like a widget without sliders
        self.accordion = W.Accordion(children=panes, selected_index=0 if panes else None)
        self.groups_hint = W.HTML(f"<i>{html.escape(GROUPS_HINT)}</i>")
        self._norm_labels = dict(NORMALISATION_LABELS)
        if self.basis != "share":
            self._norm_labels["none"] = "无 None (原值 values as given)"
        options = [(self._norm_labels[k], k) for k in NORMALISATIONS
                   if k != "distance" or self.targets is not None]
        self.normalisation = W.Dropdown(options=options, value="none",
                                        description="标准化 Normalisation",
                                        style={"description_width": "initial"})
        self.aggregation = W.ToggleButtons(options=[(AGGREGATION_LABELS[k], k) for k in AGGREGATIONS],
                                           value="arithmetic", description="汇总 Aggregation",
                                           style={"description_width": "initial"})
        self.normalisation.observe(self._on_option, names="value")
        self.aggregation.observe(self._on_option, names="value")
        self.reset_button = W.Button(description="恢复官方权重 Reset to official weights",
                                     icon="undo", layout=W.Layout(width="auto"))
        self.reset_button.on_click(lambda _b: self.reset())
        self.total_label = W.HTML()
        self.output = W.Output()
        self._update_labels()
        head = [W.HTML(f"<b>{html.escape(self._title())}</b>")]
        if self.illustrative:
            head.append(W.HTML(f"<div style='color:#b71c1c;font-weight:bold'>"
                               f"{html.escape(ILLUSTRATIVE_TEXT)}</div>"))
        controls = W.HBox([self.normalisation, self.aggregation, self.reset_button])
        self.widget = W.VBox(head + [controls, self.total_label, self.groups_hint, self.accordion,
                                     self.output])

    def _title(self) -> str:
        title = self.framework["title_zh"].iloc[0]
        return (f"{title} — 权重探索 weight explorer ({self.system}; 权重单位 weights in 分 "
                f"points; 来源 source: 000 lines {self._line_range()})")

    def _line_range(self) -> str:
        lines = self.framework["line"].astype(int)
        return f"{lines.min()}–{lines.max()}"

    def _ids(self, group: str) -> list[str]:
        """Indicator ids of one level-1 group, in framework order."""
        return list(self.groups.index[self.groups == group])

    # ------------------------------------------------------------------ weights
    def weights(self) -> pd.Series:
        """Current weights (points, 分), index indicator_id in framework order, name 'weight'."""
        return pd.Series({i: float(s.value) for i, s in self.sliders.items()}, name="weight")

    def group_totals(self) -> pd.Series:
        """Current weight total (points) per level-1 group, in framework order."""
        return self.weights().groupby(self.groups, sort=False).sum().reindex(self.group_names)

    def is_official(self) -> bool:
        """True while every slider sits on its official weight."""
        w = self.weights()
        return bool(np.allclose(w.to_numpy(), self.official.reindex(w.index).to_numpy()))

    def weights_note(self) -> str:
        """The weights in words, for the caption and the chart footnote (module doc).

        'official weights (000:lines)' at the official weights; otherwise 'custom weights' with
        the first :data:`NOTE_MAX_CHANGES` changed indicators (official → current points) and
        the current total against the official one.
        """
        lines = f"000:{self._line_range()}"
        if self.is_official():
            return f"官方权重 official weights ({lines})"
        w, off = self.weights(), self.official.reindex(self.weights().index)
        changed = [i for i in w.index if not np.isclose(w[i], off[i])]
        parts = [f"{self.names[i]} {off[i]:g}→{w[i]:g}" for i in changed[:NOTE_MAX_CHANGES]]
        if len(changed) > NOTE_MAX_CHANGES:
            parts.append(f"… 另有 {len(changed) - NOTE_MAX_CHANGES} 项 "
                         f"{len(changed) - NOTE_MAX_CHANGES} more")
        return (f"自定义权重 custom weights (滑块 sliders; 官方 official {lines}): "
                f"{'; '.join(parts)}; 合计 total {w.sum():g} / 官方 official {off.sum():g} 分")

    def set_weights(self, weights: Mapping[str, float] | pd.Series) -> None:
        """Set some or all weights (indicator_id → points ≥ 0); redraws once.

        A value above a slider's maximum raises that maximum. Unknown indicators or a negative
        or non-finite value raise ValueError before any slider moves.
        """
        w = pd.Series(weights, dtype=float)
        unknown = [i for i in w.index if i not in self.sliders]
        if unknown:
            raise ValueError(f"unknown indicator(s) {unknown}; this system has "
                             f"{list(self.sliders)}")
        bad = w[~np.isfinite(w) | (w < 0)]
        if len(bad):
            raise ValueError(f"weights must be finite and ≥ 0: {bad.to_dict()}")
        with self._hold():
            for i, v in w.items():
                s = self.sliders[i]
                if v > s.max:
                    s.max = float(v)
                s.value = float(v)
        self._update_labels()
        self.refresh()

    def reset(self) -> None:
        """Back to the official weights (normalisation and aggregation stay as chosen)."""
        self.set_weights(self.official)

    @contextmanager
    def _hold(self) -> Iterator[None]:
        """Suppress per-slider redraws while several sliders move."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False

    # ------------------------------------------------------------------ computing
    def _scale(self) -> tuple[float, float]:
        return GEOMETRIC_MINMAX_SCALE if self.aggregation.value == "geometric" else (0.0, 1.0)

    def normalised(self) -> pd.DataFrame:
        """The performance matrix normalised with the current option (units × indicators)."""
        return normalise(self.matrix, self.normalisation.value, targets=self.targets,
                         scale=self._scale())

    def recompute(self) -> pd.DataFrame:
        """The composite at the current weights and options — the table the Output shows.

        Columns: unit, label (zh + en), score (weighted mean of the normalised values), rank
        (competition ranking, 1 = best), official_points (official indicator score, points,
        before bonuses/deductions), official_rank (its rank), rank_change (official_rank −
        rank: > 0 moved up), normalisation, aggregation, illustrative. Best first.
        Raises ValueError when the combination cannot be computed (module doc).
        """
        r = composite_scores(self.matrix, self.weights(), normalisation=self.normalisation.value,
                             aggregation=self.aggregation.value, targets=self.targets,
                             scale=self._scale())
        r = r.join(self.official_result, on="unit")
        r["rank_change"] = r["official_rank"] - r["rank"]
        r.insert(1, "label", [charts.unit_label(u) for u in r["unit"]])
        r["illustrative"] = self.illustrative
        return r[["unit", "label", "score", "rank", "official_points", "official_rank",
                  "rank_change", "normalisation", "aggregation", "illustrative"]]

    def contributions(self) -> pd.DataFrame:
        """Per unit and level-1 group: 100 × Σ (wₖ/Σw)·yₖ over the group (arithmetic only).

        Columns unit, group_zh, score; the groups of a unit add up to 100 × its score.
        Under geometric aggregation there is no additive split: one row per unit, group
        '总分 Total'.
        """
        w = self.weights()
        if self.aggregation.value == "geometric":
            r = self.recompute()
            return pd.DataFrame({"unit": r["unit"], "group_zh": "总分 Total (几何 geometric)",
                                 "score": 100 * r["score"]})
        y = self.normalised()
        part = y * (w / w.sum()) * 100
        long = part.T.groupby(self.groups, sort=False).sum().T
        long.index = pd.Index([str(u) for u in long.index], name="unit")
        long.columns.name = None
        return long.reset_index().melt(id_vars="unit", var_name="group_zh", value_name="score")

    def chart(self) -> alt.VConcatChart:
        """Score bars stacked by level-1 group at the current weights (charts.score_bars)."""
        df = self.contributions().assign(source=self.source)
        return charts.score_bars(df, note=self._chart_note())

    def _chart_note(self) -> str:
        norm = self._norm_labels[self.normalisation.value]
        agg = AGGREGATION_LABELS[self.aggregation.value]
        text = (f"得分 = 100 × 加权平均 weighted mean ({agg}) of normalised values ({norm}); "
                f"权重 weights: {self.weights_note()}")
        return text + (". 示例数据 ILLUSTRATIVE inputs, not official" if self.illustrative else "")

    # ------------------------------------------------------------------ one at a time
    def sweep(self, indicator: str | None = None, *, points: int = 41,
              max_factor: float = 2.0) -> pd.DataFrame:
        """One-at-a-time sweep of one weight (default: the largest current weight).

        :func:`zyanalysis.scoring.sensitivity.oat_sweep` on the normalised matrix at the current
        weights (the others rescaled so that the total stays), arithmetic aggregation, before
        bonuses/deductions: indicator_id, weight (points), unit, score (Σ wₖ·yₖ, points when
        not normalised), rank; plus normalisation, illustrative.
        """
        if self.aggregation.value != "arithmetic":
            raise ValueError("one-at-a-time sweeps are computed with arithmetic aggregation")
        w = self.weights()
        ind = indicator or str(w.idxmax())
        if ind not in self.sliders:
            raise ValueError(f"unknown indicator {ind!r}")
        out = oat_sweep(self.normalised(), w, indicators=[ind], points=points,
                        max_factor=max_factor)
        return out.assign(normalisation=self.normalisation.value, illustrative=self.illustrative)

    def flips(self, indicator: str | None = None, **kw) -> pd.DataFrame:
        """Where the sweep of :meth:`sweep` changes the ranking (zyanalysis.scoring.sensitivity.rank_flips)."""
        return rank_flips(self.sweep(indicator, **kw)).assign(illustrative=self.illustrative)

    # ------------------------------------------------------------------ drawing
    def _on_weight(self, _change) -> None:
        if self._holding:
            return
        self._update_labels()
        self.refresh()

    def _on_option(self, _change) -> None:
        self.refresh()

    def _update_labels(self) -> None:
        """Group totals in the accordion titles and first lines; the overall total."""
        totals = self.group_totals()
        official = self.official.groupby(self.groups, sort=False).sum()
        for k, g in enumerate(self.group_names):
            t, o = totals[g], official[g]
            self.accordion.set_title(k, f"{g} — {t:g} / 官方 official {o:g} 分")
            self.group_labels[g].value = (f"<i>{html.escape(g)} 合计 group total: <b>{t:g}</b> 分 "
                                          f"points (官方 official {o:g})</i>")
        total = float(self.weights().sum())
        self.total_label.value = (f"权重合计 Total weight: <b>{total:g}</b> 分 points (官方 official "
                                  f"{self.official.sum():g}); 只有相对权重起作用 only relative "
                                  "weights matter")

    def refresh(self) -> None:
        """Recompute and redraw the Output (table and chart, or the error)."""
        self.output.outputs = tuple({"output_type": "display_data", "data": b, "metadata": {}}
                                    for b in self.bundles())
        self.redraws += 1

    def bundles(self) -> list[dict]:
        """Display bundles (illustrative banner, table, chart or error) at the current state.

        Sets ``last_result``/``last_error``. Each call draws the chart anew, with a new element
        id (module doc).
        """
        bundles = [_html_bundle(f"<div style='color:#b71c1c'>{html.escape(ILLUSTRATIVE_TEXT)}</div>",
                                ILLUSTRATIVE_TEXT)] if self.illustrative else []
        try:
            result = self.recompute()
            bundles += [self._table_bundle(result), _chart_bundle(self.chart())]
            self.last_result, self.last_error = result, None
        except ValueError as e:
            msg = f"无法计算 Cannot compute: {e}"
            bundles.append(_html_bundle(f"<div style='color:#b71c1c'>{html.escape(msg)}</div>", msg))
            self.last_result, self.last_error = None, str(e)
        return bundles

    def display_static(self) -> None:
        """Display the table and chart at the current weights as ordinary outputs (kept in an
        exported HTML file, where widgets do not render).

        Built anew rather than copied from the Output, so the chart has its own element id.
        Returns None, so that a notebook cell ending with it shows nothing twice.
        """
        from IPython.display import display

        for b in self.bundles():
            display(b, raw=True)

    def _table_bundle(self, r: pd.DataFrame) -> dict:
        """The ranking table as HTML and plain text."""
        zscore = self.normalisation.value == "zscore"
        df = pd.DataFrame({
            "排名 Rank": r["rank"], "单位 Unit": r["label"],
            "得分 Score (×100)" if not zscore else "得分 Score (z, ×100)":
                (100 * r["score"]).round(2),
            "官方排名 Official rank": r["official_rank"],
            "变化 Change": [f"{c:+d}" if c else "0" for c in r["rank_change"].astype(int)],
            "官方指标得分 Official points": r["official_points"].round(2)})
        caption = (f"综合得分 Composite score — {self._norm_labels[self.normalisation.value]}, "
                   f"{AGGREGATION_LABELS[self.aggregation.value]}; 官方 = 000 rules before "
                   f"bonuses/deductions; 来源 source: {self.source}; 权重 weights: "
                   f"{self.weights_note()}"
                   + ("; 示例数据 ILLUSTRATIVE" if self.illustrative else ""))
        body = df.to_html(index=False, escape=True, border=0, classes="zy-table")
        return {"text/html": f"<p class='zy-caption'>{html.escape(caption)}</p>{body}",
                "text/plain": caption + "\n" + df.to_string(index=False)}


def _html_bundle(html_text: str, plain: str) -> dict:
    return {"text/html": html_text, "text/plain": plain}


def _chart_bundle(chart: alt.TopLevelMixin) -> dict:
    """The chart as the active altair renderer formats it (the project's after setup_notebook)."""
    b = chart._repr_mimebundle_()
    out = dict(b[0] if isinstance(b, tuple) else b)
    out.setdefault("text/plain", "<altair chart: 考核得分 Assessment score>")
    return out


def load_vega_live(batch: bool | None = None) -> W.Output | None:
    """In a live Jupyter session, load vega for the charts through a widget (module doc).

    Call after ``setup_notebook(live_bundle=False)`` and display the result. The bundle travels
    in the Output widget's state, not in the cell's output, so a saved notebook stays small.
    Returns None in batch runs (``ZYANALYSIS_BATCH=1``, or ``batch=True``): the export inlines
    vega itself.
    """
    if batch is None:
        batch = os.environ.get("ZYANALYSIS_BATCH", "") in ("1", "true", "yes")
    if batch:
        return None
    # Same script setup_notebook displays: the bundle plus the embed helper, which draws any
    # chart that was waiting for it.
    script = f"<script>{htmlexport.javascript_bundle()}\n{htmlexport.EMBED_JS}</script>"
    out = W.Output(layout=W.Layout(height="0px", overflow="hidden"))
    out.outputs = ({"output_type": "display_data", "data": {
        "text/html": script, "text/plain": "vega (loaded for the charts)"}, "metadata": {}},)
    return out
