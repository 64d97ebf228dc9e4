"""The batch runner: every county, industry, department, overview and policy notebook → one
offline HTML report each.

``zyanalysis reports`` (see :func:`main`):

1. checks the output folder (``--output``) for being a writable folder and ``--as-of`` before
   any process starts; then starts the worker processes (``-j``, default: cores), each of which
   warms up at once, and meanwhile builds the tables if stale and checks every parameter
   against the reference tables and against the notebook's own ``parameters`` cell (a bad one
   ends the workers, exit 2); ``--as-of`` goes to every notebook that declares ``as_of``;
2. runs the notebooks with papermill in the workers, slowest first (the last run's times, else
   the overview first), with a progress bar. By default (``--engine inprocess``) each worker
   runs the cells on its own IPython shell (papermill engine ``zyanalysis-inprocess``,
   :mod:`zyanalysis.report.inprocess`: the outputs a kernel would send, without the kernel
   process and its messages); with ``--engine kernel`` each worker keeps one warm kernel and
   one connected client (engine ``zyanalysis-warm``). Either way the package is imported and
   the tables loaded once per worker, the namespace is reset between notebooks and nothing is
   saved while cells run;
3. exports each executed notebook, in memory, to one self-contained HTML file (no code cells,
   vega inlined once and compressed, no outside requests: :mod:`zyanalysis.report.htmlexport`)
   written to the worker's run folder (``.run-<pid>-…``) and renamed, so a failed run leaves the
   previous good report in place;
4. keeps the executed notebook of a failed run in ``reports/_failed/`` for inspection;
5. writes ``reports/index.html`` and ``status.json`` (with each report's time split) linking
   every report with its status, and ends with a summary; the exit status is 1 when any report
   failed.

Lifetime: workers and kernels end with the batch, however it ends. Linux sends a worker
SIGTERM when the batch dies (``prctl(PR_SET_PDEATHSIG)``), and a kernel SIGKILL when its worker
dies; a worker on SIGTERM kills its kernel and removes its folders. SIGINT/SIGTERM to the batch
stop it (also while it is still planning, once the workers started): no new report starts,
running ones are abandoned (previous versions kept), the index lists what completed, and it
exits 128+signal with a one-line summary. Run and socket folders
left by a killed batch are swept by the next run (only those whose owning process is gone).
"""
from __future__ import annotations

import argparse
import datetime
import html
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from zyanalysis import paths
from zyanalysis.exceptions import OutputError
from zyanalysis.files import SHARED, write_atomic

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
    the ``departments`` table.

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
    from zyanalysis.data.departments import reportable_departments
    from zyanalysis.data.loaders import load

    departments = load("departments")
    table = departments.set_index("dept_id")
    ids = reportable_departments({"departments": departments}) if wanted is None else wanted
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
    """What happened to one job (``split``: seconds spent in start or reset, cells, export, write)."""

    slug: str
    kind: str
    title: str
    ok: bool
    seconds: float
    message: str = ""
    html: str = ""
    split: dict = field(default_factory=dict)


# ---------------------------------------------------------------- output folder, leftovers

def check_output(out: Path) -> None:
    """Make sure ``out`` is (or can be made) a writable folder; raise :class:`OutputError`.

    Runs before any kernel starts, so a bad ``--output`` costs nothing: a path that is a file,
    a path under a file, a folder that cannot be created or written.
    """
    for p in (out, *out.parents):
        if p.exists():
            if not p.is_dir():
                what = "is a file" if p == out else f"is under {p}, which is a file"
                raise OutputError(f"output folder {out} {what}, not a folder")
            break
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-check-", dir=out)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise OutputError(f"cannot write to output folder {out}: {e.strerror or e}") from None


RUN_PREFIX = ".run-"                 # a worker's temporary folder in the output folder
SOCKET_PREFIX = "zyanalysis-kernel-"  # a kernel's IPC socket folder in the temp folder


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (zombies count as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        pass
    except OSError:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not Path("/proc").is_dir()  # no /proc: kill(0) said it exists


def _owner(name: str, prefix: str) -> int | None:
    """The owning pid encoded in a leftover's name (``<prefix><pid>-…``)."""
    head = name[len(prefix):].split("-", 1)[0]
    return int(head) if name.startswith(prefix) and head.isdigit() else None


def sweep_leftovers(out: Path) -> list[Path]:
    """Remove run folders in ``out`` and kernel socket folders in the temp folder whose owning
    process is gone (a killed batch leaves them); return what was removed."""
    removed = []
    places = [(out, RUN_PREFIX), (Path(tempfile.gettempdir()), SOCKET_PREFIX)]
    for folder, prefix in places:
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for p in entries:
            pid = _owner(p.name, prefix)
            if pid is not None and pid != os.getpid() and not pid_alive(pid) and p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p)
    return removed


# ---------------------------------------------------------------- process lifetime

_PR_SET_PDEATHSIG = 1


def set_parent_death_signal(sig: int) -> bool:
    """Ask Linux to send ``sig`` to this process when its parent ends (``prctl``).

    Returns False where that is not available (not Linux); the workers then still end through
    their pipe closing, and kernels through ipykernel's parent poller.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _kernel_preexec() -> None:
    """In the kernel process before exec: die with the worker that started it."""
    set_parent_death_signal(signal.SIGKILL)


# ---------------------------------------------------------------- the warm kernel
#
# Each worker keeps one warm kernel: started once, with the package imported (and the tables
# loaded when the build is current), then reset before every notebook: an empty namespace, as
# a fresh kernel has (:func:`reset_shell`). Starting a kernel and importing pandas/altair
# costs about 1.5 s, more than most reports take to run; the tables and the illustrative
# assessment are then loaded once per worker too. A notebook that fails gets its kernel shut
# down, so the next one starts clean.
#
# One client, connected once, serves every notebook of the worker: jupyter_client's
# wait_for_ready (run by nbclient for each new client) ends with a 0.2 s wait on IOPub that
# always times out. After the warm-up, gc.freeze() moves the imported modules and loaded tables
# out of the collector's reach.

WARMUP = "import zyanalysis.report.batch; zyanalysis.report.batch.kernel_warmup(); del zyanalysis"
RESET = "import zyanalysis.report.batch; zyanalysis.report.batch.reset_shell()"


def kernel_warmup() -> None:
    """In a kernel before its first notebook: import what reports use, load the tables when the
    build is current (never build here: the batch builds stale tables itself, and two builds
    must not race), then freeze what is loaded out of the collector's reach."""
    import gc

    import zyanalysis.report.charts  # noqa: F401
    import zyanalysis.report.htmlexport  # noqa: F401
    import zyanalysis.report.sections  # noqa: F401
    import zyanalysis.scoring.assessment  # noqa: F401
    import zyanalysis.scoring.attainment  # noqa: F401
    import zyanalysis.scoring.sensitivity  # noqa: F401
    from zyanalysis.data import build, schemas

    try:
        meta = build.read_meta()
        if build.stale_reason() is None and not any(build.table_problem(t, meta=meta) for t in schemas.TABLES):
            from zyanalysis.data.tables import load_tables
            load_tables()  # validated once per kernel; each notebook then gets copies
    except Exception:  # only a head start: the notebook loads (or rebuilds) and reports itself
        pass
    gc.collect()
    gc.freeze()


def reset_shell() -> None:
    """Between two notebooks, in a kernel or on a worker's in-process shell: ``%reset -f``
    without its two full garbage collections (~0.05–0.1 s a report). The namespace, output cache
    and history are cleared as ``%reset -f`` clears them; cyclic garbage of the last report is
    left to the collector's own schedule, as in any session."""
    import gc

    from IPython import get_ipython

    collect, gc.collect = gc.collect, lambda generation=2: 0
    try:
        get_ipython().reset(new_session=False)
    finally:
        gc.collect = collect


@dataclass
class _Kernel:
    km: object            # jupyter_client KernelManager
    kc: object            # its BlockingKernelClient, channels started
    sockets: str          # folder of its IPC sockets
    pid: int              # kernel process (leader of its own session)
    used: bool = False    # has run a notebook since its warm-up (then it needs a reset)


_KERNEL: _Kernel | None = None
_SOCKETS: str | None = None  # socket folder of a kernel being started (before _KERNEL is set)
_LAST_NB = None           # the notebook papermill is running (kept for _failed/ on an error)


def _kernel_run(kc, code: str, timeout: float = 300, silent: bool = False) -> None:
    """Run ``code`` on client ``kc``; raise if it fails."""
    reply = kc.execute_interactive(code, timeout=timeout, store_history=False, silent=silent,
                                   output_hook=lambda msg: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"kernel could not run {code!r}: {reply['content'].get('evalue')}")


def _kill_kernel() -> None:
    """End this worker's kernel now (its whole process group) and remove its socket folder.

    Safe in a signal handler: no messages to the kernel, only signals and file removal.
    """
    global _KERNEL, _SOCKETS
    k, _KERNEL = _KERNEL, None
    if _SOCKETS:
        shutil.rmtree(_SOCKETS, ignore_errors=True)
        _SOCKETS = None
    if k is None:
        return
    try:
        os.killpg(k.pid, signal.SIGKILL)
    except OSError:  # already gone
        pass
    try:
        k.km.provisioner.process.wait(timeout=5)  # reap it
    except Exception:
        pass
    try:
        k.kc.stop_channels()
    except Exception:
        pass
    shutil.rmtree(k.sockets, ignore_errors=True)


def _start_kernel(notebooks: str) -> _Kernel:
    """Start a kernel bound to this worker's life, connect one client, import the package.

    The kernel is this worker's (``_KERNEL``) from the moment its process exists, so that a
    signal during the warm-up still ends it and removes its sockets.
    """
    global _KERNEL, _SOCKETS
    from jupyter_client.manager import KernelManager

    # IPC sockets in a private folder: local only, and no 'running over TCP' warning
    _SOCKETS = sockets = tempfile.mkdtemp(prefix=f"{SOCKET_PREFIX}{os.getpid()}-")
    km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(sockets, "k"))
    try:
        # history in memory, as nbclient does for kernels it starts: no sqlite write per cell
        km.start_kernel(cwd=notebooks, preexec_fn=_kernel_preexec,
                        extra_arguments=["--HistoryManager.hist_file=:memory:"])
    except BaseException:
        _kill_kernel()
        raise
    kc = km.client()
    _KERNEL, _SOCKETS = _Kernel(km, kc, sockets, km.provisioner.process.pid), None
    # while the kernel boots and warms up (this thread only waits for it): the worker's own
    # imports and export template, ~1 s that would otherwise delay the first report
    prep = threading.Thread(target=_worker_warmup, name="zyanalysis-worker-warmup", daemon=True)
    prep.start()
    try:
        kc.start_channels()
        kc.wait_for_ready(timeout=120)
        kc.allow_stdin = False
        _kernel_run(kc, WARMUP)
    except BaseException:
        _kill_kernel()
        raise
    finally:
        prep.join()
    return _KERNEL


def preload_worker_modules() -> None:
    """Import what every worker imports (papermill, nbconvert, the exporter module) once, here,
    before the workers are forked: they share it instead of each importing it again while its
    kernel boots (measured on 2 cores: about 1 CPU-second less for the 8-report set)."""
    import nbconvert  # noqa: F401
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    import zyanalysis.report.htmlexport  # noqa: F401


def _worker_warmup() -> None:
    """What a worker needs to run and export notebooks: imported, the exporter built and its
    template compiled by rendering an empty notebook (once per worker; best effort)."""
    try:
        import nbformat
        import papermill  # noqa: F401

        from zyanalysis.report.htmlexport import render_html
        _register_engine()
        render_html(nbformat.v4.new_notebook(), "warm-up")
    except Exception:  # the first report then pays for it, and reports any real problem
        pass


def _ready_kernel(notebooks: str, split: dict[str, float]) -> _Kernel:
    """This worker's kernel, reset, or started (on first use or after a failure); the seconds
    go into ``split`` as ``reset`` or ``start``."""
    global _KERNEL
    t = time.perf_counter()
    if _KERNEL is None or not _KERNEL.km.is_alive():
        _kill_kernel()
        _KERNEL = _start_kernel(notebooks)
        split["start"] = time.perf_counter() - t
    elif _KERNEL.used:
        _kernel_run(_KERNEL.kc, RESET, silent=True)
        split["reset"] = time.perf_counter() - t
    _KERNEL.used = True
    return _KERNEL


def _warm_engine():
    """The papermill engine ``zyanalysis-warm``: nbclient on this worker's connected client.

    papermill's own nbclient engine connects a new client per notebook (and waits 0.2 s for
    it); this one reuses the worker's. Everything else — parameters, cell execution, error
    handling, metadata — is papermill's, so notebooks run exactly as ``papermill`` runs them.
    """
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    class WarmClient(PapermillNotebookClient):
        def __init__(self, nb_man, **kw):
            super().__init__(nb_man, **kw)
            global _LAST_NB
            _LAST_NB = nb_man.nb
            self.kc = _KERNEL.kc  # nbclient then skips start_new_kernel_client

    class WarmEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None,
                                     **kwargs):
            kwargs = remove_args(["input_path"], **kwargs)
            safe = remove_args(["timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(safe, timeout=execution_timeout or kwargs.get("timeout"),
                                 startup_timeout=start_timeout, kernel_name=kernel_name, log=logger,
                                 log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
            return WarmClient(nb_man, km=_KERNEL.km, **final).execute()

    return WarmEngine


WARM_ENGINE = "zyanalysis-warm"


def _register_engine() -> None:
    import papermill.execute
    from papermill.engines import papermill_engines

    if WARM_ENGINE not in papermill_engines._engines:
        papermill_engines.register(WARM_ENGINE, _warm_engine())
    write = papermill.execute.write_ipynb
    if not getattr(write, "_zyanalysis", False):
        # papermill serialises the executed notebook to write it even with no output path (the
        # batch keeps it in memory): ~8 ms a report of JSON, normalisation and validation for
        # nothing. Writes to a path (the _failed/ copies go through nbformat) are unchanged.
        def write_ipynb(nb, path):
            if path is not None:
                write(nb, path)
        write_ipynb._zyanalysis = True
        papermill.execute.write_ipynb = write_ipynb


# ---------------------------------------------------------------- one job (in a worker)

def run_job(job: Job, notebooks: str, out: str, run_dir: str, warm: bool = True) -> Outcome:
    """Execute one notebook and export it; never raises (errors go into the Outcome).

    Runs in a worker process, on the worker's warm kernel (``warm=False``: a new kernel per
    notebook, as papermill does by default). Nothing is saved while cells run; the HTML is
    written to ``run_dir`` and renamed over the old report only after a clean run. On an
    error the executed notebook (with the traceback) goes to ``out/_failed/``.
    """
    global _LAST_NB
    import papermill as pm

    from zyanalysis.report.htmlexport import export_html

    t0 = time.perf_counter()
    outdir = Path(out)
    split: dict[str, float] = {}
    if _PRESTART is not None and warm:  # this worker's kernel started before its first job
        split["start"] = _PRESTART
        _clear_prestart()
    _LAST_NB = None
    inproc = warm and engine_mode() == "inprocess"
    try:
        if inproc:
            kw = {"engine_name": _ready_shell(split)}
        elif warm:
            _register_engine()
            _ready_kernel(notebooks, split)
            kw = {"engine_name": WARM_ENGINE}
        else:
            kw = {}
        t = time.perf_counter()
        nb = pm.execute_notebook(str(Path(notebooks) / job.notebook), None, parameters=job.params,
                                 cwd=notebooks, progress_bar=False, log_output=False,
                                 kernel_name="python3", request_save_on_cell_execute=False, **kw)
        split["cells"] = time.perf_counter() - t
        export_html(nb, outdir / job.html_name, title=job.title, tmp_dir=run_dir, timings=split)
        (outdir / "_failed" / f"{job.slug}.ipynb").unlink(missing_ok=True)
        return Outcome(job.slug, job.kind, job.title, True, time.perf_counter() - t0,
                       html=job.html_name, split={k: round(v, 4) for k, v in split.items()})
    except Exception as e:  # keep the evidence, leave the previous HTML alone
        if warm and not inproc:
            _kill_kernel()  # whatever state the failure left, the next notebook gets a new kernel
        _keep_failed(_LAST_NB, outdir, job.slug, run_dir)
        msg = f"{type(e).__name__}: {e}".strip().splitlines()
        return Outcome(job.slug, job.kind, job.title, False, time.perf_counter() - t0,
                       message=" ".join(msg[-3:])[:500],
                       html=job.html_name if (outdir / job.html_name).exists() else "")
    finally:
        _LAST_NB = None


def _keep_failed(nb, outdir: Path, slug: str, run_dir: str) -> None:
    """Write the executed notebook of a failed job to ``_failed/`` (atomically)."""
    if nb is None:
        return
    import nbformat

    failed = outdir / "_failed"
    try:
        failed.mkdir(exist_ok=True)
        tmp = Path(run_dir) / f"{slug}.ipynb"
        nbformat.write(nb, tmp)
        os.replace(tmp, failed / f"{slug}.ipynb")
    except Exception:  # the evidence is a courtesy; the failure itself is reported anyway
        pass


# ---------------------------------------------------------------- worker processes

_PRESTART: float | None = None  # seconds the worker's kernel took to start before its first job


def _clear_prestart() -> None:
    global _PRESTART
    _PRESTART = None


ENGINE_VARIABLE = "ZYANALYSIS_ENGINE"
"""``inprocess`` (default): workers run notebooks on their own IPython shell
(:mod:`zyanalysis.report.inprocess`); ``kernel``: each worker drives a warm Jupyter kernel."""


def engine_mode() -> str:
    """How this process's workers run notebooks: 'inprocess' or 'kernel' (:data:`ENGINE_VARIABLE`)."""
    mode = os.environ.get(ENGINE_VARIABLE, "inprocess")
    if mode not in ("inprocess", "kernel"):
        raise ParameterError(f"{ENGINE_VARIABLE}={mode!r}: use 'inprocess' or 'kernel'")
    return mode


_SHELL_USED = False  # the worker's shell has run a notebook since its warm-up


def _prestart_shell(notebooks: str) -> None:
    """The in-process worker's head start: its shell, the package imported, the tables loaded,
    the exporter compiled (before the first job arrives)."""
    global _PRESTART
    t = time.perf_counter()
    try:
        from zyanalysis.report import inprocess

        _, error = inprocess.run_cell(WARMUP)
        if error is None:
            _worker_warmup()
            _PRESTART = time.perf_counter() - t
    except Exception:  # the first job starts it again and reports what is wrong
        pass


def _ready_shell(split: dict[str, float]) -> str:
    """This worker's shell, reset after a notebook; the papermill engine's name."""
    global _SHELL_USED
    from papermill.engines import papermill_engines

    from zyanalysis.report import inprocess

    if inprocess.ENGINE not in papermill_engines._engines:
        class Recording(inprocess.InProcessEngine):  # keeps the notebook for _failed/ on an error
            @classmethod
            def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
                global _LAST_NB
                _LAST_NB = nb_man.nb
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
        papermill_engines.register(inprocess.ENGINE, Recording)
    if _SHELL_USED:
        t = time.perf_counter()
        reset_shell()  # get_ipython() is this worker's in-process shell
        split["reset"] = time.perf_counter() - t
    _SHELL_USED = True
    return inprocess.ENGINE


def _prestart_kernel(notebooks: str) -> None:
    """Start the worker's kernel before any job arrives (the parent is still planning); a
    kernel that cannot start is tried again, and reported, by the first job."""
    global _PRESTART
    t = time.perf_counter()
    try:
        _start_kernel(notebooks)
        _PRESTART = time.perf_counter() - t
    except Exception:
        _kill_kernel()

def _worker_main(conn, parent: int, notebooks: str, out: str, env: dict[str, str], warm: bool) -> None:
    """A worker: take jobs from ``conn`` until ``None``; end with its parent, however it ends.

    SIGTERM (from the parent when a run is interrupted, or from the kernel of Linux when the
    parent dies) kills this worker's kernel and removes its folders at once; SIGINT is left to
    the parent (Ctrl-C reaches the whole process group).
    """
    set_parent_death_signal(signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    run_dir = ""

    def cleanup() -> None:
        _kill_kernel()
        if run_dir:
            shutil.rmtree(run_dir, ignore_errors=True)

    def on_term(signum, frame) -> None:
        cleanup()
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)  # before anything exists that it must remove
    run_dir = tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-", dir=out)
    os.environ.update(env)
    code = 0
    try:
        if warm and engine_mode() == "inprocess":
            _prestart_shell(notebooks)
        elif warm:
            _prestart_kernel(notebooks)
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):  # parent gone
                break
            if job is None:
                break
            conn.send(run_job(job, notebooks, out, run_dir, warm))
    except BaseException:
        code = 1
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        cleanup()
        os._exit(code)


@dataclass
class _Worker:
    process: object
    conn: object
    job: Job | None = None


def _spawn(ctx, notebooks: str, out: Path, env: dict[str, str], warm: bool) -> _Worker:
    parent_end, child_end = ctx.Pipe()
    p = ctx.Process(target=_worker_main, args=(child_end, os.getpid(), notebooks, str(out), env, warm),
                    daemon=True)
    p.start()
    child_end.close()
    return _Worker(p, parent_end)


def _end_workers(workers: list[_Worker], graceful: bool) -> None:
    """Stop every worker: ask idle ones to exit (``graceful``) or SIGTERM all; then reap."""
    for w in workers:
        try:
            if graceful and w.job is None:
                w.conn.send(None)
            else:
                w.process.terminate()
        except (OSError, ValueError):
            pass
    for w in workers:
        w.process.join(timeout=10)
        if w.process.is_alive():
            w.process.kill()
            w.process.join(timeout=5)
        w.conn.close()


def order_jobs(jobs: list[Job], out: Path | None = None) -> list[Job]:
    """Slowest first, so that no long report starts last: the seconds each took in the last run
    (``status.json``), else a typical time for its kind (the overview is the slowest)."""
    typical = {"overview": 6.5, "county": 2.0, "policy": 1.5, "industry": 1.2, "department": 1.0}
    last: dict = {}
    if out is not None:
        try:
            last = json.loads((out / STATUS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            last = {}

    def estimate(j: Job) -> float:
        prev = last.get(j.slug) if isinstance(last, dict) else None
        if isinstance(prev, dict) and prev.get("ok") and isinstance(prev.get("seconds"), (int, float)):
            return float(prev["seconds"])
        return typical.get(j.kind, 1.0) * (3 if j.params.get("county") == "ganzhou" else 1)

    return sorted(jobs, key=estimate, reverse=True)


def default_workers(n_reports: int) -> int:
    """One worker per core: a worker's kernel runs cells while the worker waits, and the worker
    exports while its kernel waits, so each pair keeps about one core busy."""
    return max(1, min(os.cpu_count() or 1, n_reports))


class StopFlag:
    """Set from a signal handler: the run stops taking jobs (``signum`` says which signal)."""

    def __init__(self) -> None:
        self.signum: int | None = None

    def set(self, signum: int) -> None:
        self.signum = signum

    def is_set(self) -> bool:
        return self.signum is not None


@dataclass
class Pool:
    """Worker processes started ahead of their jobs (see :func:`start_pool`)."""

    ctx: object
    nbdir: str
    out: Path
    env: dict
    warm: bool
    workers: list = field(default_factory=list)

    def spawn(self) -> _Worker:
        return _spawn(self.ctx, self.nbdir, self.out, self.env, self.warm)

    def close(self) -> None:
        """End every worker still running (SIGTERM: each kills its kernel, removes its folders)."""
        _end_workers([w for w in self.workers if w.process.is_alive() or w.process.exitcode is None],
                     graceful=False)
        self.workers = []
        sweep_leftovers(self.out)


def start_pool(out: Path, n: int, warm: bool = True) -> Pool:
    """Start ``n`` workers for reports written to ``out`` (a folder :func:`check_output`
    accepted); with ``warm``, each starts its kernel at once, while the caller plans the jobs.
    Hand the pool to :func:`run_jobs`; :meth:`Pool.close` ends whatever is left of it."""
    import multiprocessing as mp

    out.mkdir(parents=True, exist_ok=True)
    sweep_leftovers(out)
    env = {k: v for k, v in os.environ.items() if k.startswith("ZYANALYSIS_")}
    env["ZYANALYSIS_BATCH"] = "1"  # executed notebooks need not carry the live JS bundle
    # fork: workers start in milliseconds with what the parent imported
    pool = Pool(mp.get_context("fork"), str(paths.notebooks_dir()), out, env, warm)
    try:
        for _ in range(max(1, n)):
            pool.workers.append(pool.spawn())
    except BaseException:
        pool.close()
        raise
    return pool


def run_jobs(jobs: list[Job], out: Path, n_jobs: int | None = None, progress: bool = True,
             warm: bool = True, stop: StopFlag | None = None, pool: Pool | None = None) -> list[Outcome]:
    """Run ``jobs`` (slowest first) in ``n_jobs`` worker processes (those of ``pool`` when
    given, started early; extra ones end); one failure does not stop the others. When ``stop``
    is set, no further job starts, running ones are abandoned (their workers and kernels
    killed, their previous reports left as they were) and the outcomes so far are returned."""
    from multiprocessing.connection import wait

    from tqdm import tqdm

    n = max(1, min(n_jobs or default_workers(len(jobs)), len(jobs) or 1))
    if pool is None:
        pool = start_pool(out, n, warm)
    elif len(pool.workers) > n:  # fewer jobs than workers started
        _end_workers(pool.workers[n:], graceful=False)
        del pool.workers[n:]
    elif len(pool.workers) < n:
        pool.workers += [pool.spawn() for _ in range(n - len(pool.workers))]
    pending = list(order_jobs(jobs, out))
    results: list[Outcome] = []
    workers: list[_Worker] = pool.workers
    bar = tqdm(total=len(jobs), desc="reports", unit="report", disable=not progress, file=sys.stderr)
    finished = False
    try:
        while (pending or any(w.job for w in workers)) and not (stop and stop.is_set()):
            for i, w in enumerate(workers):
                if w.job is None and pending:
                    if not w.process.is_alive():  # died while idle: replace it first
                        w.conn.close()
                        workers[i] = w = pool.spawn()
                    w.job = pending.pop(0)
                    w.conn.send(w.job)
            busy = [w for w in workers if w.job]
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=0.5)
            for i, w in enumerate(workers):
                if w.job is None or (w.conn not in ready and w.process.sentinel not in ready):
                    continue
                try:
                    results.append(w.conn.recv())
                except (EOFError, OSError):  # the worker died (e.g. killed): record it, replace it
                    j = w.job
                    w.process.join(timeout=5)
                    results.append(Outcome(j.slug, j.kind, j.title, False, 0.0,
                                           message=f"worker died (exit code {w.process.exitcode})",
                                           html=j.html_name if (out / j.html_name).exists() else ""))
                    w.job = None
                    w.conn.close()
                    sweep_leftovers(out)
                    workers[i] = pool.spawn() if pending else w
                    bar.update(1)
                    continue
                w.job = None
                bar.update(1)
        finished = not (stop and stop.is_set())
    finally:  # stopped, or an error here: abandon running jobs (SIGTERM: workers kill their kernels)
        _end_workers([w for w in workers if w.process.is_alive() or w.process.exitcode is None],
                     graceful=finished)
        pool.workers = []
        sweep_leftovers(out)
        bar.close()
    order = {j.slug: i for i, j in enumerate(jobs)}
    return sorted(results, key=lambda r: order[r.slug])


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
    write_atomic(status_path, json.dumps(status, ensure_ascii=False, indent=1), mode=SHARED)
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
    write_atomic(index, page, mode=SHARED)
    return index


def parse_as_of(text: str | None) -> str:
    """``--as-of``: a 'YYYY-MM-DD' date (default: today); raises :class:`ParameterError`."""
    if text is None:
        return datetime.date.today().isoformat()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ParameterError(f"--as-of {text!r}: expected a date as YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError as e:
        raise ParameterError(f"--as-of {text!r}: {e}") from None


def with_as_of(jobs: list[Job], as_of: str, notebooks: Path | None = None) -> list[Job]:
    """Pass ``as_of`` to every job whose notebook declares that parameter (the others go on
    without it: not every notebook has it yet)."""
    import papermill as pm

    notebooks = notebooks or paths.notebooks_dir()
    declares: dict[str, bool] = {}
    result = []
    for j in jobs:
        if j.notebook not in declares:
            nb = notebooks / j.notebook
            declares[j.notebook] = nb.is_file() and "as_of" in pm.inspect_notebook(str(nb))
        result.append(replace(j, params={**j.params, "as_of": as_of}) if declares[j.notebook] else j)
    return result


def _on_signals(stop: StopFlag) -> dict:
    """Route SIGINT/SIGTERM to ``stop``; return the previous handlers."""
    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, lambda signum, frame: stop.set(signum))
    return previous


def _named_reports(args: argparse.Namespace) -> int:
    """How many reports the filters name, at most (no filter: every report, many)."""
    named = (len(args.county or []) + len(args.industry or []) + len(getattr(args, "department", None) or [])
             + bool(args.overview) + 2 * bool(getattr(args, "policy", False)))
    return named or 1_000


def main(args: argparse.Namespace) -> int:
    """``zyanalysis reports``: check parameters and the output folder, run, export, index,
    summarise. Exit 0 when every report was written, 1 when any failed, 2 for bad parameters or
    output folder, 128+signal when interrupted (SIGINT/SIGTERM: the reports finished so far are
    kept and indexed, the rest keep their previous version)."""
    out = Path(args.output) if args.output else paths.reports_dir()
    stop = StopFlag()
    previous = _on_signals(stop)
    pool = None
    try:
        try:
            as_of = parse_as_of(getattr(args, "as_of", None))
            check_output(out)
            # the workers start their kernels now, while this process plans (about 1 s)
            preload_worker_modules()
            pool = start_pool(out, args.jobs or default_workers(_named_reports(args)))
            jobs = plan_jobs(args.county, args.industry, args.overview,
                             getattr(args, "department", None), getattr(args, "policy", False))
            check_parameters(jobs)
            jobs = with_as_of(jobs, as_of)
        except (ParameterError, OutputError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        # interrupted while planning (the workers were already starting): run_jobs starts no
        # report, and the run ends as any interrupted run does (summary, index)
        t0 = time.perf_counter()
        results = run_jobs(jobs, out, args.jobs, stop=stop, pool=pool)
        index = write_index(out, results)
    finally:
        if pool is not None:
            pool.close()  # after an error or an interruption: end the workers and their kernels
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    bad = [r for r in results if not r.ok]
    done = len(results) - len(bad)
    if stop.is_set():
        name = signal.Signals(stop.signum).name
        print(f"interrupted ({name}): {done} of {len(jobs)} reports written, {len(bad)} failed, "
              f"{len(jobs) - len(results)} not run; previous versions kept → {index}", file=sys.stderr)
        return 128 + stop.signum
    print(f"{done} of {len(results)} reports written in {time.perf_counter() - t0:.1f} s → {index}")
    for r in bad:
        print(f"FAILED {r.slug}: {r.message} (executed notebook kept in {out / '_failed' / (r.slug + '.ipynb')})",
              file=sys.stderr)
    return 1 if bad else 0
