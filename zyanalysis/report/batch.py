"""The batch runner: every county, industry and overview notebook → one offline HTML report each.

``zyanalysis reports`` (see :func:`main`):

1. builds the tables if stale, then checks every parameter against the reference tables and
   against the notebook's own ``parameters`` cell *before* any kernel starts;
2. runs the notebooks with papermill in parallel worker processes (``-j``, default: cores),
   with a progress bar;
3. exports each executed notebook to one self-contained HTML file (no code cells, vega inlined
   once, no outside requests: :mod:`zyanalysis.report.htmlexport`), written to a temporary file and
   renamed, so a failed run leaves the previous good report in place;
4. keeps the executed notebook of a failed run in ``reports/_failed/`` for inspection;
5. writes ``reports/index.html`` linking every report with its status, and ends with a
   summary; the exit status is 1 when any report failed.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from zyanalysis import paths

STATUS_FILE = "status.json"


@dataclass(frozen=True)
class Job:
    """One report: which notebook, with which parameters, written to which file."""

    kind: str            # county / industry / overview / department
    notebook: str        # file name in notebooks/
    params: dict = field(hash=False)
    slug: str            # safe file stem, e.g. 'county-ganzhou'
    title: str           # display title (Chinese + English)

    @property
    def html_name(self) -> str:
        """File name of the report."""
        return f"{self.slug}.html"


_SAFE = re.compile(r"[^a-z0-9_.-]+")


def safe_slug(*parts: str) -> str:
    """A file stem from ids: lower-case ASCII letters, digits, '_', '-', '.' only.

    Anything else (path separators, control characters, spaces) becomes '_', so a parameter can
    never point a report outside the report folder.
    """
    def one(p: str) -> str:
        p = re.sub(r"\.{2,}", "_", _SAFE.sub("_", p.lower()))  # no '..' either
        return re.sub(r"_+", "_", p).strip("._-")
    s = "-".join(one(p) for p in parts)
    s = s.strip("._-") or "report"
    return s[:120]


class ParameterError(ValueError):
    """A report parameter is not one the reference tables or the notebook know."""


def plan_jobs(counties: list[str] | None = None, industries: list[str] | None = None,
              overview: bool = False, departments: list[str] | None = None,
              policy: bool = False) -> list[Job]:
    """The reports to run. No filter → every county, every industry, the overview, the department
    reports and the two policy notebooks (incentives, landing; kind ``'policy'``).

    Department reports (slug ``department-<id>``): with no filter, those of
    :func:`zyanalysis.data.departments.reportable_departments` — every department when there are at
    most 40; otherwise (the documents name over 100 parties, most of them Qinghai's, 004's or
    collective names) the city departments 000 assesses as lead or responsible departments plus
    Ganzhou's district departments. ``departments`` may name any id of
    :func:`zyanalysis.data.departments.department_table`.

    Unknown counties, industries or departments raise :class:`ParameterError` listing the valid ones.
    """
    from zyanalysis.data.loaders import load_industries, load_jurisdictions
    from zyanalysis.reference.jurisdictions import REPORT_UNITS, resolve_jurisdiction

    jur = load_jurisdictions()
    units = jur[jur.jurisdiction_id.isin(REPORT_UNITS)].set_index("jurisdiction_id")
    ind = load_industries().set_index("industry_id")
    everything = counties is None and industries is None and not overview and departments is None and not policy
    jobs: list[Job] = []
    if everything or counties:
        wanted = list(units.index) if everything else counties
        for c in wanted:
            jid = resolve_jurisdiction(c)
            if jid not in units.index:
                raise ParameterError(f"unknown county {c!r}; valid: {', '.join(units.index)} "
                                     f"({'、'.join(units.name_zh)})")
            u = units.loc[jid]
            jobs.append(Job("county", "county.ipynb", {"county": jid}, safe_slug("county", jid),
                            f"{u.name_zh} {u.name_en}"))
    if everything or industries:
        wanted = list(ind.index) if everything else industries
        for i in wanted:
            if i not in ind.index:
                raise ParameterError(f"unknown industry {i!r}; valid: {', '.join(ind.index)}")
            r = ind.loc[i]
            jobs.append(Job("industry", "industry.ipynb", {"industry": i, "taxonomy": r.taxonomy},
                            safe_slug("industry", i), f"{r.name_zh} {r.name_en}"))
    if everything or departments:
        jobs += _department_jobs(None if everything else departments)
    if everything or overview:
        jobs.append(Job("overview", "overview.ipynb", {}, "overview", "张掖市总览 Zhangye city overview"))
    if everything or policy:
        jobs.append(Job("policy", "incentives.ipynb", {}, "policy-incentives",
                        "企业激励政策计算（示例） Enterprise incentive calculator (illustrative)"))
        jobs.append(Job("policy", "landing.ipynb", {}, "policy-landing",
                        "签约项目落地跟踪（示例） Project landing tracking (illustrative)"))
    return jobs


def _department_jobs(wanted: list[str] | None) -> list[Job]:
    """One department report per id (``None``: the default set of reportable departments)."""
    from zyanalysis.data.departments import department_table, reportable_departments

    table = department_table().set_index("dept_id")
    ids = reportable_departments() if wanted is None else wanted
    jobs = []
    for d in dict.fromkeys(ids):
        if d not in table.index:
            raise ParameterError(f"unknown department {d!r}; valid: {', '.join(table.index)}")
        r = table.loc[d]
        jobs.append(Job("department", "department.ipynb", {"department": d}, safe_slug("department", d),
                        f"{r.name_zh} {r.name_en}"))
    return jobs


def check_parameters(jobs: list[Job], notebooks: Path | None = None) -> None:
    """Every parameter a job passes must be declared in its notebook's ``parameters`` cell."""
    import papermill as pm

    notebooks = notebooks or paths.notebooks_dir()
    declared: dict[str, set[str]] = {}
    for j in jobs:
        if j.notebook not in declared:
            nb = notebooks / j.notebook
            if not nb.is_file():
                raise ParameterError(f"notebook {nb} does not exist")
            declared[j.notebook] = set(pm.inspect_notebook(str(nb)))
        unknown = set(j.params) - declared[j.notebook]
        if unknown:
            raise ParameterError(f"{j.notebook}: unknown parameter(s) {sorted(unknown)}; "
                                 f"the notebook declares {sorted(declared[j.notebook])}")


@dataclass
class Outcome:
    """What happened to one job."""

    slug: str
    kind: str
    title: str
    ok: bool
    seconds: float
    message: str = ""
    html: str = ""


# ---------------------------------------------------------------- worker processes
#
# Each worker keeps one warm kernel: started once, with the package imported, then reset
# (``%reset -f``: an empty namespace, as a fresh kernel has) before every notebook. Starting a
# kernel and importing pandas/altair/scipy costs about 2.5 s, more than most reports take to
# run; the tables and the illustrative assessment are then loaded once per worker too. A
# notebook that fails gets its kernel shut down, so the next one starts clean.

WARMUP = ("import zyanalysis, zyanalysis.report.sections, zyanalysis.report.htmlexport, zyanalysis.scoring.attainment, "
          "zyanalysis.scoring.assessment, zyanalysis.scoring.sensitivity, zyanalysis.report.charts")
_KM = None  # this worker's kernel manager
_SOCKETS: str | None = None  # and the folder of its IPC sockets


def _kernel_run(km, code: str, timeout: float = 300) -> None:
    """Run ``code`` in the kernel of ``km``; raise if it fails."""
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        reply = kc.execute_interactive(code, timeout=timeout, store_history=False,
                                       output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel could not run {code!r}: {reply['content'].get('evalue')}")
    finally:
        kc.stop_channels()


def _stop_kernel() -> None:
    global _KM, _SOCKETS
    if _KM is not None:
        try:
            _KM.shutdown_kernel(now=True)
        except Exception:  # already gone
            pass
        _KM = None
    if _SOCKETS is not None:
        shutil.rmtree(_SOCKETS, ignore_errors=True)
        _SOCKETS = None


def _warm_kernel(notebooks: str):
    """This worker's kernel, started and warmed on first use, reset before each notebook."""
    global _KM, _SOCKETS
    if _KM is None or not _KM.is_alive():
        from jupyter_client.manager import KernelManager
        from multiprocessing import util

        _stop_kernel()
        # IPC sockets in a private folder: local only, and no 'running over TCP' warning
        _SOCKETS = tempfile.mkdtemp(prefix="zyanalysis-kernel-")
        km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(_SOCKETS, "k"))
        km.start_kernel(cwd=notebooks)
        _KM = km
        util.Finalize(None, _stop_kernel, exitpriority=10)  # workers skip atexit
        _kernel_run(km, WARMUP)
    else:
        _kernel_run(_KM, "get_ipython().run_line_magic('reset', '-f')")
    return _KM


def run_job(job: Job, notebooks: str, out: str, env: dict[str, str], warm: bool = True) -> Outcome:
    """Execute one notebook and export it; never raises (errors go into the Outcome).

    Runs in a worker process, on the worker's warm kernel (``warm=False``: a new kernel per
    notebook, as papermill does by default). The HTML replaces the old report only after a
    clean run.
    """
    import papermill as pm

    from zyanalysis.report.htmlexport import export_html

    os.environ.update(env)
    t0 = time.perf_counter()
    outdir = Path(out)
    work = Path(tempfile.mkdtemp(prefix=f".run-{job.slug}-", dir=outdir))
    executed = work / f"{job.slug}.ipynb"
    try:
        km = {"km": _warm_kernel(notebooks)} if warm else {}
        pm.execute_notebook(str(Path(notebooks) / job.notebook), str(executed), parameters=job.params,
                            cwd=notebooks, progress_bar=False, log_output=False, kernel_name="python3",
                            **km)
        export_html(executed, outdir / job.html_name, title=job.title)
        stale = outdir / "_failed" / f"{job.slug}.ipynb"
        stale.unlink(missing_ok=True)
        return Outcome(job.slug, job.kind, job.title, True, time.perf_counter() - t0, html=job.html_name)
    except Exception as e:  # keep the evidence, leave the previous HTML alone
        _stop_kernel()  # whatever state the failure left, the next notebook gets a new kernel
        failed = outdir / "_failed"
        failed.mkdir(exist_ok=True)
        if executed.exists():
            shutil.copy(executed, failed / f"{job.slug}.ipynb")
        msg = f"{type(e).__name__}: {e}".strip().splitlines()
        return Outcome(job.slug, job.kind, job.title, False, time.perf_counter() - t0,
                       message=" ".join(msg[-3:])[:500],
                       html=job.html_name if (outdir / job.html_name).exists() else "")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_jobs(jobs: list[Job], out: Path, n_jobs: int | None = None, progress: bool = True,
             warm: bool = True) -> list[Outcome]:
    """Run ``jobs`` in ``n_jobs`` worker processes; one failure does not stop the others."""
    from tqdm import tqdm

    out.mkdir(parents=True, exist_ok=True)
    n_jobs = max(1, min(n_jobs or os.cpu_count() or 1, len(jobs) or 1))
    env = {k: v for k, v in os.environ.items() if k.startswith("ZYANALYSIS_")}
    env["ZYANALYSIS_BATCH"] = "1"  # executed notebooks need not carry the live JS bundle
    nbdir = str(paths.notebooks_dir())
    results: list[Outcome] = []
    with ProcessPoolExecutor(max_workers=n_jobs) as pool:
        futs = {pool.submit(run_job, j, nbdir, str(out), env, warm): j for j in jobs}
        bar = tqdm(total=len(jobs), desc="reports", unit="report", disable=not progress, file=sys.stderr)
        for f in as_completed(futs):
            j = futs[f]
            try:
                results.append(f.result())
            except Exception as e:  # a worker died (e.g. killed): record it, go on
                results.append(Outcome(j.slug, j.kind, j.title, False, 0.0, message=f"worker failed: {e}"))
            bar.update(1)
        bar.close()
    order = {j.slug: i for i, j in enumerate(jobs)}
    return sorted(results, key=lambda r: order[r.slug])


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; reports are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_index(out: Path, results: list[Outcome]) -> Path:
    """Merge ``results`` into ``status.json`` and write ``index.html`` listing every report."""
    status_path = out / STATUS_FILE
    try:
        status = json.loads(status_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        status = {}
    now = time.strftime("%Y-%m-%d %H:%M")
    for r in results:
        prev = status.get(r.slug, {})
        status[r.slug] = {**asdict(r), "when": now,
                          "last_good": now if r.ok else prev.get("last_good", "")}
    atomic_write_text(status_path, json.dumps(status, ensure_ascii=False, indent=1))
    kinds = {"overview": "总览 Overview", "county": "县区 Counties", "industry": "产业 Industries",
             "department": "部门 Departments", "policy": "政策工具 Policy tools"}
    rows = []
    for kind, label in kinds.items():
        items = [s for s in status.values() if s["kind"] == kind]
        if not items:
            continue
        rows.append(f"<h2>{html.escape(label)}</h2><table><tr><th>报告 Report</th><th>状态 Status</th>"
                    "<th>最近成功 Last good</th><th>说明 Note</th></tr>")
        for s in items:
            name = html.escape(s["title"])
            link = f'<a href="{html.escape(s["html"])}">{name}</a>' if s["html"] else name
            st = "✔ ok" if s["ok"] else "✘ failed"
            cls = "ok" if s["ok"] else "bad"
            rows.append(f'<tr><td>{link}</td><td class="{cls}">{st}</td><td>{html.escape(s["last_good"])}</td>'
                        f'<td>{html.escape(s["message"])}</td></tr>')
        rows.append("</table>")
    page = f"""<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">
<title>zyanalysis 报告 Reports</title>
<style>body{{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;max-width:60em}}
table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left}}
.ok{{color:#16794a}}.bad{{color:#b3261e;font-weight:bold}}</style></head><body>
<h1>张掖生态产业分析报告 Zhangye plan-target reports</h1>
<p>每个报告为单个离线 HTML 文件 · Each report is one self-contained HTML file that opens without internet.
Updated {html.escape(now)}.</p>
{''.join(rows)}
</body></html>"""
    index = out / "index.html"
    atomic_write_text(index, page)
    return index


def main(args: argparse.Namespace) -> int:
    """``zyanalysis reports``: plan, check, run, export, index, summarise."""
    out = Path(args.output) if args.output else paths.reports_dir()
    try:
        jobs = plan_jobs(args.county, args.industry, args.overview,
                         getattr(args, "department", None), getattr(args, "policy", False))
        check_parameters(jobs)
    except ParameterError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    results = run_jobs(jobs, out, args.jobs)
    index = write_index(out, results)
    bad = [r for r in results if not r.ok]
    print(f"{len(results) - len(bad)} of {len(results)} reports written in {time.perf_counter() - t0:.1f} s → {index}")
    for r in bad:
        print(f"FAILED {r.slug}: {r.message} (executed notebook kept in {out / '_failed' / (r.slug + '.ipynb')})",
              file=sys.stderr)
    return 1 if bad else 0
