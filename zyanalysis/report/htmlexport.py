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
  ``vl-convert-python`` wheel, no network), checks that nothing refers to an outside host, and
  writes the file atomically.

Text from documents or users that notebook code writes as Markdown or HTML must go through
:func:`escape` (or :func:`escape_md` inside Markdown), because nbconvert passes raw HTML in
Markdown through: ``display(Markdown(f"**{escape_md(name)}**"))``.
"""
from __future__ import annotations

import functools
import html
import json
import os
import re
import tempfile
import uuid
from pathlib import Path

import altair as alt

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
.zy-chart{margin:1em 0}.vega-bindings{margin:.5em 0 1em;font-size:13px}
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
<script>{{ resources.zyanalysis.js }}</script>
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

# Anything that makes the browser fetch from a host: src/href/srcset/action/poster attributes
# and CSS url()/@import with a scheme or protocol-relative URL. <a href> is navigation, not a
# request, so it is allowed.
_EXTERNAL_ATTR = re.compile(
    r"<(?!a[\s>])(\w+)\b[^>]*?\s(?:src|href|srcset|action|poster|data)\s*=\s*[\"']?\s*"
    r"((?:[a-z][a-z0-9+.-]*:)?//[^\"'\s>]+)", re.I)
_EXTERNAL_CSS = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"'])\s*((?:https?:)?//[^\"')\s]+)", re.I)


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
        _atomic_write(cache, js)
    except OSError:  # read-only home: just do without the cache
        pass
    return js


def _cache_dir() -> Path:
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


def setup_notebook(live_bundle: bool | None = None) -> None:
    """Enable the ``zyanalysis`` renderer and theme; in a live session show the JS bundle once.

    ``live_bundle=None`` shows it unless ``ZYANALYSIS_BATCH=1`` (batch runs: the export inlines
    the bundle itself, so the executed notebook need not carry 0.9 MB).
    """
    from zyanalysis.report.charts import enable_theme

    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, renderer)
    alt.renderers.enable(RENDERER)
    enable_theme()
    if live_bundle is None:
        live_bundle = os.environ.get("ZYANALYSIS_BATCH", "") not in ("1", "true", "yes")
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


def external_references(page: str) -> list[str]:
    """URLs in ``page`` that a browser would fetch from another host (should be empty).

    Inline scripts are skipped: the vega bundle contains URL strings (e.g. the schema address it
    only parses) that are never requested; what scripts do at run time is checked in the
    browser test.
    """
    markup = re.sub(r"(<script\b[^>]*>).*?(</script>)", r"\1\2", page, flags=re.S | re.I)
    return [m.group(2) for m in _EXTERNAL_ATTR.finditer(markup)] + \
           [m.group(1) for m in _EXTERNAL_CSS.finditer(markup)]


def render_html(nb, title: str) -> str:
    """The report page of notebook node ``nb`` (executed), as a string."""
    import jinja2
    from nbconvert import HTMLExporter

    _drop_bundle_outputs(nb)
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"zyanalysis_report.html.j2": _TEMPLATE})],
        template_file="zyanalysis_report.html.j2",
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
        embed_images=True,
    )
    # The pygments CSS is for code cells, which are hidden.
    exporter.register_preprocessor("nbconvert.preprocessors.CSSHTMLHeaderPreprocessor", enabled=False)
    resources = {"zyanalysis": {"title": title, "css": _CSS,
                                "js": javascript_bundle() + "\n" + EMBED_JS}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    # Reader CSS/JS (tables scroll on phones, CSV per table, print sheet, notebook-only text
    # hidden): owned by zyanalysis/report/reader.py; this is its only hook in the exporter.
    from zyanalysis.report import reader
    body = reader.inline(body)
    return body


def _atomic_write(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and ``os.replace`` (all or nothing)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_html(executed_ipynb_path: str | os.PathLike, out_html_path: str | os.PathLike,
                title: str | None = None) -> Path:
    """Export an executed notebook to one self-contained HTML report; returns its path.

    No code cells or prompts; vega, vega-lite and vega-embed inlined once; nothing fetched from
    another host (:class:`ExportError` otherwise, and the previous file is left untouched);
    UTF-8. ``title`` defaults to the notebook's metadata title or file name.
    """
    import nbformat

    src = Path(executed_ipynb_path)
    out = Path(out_html_path)
    try:
        nb = nbformat.read(src, as_version=4)
    except Exception as e:  # unreadable or not a notebook: say which file
        raise ExportError(f"{src}: cannot read notebook: {e}") from e
    title = title or nb.metadata.get("title") or src.stem
    page = render_html(nb, title)
    outside = external_references(page)
    if outside:
        raise ExportError(f"{src}: the report would load from outside hosts: {outside[:5]}")
    out.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(out, page)
    return out
