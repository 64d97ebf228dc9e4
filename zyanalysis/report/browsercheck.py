"""Open HTML reports in headless Chromium with the network blocked, and check what a reader sees.

Used by the tests and by anyone checking a report by hand::

    python -m zyanalysis.report.browsercheck reports/county-ganzhou.html --screenshot /tmp/ganzhou.png

Needs Debian's ``chromium`` (plus ``fonts-noto-cjk`` so Chinese renders) and the ``playwright``
Python package; Playwright drives the system browser (``executable_path``) and never downloads
one. Every request whose URL is not ``file:``, ``data:``, ``blob:`` or ``about:`` is aborted and
counted; a self-contained report makes none.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-default-apps", "--host-resolver-rules=MAP * ~NOTFOUND",
]
_LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

# A chart has drawn when its div holds an <svg> (or <canvas>) with a size and at least one mark.
_DRAWN_JS = """
() => Array.from(document.querySelectorAll('div.zy-chart')).map(d => {
  const svg = d.querySelector('svg'), canvas = d.querySelector('canvas');
  const g = svg || canvas;
  const box = g ? g.getBoundingClientRect() : {width: 0, height: 0};
  const marks = svg ? svg.querySelectorAll(
      '.role-mark path, .role-mark line, .role-mark text, .role-mark rect').length : 0;
  return {id: d.id, width: box.width, height: box.height, marks: marks,
          error: d.getAttribute('data-zy-error'), canvas: !!canvas && !svg};
})
"""

# Labels of the rank text layer ('zy_rank' in charts.interactive_reweight_chart), top to bottom.
_RANKING_JS = """
(chartId) => {
  const root = document.getElementById(chartId);
  const texts = Array.from(root.querySelectorAll('g.zy_rank_marks text'));
  const ys = texts.map(t => ({y: t.getBoundingClientRect().top, text: t.textContent}));
  ys.sort((a, b) => a.y - b.y);
  const labels = Array.from(root.querySelectorAll(
      '.role-axis[aria-label^="Y-axis"] .role-axis-label text'))
      .map(t => ({y: t.getBoundingClientRect().top, text: t.textContent}))
      .sort((a, b) => a.y - b.y);
  return {ranks: ys.map(o => o.text), units: labels.map(o => o.text)};
}
"""


def chromium_path() -> str | None:
    """The system Chromium (``$CHROMIUM`` or Debian's ``/usr/bin/chromium``), if installed."""
    for cand in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium",
                 shutil.which("chromium-browser")):
        if cand and Path(cand).exists():
            return cand
    return None


@dataclass
class PageCheck:
    """What the browser saw on one report."""

    path: Path
    outside_requests: list[str] = field(default_factory=list)
    charts: list[dict] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    screenshot: Path | None = None

    @property
    def undrawn(self) -> list[str]:
        """Ids of charts without a sized svg/canvas holding marks, or with an embed error."""
        return [c["id"] for c in self.charts
                if c["error"] or c["width"] <= 0 or c["height"] <= 0
                or (not c["canvas"] and c["marks"] == 0)]

    @property
    def ok(self) -> bool:
        return not self.outside_requests and not self.undrawn and not self.console_errors


@contextlib.contextmanager
def browser(executable: str | None = None) -> Iterator[object]:
    """A headless system Chromium under Playwright (closed on exit)."""
    from playwright.sync_api import sync_playwright

    exe = executable or chromium_path()
    if not exe:
        raise FileNotFoundError("no chromium found: apt-get install chromium fonts-noto-cjk")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@contextlib.contextmanager
def open_report(b, html_path: str | os.PathLike, *, width: int = 1100, timeout_ms: int = 20_000,
                init_script: str | None = None) -> Iterator[tuple[object, PageCheck]]:
    """Open ``html_path`` offline in a fresh context; wait until every chart settled (drawn,
    or marked with ``data-zy-error``). ``init_script`` runs before the page's own scripts
    (e.g. to remove ``DecompressionStream`` and see what an older browser shows)."""
    path = Path(html_path).resolve()
    check = PageCheck(path)
    ctx = b.new_context(viewport={"width": width, "height": 900}, locale="zh-CN",
                        service_workers="block")

    def _route(route) -> None:
        url = route.request.url
        if url.startswith(_LOCAL_SCHEMES):
            route.continue_()
        else:
            check.outside_requests.append(url)
            route.abort()

    ctx.route("**/*", _route)
    if init_script:
        ctx.add_init_script(init_script)
    page = ctx.new_page()
    page.on("console", lambda m: check.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: check.console_errors.append(f"pageerror: {e}"))
    try:
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function(
            """() => Array.from(document.querySelectorAll('div.zy-chart')).every(d =>
                 d.getAttribute('data-zy-error') ||
                 (window.zyanalysisViews && window.zyanalysisViews[d.id]))""",
            timeout=timeout_ms)
        check.charts = page.evaluate(_DRAWN_JS)
        yield page, check
    finally:
        ctx.close()


def ranking(page, chart_id: str) -> dict[str, list[str]]:
    """Rank labels and unit axis labels of a re-weight chart, top to bottom, as shown."""
    return page.evaluate(_RANKING_JS, chart_id)


def reweight_chart_ids(page) -> list[str]:
    """Ids of charts that have the rank layer of :func:`charts.interactive_reweight_chart`."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('div.zy-chart'))
        .filter(d => d.querySelector('g.zy_rank_marks')).map(d => d.id)""")


def click_slider(page, chart_id: str, index: int, fraction: float) -> float:
    """Click slider ``index`` of a chart at ``fraction`` (0 = left end) of its width, like a
    reader would; wait for the view to re-render; return the slider's new value."""
    slider = page.locator(f"#{chart_id} input[type=range]").nth(index)
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    slider.click(position={"x": min(max(1.0, fraction * box["width"]), box["width"] - 1),
                           "y": box["height"] / 2})
    page.evaluate("(id) => window.zyanalysisViews[id].runAsync().then(() => true)", chart_id)
    return float(slider.input_value())


def check_report(html_path: str | os.PathLike, screenshot: str | os.PathLike | None = None,
                 executable: str | None = None) -> PageCheck:
    """Open one report offline; record outside requests, chart drawing, console errors and
    optionally a full-page screenshot (PNG)."""
    with browser(executable) as b, open_report(b, html_path) as (page, check):
        if screenshot:
            page.screenshot(path=str(screenshot), full_page=True)
            check.screenshot = Path(screenshot)
        return check


def main(argv: list[str] | None = None) -> int:
    """CLI: check reports, print one JSON line each; exit 1 if any is not self-contained."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("html", nargs="+")
    ap.add_argument("--screenshot", help="PNG path (for the first report)")
    ap.add_argument("--width", type=int, default=1100, help="viewport width in px (default 1100)")
    args = ap.parse_args(argv)
    bad = 0
    with browser() as b:
        for i, h in enumerate(args.html):
            with open_report(b, h, width=args.width) as (page, check):
                if args.screenshot and i == 0:
                    page.screenshot(path=args.screenshot, full_page=True)
                print(json.dumps({"report": str(check.path), "ok": check.ok,
                                  "charts": len(check.charts), "undrawn": check.undrawn,
                                  "outside_requests": check.outside_requests,
                                  "console_errors": check.console_errors}, ensure_ascii=False))
                bad += not check.ok
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
