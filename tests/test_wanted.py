"""What data is wanted (scoring/wanted.py) and `zyanalysis template actuals --missing`."""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from conftest import fresh_raw, run_cli

from zyanalysis.data import build as zbuild
from zyanalysis.data import loaders, schemas
from zyanalysis.scoring.wanted import data_wanted

ROOT = Path(__file__).resolve().parent.parent


def _target(tid: str, ind: str, year: int, comparator: str = ">=", value: float | None = 1.0) -> dict:
    return dict(target_id=tid, doc_id="001", line=1, source="001:1", jurisdiction_id="ganzhou", indicator_id=ind,
                indicator_zh=ind.upper(), indicator_en=ind, unit="亿元", target_year=year, comparator=comparator,
                target_value=value, higher_is_better=True, is_reduction=False, aspirational=False, raw="x")


def _obs(ind: str, year: int, kind: str = "actual") -> dict:
    return dict(series_id=f"ganzhou.{ind}", doc_id="001", line=1, source="001:1", jurisdiction_id="ganzhou",
                indicator_id=ind, indicator_zh=ind, indicator_en=ind, unit="亿元", year=year, value=1.0, kind=kind)


@pytest.fixture
def frames():
    targets = schemas.coerce("targets", [
        _target("t1", "x", 2025), _target("t2", "x", 2030), _target("t3", "q", 2025, "qualitative", None),
        _target("t4", "y", 2025), _target("t5", "z", 2027, "range")])
    obs = schemas.coerce("observations", [_obs("x", 2025, "estimate"), _obs("y", 2025), _obs("z", 2025)])
    return targets, obs


def test_over_and_running_targets_want_the_right_years(frames):
    w = data_wanted(*frames, as_of=dt.date(2026, 12, 4))
    # t1 (2025, over) wants 2025; t2 (2030, running) wants the latest completed year 2025: one row.
    # t3 is qualitative, t4 has its 2025 actual, t5 (2027) has the 2025 actual; an estimate is no actual.
    assert w[["indicator_id", "year", "target_ids"]].values.tolist() == [["x", 2025, "t1|t2"]]
    assert w.why[0].startswith("target year 2025 is over") and "published since spring 2026" in w.why[0]
    assert list(w.columns)[:6] == ["jurisdiction_id", "indicator_id", "indicator_zh", "unit", "industry_id", "year"]


def test_before_the_target_year_ends_the_latest_completed_year_is_wanted(frames):
    w = data_wanted(*frames, as_of=dt.date(2025, 6, 1))
    assert w[["indicator_id", "year", "target_ids"]].values.tolist() == [
        ["x", 2024, "t1|t2"], ["y", 2024, "t4"], ["z", 2024, "t5"]]
    assert "on track" in w.why[0] and "published since spring 2025" in w.why[0]


def test_statistics_come_out_next_spring(frames):
    w = data_wanted(*frames, as_of=dt.date(2026, 1, 15))
    assert w.year.tolist() == [2025] and "expected spring 2026" in w.why[0]


@pytest.fixture
def project(tmp_path, monkeypatch):
    raw, out = fresh_raw(tmp_path), tmp_path / "processed"
    zbuild.build(raw=raw, out=out)
    monkeypatch.setenv("ZYANALYSIS_RAW", str(raw))
    monkeypatch.setenv("ZYANALYSIS_PROCESSED", str(out))
    loaders._cache.clear()
    return raw, out


def _cli(*args: str):
    return run_cli(*args)


def test_template_missing_round_trip_xlsx(project):
    from openpyxl import load_workbook
    raw, _ = project
    as_of = dt.date(2026, 12, 4)
    before = data_wanted(loaders.load_targets(), loaders.load_observations(), as_of=as_of)
    n = int((before.jurisdiction_id == "ganzhou").sum())
    assert n > 0
    f = raw / "actuals" / "wanted.xlsx"
    p = _cli("template", "actuals", "--missing", "--county", "甘州区", "--as-of", str(as_of), "-o", str(f))
    assert p.returncode == 0, p.stderr
    wb = load_workbook(f)
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r[0] == "jurisdiction")
    assert len(rows) - header_at - 1 == n
    assert all(r[3] is None and r[0] == "ganzhou" for r in rows[header_at + 1:])  # value left blank
    for i in range(header_at + 2, len(rows) + 1):  # Excel rows of the data, 1-based
        ws.cell(row=i, column=4, value=1.5)
    wb.save(f)
    obs = loaders.load_observations()
    user = obs[obs.doc_id == "user"]
    assert len(user) == n and (user.value == 1.5).all() and (user.kind == "actual").all()
    assert user.source.iloc[0] == f"actuals/wanted.xlsx:{header_at + 2}"
    after = data_wanted(loaders.load_targets(), obs, as_of=as_of)
    assert not (after.jurisdiction_id == "ganzhou").any()
    assert len(after) == len(before) - n


def test_template_missing_csv_partly_filled(project):
    raw, _ = project
    f = raw / "actuals" / "wanted.csv"
    p = _cli("template", "actuals", "--missing", "--county", "ganzhou", "--as-of", "2026-12-04", "-o", str(f))
    assert p.returncode == 0, p.stderr
    assert f.read_bytes().startswith(b"\xef\xbb\xbf#")  # BOM: Excel opens it as UTF-8
    lines = f.read_text(encoding="utf-8-sig").splitlines()
    rows = list(csv.reader(lines))
    head = next(i for i, r in enumerate(rows) if r and r[0] == "jurisdiction")
    rows[head + 1][3] = "２．５"  # a researcher on a Chinese keyboard
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for line, r in zip(lines, rows):  # comment lines as they were, rows re-quoted
        buf.write(line + "\n") if line.startswith("#") else w.writerow(r)
    f.write_text(buf.getvalue(), encoding="utf-8-sig")
    obs = loaders.load_observations()
    user = obs[obs.doc_id == "user"]
    assert user[["jurisdiction_id", "indicator_id", "year", "value", "source"]].values.tolist() == [
        ["ganzhou", rows[head + 1][1], int(rows[head + 1][2]), 2.5, f"actuals/wanted.csv:{head + 2}"]]


def test_template_missing_refuses_unknown_county(project):
    p = _cli("template", "actuals", "--missing", "--county", "酒泉市")
    assert p.returncode == 2 and "unknown county" in p.stderr
