"""The report batch: parameter checks, a real subset run, the HTML it writes, and a browser.

The subset run executes real notebooks with papermill (about half a minute on 2 cores); the
numbers in the HTML are compared with what the loaders and scoring functions return.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

import zyanalysis as zy
from zyanalysis.report import batch as reports

ROOT = Path(__file__).resolve().parent.parent
SUBSET = ["--county", "ganzhou", "--county", "肃南县", "--industry", "ganzhou_lead7.comprehensive_energy",
          "--industry", "zhangye_eco10.clean_energy", "--overview", "--department", "city_drc", "--policy"]
EXPECTED = ["county-ganzhou.html", "county-sunan.html", "industry-ganzhou_lead7.comprehensive_energy.html",
            "industry-zhangye_eco10.clean_energy.html", "overview.html", "department-city_drc.html",
            "policy-incentives.html", "policy-landing.html"]


def test_unknown_county_is_refused_before_any_kernel_with_the_valid_ones():
    with pytest.raises(reports.ParameterError) as e:
        reports.plan_jobs(counties=["酒泉市"])
    msg = str(e.value)
    assert "unknown county '酒泉市'" in msg and "ganzhou" in msg and "肃南裕固族自治县" in msg


def test_unknown_industry_is_refused():
    with pytest.raises(reports.ParameterError, match="unknown industry 'tourism'"):
        reports.plan_jobs(industries=["tourism"])


def test_unknown_notebook_parameter_is_refused():
    job = reports.Job("county", "county.ipynb", {"county": "ganzhou", "colour": "red"}, "x", "x")
    with pytest.raises(reports.ParameterError, match=r"unknown parameter\(s\) \['colour'\]"):
        reports.check_parameters([job])


def test_cli_unknown_county_exits_2_with_one_line(tmp_path):
    p = subprocess.run([sys.executable, "-m", "zyanalysis.cli", "reports", "--county", "../etc",
                        "--output", str(tmp_path)], capture_output=True, text=True)
    assert p.returncode == 2
    assert p.stderr.startswith("error: unknown county '../etc'") and "Traceback" not in p.stderr
    assert not any(tmp_path.iterdir())


def test_full_plan_covers_every_unit_industry_and_overview():
    jobs = reports.plan_jobs()
    kinds = [j.kind for j in jobs]
    assert kinds.count("county") == 7
    assert kinds.count("industry") == len(zy.load_industries()) == 27
    assert kinds.count("overview") == 1
    assert len({j.html_name for j in jobs}) == len(jobs)


@pytest.mark.parametrize("parts, expected", [
    (("county", "../../etc/passwd"), "county-etc_passwd"),
    (("industry", "a/b\\c\x00d"), "industry-a_b_c_d"),
    (("county", "甘州区"), "county"),
])
def test_report_file_names_are_safe(parts, expected):
    slug = reports.safe_slug(*parts)
    assert slug == expected
    assert "/" not in slug and "\\" not in slug and not any(ord(c) < 32 for c in slug)


# --------------------------------------------------------------------------- a real batch

@pytest.fixture(scope="module")
def batch(tmp_path_factory):  # slow: every test using it is marked
    """Run the CLI on a subset, as a user would."""
    out = tmp_path_factory.mktemp("reports")
    p = subprocess.run([sys.executable, "-m", "zyanalysis.cli", "reports", "-j", "2", "--output", str(out),
                        *SUBSET], capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, p.stderr[-3000:]
    return out, p


def _body(path: Path) -> BeautifulSoup:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for s in soup(["script", "style"]):
        s.decompose()
    return soup


@pytest.mark.slow
def test_batch_writes_every_report_and_an_index(batch):
    out, p = batch
    for name in EXPECTED:
        assert (out / name).is_file(), name
    assert f"{len(EXPECTED)} of {len(EXPECTED)} reports written" in p.stdout
    index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"] for a in index.find_all("a")}
    assert links == set(EXPECTED)
    assert index.get_text().count("✔ ok") == len(EXPECTED)
    status = json.loads((out / "status.json").read_text(encoding="utf-8"))
    assert all(s["ok"] for s in status.values())
    for name in EXPECTED:                           # complete (sizes: bench/bench_reports.py)
        assert (out / name).read_text(encoding="utf-8").rstrip().endswith("</html>"), name
    split = status["overview"]["split"]             # the time split the bench prints
    assert {"cells", "export", "write"} <= set(split) and ({"start", "reset"} & set(split))
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_reports_have_no_error_output_and_all_sections(batch):
    out, _ = batch
    sections = {
        "county-ganzhou.html": ["目标与完成情况", "项目 Projects by industry", "考核结果与排名不确定性", "责任 Responsibilities", "数据问题"],
        "industry-zhangye_eco10.clean_energy.html": ["目标与完成情况", "项目 Projects by county", "谁来负责", "省级背景"],
        "overview.html": ["县区一览", "50%-of-GDP", "考核排名", "青海对照", "All data findings"],
    }
    for name in EXPECTED:
        soup = _body(out / name)
        text = soup.get_text(" ")
        assert "Traceback" not in text and not re.search(r"\b[A-Z]\w*Error\b", text), name
        assert not soup.select('[data-mime-type="application/vnd.jupyter.stderr"]'), name
        assert not soup.find_all(string=re.compile(r"^\s*(def |import |from zyanalysis)")), "code shown"
        for heading in sections.get(name, []):
            assert heading in text, (name, heading)


def _row_cells(soup: BeautifulSoup, first_cell_starts: str) -> list[list[str]]:
    rows = []
    for tr in soup.find_all("tr"):
        cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        if cells and cells[0].startswith(first_cell_starts):
            rows.append(cells)
    return rows


@pytest.mark.slow
def test_ganzhou_numbers_equal_the_loaders(batch):
    out, _ = batch
    soup = _body(out / "county-ganzhou.html")
    text = soup.get_text(" ")
    # projects: count and total investment of the 000 registry in Ganzhou
    p = zy.load_projects()
    gz = p[(p.registry == "zhangye_eco_2019") & (p.jurisdiction_id == "ganzhou")]
    total = round(float(gz.investment_yi.sum()), 2)
    assert f"{len(gz)} 个项目，总投资 {total:,.2f}".rstrip("0").rstrip(".") in text
    # attainment of 规模以上工业总产值, 2025, from the 附件1 table row
    att = zy.attainment("ganzhou")
    row = att[(att.indicator_zh == "规模以上工业总产值") & (att.target_year == 2025)].iloc[0]
    cells = next(c for c in _row_cells(soup, "规模以上工业总产值 /") if c[2] == "2025")
    assert cells[3] == "≥ 170" and cells[4] == "155 (2024 规划预计 plan estimate; 001:64)"
    assert cells[5] == f"{row.gap:g} 亿元" == "15 亿元"         # 170 − 155, in the indicator's unit
    # today (the batch runs as of today) 2025 is over with no 2025 actual: awaiting data
    assert row.status == "awaiting_data" and cells[8].startswith("待数据 awaiting data")
    assert cells[-1] == row.source == "001:65; 001:5"  # restated in the prose: both sources shown
    assert "截至" in text and "Verdict as of" in text
    # the illustrative assessment: total of Ganzhou and its rank
    inputs = zy.read_assessment_inputs(ROOT / "data/raw/examples/assessment_example.csv")
    s = zy.score_assessment(inputs).set_index("unit")
    arow = _row_cells(soup, str(int(s.loc["ganzhou", "rank"])))
    assert any("甘州区" in c[1] and c[5] == f"{s.loc['ganzhou', 'total']:g}" for c in arow)
    assert "ILLUSTRATIVE" in text


@pytest.mark.slow
def test_overview_counts_equal_the_api(batch):
    out, _ = batch
    text = re.sub(r"\s+", " ", _body(out / "overview.html").get_text(" "))
    att = zy.attainment()                       # as of today, like the batch
    assert f"{len(att)} 个目标 targets" in text
    for status, n in att.status.value_counts().items():
        assert f"{n} {zy_statuses()[status]}" in text, status


def zy_statuses() -> dict:
    from zyanalysis.scoring.attainment import STATUSES
    return STATUSES


@pytest.mark.slow
def test_industry_report_shows_the_hexi_layout_that_holds_zhangye(batch):
    out, _ = batch
    text = _body(out / "industry-zhangye_eco10.clean_energy.html").get_text(" ")
    hexi = zy.load_regions().set_index("region_id").loc["002.hexi"]
    assert "河西地区 Hexi Corridor (002:39)" in text and hexi.text_zh[:40] in text
    assert "本段提及此产业" in text   # 河西's paragraph names clean energy


@pytest.mark.slow
def test_findings_in_reports_equal_the_loaders(batch):
    out, _ = batch
    text = _body(out / "overview.html").get_text(" ")
    f = zy.load_findings()
    for src in f.source:
        assert src in text
    assert len(_row_cells(_body(out / "overview.html"), tuple(sorted(set(f.kind))))) >= len(f)


@pytest.mark.slow
def test_failed_notebook_keeps_previous_html_and_the_evidence(tmp_path, monkeypatch):
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    nb = nbformat.read(ROOT / "notebooks" / "county.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('boom 爆')"))
    nbformat.write(nb, nbdir / "county.ipynb")
    out = tmp_path / "reports"
    out.mkdir()
    (out / "county-sunan.html").write_text("PREVIOUS GOOD REPORT", encoding="utf-8")
    monkeypatch.setattr(reports.paths, "notebooks_dir", lambda: nbdir)
    jobs = reports.plan_jobs(counties=["sunan"])
    res = reports.run_jobs(jobs, out, n_jobs=1, progress=False)
    assert [r.ok for r in res] == [False]
    assert "boom" in res[0].message
    assert (out / "county-sunan.html").read_text(encoding="utf-8") == "PREVIOUS GOOD REPORT"
    kept = nbformat.read(out / "_failed" / "county-sunan.ipynb", as_version=4)
    assert any(o.get("ename") == "RuntimeError" for c in kept.cells for o in c.get("outputs", []))
    reports.write_index(out, res)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "✘ failed" in index and "boom 爆" in index
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


# --------------------------------------------------------------------------- in a browser

def _expected_order(weights: dict[str, float]) -> list[str]:
    """Units by composite share under ``weights`` (group → points), computed in Python."""
    from zyanalysis.scoring.assessment import indicator_scores
    inputs = zy.read_assessment_inputs(ROOT / "data/raw/examples/assessment_example.csv")
    pts = indicator_scores(inputs, frameworks=zy.load_frameworks())
    fw = zy.load_frameworks()
    gp = fw[fw.framework_id == "000.county"].groupby("group_zh").weight.sum()
    share = pts.groupby(["unit", "group_zh"]).points.sum().unstack() / gp
    comp = sum(share[g] * w for g, w in weights.items()) / sum(weights.values())
    j = zy.load_jurisdictions().set_index("jurisdiction_id")
    return [j.loc[u, "name_zh"] for u in comp.sort_values(ascending=False, kind="stable").index]


@pytest.mark.slow
def test_reports_render_offline_and_the_static_slider_reranks(batch, chromium):
    from zyanalysis.report import browsercheck as bc
    out, _ = batch
    for name in EXPECTED:
        with bc.open_report(chromium, out / name) as (page, check):
            assert check.outside_requests == [], name
            assert check.charts and check.undrawn == [], (name, check.charts)
            assert check.console_errors == [], name
    with bc.open_report(chromium, out / "county-ganzhou.html") as (page, check):
        (cid,) = bc.reweight_chart_ids(page)
        before = bc.ranking(page, cid)["units"]
        assert [u.split()[0] for u in before] == _expected_order(
            {"机制建立情况": 6, "工作落实情况": 35, "产业发展情况": 35, "绿色发展情况": 6, "要素支撑情况": 14, "访谈测评情况": 4})
        # keep only 产业发展情况 (slider 3, no ties among the units): every other weight to 0
        for i in (0, 1, 3, 4, 5):
            assert bc.click_slider(page, cid, i, 0.0) == 0.0
        after = bc.ranking(page, cid)["units"]
        assert [u.split()[0] for u in after] == _expected_order({"产业发展情况": 35})
        assert after != before
        page.screenshot(path=str(out / "county-ganzhou-reweighted.png"))
        assert check.outside_requests == []
    # a browser without DecompressionStream: no chart, a clear message, every table readable
    with bc.open_report(chromium, out / "county-ganzhou.html",
                        init_script="delete window.DecompressionStream;") as (page, check):
        assert check.charts and all(c["error"] for c in check.charts)
        assert "DecompressionStream" in page.locator("#zy-nocharts").inner_text()
        cell = page.locator("td", has_text="规模以上工业总产值").first
        assert cell.is_visible() and check.console_errors == []


# --------------------------------------------------------------------------- parameters, order, as_of

def test_as_of_is_a_date_and_defaults_to_today():
    import datetime
    assert reports.parse_as_of(None) == datetime.date.today().isoformat()
    assert reports.parse_as_of("2024-06-30") == "2024-06-30"
    for bad in ("2024-13-01", "30.06.2024", "yesterday", "2024-6-30"):
        with pytest.raises(reports.ParameterError, match="--as-of"):
            reports.parse_as_of(bad)


def _notebook_with_parameters(path: Path, source: str) -> None:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[cell, nbformat.v4.new_code_cell("x = 1")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


def test_as_of_goes_only_to_notebooks_that_declare_it(tmp_path):
    _notebook_with_parameters(tmp_path / "county.ipynb", 'county = "ganzhou"\nas_of = "2025-01-01"')
    _notebook_with_parameters(tmp_path / "overview.ipynb", "# no parameters")
    jobs = [reports.Job("county", "county.ipynb", {"county": "sunan"}, "county-sunan", "t"),
            reports.Job("overview", "overview.ipynb", {}, "overview", "t")]
    got = reports.with_as_of(jobs, "2024-06-30", tmp_path)
    assert got[0].params == {"county": "sunan", "as_of": "2024-06-30"}
    assert got[1].params == {}
    reports.check_parameters(got, tmp_path)  # and the result passes the parameter check


def test_cli_bad_as_of_exits_2_with_one_line(tmp_path):
    p = _cli("--as-of", "2024-02-30", "--output", str(tmp_path / "r"))
    assert p.returncode == 2 and p.stderr.startswith("error: --as-of '2024-02-30'")
    assert len(p.stderr.strip().splitlines()) == 1 and not (tmp_path / "r").exists()


def test_slowest_reports_start_first(tmp_path):
    jobs = reports.plan_jobs(counties=["sunan", "ganzhou"], overview=True, departments=["city_drc"])
    assert [j.slug for j in reports.order_jobs(jobs)][:2] == ["overview", "county-ganzhou"]
    # with the last run's times, those decide
    (tmp_path / "status.json").write_text(json.dumps({
        "county-sunan": {"ok": True, "seconds": 9.0}, "overview": {"ok": True, "seconds": 5.0},
        "county-ganzhou": {"ok": False, "seconds": 0.1}}), encoding="utf-8")
    assert [j.slug for j in reports.order_jobs(jobs, tmp_path)] == \
        ["county-sunan", "county-ganzhou", "overview", "department-city_drc"]


# --------------------------------------------------------------------------- output folder

def _cli(*args: str) -> subprocess.CompletedProcess:
    """``zyanalysis reports --county sunan ARGS`` in this process (a subprocess costs seconds),
    with what it printed; an exception would end the test, as a traceback would show."""
    import contextlib
    import io

    from zyanalysis import cli

    argv = ["reports", "--county", "sunan", *args]
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = cli.main(argv)
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def _no_kernel_started(p: subprocess.CompletedProcess) -> None:
    assert p.returncode == 2, p.stderr
    assert p.stderr.startswith("error: ") and len(p.stderr.strip().splitlines()) == 1, p.stderr
    assert "Traceback" not in p.stderr and p.stdout == ""


def test_output_that_is_a_file_is_refused_before_any_kernel(tmp_path):
    f = tmp_path / "reports.html"
    f.write_text("not a folder", encoding="utf-8")
    p = _cli("--output", str(f))
    _no_kernel_started(p)
    assert "is a file" in p.stderr and f.read_text(encoding="utf-8") == "not a folder"


def test_output_under_a_file_is_refused_before_any_kernel(tmp_path):
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    p = _cli("--output", str(f / "sub" / "reports"))
    _no_kernel_started(p)
    assert f"is under {f}, which is a file" in p.stderr


def test_read_only_output_is_refused_before_any_kernel(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    if os.geteuid() != 0:
        ro.chmod(0o555)
        p = subprocess.run([sys.executable, "-m", "zyanalysis.cli", "reports", "--county", "sunan",
                            "--output", str(ro)], capture_output=True, text=True, timeout=120)
    else:  # root writes through permissions: mount a read-only tmpfs in a private namespace
        if not shutil.which("unshare"):
            pytest.skip("running as root without unshare: cannot make a read-only folder")
        cmd = " ".join([f"mount -t tmpfs -o ro tmpfs {ro} &&", "exec", sys.executable, "-m",
                        "zyanalysis.cli", "reports", "--county", "sunan", "--output", str(ro)])
        p = subprocess.run(["unshare", "--mount", "sh", "-c", cmd], capture_output=True, text=True, timeout=120)
        if "mount:" in p.stderr or "unshare:" in p.stderr:
            pytest.skip(f"cannot mount a read-only folder here: {p.stderr.strip()}")
    _no_kernel_started(p)
    assert f"cannot write to output folder {ro}: " in p.stderr
    assert "Read-only file system" in p.stderr or "Permission denied" in p.stderr


# --------------------------------------------------------------------------- leftovers and lifetime

def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_sweep_removes_only_leftovers_of_dead_processes(tmp_path):
    dead, alive = _dead_pid(), os.getppid()
    runs = {n: tmp_path / n for n in (f".run-{dead}-abc", f".run-{alive}-def", ".run-x-ghi", "keep")}
    for d in runs.values():
        d.mkdir()
    sock_dead = Path(tempfile.mkdtemp(prefix=f"{reports.SOCKET_PREFIX}{dead}-"))
    sock_alive = Path(tempfile.mkdtemp(prefix=f"{reports.SOCKET_PREFIX}{alive}-"))
    try:
        removed = reports.sweep_leftovers(tmp_path)
        assert set(removed) == {runs[f".run-{dead}-abc"], sock_dead}
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [f".run-{alive}-def", ".run-x-ghi", "keep"])
        assert sock_alive.is_dir() and not sock_dead.exists()
    finally:
        shutil.rmtree(sock_alive, ignore_errors=True)
        shutil.rmtree(sock_dead, ignore_errors=True)


def _processes() -> dict[int, tuple[int, int, str]]:
    """pid → (parent pid, session id, state) of every process, from /proc."""
    procs = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            procs[int(d.name)] = (int(fields[1]), int(fields[3]), fields[0])
    return procs


def _descendants(root: int) -> set[int]:
    procs, found, grew = _processes(), {root}, True
    while grew:
        new = {pid for pid, (ppid, _, _) in procs.items() if ppid in found} - found
        found |= new
        grew = bool(new)
    return found


def _living(pids: set[int], session: int) -> list[int]:
    """Of ``pids`` and the processes of ``session``, those still running (zombies are gone)."""
    procs = _processes()
    return sorted(pid for pid, (_, sid, state) in procs.items()
                  if state != "Z" and (pid in pids or sid == session))


ENGINES = ["inprocess", "kernel"]
# the 4-report set is over in about 2 s on the in-process engine: that one runs all 81
LIFECYCLE_SET = {"kernel": ["--overview", "--county", "ganzhou", "--county", "sunan", "--county", "minle"],
          "inprocess": []}


def _start_batch(out: Path, engine: str) -> tuple[subprocess.Popen, set[int], list[str]]:
    """Start a batch in its own session; return it once both workers run (with their kernels,
    on the kernel engine), with every process it started and the leftovers-to-be (run and
    socket folders) seen so far."""
    p = subprocess.Popen([sys.executable, "-m", "zyanalysis.cli", "reports", "-j", "2", "--output", str(out),
                          *LIFECYCLE_SET[engine]], env={**os.environ, reports.ENGINE_VARIABLE: engine},
                         start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: set[int] = set()
    processes = 5 if engine == "kernel" else 3  # batch, 2 workers (, 2 kernels)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        seen |= _descendants(p.pid)
        if len(seen) >= processes and len(list(out.glob(".run-*"))) == 2:
            break
        assert p.poll() is None, p.communicate()
        time.sleep(0.1)
    else:
        pytest.fail("the batch did not start its workers and kernels")
    leftovers = [str(x) for x in out.glob(".run-*")] + \
        [str(x) for x in Path(tempfile.gettempdir()).glob(f"{reports.SOCKET_PREFIX}*")
         if reports._owner(x.name, reports.SOCKET_PREFIX) in seen]
    return p, seen, leftovers


def _previous_reports(out: Path) -> dict[str, str]:
    old = {n: f"PREVIOUS {n}" for n in ("county-ganzhou.html", "county-sunan.html", "county-minle.html",
                                         "overview.html", "index.html")}
    for n, text in old.items():
        (out / n).write_text(text, encoding="utf-8")
    (out / "status.json").write_text("{}", encoding="utf-8")
    return old


def _intact(out: Path, old: dict[str, str]) -> None:
    """Each report is its previous version or a complete new one; nothing else is there."""
    for n, text in old.items():
        now = (out / n).read_text(encoding="utf-8")
        assert now == text or now.rstrip().endswith("</html>"), n


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_sigkill_of_the_batch_leaves_nothing_running_and_the_next_run_sweeps(tmp_path, engine):
    out = tmp_path / "reports"
    out.mkdir()
    old = _previous_reports(out)
    p, seen, leftovers = _start_batch(out, engine)
    os.kill(p.pid, signal.SIGKILL)
    p.wait(timeout=10)
    deadline = time.monotonic() + 10
    while _living(seen, p.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _living(seen, p.pid) == [], "processes of the killed batch are still running"
    _intact(out, old)
    assert json.loads((out / "status.json").read_text(encoding="utf-8")) == {}
    # the next run removes whatever the killed one could not
    p2 = subprocess.run([sys.executable, "-m", "zyanalysis.cli", "reports", "--county", "sunan",
                         "--output", str(out)], capture_output=True, text=True, timeout=300)
    assert p2.returncode == 0, p2.stderr[-2000:]
    assert not list(out.glob(".run-*")) and not [x for x in leftovers if Path(x).exists()]
    assert (out / "county-sunan.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_sigint_stops_the_batch_with_a_summary_and_an_updated_index(tmp_path, engine):
    out = tmp_path / "reports"
    out.mkdir()
    old = _previous_reports(out)
    p, seen, leftovers = _start_batch(out, engine)
    os.killpg(p.pid, signal.SIGINT)  # as Ctrl-C does: to the whole foreground group
    stdout, stderr = p.communicate(timeout=60)
    assert p.returncode == 128 + signal.SIGINT
    lines = [ln for ln in stderr.splitlines() if ln.strip() and "report/s" not in ln and "%|" not in ln]
    assert len(lines) == 1 and lines[0].startswith("interrupted (SIGINT): "), stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert _living(seen, p.pid) == []
    assert not [x for x in leftovers if Path(x).exists()] and not list(out.glob(".*"))
    _intact(out, old)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index != old["index.html"] and "Zhangye plan-target reports" in index
    status = json.loads((out / "status.json").read_text(encoding="utf-8"))
    written = int(re.search(r"(\d+) of \d+ reports written", lines[0]).group(1))
    assert sum(s["ok"] for s in status.values()) == written
    for slug, s in status.items():  # what the index lists as done was written in this run
        assert (out / s["html"]).read_text(encoding="utf-8").rstrip().endswith("</html>"), slug


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_a_worker_killed_mid_report_is_recorded_its_kernel_ends_and_the_rest_run(tmp_path, monkeypatch, engine):
    """A report kills its own worker (SIGKILL: no clean-up in the worker): on the kernel engine
    the kernel kills its parent, in process the notebook kills its own process."""
    monkeypatch.setenv(reports.ENGINE_VARIABLE, engine)
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    nb = nbformat.read(ROOT / "notebooks" / "county.ipynb", as_version=4)
    pidfile = tmp_path / "kernel.pid"
    victim = "os.getppid()" if engine == "kernel" else "os.getpid()"
    nb.cells.insert(2, nbformat.v4.new_code_cell(
        "import os, signal\n"
        "if county == 'sunan':\n"
        f"    open({str(pidfile)!r}, 'w').write(str(os.getpid()))\n"
        f"    os.kill({victim}, signal.SIGKILL)"))
    nbformat.write(nb, nbdir / "county.ipynb")
    out = tmp_path / "reports"
    out.mkdir()
    (out / "county-sunan.html").write_text("PREVIOUS GOOD REPORT", encoding="utf-8")
    monkeypatch.setattr(reports.paths, "notebooks_dir", lambda: nbdir)
    res = {r.slug: r for r in reports.run_jobs(reports.plan_jobs(counties=["sunan", "minle", "linze"]),
                                               out, n_jobs=1, progress=False)}
    assert not res["county-sunan"].ok and "worker died" in res["county-sunan"].message
    assert res["county-minle"].ok and res["county-linze"].ok     # a new worker took over
    assert (out / "county-sunan.html").read_text(encoding="utf-8") == "PREVIOUS GOOD REPORT"
    kernel = int(pidfile.read_text())
    deadline = time.monotonic() + 10
    while reports.pid_alive(kernel) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not reports.pid_alive(kernel), "the dead worker's kernel is still running"
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
