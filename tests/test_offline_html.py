"""Offline HTML reports: chart builders, the notebook renderer, export, and a real browser.

A small notebook is built with nbformat from hand-made frames (no data build needed), executed
with nbclient on the venv's ``python3`` kernel, exported with :func:`export_html`, and opened in
headless Chromium with every request to another host aborted and counted.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from zyanalysis.report import charts
from zyanalysis.report import htmlexport
from zyanalysis.report.htmlexport import ExportError, escape, escape_md, export_html, external_references

# Hand-made frames. Re-weight case worked out by hand (composite = 100·Σ w·share / Σ w):
#   shares (score / group points, points 40 and 60):
#     ganzhou 30/40 = .75, 40/60 = .667 → weights 40/60: 30 + 40 = 70     → rank 1
#     gaotai  20/40 = .50, 45/60 = .75  →                20 + 45 = 65     → rank 2
#     linze   35/40 = .875, 20/60 = .333 →               35 + 20 = 55     → rank 3
#   经济发展 weight 0 (only 生态环境 counts): gaotai 75, ganzhou 66.7, linze 33.3.
SAMPLE = '''
import pandas as pd
att = pd.DataFrame({
    "jurisdiction": ["ganzhou"] * 4,
    "indicator": ["gdp", "green_share", "energy", "forest"],
    "indicator_zh": ["地区生产总值", "绿色产业占比", "单位GDP能耗降低", "森林覆盖率"],
    "indicator_en": ["GDP", "Green industry share", "Energy intensity cut", "Forest cover"],
    "target_value": [500.0, 50.0, 13.5, None], "latest_value": [450.0, 52.0, 6.0, None],
    "ratio": [0.9, 1.04, 0.444, None], "status": ["on_track", "met", "behind", "qualitative"],
    "unit": ["亿元", "%", "%", "%"], "source": ["002:40", "002:41", "002:42", "002:43"]})
att2 = pd.concat([att, att.assign(jurisdiction="linze", ratio=[0.5, 0.8, 1.2, None])])
obs = pd.DataFrame({
    "series_id": ["ganzhou.gdp"] * 4, "indicator_id": ["gdp"] * 4,
    "indicator_zh": ["地区生产总值"] * 4, "indicator_en": ["GDP"] * 4, "unit": ["亿元"] * 4,
    "year": [2018, 2019, 2020, 2021], "value": [300.0, 320.0, 340.0, 360.0],
    "kind": ["actual", "actual", "actual", "estimate"],
    "source": ["002:10", "002:11", "002:12", "002:13"]})
obs2 = pd.concat([obs, obs.assign(indicator_id="green", indicator_zh="绿色产业增加值",
                                   indicator_en="Green value added", unit="亿元",
                                   value=[30.0, 36.0, 41.0, 45.0])])
tg = pd.DataFrame({"indicator_id": ["gdp", "green"], "unit": ["亿元", "亿元"],
                   "target_year": [2025, 2025], "target_value": [500.0, 80.0],
                   "comparator": [">=", ">="], "source": ["002:40", "002:44"]})
proj = pd.DataFrame({
    "group_seq": [1, 1, 2, 2, 3],
    "group_zh": ["生态农业", "生态农业", "清洁能源", "清洁能源", "文化旅游"],
    "group_en": ["Eco-agriculture"] * 2 + ["Clean energy"] * 2 + ["Culture & tourism"],
    "investment_yi": [12.5, 3.0, 40.0, 8.2, 5.5],
    "jurisdiction_id": ["ganzhou", "linze", "gaotai", "ganzhou", None],
    "county_raw": ["甘州区", "临泽县", "高台县", "甘州区", "市直"],
    "source": ["000:100", "000:101", "000:120", "000:121", "000:130"]})
sens = pd.DataFrame({
    "unit": ["ganzhou", "linze", "gaotai", "shandan", "minle", "sunan", "zhangye_edz"],
    "rank_p05": [1, 1, 2, 3, 4, 5, 6], "rank_median": [1, 2, 3, 4, 5, 6, 7],
    "rank_p95": [2, 3, 5, 6, 7, 7, 7], "p_top2": [.95, .6, .3, .1, 0, 0, 0],
    "p_bottom2": [0, 0, 0, .1, .3, .7, .9]})
score = pd.DataFrame({
    "unit": ["ganzhou", "ganzhou", "linze", "linze", "gaotai", "gaotai"],
    "group_zh": ["经济发展", "生态环境"] * 3, "score": [30.0, 40.0, 35.0, 20.0, 20.0, 45.0],
    "group_points": [40.0, 60.0] * 3, "source": ["000:300", "000:301"] * 3})
weights = {"经济发展": 40.0, "生态环境": 60.0}
'''

CHART_CELLS = [
    "charts.attainment_bars(att)",
    "charts.attainment_bars(att2)",
    "charts.series_chart(obs, tg)",
    "charts.series_chart(obs2, tg)",
    "charts.projects_by_industry(proj)",
    "charts.rank_interval_chart(sens)",
    "charts.score_bars(score)",
    "charts.interactive_reweight_chart(score, weights)",
]
HOSTILE = "<img src=x onerror=alert(1)> A*B $5"


def _sample_env() -> dict:
    env: dict = {}
    exec(SAMPLE, env)  # noqa: S102 - our own constant
    return env


def _build_notebook() -> nbformat.NotebookNode:
    v4 = nbformat.v4
    cells = [v4.new_markdown_cell("# 测试报告 Test report\n\n甘州区 Ganzhou — 目标完成度"),
             v4.new_code_cell("from zyanalysis.report import charts, htmlexport\n"
                              "htmlexport.setup_notebook(live_bundle=True)"),
             v4.new_code_cell(SAMPLE)]
    cells += [v4.new_code_cell(c) for c in CHART_CELLS]
    cells.append(v4.new_code_cell(
        "from IPython.display import Markdown\n"
        f"Markdown('**名称 Name** ' + htmlexport.escape_md({HOSTILE!r}))"))
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> Path:  # used by slow tests only: starts a kernel
    """The test notebook, executed (with the live bundle output, which export must drop)."""
    from nbclient import NotebookClient

    nb = _build_notebook()
    NotebookClient(nb, timeout=180, kernel_name="python3").execute()
    path = tmp_path_factory.mktemp("nb") / "report.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def report(executed) -> tuple[Path, str]:
    out = executed.with_name("report.html")
    export_html(executed, out, title="测试 <Test> & 报告")
    return out, out.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- builders, helpers

def test_source_note_compresses_lines_per_document():
    lines = charts.source_note(["000:12", "000:13", "000:14", "000:20", "actuals/a.csv:5",
                                None, "000:13"], note="示意数据 Illustrative")
    assert lines == ["来源 Source (文件:行 document:line): 000: 12–14, 20; actuals/a.csv: 5. "
                     "示意数据 Illustrative"]


def test_unit_labels_are_bilingual():
    assert charts.unit_label("ganzhou") == "甘州区 Ganzhou"
    assert charts.unit_label("肃南") == "肃南裕固族自治县 Sunan"
    assert charts.unit_label("zhangye_edz") == "张掖经济技术开发区 Zhangye EDZ"
    assert charts.unit_label("市直") == "市直"


def test_every_chart_has_bilingual_title_unit_and_source_footnote():
    charts.enable_theme()
    env = _sample_env()
    for expr in CHART_CELLS:
        spec = eval(expr, {"charts": charts, **env}).to_dict()  # noqa: S307 - own constants
        inner = spec["vconcat"][0]
        title = inner["title"]["text"] if "title" in inner else inner["spec"]["title"]["text"]
        assert re.search(r"[\u4e00-\u9fff].* [A-Z][a-z]", title), (expr, title)
        foot = spec["title"]
        assert foot["orient"] == "bottom" and foot["text"][0].startswith("来源 Source"), expr
        text = json.dumps(spec, ensure_ascii=False)
        assert re.search(r"\((亿元|%|分 points|满分 100|实际 ÷ 目标|1 = 最好)", text), expr
    att = charts.attainment_bars(env["att"]).to_dict()
    # 森林覆盖率 has no ratio: named in the footnote, not drawn at 0
    assert "森林覆盖率" in " ".join(att["title"]["text"])
    assert att["title"]["text"][0].startswith("来源 Source (文件:行 document:line): 002: 40–43")


def test_reweight_chart_binds_one_slider_per_group_with_official_weights():
    env = _sample_env()
    spec = charts.interactive_reweight_chart(env["score"], env["weights"]).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert params["w0"]["value"] == 40.0 and params["w1"]["value"] == 60.0
    assert params["w0"]["bind"]["input"] == "range" and "经济发展" in params["w0"]["bind"]["name"]
    text = json.dumps(spec)
    assert "100 * (w0 * datum.g0 + w1 * datum.g1) / max(w0 + w1, 1e-9)" in text
    assert '"op": "rank"' in text


def test_reweight_chart_refuses_a_group_without_weight():
    env = _sample_env()
    with pytest.raises(KeyError, match="生态环境"):
        charts.interactive_reweight_chart(env["score"], {"经济发展": 40.0})


def test_escape_helpers_neutralise_html_and_markdown():
    assert escape('<a href="x">&') == "&lt;a href=&quot;x&quot;&gt;&amp;"
    assert escape_md("A*B_[c] $5") == r"A\*B\_\[c\] \$5"


def test_chart_output_carries_no_library_and_no_cdn():
    charts.enable_theme()
    spec = charts.score_bars(_sample_env()["score"]).to_dict()
    bundle = htmlexport.renderer(spec)
    page = bundle["text/html"]
    assert len(page) < 20_000                      # a spec, not a 0.9 MB library
    assert "<script src" not in page and "cdn" not in page.lower()
    assert "vegaEmbed=" not in page
    spec_text = re.search(r'application/json" id="[^"]+">(.*?)</script>', page, re.S).group(1)
    assert json.loads(spec_text)["vconcat"][0]["title"]["text"] == "考核得分 Assessment score"


# ----------------------------------------------------------------------------- export

def _bundle_js(page: str) -> str:
    """The vega bundle a report carries, inflated as the browser does (gzip inside base64)."""
    import base64
    import gzip

    (data,) = re.findall(r'<script type="application/octet-stream" id="zy-vega-gz">([^<]*)</script>', page)
    return gzip.decompress(base64.b64decode(data)).decode("utf-8")


@pytest.mark.slow
def test_report_inlines_vega_once_compressed_and_nothing_from_outside(report, executed):
    path, page = report
    assert "window.vegaEmbed=" not in page                # not as plain text: compressed …
    js = _bundle_js(page)                                  # … once, and it is the whole bundle
    assert js.count("window.vegaEmbed=") == 1 and js == htmlexport.javascript_bundle()
    assert "DecompressionStream" in page
    assert executed.read_text(encoding="utf-8").count("window.vegaEmbed=") == 1  # live output
    assert page.count('class="zy-chart"') == len(CHART_CELLS)
    assert external_references(page) == []
    # the page outside the compressed bundle (base64 can spell any word by chance)
    markup = re.sub(r'(id="zy-vega-gz">)[^<]*', r"\1", page)
    assert not re.search(r"require(\.min)?\.js|mathjax|jsdelivr|unpkg|cdnjs|<link", markup, re.I)
    assert '<meta charset="utf-8">' in page


@pytest.mark.slow
def test_report_hides_code_and_escapes_text(report):
    _, page = report
    assert "charts.attainment_bars" not in page and "import pandas" not in page
    assert "In&nbsp;[" not in page and "jp-InputPrompt" not in page
    assert "<title>测试 &lt;Test&gt; &amp; 报告</title>" in page
    assert "&lt;img src=x onerror=alert(1)&gt; A*B $5" in page
    assert "<img src=x" not in page
    assert "甘州区 Ganzhou — 目标完成度" in page


def test_export_refuses_outside_reference_and_keeps_previous_file(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("display_data", data={
            "text/html": '<script src="https://cdn.example.org/lib.js"></script>'})])])
    src = tmp_path / "bad.ipynb"
    nbformat.write(nb, src)
    out = tmp_path / "r.html"
    out.write_text("previous good report", encoding="utf-8")
    with pytest.raises(ExportError, match="cdn.example.org"):
        export_html(src, out)
    assert out.read_text(encoding="utf-8") == "previous good report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ipynb", "r.html"]  # no temp left


def test_export_of_a_broken_notebook_is_a_clear_error(tmp_path):
    src = tmp_path / "broken.ipynb"
    src.write_text("{not json", encoding="utf-8")
    with pytest.raises(ExportError, match="broken.ipynb"):
        export_html(src, tmp_path / "x.html")


def test_external_references_finds_what_a_browser_would_fetch():
    page = ('<link rel="stylesheet" href="//fonts.example.com/a.css"><img src="https://x.org/i.png">'
            '<a href="https://ok.example/">link</a><style>@import "https://y.org/s.css";</style>'
            '<script>var u = "https://in.script/";</script>'
            '<iframe src="https://frame.example/"></iframe><div style="background:url(\'//bg.example/b.png\')">x</div>'
            '<img alt="a" srcset="local.png 1x, https://hi.example/i2.png 2x">'
            '<style>td{background:url( "https://css.example/c.png" )}</style>'
            '<script src="https://cdn.example/lib.js"></script><a href="//nav.example/">nav</a>'
            '<img src="data:image/png;base64,AAAA"><img src=&#x68;ttps://enc.example/e.png>')
    assert external_references(page) == [
        "//fonts.example.com/a.css", "https://x.org/i.png", "https://y.org/s.css",
        "https://frame.example/", "//bg.example/b.png", "https://hi.example/i2.png",
        "https://css.example/c.png", "https://cdn.example/lib.js", "https://enc.example/e.png"]


def test_external_references_ignores_urls_in_text():
    """Document text (an enterprise named like CSS, a URL in a cell) loads nothing."""
    page = ('<table><tr><td>url(https://example.com) 有限公司</td><td>https://example.org/x.png</td></tr>'
            '<tr><td>&lt;img src="https://example.net/i.png"&gt;</td></tr></table>'
            '<p>@import "https://example.com/a.css"; src="https://example.com/b.js"</p>'
            '<script type="application/json">{"name": "url(https://example.com)"}</script>')
    assert external_references(page) == []


def _one_output_notebook(tmp_path: Path, html_output: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("display_data", data={"text/html": html_output})])])
    src = tmp_path / "nb.ipynb"
    nbformat.write(nb, src)
    return src


def test_export_accepts_url_text_in_a_table_cell(tmp_path):
    name = "张掖url(https://example.com)科技有限公司"
    table = pd.DataFrame({"企业 Enterprise": [name], "奖励 Reward (万元)": [12.5]}).to_html()
    out = export_html(_one_output_notebook(tmp_path, table), tmp_path / "r.html", title=name)
    page = out.read_text(encoding="utf-8")
    assert f"<td>{name}</td>" in page and external_references(page) == []


def test_export_refuses_an_image_from_another_host(tmp_path):
    src = _one_output_notebook(tmp_path, '<p>logo</p><img src="https://example.com/logo.png">')
    with pytest.raises(ExportError, match=r"https://example\.com/logo\.png"):
        export_html(src, tmp_path / "r.html")
    assert not (tmp_path / "r.html").exists()


def test_export_of_an_in_memory_notebook_uses_one_exporter(tmp_path):
    """The batch hands the executed notebook over in memory; the exporter is built once."""
    a = htmlexport.report_exporter()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 标题 <b>&</b>")])
    out = export_html(nb, tmp_path / "m.html", title="M", timings=(t := {}))
    assert htmlexport.report_exporter() is a
    assert set(t) == {"export", "write"} and out.read_text(encoding="utf-8").rstrip().endswith("</html>")


# ----------------------------------------------------------------------------- browser

@pytest.mark.slow
def test_report_renders_offline_and_slider_reranks(report, chromium):
    from zyanalysis.report import browsercheck as bc

    path, _ = report
    with bc.open_report(chromium, path) as (page, check):
        assert check.outside_requests == []
        assert len(check.charts) == len(CHART_CELLS)
        assert check.undrawn == [], check.charts
        assert check.console_errors == []
        page.screenshot(path="/tmp/zyanalysis-offline-report.png", full_page=True)
        (cid,) = bc.reweight_chart_ids(page)
        before = bc.ranking(page, cid)
        # official weights 40/60: ganzhou 70, gaotai 65, linze 55 (worked out above SAMPLE)
        assert before["units"] == ["甘州区 Ganzhou", "高台县 Gaotai", "临泽县 Linze"]
        assert before["ranks"] == ["第1名 #1", "第2名 #2", "第3名 #3"]
        assert bc.click_slider(page, cid, 0, 0.0) == 0.0   # 经济发展 weight → 0
        after = bc.ranking(page, cid)
        # only 生态环境 counts: gaotai 75, ganzhou 66.7, linze 33.3
        assert after["units"] == ["高台县 Gaotai", "甘州区 Ganzhou", "临泽县 Linze"]
        assert check.outside_requests == [] and check.console_errors == []


@pytest.mark.slow
def test_report_without_decompressionstream_says_so_and_keeps_tables(report, chromium):
    """An older browser: no chart can draw; a banner and every chart say why; text stays."""
    from zyanalysis.report import browsercheck as bc

    path, _ = report
    with bc.open_report(chromium, path, init_script="delete window.DecompressionStream;") as (page, check):
        assert check.outside_requests == [] and check.console_errors == []
        assert len(check.charts) == len(CHART_CELLS)
        assert all(c["error"] == "no DecompressionStream" for c in check.charts)
        banner = page.locator("#zy-nocharts")
        assert banner.is_visible() and "DecompressionStream" in banner.inner_text()
        texts = page.locator("div.zy-chart").all_inner_texts()
        assert [t.strip() for t in texts] == [htmlexport.NO_DECOMPRESSION_MESSAGE] * len(CHART_CELLS)
        assert "甘州区 Ganzhou — 目标完成度" in page.inner_text("main")
        assert "&lt;img src=x" in page.content()          # the escaped text is still there


@pytest.mark.slow
def test_browser_check_counts_outside_requests(tmp_path, chromium):
    """The harness itself must be able to fail: a page that fetches from a host is caught."""
    from zyanalysis.report import browsercheck as bc

    page_path = tmp_path / "leaky.html"
    page_path.write_text('<meta charset="utf-8"><img src="https://example.org/x.png">'
                         '<script src="https://cdn.example.org/vega.js"></script>',
                         encoding="utf-8")
    with bc.open_report(chromium, page_path) as (_, check):
        assert sorted(check.outside_requests) == ["https://cdn.example.org/vega.js",
                                                  "https://example.org/x.png"]
        assert check.charts == [] and not check.ok


def test_setup_notebook_enables_renderer_and_batch_skips_bundle(monkeypatch, capsys):
    import altair as alt

    monkeypatch.setenv("ZYANALYSIS_BATCH", "1")
    monkeypatch.delenv("ZYANALYSIS_VALIDATE_CHARTS", raising=False)
    before = alt.renderers.active
    try:
        htmlexport.setup_notebook()
        assert alt.renderers.active == "zyanalysis"
        assert "vegaEmbed" not in capsys.readouterr().out   # no 0.9 MB bundle in batch runs
        out = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a:Q")._repr_mimebundle_()
        out = out[0] if isinstance(out, tuple) else out
        assert 'class="zy-chart"' in out["text/html"] and "cdn" not in out["text/html"]
    finally:
        alt.renderers.enable(before)
        charts.set_validation(True)


def _invalid_chart_output():
    """What displaying a chart whose spec breaks the schema (width must be a number) gives."""
    chart = alt_chart()
    chart.width = "very wide"  # plain assignment: properties() would refuse it at once
    out = chart._repr_mimebundle_()
    return out[0] if isinstance(out, tuple) else out


def alt_chart():
    import altair as alt
    return alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a:Q")


def test_chart_validation_is_off_in_batch_runs_unless_asked_for(monkeypatch):
    import altair as alt

    before = alt.renderers.active
    monkeypatch.setenv("ZYANALYSIS_BATCH", "1")
    try:
        monkeypatch.delenv("ZYANALYSIS_VALIDATE_CHARTS", raising=False)
        htmlexport.setup_notebook()
        assert not charts.validation_enabled()
        assert 'class="zy-chart"' in _invalid_chart_output()["text/html"]  # not checked
        monkeypatch.setenv("ZYANALYSIS_VALIDATE_CHARTS", "1")              # the test suite's batch
        htmlexport.setup_notebook()
        assert charts.validation_enabled()
        assert _invalid_chart_output() == {}   # altair refused it (and showed the traceback)
    finally:
        alt.renderers.enable(before)
        charts.set_validation(True)


def test_source_note_splits_restated_sources():
    from zyanalysis.report.charts import source_note
    (line,) = source_note(["001:65; 001:5", "001:79"])
    assert line.endswith("001: 5, 65, 79")
