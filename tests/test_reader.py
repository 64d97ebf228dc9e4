"""Reader-facing CSS/JS of the shared HTML (zyanalysis.report.reader), in a real browser.

A small notebook (a wide 14-column table with hostile cell text, a re-weight chart with
sliders, two sections, text marked notebook-only both ways) is executed with nbclient,
exported with :func:`zyanalysis.report.htmlexport.export_html` and opened offline in headless
Chromium (every request to another host aborted) at phone width, desktop width and as print.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import nbformat
import pytest

from zyanalysis.report import reader
from zyanalysis.report.htmlexport import export_html, external_references

WIDE_CELLS = '''
import pandas as pd
from IPython.display import HTML
from zyanalysis.report import charts, htmlexport
htmlexport.setup_notebook(live_bundle=True)
cols = {f"指标{k} Indicator {k}": [f"甘州区 {k}", f"临泽县 {k}"] for k in range(1, 13)}
wide = pd.DataFrame({"单位 Unit": ["ganzhou", "linze"], **cols,
                     "备注 Note": ['<b>bold</b> "quoted, text"', "=HYPERLINK(1)"],
                     "变化 Change": ["+2", "-1.5"]})
score = pd.DataFrame({"unit": ["ganzhou", "ganzhou", "linze", "linze"],
                      "group_zh": ["经济发展", "生态环境"] * 2, "score": [30.0, 40.0, 35.0, 20.0],
                      "group_points": [40.0, 60.0] * 2, "source": ["000:300", "000:301"] * 2})
'''

NB_ONLY_SPAN = "运行下一格 Run the next cell"
NB_ONLY_DIV = "在下方改参数 Change the parameters below"
NB_ONLY_CELL = "在 Jupyter 中移动滑块 Move the sliders in Jupyter"


def _notebook() -> nbformat.NotebookNode:
    v4 = nbformat.v4
    tagged = v4.new_markdown_cell(NB_ONLY_CELL)
    tagged.metadata["tags"] = [reader.NOTEBOOK_ONLY_TAG]
    cells = [
        # in Markdown the marker is a one-line <div> (see reader's docstring: nbconvert breaks
        # an inline <span> apart); in an HTML output a <span> works
        v4.new_markdown_cell("# 读者测试 Reader test\n\n甘州区 Ganzhou.\n\n"
                             f'<div class="{reader.NOTEBOOK_ONLY_CLASS}">{NB_ONLY_DIV}</div>'),
        tagged,
        v4.new_code_cell(WIDE_CELLS),
        v4.new_markdown_cell("## 1. 宽表 Wide table"),
        v4.new_code_cell("HTML(%r)" % f'<p>表格 Table: <span class="{reader.NOTEBOOK_ONLY_CLASS}">'
                                       f"{NB_ONLY_SPAN}</span></p>"),
        v4.new_code_cell("HTML(wide.to_html(index=False, escape=True, border=0, classes='zy-table'))"),
        v4.new_markdown_cell("## 2. 权重 Weights"),
        v4.new_code_cell("charts.interactive_reweight_chart(score, {'经济发展': 40.0, '生态环境': 60.0})"),
        v4.new_code_cell("wide.iloc[:, :3]"),
    ]
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    from nbclient import NotebookClient

    nb = _notebook()
    NotebookClient(nb, timeout=180, kernel_name="python3").execute()
    folder = tmp_path_factory.mktemp("reader")
    nbformat.write(nb, folder / "reader.ipynb")
    return export_html(folder / "reader.ipynb", folder / "reader.html", title="读者 Reader test")


# ----------------------------------------------------------------------------- without a browser

def test_inline_appends_css_to_the_style_and_one_script_before_body():
    page = "<html><head><style>a{}</style></head><body><main>x</main></body></html>"
    out = reader.inline(page)
    assert out.count("<style>") == 1 and "a{}" + reader.CSS + "</style>" in out
    assert out.count("<script>") == 1
    assert out.index("<script>") > out.index("</main>") and out.endswith("</body></html>")
    with pytest.raises(ValueError):
        reader.inline("<p>no page</p>")


def test_reader_assets_fetch_nothing():
    page = reader.inline("<head><style></style></head><body></body>")
    assert external_references(page) == []
    for text in (reader.CSS, reader.JS):
        assert "http" not in text and "url(" not in text and "</script" not in text.lower()


def test_exported_report_carries_the_reader_assets_once(report):
    page = report.read_text(encoding="utf-8")
    assert page.count("window.zyanalysisReader") == 1
    assert page.count("/* reader.py:") == 1                # the CSS, once
    assert "celltag_notebook-only" in page            # nbconvert writes the tag as a class


# ----------------------------------------------------------------------------- in the browser

def _overflow(page) -> dict:
    return page.evaluate("""() => {
        const wrap = document.querySelector('.zy-table-wrap');
        return {doc: document.documentElement.scrollWidth, view: window.innerWidth,
                body: document.body.scrollWidth,
                wrapClient: wrap.clientWidth, wrapScroll: wrap.scrollWidth};
    }""")


def test_phone_width_scrolls_the_table_not_the_page(report, chromium):
    from zyanalysis.report import browsercheck as bc

    with bc.open_report(chromium, report, width=390) as (page, check):
        assert check.ok, (check.outside_requests, check.undrawn, check.console_errors)
        m = _overflow(page)
        assert m["doc"] <= m["view"] == 390 and m["body"] <= 390, m
        assert m["wrapScroll"] > m["wrapClient"] + 200, m     # the wide table scrolls in its box
        # the last column can be reached by scrolling the wrapper
        last = page.evaluate("""() => {
            const w = document.querySelector('.zy-table-wrap');
            w.scrollLeft = w.scrollWidth;
            const th = w.querySelector('thead th:last-child').getBoundingClientRect();
            return {left: th.left, right: th.right, text: w.querySelector('thead th:last-child').textContent};
        }""")
        assert last["text"] == "变化 Change" and 0 <= last["left"] < last["right"] <= 390, last
        page.evaluate("document.querySelector('.zy-table-wrap').scrollLeft = 0")
        page.screenshot(path="/tmp/zyanalysis-reader-390.png", full_page=True)


def test_csv_button_downloads_the_cells_as_text_with_bom(report, chromium, tmp_path):
    from zyanalysis.report import browsercheck as bc

    with bc.open_report(chromium, report, width=1280) as (page, check):
        buttons = page.locator("button.zy-csv")
        assert buttons.count() == 2                          # one per table
        with page.expect_download() as info:
            buttons.first.click()
        dl = info.value
        assert dl.suggested_filename == "读者_Reader_test-1.csv"
        target = tmp_path / "t.csv"
        dl.save_as(target)
        raw = target.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")               # UTF-8 BOM for Excel
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert rows[0][0] == "单位 Unit" and rows[0][-1] == "变化 Change" and len(rows[0]) == 15
        assert rows[1][:2] == ["ganzhou", "甘州区 1"]
        # cell text, not HTML; quotes and commas survive; formula-like text is defused
        assert rows[1][13] == '<b>bold</b> "quoted, text"'
        assert rows[2][13] == "'=HYPERLINK(1)"
        assert rows[1][14] == "+2" and rows[2][14] == "-1.5"   # numbers stay numbers
        assert len(rows) == 3
        # same text straight from the page's function (a Blob URL, no request)
        text = page.evaluate("window.zyanalysisReader.tableCsv(document.querySelector('main table'))")
        assert text.encode("utf-8") == raw
        assert check.outside_requests == [] and check.console_errors == []
        page.screenshot(path="/tmp/zyanalysis-reader-1280.png", full_page=True)


def test_notebook_only_text_is_not_in_the_shared_page(report, chromium):
    from zyanalysis.report import browsercheck as bc

    with bc.open_report(chromium, report) as (page, _):
        text = page.evaluate("document.body.innerText")
        assert "甘州区 Ganzhou" in text
        assert "表格 Table:" in text
        assert NB_ONLY_SPAN not in text and NB_ONLY_CELL not in text and NB_ONLY_DIV not in text
        assert page.evaluate("document.querySelectorAll('.zy-notebook-only, .celltag_notebook-only').length") == 0


def test_print_hides_sliders_keeps_charts_and_breaks_before_sections(report, chromium):
    from zyanalysis.report import browsercheck as bc

    with bc.open_report(chromium, report) as (page, check):
        (cid,) = bc.reweight_chart_ids(page)
        assert page.locator(f"#{cid} input[type=range]").first.is_visible()
        page.set_viewport_size({"width": 700, "height": 1000})   # about A4's text width
        page.emulate_media(media="print")
        page.wait_for_function("document.querySelector('table.zy-tight') !== null")  # the wide one
        widths = page.evaluate("""() => ({main: document.querySelector('main').clientWidth,
            tables: Array.from(document.querySelectorAll('main table')).map(t => t.offsetWidth),
            doc: document.documentElement.scrollWidth})""")
        assert max(widths["tables"]) <= widths["main"] and widths["doc"] <= 700, widths
        styles = page.evaluate("""(cid) => ({
            ranges: Array.from(document.querySelectorAll('input[type=range]'))
                         .map(i => getComputedStyle(i).display),
            csv: getComputedStyle(document.querySelector('button.zy-csv')).display,
            chart: document.getElementById(cid).querySelector('svg').getBoundingClientRect().width,
            h2: Array.from(document.querySelectorAll('h2')).map(h => getComputedStyle(h).breakBefore),
            wrap: getComputedStyle(document.querySelector('.zy-table-wrap')).overflowX,
        })""", cid)
        assert styles["ranges"] and set(styles["ranges"]) == {"none"}
        assert styles["csv"] == "none" and styles["chart"] > 100
        assert styles["h2"] == ["page", "page"]
        assert styles["wrap"] == "visible"                  # the table is not cut at a scroll box
        page.pdf(path="/tmp/zyanalysis-reader.pdf", format="A4", page_ranges="1-3")
        page.emulate_media(media="screen")                  # back on screen: no print-only class
        page.wait_for_function("document.querySelectorAll('table.zy-tight').length === 0")
        assert check.outside_requests == []
