"""The report batch: parameter checks, a real subset run, the HTML it writes, and a browser.

The subset run executes real notebooks with papermill (about half a minute on 2 cores); the
numbers in the HTML are compared with what the loaders and scoring functions return.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
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
def batch(tmp_path_factory):
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


def test_industry_report_shows_the_hexi_layout_that_holds_zhangye(batch):
    out, _ = batch
    text = _body(out / "industry-zhangye_eco10.clean_energy.html").get_text(" ")
    hexi = zy.load_regions().set_index("region_id").loc["002.hexi"]
    assert "河西地区 Hexi Corridor (002:39)" in text and hexi.text_zh[:40] in text
    assert "本段提及此产业" in text   # 河西's paragraph names clean energy


def test_findings_in_reports_equal_the_loaders(batch):
    out, _ = batch
    text = _body(out / "overview.html").get_text(" ")
    f = zy.load_findings()
    for src in f.source:
        assert src in text
    assert len(_row_cells(_body(out / "overview.html"), tuple(sorted(set(f.kind))))) >= len(f)


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
