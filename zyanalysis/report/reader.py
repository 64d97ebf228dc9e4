"""Reader-facing CSS and JavaScript for the shared HTML reports (inlined by the exporter).

:func:`inline` adds :data:`CSS` to the page's ``<style>`` and :data:`JS` as one ``<script>``
before ``</body>``; :func:`zyanalysis.report.htmlexport.render_html` calls it once. Nothing here
loads anything: no URL, no network, plain ES5 so that older office browsers run it.

What a reader gets:

* **Tables that fit a phone.** Every ``<table>`` is wrapped in ``div.zy-table-wrap``, which
  scrolls sideways inside its box; the page itself never gets wider than the screen (a 390-px
  phone scrolls the table to its last column instead of losing columns at the page edge).
  Charts and preformatted text scroll inside their own box the same way.
* **A CSV button per table.** ``button.zy-csv`` above each table builds the CSV in the browser
  from the table's cells (their *text*, never their HTML; colspan/rowspan filled in), UTF-8 with
  a byte-order mark so that Excel shows Chinese correctly, CRLF line ends, and downloads it
  through a ``Blob`` URL (``msSaveOrOpenBlob`` on old Edge/IE). A cell that Excel would read as
  a formula (starting ``=``, ``+``, ``-``, ``@`` and not a plain number) gets a leading ``'``.
  ``window.zyanalysisReader.tableCsv(table)`` returns the text (used by the tests).
* **A print stylesheet** (``@media print``): sliders, inputs, buttons and the vega action menu
  hidden; each ``h2`` section starts a new page; charts are not split across pages and are
  scaled to the page width; tables lose their scroll box, wrap their cells to the page width
  and repeat their header row on every page; a table still wider than the page (measured when
  the print layout applies) may then break words anywhere.
* **Nothing addressed to notebook users.** Two ways to mark text that only makes sense in
  Jupyter (\"run the cell below\", \"move the slider above\"); both stay visible in Jupyter and
  are removed from the shared HTML (hidden by CSS, and taken out of the page by the script so
  that copying and CSV never see them):

  - a whole cell: give it the cell tag ``notebook-only`` (JupyterLab: property inspector →
    cell tags). nbconvert's lab template writes cell tags as the class
    ``celltag_notebook-only`` on the cell's element, which :data:`CSS` hides;
  - part of a Markdown cell: put it on its own line as
    ``<div class="zy-notebook-only">Move the sliders above …</div>`` (an HTML block, kept
    whole; write any emphasis inside it as HTML, ``<b>…</b>``). Not an inline ``<span>`` in
    Markdown: nbconvert's ``embed_images`` pass parses each inline tag on its own, which turns
    ``<span class=…>text</span>`` into an empty span followed by visible text;
  - part of an HTML output (``display(HTML(…))``, a report Section): wrap it in
    ``<span class="zy-notebook-only">…</span>`` or a ``div``.
"""
from __future__ import annotations

NOTEBOOK_ONLY_TAG = "notebook-only"
"""Cell tag for cells that only notebook users should see (shown in Jupyter, not in the HTML)."""

NOTEBOOK_ONLY_CLASS = "zy-notebook-only"
"""Class for spans/divs inside a cell that only notebook users should see."""

CSS = """
/* reader.py: narrow screens, CSV buttons, notebook-only text, print */
.zy-notebook-only,.celltag_notebook-only{display:none!important}
main{overflow-wrap:break-word}
main,.jp-Cell,.jp-OutputArea,.jp-OutputArea-child,.jp-OutputArea-output{min-width:0;max-width:100%}
.zy-table-block{max-width:100%;width:-webkit-fit-content;width:fit-content;margin:.6em 0}
.zy-table-wrap{max-width:100%;overflow-x:auto;-webkit-overflow-scrolling:touch}
.zy-table-wrap>table{margin:0}
.zy-table-tools{text-align:right;margin:0 0 .2em}
.zy-csv{font-size:12px;line-height:1.4;padding:1px 8px;border:1px solid #90a4ae;border-radius:3px;
background:#f5f7f9;color:#1565c0;cursor:pointer}
.zy-csv:hover,.zy-csv:focus{background:#e3edf7}
.zy-chart{max-width:100%;overflow-x:auto}
pre{overflow-x:auto}img{max-width:100%;height:auto}
@media (max-width:600px){
main{padding:12px 12px 40px}h1{font-size:1.4em}h2{font-size:1.2em}
.vega-bind-name{display:block;min-width:0}
.vega-bind input[type=range]{width:100%;max-width:260px}
}
@media print{
@page{margin:14mm 12mm}
input,select,button,textarea,.vega-bindings,.vega-bind,.zy-table-tools,
.vega-embed .vega-actions,.vega-embed>details{display:none!important}
body{font-size:10.5pt;background:#fff}main{max-width:none;padding:0}
h2{break-before:page;page-break-before:always}
h1,h2,h3{break-after:avoid;page-break-after:avoid}
.zy-chart,.vega-embed,svg,img{break-inside:avoid;page-break-inside:avoid}
.zy-chart svg{max-width:100%;height:auto}
.zy-chart,.zy-table-wrap,.jp-OutputArea-output,pre{overflow:visible!important}
table{width:100%;font-size:8.5pt}
th,td{white-space:normal!important;overflow-wrap:break-word;word-break:normal}
thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}
table.zy-tight th,table.zy-tight td{overflow-wrap:anywhere}
a{color:inherit;text-decoration:none}
}
"""

JS = r"""
(function () {
  "use strict";
  var NB_ONLY = ".zy-notebook-only, .celltag_notebook-only";

  // Text Excel would run as a formula gets a leading apostrophe; plain numbers stay numbers.
  function field(s) {
    if (/^[=+\-@\t\r]/.test(s) && !/^[+\-]?[\d.,]+%?$/.test(s)) { s = "'" + s; }
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function cellText(cell) {
    return (cell.textContent || "").replace(/\s+/g, " ").replace(/^ | $/g, "");
  }

  // Rows × columns of cell text, colspan/rowspan repeated as empty cells so columns line up.
  function tableRows(table) {
    var grid = [], rows = table.rows, i, j, r, c, k;
    for (i = 0; i < rows.length; i++) {
      grid[i] = grid[i] || [];
      c = 0;
      for (j = 0; j < rows[i].cells.length; j++) {
        var cell = rows[i].cells[j], text = cellText(cell);
        var cs = Math.max(1, cell.colSpan || 1), rs = Math.max(1, cell.rowSpan || 1);
        while (grid[i][c] !== undefined) { c++; }
        for (r = 0; r < rs && i + r < rows.length; r++) {
          grid[i + r] = grid[i + r] || [];
          for (k = 0; k < cs; k++) { grid[i + r][c + k] = (r === 0 && k === 0) ? text : ""; }
        }
        c += cs;
      }
    }
    return grid;
  }

  function tableCsv(table) {
    var grid = tableRows(table), lines = [], i, j;
    for (i = 0; i < grid.length; i++) {
      var out = [];
      for (j = 0; j < grid[i].length; j++) { out.push(field(grid[i][j] === undefined ? "" : grid[i][j])); }
      lines.push(out.join(","));
    }
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  function fileName(n) {
    var base = (document.title || "zyanalysis").replace(/[\\\/:*?"<>|\s]+/g, "_").slice(0, 80);
    return base + "-" + n + ".csv";
  }

  function download(name, text) {
    var blob = new Blob([text], {type: "text/csv;charset=utf-8"});
    if (window.navigator && window.navigator.msSaveOrOpenBlob) {
      window.navigator.msSaveOrOpenBlob(blob, name);
      return;
    }
    var url = URL.createObjectURL(blob), a = document.createElement("a");
    a.href = url; a.download = name; a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.parentNode.removeChild(a); }, 2000);
  }

  function enhance(table, n) {
    if (table.getAttribute("data-zy-reader")) { return; }
    table.setAttribute("data-zy-reader", String(n));
    // block (as wide as the table, at most the page) > [button bar, scrolling wrap > table]
    var block = document.createElement("div"), wrap = document.createElement("div");
    block.className = "zy-table-block";
    wrap.className = "zy-table-wrap";
    table.parentNode.insertBefore(block, table);
    block.appendChild(wrap);
    wrap.appendChild(table);
    var bar = document.createElement("div"), btn = document.createElement("button");
    bar.className = "zy-table-tools";
    btn.type = "button";
    btn.className = "zy-csv";
    btn.textContent = "CSV \u2913";
    btn.title = "\u4e0b\u8f7d\u6b64\u8868 Download this table as CSV (UTF-8, opens in Excel)";
    btn.onclick = function () { download(fileName(n), tableCsv(table)); };
    bar.appendChild(btn);
    block.insertBefore(bar, wrap);
  }

  function run() {
    var gone = document.querySelectorAll(NB_ONLY), i;
    for (i = 0; i < gone.length; i++) {
      if (gone[i].parentNode) { gone[i].parentNode.removeChild(gone[i]); }
    }
    var tables = document.querySelectorAll("main table");
    for (i = 0; i < tables.length; i++) { enhance(tables[i], i + 1); }
  }

  // Print: a table still wider than the page may break words anywhere (only then: that
  // would also split years and numbers). Measured once the print layout applies.
  function fitForPrint(on) {
    var tables = document.querySelectorAll("main table"), i, t;
    for (i = 0; i < tables.length; i++) {
      t = tables[i];
      t.className = t.className.replace(/(^| )zy-tight\b/g, "");
      if (on && t.offsetWidth > document.querySelector("main").clientWidth + 1) {
        t.className += " zy-tight";
      }
    }
  }

  window.zyanalysisReader = {tableCsv: tableCsv, download: download, run: run, fitForPrint: fitForPrint};
  run();
  if (window.matchMedia) {
    var mq = window.matchMedia("print"), onChange = function (e) { fitForPrint(e.matches); };
    if (mq.addEventListener) { mq.addEventListener("change", onChange); } else if (mq.addListener) { mq.addListener(onChange); }
    window.addEventListener("resize", function () { if (mq.matches) { fitForPrint(true); } });
  }
})();
"""


def inline(page: str) -> str:
    """``page`` with :data:`CSS` appended to its first ``<style>`` and :data:`JS` as a script
    before the last ``</body>``. Raises ValueError if the page has neither (not a report)."""
    if "</style>" not in page or "</body>" not in page:
        raise ValueError("reader.inline needs a page with a <style> element and a </body>")
    page = page.replace("</style>", CSS + "</style>", 1)
    head, _, tail = page.rpartition("</body>")
    return f"{head}<script>{JS}</script>\n</body>{tail}"
