"""Offline, shareable HTML from executed notebooks: one file, vega inlined once, no outside host.

Two halves:

* **In the notebook** — :func:`setup_notebook` enables the ``zyanalysis`` altair renderer. Each
  chart's output is a small ``text/html`` snippet: an empty ``<div>``, the Vega-Lite spec as
  ``<script type="application/json">`` and a one-line call to a global ``zyanalysisEmbed``. No
  chart carries vega itself and nothing points at a CDN (altair 6's default ``universal``
  template loads vega from a CDN; its ``inline`` template embeds a ~0.9 MB bundle per chart).
  For live use (JupyterLab cannot render altair 6's ``application/vnd.vegalite.v6.json``
  itself), ``setup_notebook`` also displays the JavaScript bundle once, marked so that the
  export can drop it; batch runs skip it with ``ZYANALYSIS_BATCH=1``.
* **At export** — :func:`export_html` renders the notebook with nbconvert (code cells, prompts
  and the bundle output removed) through a small template that has no require.js, MathJax,
  mermaid or widget loader, inlines vega + vega-lite + vega-embed once in ``<head>`` (from the
  ``vl-convert-python`` wheel, no network) gzip-compressed and base64-encoded (0.9 MB → 0.3 MB;
  the page inflates it with ``DecompressionStream``, and a browser without it shows a clear
  message in place of each chart while every table stays readable), checks that nothing the
  page loads comes from an outside host, and writes the file atomically. One exporter (and
  compiled template) serves every report of a process, and nbconvert's BeautifulSoup pass over
  the page is skipped.

Text from documents or users that notebook code writes as Markdown or HTML must go through
:func:`escape` (or :func:`escape_md` inside Markdown), because nbconvert passes raw HTML in
Markdown through: ``display(Markdown(f"**{escape_md(name)}**"))``.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import os
import re
import time
import uuid
from pathlib import Path

import altair as alt

from zyanalysis.files import SHARED, write_atomic
from zyanalysis.report import reader

RENDERER = "zyanalysis"
BUNDLE_MARK = "zyanalysis-vega-bundle"
"""Output-metadata key/value marking the live-notebook copy of the JavaScript bundle."""

EMBED_OPTIONS = {"renderer": "svg", "actions": {"export": True, "source": False,
                                                 "compiled": False, "editor": False}}
"""vega-embed options: SVG (crisp, searchable text) and only the PNG/SVG download menu
(the editor link would open an outside site)."""

# Defines window.zyanalysisEmbed(id): reads the spec next to the div and draws it. Views are kept
# in window.zyanalysisViews for tests and debugging.
EMBED_JS = """
(function () {
  var opts = %s;
  window.zyanalysisViews = window.zyanalysisViews || {};
  window.zyanalysisEmbed = function (id) {
    var el = document.getElementById(id), specEl = document.getElementById(id + "-spec");
    if (!el || !specEl || el.getAttribute("data-zy-drawn")) { return; }
    el.setAttribute("data-zy-drawn", "1");
    window.vegaEmbed(el, JSON.parse(specEl.textContent), opts).then(function (r) {
      window.zyanalysisViews[id] = r.view;
    }).catch(function (e) {
      el.setAttribute("data-zy-error", String(e));
      el.textContent = "图表无法显示 Chart could not be drawn: " + e;
    });
  };
  var pending = document.querySelectorAll("div.zy-chart:not([data-zy-drawn])");
  for (var i = 0; i < pending.length; i++) { window.zyanalysisEmbed(pending[i].id); }
})();
""" % json.dumps(EMBED_OPTIONS)

NO_DECOMPRESSION_MESSAGE = (
    "此浏览器无法显示图表（需要支持 DecompressionStream 的浏览器：Chrome/Edge 80+、Firefox 113+、"
    "Safari 16.4+），表格和文字不受影响。 This browser cannot draw the charts (they need "
    "DecompressionStream: Chrome/Edge 80+, Firefox 113+, Safari 16.4+); every table and all text "
    "remain readable.")

# Inflates the gzip+base64 bundle (script#zy-vega-gz) in the browser and runs it, then the embed
# code above. Without DecompressionStream (old browsers), every chart and a banner at the top
# say so; tables are plain HTML and unaffected.
_LOADER_JS = """
(function () {
  var MSG = %s;
  function unavailable(reason) {
    window.zyanalysisUnavailable = reason;
    function show() {
      var charts = document.querySelectorAll("div.zy-chart:not([data-zy-drawn])");
      for (var i = 0; i < charts.length; i++) {
        charts[i].setAttribute("data-zy-error", reason);
        charts[i].className += " zy-nochart";
        charts[i].textContent = MSG;
      }
      if (!document.getElementById("zy-nocharts")) {
        var note = document.createElement("div");
        note.id = "zy-nocharts"; note.className = "zy-warn"; note.textContent = MSG;
        var main = document.querySelector("main") || document.body;
        main.insertBefore(note, main.firstChild);
      }
    }
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", show); }
    else { show(); }
  }
  var data = document.getElementById("zy-vega-gz");
  if (typeof DecompressionStream === "undefined" || typeof Blob === "undefined" ||
      !Blob.prototype.stream || typeof Response === "undefined" || !data) {
    unavailable("no DecompressionStream");
    return;
  }
  try {
    var bin = atob(data.textContent), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    new Response(stream).text().then(function (js) {
      var s = document.createElement("script");
      s.textContent = js + "\\n" + %s;
      document.head.appendChild(s);
    }).catch(function (e) { unavailable("decompression failed: " + e); });
  } catch (e) { unavailable("decompression failed: " + e); }
})();
""" % (json.dumps(NO_DECOMPRESSION_MESSAGE, ensure_ascii=False), json.dumps(EMBED_JS))

# Per chart: if the libraries are not there yet (live notebook before setup output ran), the
# setup output's own loop draws every pending chart once they are.
_CHART_HTML = """<div class="zy-chart" id="{id}"></div>
<script type="application/json" id="{id}-spec">{spec}</script>
<script>window.zyanalysisEmbed ? window.zyanalysisEmbed("{id}") : null;</script>"""

_CSS = """
body{margin:0;background:#fff;color:#212121;font:15px/1.6 'Noto Sans CJK SC','Source Han Sans SC',
'Microsoft YaHei','PingFang SC','WenQuanYi Micro Hei','SimHei',sans-serif}
main{max-width:1000px;margin:0 auto;padding:24px 28px 60px}
h1,h2,h3{line-height:1.3;margin:1.2em 0 .5em}h1{font-size:1.7em}h2{font-size:1.35em;
border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:.6em 0;font-size:13px}th,td{border:1px solid #ccc;
padding:3px 8px;text-align:left;vertical-align:top}thead th{background:#f3f3f3}
tbody tr:nth-child(even){background:#fafafa}
pre{white-space:pre-wrap;font-size:13px;background:#f7f7f7;padding:6px 8px}
.jp-OutputArea-output{margin:.4em 0;overflow-x:auto}.jp-RenderedText pre{background:none;padding:0}
.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]{display:none}
.zy-chart{margin:1em 0}.zy-nochart{color:#8a4b00;font-size:13px}.vega-bindings{margin:.5em 0 1em;font-size:13px}
.vega-bind{margin:.2em 0}.vega-bind-name{display:inline-block;min-width:22em}
.vega-bind input[type=range]{width:220px;vertical-align:middle}
a.anchor-link{display:none}
.zy-warn{background:#fff4e5;border-left:4px solid #ef6c00;padding:.5em .8em;margin:.8em 0;font-weight:600}
.zy-note{background:#f1f6fb;border-left:4px solid #90a4ae;padding:.4em .8em;margin:.6em 0}
.zy-caption{color:#555;font-size:13px;margin:.3em 0}
details{margin:.5em 0}summary{cursor:pointer;color:#1565c0}
@media print{.vega-embed .vega-actions{display:none}}
"""

_TEMPLATE = """{%- extends 'base.html.j2' -%}
{%- block header -%}
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{{ resources.zyanalysis.title | e }}</title>
<style>{{ resources.zyanalysis.css }}</style>
<script type="application/octet-stream" id="zy-vega-gz">{{ resources.zyanalysis.bundle }}</script>
<script>{{ resources.zyanalysis.loader }}</script>
</head>
{%- endblock header -%}
{%- block body_header -%}
<body>
<main>
{%- endblock body_header -%}
{%- block body_footer -%}
</main>
</body>
{%- endblock body_footer -%}
{%- block footer -%}
</html>
{%- endblock footer -%}
"""

# What makes a browser fetch something: these attributes of these elements, any element's style
# attribute (and legacy ``background``), and CSS url()/@import inside <style>. <a href> is
# navigation, not a request. Text between tags is never looked at: a table cell may say
# ``url(https://example.com)`` (an enterprise's name) without loading anything.
_LOADING_ATTRS = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
    "embed": ("src",), "source": ("src", "srcset"), "audio": ("src",), "video": ("src", "poster"),
    "track": ("src",), "input": ("src",), "link": ("href",), "object": ("data",), "base": ("href",),
    "image": ("href", "xlink:href"), "use": ("href", "xlink:href"), "feimage": ("href", "xlink:href"),
}
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])\s*([^"')\s]+)""", re.I)
# Raw-text elements whose content is not markup (scripts: the vega bundle and chart specs hold
# URL strings that are only data; what scripts fetch at run time is checked in the browser test),
# comments, <style> (CSS, checked separately) and tags with their attributes.
_MARKUP = re.compile(
    r"<!--.*?-->"
    r"|<(script|textarea|title)\b[^>]*>.*?</\1\s*>"
    r"|<style\b[^>]*>(?P<css>.*?)</style\s*>"
    r"|<(?P<tag>[a-zA-Z][\w:-]*)(?P<attrs>(?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*/?>",
    re.S | re.I)
_ATTR = re.compile(r"""([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_SCRIPT_SRC = re.compile(r"<script\b(?P<attrs>[^>]*)>", re.I)


class ExportError(RuntimeError):
    """The exported HTML would not be self-contained (or the notebook cannot be exported)."""


# ----------------------------------------------------------------------------- escaping

def escape(text: object) -> str:
    """HTML-escape document or user text before it goes into HTML output (``&<>"'``)."""
    return html.escape("" if text is None else str(text), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~>$])")


def escape_md(text: object) -> str:
    """Escape text for a Markdown cell or ``Markdown`` output: HTML first, then Markdown syntax.

    ``'<b>A*B</b> $5'`` → ``'&lt;b&gt;A\\*B&lt;/b&gt; \\$5'``: no tag, no emphasis, no math.
    """
    return _MD_SPECIAL.sub(r"\\\1", escape(text))


# ----------------------------------------------------------------------------- notebook side

@functools.lru_cache(maxsize=1)
def javascript_bundle() -> str:
    """vega + vega-lite + vega-embed as one script (~0.9 MB), from the vl-convert wheel.

    Uses the Vega-Lite version altair writes specs for when vl-convert has it. ``</script``
    cannot occur inside an inline script, so it is written ``<\\/script`` (same string in JS).
    """
    import vl_convert as vlc

    want = ".".join(alt.VEGALITE_VERSION.split(".")[:2])
    version = want if want in vlc.get_vegalite_versions() else None
    # Building the bundle takes 1-3 s, paid once per batch worker without this cache.
    cache = _cache_dir() / f"vega-bundle-vlc{vlc.__version__}-vl{version or 'latest'}.js"
    try:
        cached = cache.read_text(encoding="utf-8")
        if "window.vegaEmbed=" in cached[-4000:]:  # complete: the bundle ends with the globals
            return cached
    except OSError:
        pass
    js = vlc.javascript_bundle(vl_version=version).replace("</script", "<\\/script")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cache, js)
    except OSError:  # read-only home: just do without the cache
        pass
    return js


def _cache_dir() -> Path:
    """Where derived, re-creatable files of the package live (``$XDG_CACHE_HOME/zyanalysis``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zyanalysis"


def _spec_json(spec: dict) -> str:
    # Inside <script type="application/json"> only '</' could end the element; \\u003c etc.
    # keep JSON valid and make any '<', '>' or '&' from document text inert.
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def chart_html(spec: dict) -> str:
    """The HTML snippet of one chart (div + JSON spec + embed call); no library, no URL."""
    cid = f"zyc-{uuid.uuid4().hex[:12]}"
    return _CHART_HTML.format(id=cid, spec=_spec_json(spec))


def renderer(spec: dict, **metadata) -> dict[str, str]:
    """Altair renderer: ``text/html`` snippet for notebooks and nbconvert, plus plain text."""
    title = spec.get("title")
    if isinstance(spec.get("vconcat"), list) and spec["vconcat"]:
        title = spec["vconcat"][0].get("title", title)
    if isinstance(title, dict):
        title = title.get("text")
    return {"text/html": chart_html(spec),
            "text/plain": f"<altair chart: {title or 'untitled'}>"}


def _flag(name: str) -> bool:
    """An environment variable set to 1/true/yes."""
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


def setup_notebook(live_bundle: bool | None = None) -> None:
    """Enable the ``zyanalysis`` renderer and theme; in a live session show the JS bundle once.

    ``live_bundle=None`` shows it unless ``ZYANALYSIS_BATCH=1`` (batch runs: the export inlines
    the bundle itself, so the executed notebook need not carry 0.9 MB). Batch runs also switch
    chart validation off (:func:`zyanalysis.report.charts.set_validation`) unless
    ``ZYANALYSIS_VALIDATE_CHARTS=1``.
    """
    from zyanalysis.report.charts import enable_theme, set_validation

    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, renderer)
    alt.renderers.enable(RENDERER)
    enable_theme()
    batch = _flag("ZYANALYSIS_BATCH")
    # Batch runs draw specs from our own tested builders: skip the schema validation unless
    # asked for (the test suite asks, with ZYANALYSIS_VALIDATE_CHARTS=1).
    set_validation(not batch or _flag("ZYANALYSIS_VALIDATE_CHARTS"))
    if live_bundle is None:
        live_bundle = not batch
    if live_bundle:
        from IPython.display import HTML, display

        display(HTML(f"<script>{javascript_bundle()}\n{EMBED_JS}</script>"),
                metadata={BUNDLE_MARK: True})


# ----------------------------------------------------------------------------- export side

def _drop_bundle_outputs(nb) -> None:
    """Remove the live-notebook bundle outputs (the export inlines the bundle once itself)."""
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = [o for o in cell.get("outputs", [])
                               if not o.get("metadata", {}).get(BUNDLE_MARK)]


def _css_urls(css: str) -> list[str]:
    """Remote URLs that CSS text would load (url(), @import)."""
    return [u for u in _CSS_URL.findall(css) if _REMOTE.match(u)]


def _attr_urls(tag: str, attrs: str) -> list[str]:
    """Remote URLs that the attributes of one start tag would load."""
    found = []
    loading = _LOADING_ATTRS.get(tag.lower(), ())
    for m in _ATTR.finditer(attrs):
        name = m.group(1).lower()
        value = html.unescape(next((g for g in m.groups()[1:] if g is not None), ""))
        if name == "style":
            found += _css_urls(value)
        elif name in loading or name == "background":
            urls = [u.strip().split()[0] for u in value.split(",") if u.strip()] if name == "srcset" \
                else [value.strip()]
            found += [u for u in urls if _REMOTE.match(u)]
    return found


def external_references(page: str) -> list[str]:
    """URLs that a browser opening ``page`` would fetch from another host (should be empty).

    Looks only at what the page loads: the loading attributes of elements (script/img/iframe
    src, link href, srcset, poster, object data …), style attributes and <style> elements
    (CSS url() and @import). Text is not looked at, nor are inline scripts' contents.
    """
    found: list[str] = []
    for m in _MARKUP.finditer(page):
        if m.group("css") is not None:
            found += _css_urls(m.group("css"))
        elif m.group("tag"):
            found += _attr_urls(m.group("tag"), m.group("attrs") or "")
        elif m.group(1) and m.group(1).lower() == "script":  # <script src=…> with a body
            opening = _SCRIPT_SRC.match(m.group(0))
            found += _attr_urls("script", opening.group("attrs")) if opening else []
    return found


@functools.lru_cache(maxsize=1)
def compressed_bundle() -> str:
    """:func:`javascript_bundle` gzip-compressed and base64-encoded (~0.39 MB instead of 0.9 MB).

    Zopfli writes a standard gzip stream (the browser's DecompressionStream reads it) 4 % smaller
    than ``gzip -9``; it takes ~0.5 s, so the result is kept per process and on disk under
    ``$XDG_CACHE_HOME/zyanalysis`` (keyed by the bundle's hash). Deterministic: equal reports
    stay equal.
    """
    import zopfli.gzip

    raw = javascript_bundle().encode("utf-8")
    cache = _cache_dir() / f"vega-{hashlib.sha256(raw).hexdigest()[:20]}.gz.b64"
    try:
        return cache.read_text(encoding="ascii")
    except OSError:
        pass
    text = base64.b64encode(zopfli.gzip.compress(raw, numiterations=1)).decode("ascii")
    try:  # a cache that cannot be written only costs the half second next time
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cache, text)
    except OSError:
        pass
    return text


def _report_exporter_class():
    """HTMLExporter without its BeautifulSoup pass (a second parse and re-write of the page).

    The pass only adds ``alt`` to images and ``tabindex`` to input/output wrappers; reports have
    no input cells and their images are charts drawn by vega. Everything else is
    :meth:`HTMLExporter.from_notebook_node` as in nbconvert 7.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):  # noqa: D102 - as HTMLExporter
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return ReportExporter


@functools.lru_cache(maxsize=1)
def report_exporter():
    """The report exporter, built once per process (its Jinja template compiled once)."""
    import jinja2

    exporter = _report_exporter_class()(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"zyanalysis_report.html.j2": _TEMPLATE})],
        template_file="zyanalysis_report.html.j2",
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
        embed_images=True,
        optimistic_validation=True,  # validate once, after the preprocessors, not after each
    )
    # The pygments CSS is for code cells, which are hidden.
    exporter.register_preprocessor("nbconvert.preprocessors.CSSHTMLHeaderPreprocessor", enabled=False)
    return exporter


# Stands for the compressed bundle while the page is checked: the check then reads ~0.1 MB of
# markup instead of 0.4 MB, and base64 text cannot hold a URL anyway.
_BUNDLE_SLOT = "@@zyanalysis-bundle@@"


def _render(nb, title: str) -> str:
    """The report page with :data:`_BUNDLE_SLOT` in place of the compressed bundle."""
    _drop_bundle_outputs(nb)
    resources = {"zyanalysis": {"title": title, "css": _CSS, "bundle": _BUNDLE_SLOT,
                                "loader": _LOADER_JS}}
    body, _ = report_exporter().from_notebook_node(nb, resources=resources)
    # Reader CSS/JS (tables scroll on phones, CSV per table, print sheet, notebook-only text
    # hidden): owned by zyanalysis/report/reader.py; this is its only hook in the exporter.
    body = reader.inline(body)
    return body


def render_html(nb, title: str) -> str:
    """The report page of notebook node ``nb`` (executed), as a string."""
    return _render(nb, title).replace(_BUNDLE_SLOT, compressed_bundle(), 1)


def export_html(executed: str | os.PathLike | object, out_html_path: str | os.PathLike,
                title: str | None = None, *, tmp_dir: str | os.PathLike | None = None,
                timings: dict | None = None) -> Path:
    """Export an executed notebook (a path, or a notebook node already in memory) to one
    self-contained HTML report; returns its path.

    No code cells or prompts; vega, vega-lite and vega-embed inlined once (compressed); nothing
    fetched from another host (:class:`ExportError` otherwise, and the previous file is left
    untouched); UTF-8. ``title`` defaults to the notebook's metadata title or file name. ``tmp_dir``:
    where the file is written before the rename; ``timings`` receives the seconds spent in
    ``export`` (render and check) and ``write``.
    """
    import nbformat

    t0 = time.perf_counter()
    out = Path(out_html_path)
    if isinstance(executed, (str, os.PathLike)):
        src = Path(executed)
        try:
            nb = nbformat.read(src, as_version=4)
        except Exception as e:  # unreadable or not a notebook: say which file
            raise ExportError(f"{src}: cannot read notebook: {e}") from e
    else:
        nb, src = executed, Path(out.stem)
    title = title or nb.metadata.get("title") or src.stem
    page = _render(nb, title)
    outside = external_references(page)
    if outside:
        raise ExportError(f"{src}: the report would load from outside hosts: {outside[:5]}")
    page = page.replace(_BUNDLE_SLOT, compressed_bundle(), 1)
    t1 = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, page, tmp_dir=tmp_dir, mode=SHARED)
    if timings is not None:
        timings["export"] = t1 - t0
        timings["write"] = time.perf_counter() - t1
    return out
