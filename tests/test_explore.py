"""The explore notebook's WeightExplorer (zyanalysis.report.explore) and the notebook run headless.

Hand figures come from the illustrative input data/raw/examples/assessment_example.csv (rows
cited as CSV:line) and the county weights of 000 typed in test_assessment.COUNTY. Official
indicator points by hand (descriptive 基本完成 loses 20 % of the weight, 部分完成 40 %;
statistical 2 % per place below 1st):

The six 县区 that 000 assesses (000:1779); 张掖经开区 is not one of them.

* ganzhou (CSV 5–31): 基本完成 on 5 (2), 11 (5), 16 (2), 23 (2) → −2.2; 增加值及增速 8.2 is 1st
  (CSV 13) → 0; 占GDP比重 41.2 2nd after sunan 44.1 (CSV 14, 149) → −0.2; 能耗 3.1 3rd after 3.6,
  3.4 (CSV 21, 156, 75) → −0.08; 污染物 2.5 3rd after 3.2, 3.0 (CSV 22, 157, 49) → −0.16.
  Total 100 − 2.64 = 97.36.
* linze (CSV 32–58): 基本完成 on 2, 6, 8, 13, 19, 24, 26 (16 points) → −3.2; 增加值 7.6 tied 2nd
  (CSV 40, 67) → −0.2; 比重 38.5 tied 3rd (CSV 41, 68) → −0.4; 能耗 2.8 5th → −0.16; 污染物 3.0
  2nd → −0.08. Total 95.96.
* gaotai: 91.24 (its 专项行动计划落实方案, 25 分, is 基本完成: 20).
* sunan (CSV 140–166): groups 4.4 + 27.8 + 21.6 + 6 + 10.4 + 3.2 = 73.4, its 增加值及增速
  scoring 0 because 4.8 < GDP growth 5.5 (CSV 148; 000:1897).
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from test_assessment import COUNTY, EXAMPLE, GROUPS, county_frameworks
from zyanalysis.scoring.assessment import competition_rank, read_assessment_inputs, score_assessment
from zyanalysis.scoring.composite import composite_scores, performance_matrix
from zyanalysis.report.explore import WeightExplorer

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"
INDUSTRY_IDS = [f"000.county.{k}" for k in range(9, 17)]   # 三 产业发展情况 (35 分, 000:1892)


@pytest.fixture(scope="module")
def fw() -> pd.DataFrame:
    return county_frameworks()


@pytest.fixture(scope="module")
def inputs() -> pd.DataFrame:
    return read_assessment_inputs(EXAMPLE)


@pytest.fixture
def ex(inputs, fw) -> WeightExplorer:
    return WeightExplorer(inputs, "county", fw, source="assessment_example.csv")


def scores(e: WeightExplorer) -> dict[str, float]:
    return e.recompute().set_index("unit")["score"].to_dict()


def ranking(e: WeightExplorer) -> list[str]:
    return list(e.recompute()["unit"])


def table_text(e: WeightExplorer) -> str:
    return "\n".join(o["data"]["text/plain"] for o in e.output.outputs)


# --------------------------------------------------------------------------- widgets
def test_one_slider_per_indicator_at_official_weight_grouped(ex):
    assert len(ex.sliders) == 27
    for seq, _g, name, _k, weight, _line in COUNTY:
        s = ex.sliders[f"000.county.{seq}"]
        assert s.value == weight and name in s.description
    # group totals of 000: 6, 35, 35, 6, 14, 4 points (lines 1843, 1861, 1892, 1948, 1960, 2003)
    assert ex.group_totals().to_dict() == {g: float(p) for g, p in GROUPS.values()}
    sizes = [len(pane.children) - 1 for pane in ex.accordion.children]   # minus the total line
    assert sizes == [3, 5, 8, 2, 7, 2]
    assert ex.accordion.titles[1] == "工作落实情况 — 35 / 官方 official 35 分"
    assert "<b>100</b>" in ex.total_label.value
    assert ex.widget.children[-1] is ex.output


def test_official_weights_reproduce_the_official_scores_and_ranking(ex, inputs, fw):
    s = scores(ex)
    assert 100 * s["ganzhou"] == pytest.approx(97.36)
    assert 100 * s["linze"] == pytest.approx(95.96)
    assert 100 * s["sunan"] == pytest.approx(73.40)
    # the ranking of score_assessment's indicator points, i.e. before bonuses and deductions
    off = score_assessment(inputs, "county", frameworks=fw)
    want = dict(zip(off["unit"], competition_rank(off["score"].to_numpy())))
    got = ex.recompute().set_index("unit")["rank"].to_dict()
    assert got == want
    r = ex.recompute().set_index("unit")
    assert (r["rank"] == r["official_rank"]).all() and (r["rank_change"] == 0).all()
    assert r.loc["ganzhou", "official_points"] == pytest.approx(97.36)
    assert r["illustrative"].all()


def test_zeroing_a_group_equals_the_composite_without_it(ex, inputs, fw):
    ex.set_weights({i: 0.0 for i in INDUSTRY_IDS})
    assert ex.group_totals()["产业发展情况"] == 0
    s = scores(ex)
    # ganzhou's 产业发展情况 points: 10 + 9.8 + 4 (11 基本) + 8 (12–15) + 1.6 (16 基本) = 33.4
    assert s["ganzhou"] == pytest.approx((97.36 - 33.4) / 65)
    # linze: 9.8 + 9.6 + 5 + 2 + 1.6 (13 基本) + 6 = 34.0
    assert s["linze"] == pytest.approx((95.96 - 34.0) / 65)
    # sunan: 0 (growth rule) + 10 + 4 + 1.6·4 (11 is 5 × 0.8 = 4, 12–14, 16) … = 21.6
    assert s["sunan"] == pytest.approx((73.4 - 21.6) / 65)
    m = performance_matrix(inputs, "county", fw).drop(columns=INDUSTRY_IDS)
    w = ex.official.drop(INDUSTRY_IDS)
    without = composite_scores(m, w, normalisation="none").set_index("unit")
    got = ex.recompute().set_index("unit")
    assert got["score"].to_dict() == pytest.approx(without["score"].to_dict())
    assert got["rank"].to_dict() == without["rank"].to_dict()


def test_reset_gives_back_the_official_weights_and_ranking(ex):
    official = ex.recompute()
    ex.set_weights({"000.county.7": 0.0, "000.county.9": 30.0})
    assert ranking(ex) != list(official["unit"])
    ex.reset_button.click()
    assert ex.weights().to_dict() == ex.official.to_dict()
    pd.testing.assert_frame_equal(ex.recompute(), official)


def test_a_slider_change_redraws_the_output(ex):
    before, n = ex.output.outputs, ex.redraws
    assert "97.36" in table_text(ex)
    ex.sliders["000.county.7"].value = 0.0          # as a user drags it: observe('value')
    assert ex.redraws == n + 1 and ex.output.outputs != before
    # 专项行动计划落实方案 (25 分) out, 75 left: gaotai (基本完成 there, CSV 65) rises to 2nd:
    # (91.24 − 20) / 75 = 94.99; linze (95.96 − 25) / 75 = 94.61; ganzhou 72.36 / 75 = 96.48;
    # minle (87.84 − 20) / 75 = 90.45
    assert ranking(ex)[:4] == ["ganzhou", "gaotai", "linze", "minle"]
    text = table_text(ex)
    assert "94.99" in text and "94.61" in text and "96.48" in text and "97.36" in text
    row = next(ln for ln in text.splitlines() if "Gaotai" in ln)
    assert row.split()[0] == "2" and "+1" in row      # official 3rd → 2nd
    kinds = [o["data"] for o in ex.output.outputs]
    assert "ILLUSTRATIVE" in kinds[0]["text/plain"]
    assert any("Assessment score" in d.get("text/plain", "") or "考核得分" in d.get("text/html", "")
               for d in kinds)


def test_moving_many_sliders_redraws_once(ex):
    n = ex.redraws
    ex.set_weights({i: 1.0 for i in INDUSTRY_IDS})
    assert ex.redraws == n + 1


def test_geometric_aggregation_and_its_error(ex):
    ex.aggregation.value = "geometric"
    # sunan's 增加值及增速 share is 0 (CSV 148): a geometric mean over it is undefined
    assert ex.last_result is None and "> 0" in ex.last_error
    assert "Cannot compute" in table_text(ex)
    with pytest.raises(ValueError):
        ex.recompute()
    ex.set_weights({"000.county.9": 0.0})           # drop it: 90 points left
    assert ex.last_error is None
    # ganzhou: shares 0.8 on weights 2+5+2+2, 0.98 on 10, 0.96 on 2+4, 1 elsewhere
    want = math.exp((11 * math.log(0.8) + 10 * math.log(0.98) + 6 * math.log(0.96)) / 90)
    assert scores(ex)["ganzhou"] == pytest.approx(want)


def test_normalisation_dropdown(ex):
    assert set(ex.normalisation.options) >= {("排序 Rank", "rank")}
    ex.normalisation.value = "minmax"
    # 领导小组 (weight 2): ganzhou 1.0 is the max, sunan 0.8 the min → 1 and 0
    y = ex.normalised()
    assert y.loc["ganzhou", "000.county.1"] == 1.0 and y.loc["sunan", "000.county.1"] == 0.0
    assert ex.recompute()["normalisation"].eq("minmax").all()
    # distance to target on shares: target 1.0 everywhere, so the same as no normalisation
    ex.normalisation.value = "distance"
    assert 100 * scores(ex)["ganzhou"] == pytest.approx(97.36)


def test_contributions_add_up_to_the_score(ex):
    c = ex.contributions()
    g = c[c.unit == "ganzhou"].set_index("group_zh")["score"]
    assert g["机制建立情况"] == pytest.approx(6.0)                   # all 全面完成
    assert g["工作落实情况"] == pytest.approx(35 - 0.4)              # 协调推进 基本完成
    assert g.sum() == pytest.approx(97.36)


def test_set_weights_rejects_bad_values_without_moving(ex):
    with pytest.raises(ValueError, match="unknown"):
        ex.set_weights({"000.county.99": 1.0, "000.county.1": 5.0})
    with pytest.raises(ValueError, match="≥ 0"):
        ex.set_weights({"000.county.1": -1.0})
    assert ex.weights().to_dict() == ex.official.to_dict()
    ex.set_weights({"000.county.1": 80.0})          # above the slider's 10-point maximum
    assert ex.sliders["000.county.1"].max == 80.0 and ex.weights()["000.county.1"] == 80.0


def test_all_weights_zero_is_an_error_in_the_output(ex):
    ex.set_weights({i: 0.0 for i in ex.sliders})
    assert "all zero" in ex.last_error


def test_sweep_of_the_biggest_weight_flips_where_worked_out(ex):
    # Weight x on 专项行动计划落实方案, the rest scaled to 100 − x: f = (100 − x)/75.
    # linze f·70.96 + x = gaotai f·71.24 + 0.8x at x = 28/15.28 = 1.83; minle (f·67.84 + 0.8x)
    # stays below gaotai at every x (same slope), so this is the only flip.
    f = ex.flips()
    assert set(f["indicator_id"]) == {"000.county.7"}
    assert len(f) == 1
    assert f.iloc[0]["weight_from"] < 28 / 15.28 < f.iloc[0]["weight_to"]
    assert set(f.iloc[0]["units"].split("、")) == {"gaotai", "linze"}
    assert f["illustrative"].all()


# --------------------------------------------------------------------------- the notebook
def test_notebook_is_committed_without_outputs_and_has_parameters():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    assert 'inputs_file = "../data/raw/examples/assessment_example.csv"' in params[0].source
    assert 'system = "county"' in params[0].source
    assert any("ILLUSTRATIVE" in c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.slow
def test_notebook_runs_headless_under_papermill(tmp_path, monkeypatch):
    import papermill

    monkeypatch.setenv("ZYANALYSIS_BATCH", "1")      # no JS bundle in the executed copy
    out = tmp_path / "explore.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(out), cwd=str(NOTEBOOK.parent),
                               kernel_name="python3", progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "")
                     for o in outputs)
    assert "VBox(" in text                          # the widget, as its text repr
    assert "97.36" in text and "ILLUSTRATIVE" in text
    assert "000.county.7" in text                   # the sweep of the biggest weight
    # every chart element in the file (cell outputs and the stored widget state) has its own id
    ids = re.findall(r'class=\\?"zy-chart\\?" id=\\?"(zyc-[0-9a-f]+)', out.read_text(encoding="utf-8"))
    assert len(ids) >= 2 and len(ids) == len(set(ids)), ids
    assert "window.vegaEmbed=" not in out.read_text(encoding="utf-8")   # batch: no bundle


# --------------------------------------------------------------------------- what the reader sees
CHART_ID = re.compile(r'<div class="zy-chart" id="(zyc-[0-9a-f]+)"')


def _chart_ids(bundles) -> list[str]:
    return [i for b in bundles for i in CHART_ID.findall(b.get("text/html", ""))]


@pytest.fixture
def zy_renderer():
    """The project's altair renderer (chart snippets with element ids), as in the notebook."""
    import altair as alt

    from zyanalysis.report import htmlexport
    before = alt.renderers.active
    htmlexport.setup_notebook(live_bundle=False)
    yield
    alt.renderers.enable(before)


def _static(ex: WeightExplorer, monkeypatch) -> list[dict]:
    """What display_static displays."""
    import IPython.display

    shown: list[dict] = []
    monkeypatch.setattr(IPython.display, "display", lambda b, raw=False: shown.append(b))
    assert ex.display_static() is None
    return shown


def test_static_copy_and_live_output_have_their_own_chart_ids(zy_renderer, ex, monkeypatch):
    live = _chart_ids(o["data"] for o in ex.output.outputs)
    static = _chart_ids(_static(ex, monkeypatch))
    again = _chart_ids(_static(ex, monkeypatch))
    assert len(live) == len(static) == len(again) == 1
    assert len(set(live + static + again)) == 3           # one id per drawing
    ex.sliders["000.county.7"].value = 0.0                 # a redraw gets a new one too
    assert _chart_ids(o["data"] for o in ex.output.outputs)[0] not in live + static + again


def test_footnote_says_official_then_custom_then_official_again(ex):
    def caption() -> str:
        return next(o["data"]["text/plain"] for o in ex.output.outputs
                    if "Composite score" in o["data"]["text/plain"]).splitlines()[0]

    official = f"官方权重 official weights (000:{ex._line_range()})"   # the county lines of 000
    assert ex.weights_note() == official
    assert "官方权重 official weights" in caption() and "custom" not in caption()
    assert "官方权重 official weights" in ex._chart_note()
    ex.sliders["000.county.7"].value = 0.0                 # as a user drags it
    note = ex.weights_note()
    assert note.startswith("自定义权重 custom weights") and "official weights" not in note
    assert "7. 专项行动计划落实方案 25→0" in note and "合计 total 75 / 官方 official 100 分" in note
    assert note in caption() and note in ex._chart_note()
    spec = json.dumps(ex.chart().to_dict(), ensure_ascii=False)
    assert "custom weights" in spec and "official weights" not in spec
    ex.set_weights({i: 1.0 for i in INDUSTRY_IDS})         # many changes: first four, then a count
    assert "… 另有 5 项 5 more" in ex.weights_note()
    ex.reset_button.click()
    assert ex.weights_note() == official
    assert "official weights" in caption() and "custom" not in caption()


def test_first_group_is_open_and_a_line_says_how_to_open_the_others(ex):
    assert ex.accordion.selected_index == 0
    hint = ex.widget.children.index(ex.groups_hint)
    assert hint == ex.widget.children.index(ex.accordion) - 1    # right above the groups
    assert "Click a group&#x27;s title to show or hide its sliders" in ex.groups_hint.value


def test_vega_reaches_jupyter_through_a_widget_not_a_stored_output(monkeypatch):
    from zyanalysis.report.explore import load_vega_live

    out = load_vega_live(batch=False)
    (o,) = out.outputs
    assert "window.vegaEmbed=" in o["data"]["text/html"] and "zyanalysisEmbed" in o["data"]["text/html"]
    # what a cell stores for it: a widget reference, not the bundle
    assert len(json.dumps(out._repr_mimebundle_())) < 2_000
    monkeypatch.setenv("ZYANALYSIS_BATCH", "1")
    assert load_vega_live() is None


def test_notebook_marks_what_only_notebook_users_need():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    tagged = [c.source for c in nb.cells if "notebook-only" in c.metadata.get("tags", [])]
    assert any("display(explorer.widget)" in s for s in tagged)
    assert any(s.startswith("## 滑块 The sliders") for s in tagged)
    assert '<div class="zy-notebook-only">The sliders need a live kernel' in nb.cells[0].source
    setup = next(c.source for c in nb.cells if "setup_notebook" in c.source)
    assert "setup_notebook(live_bundle=False)" in setup and "load_vega_live()" in setup
