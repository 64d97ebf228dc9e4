"""The build, the loaders' cache and the researcher actuals: atomic, traceable, loud on bad input."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zyanalysis.data import build as zbuild
from zyanalysis.data import loaders, schemas
from zyanalysis.data.actuals import HEADER, read_actuals_file, template
from zyanalysis.data.parsers.base import ParseError, ParseResult

ROOT = Path(__file__).resolve().parent.parent






def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _ganzhou_output_id(frames) -> str:
    """indicator_id of 规模以上工业总产值 (001 附件1), found by its Chinese name, not assumed."""
    obs = frames["observations"]
    ids = obs.loc[(obs.jurisdiction_id == "ganzhou") & (obs.indicator_zh == "规模以上工业总产值"), "indicator_id"].unique()
    assert len(ids) == 1
    return ids[0]


def test_every_table_written_as_parquet_and_csv(built):
    raw, out, frames = built
    for t in zbuild.TABLE_NAMES:
        assert (out / f"{t}.parquet").is_file() and (out / f"{t}.csv").is_file()
        back = pd.read_parquet(out / f"{t}.parquet")
        assert list(back.columns) == schemas.columns(t)
        assert len(back) == len(frames[t])
    meta = zbuild.read_meta(out)
    assert meta["fingerprint"] == zbuild.fingerprint(raw)
    assert meta["rows"]["projects"] == len(frames["projects"])
    assert "## projects" in (out / "TABLES.md").read_text(encoding="utf-8")
    assert not [p for p in out.iterdir() if p.name.startswith(".build-")]


def test_every_row_traces_to_a_document_line(built):
    _, _, frames = built
    for t in ParseResult().tables():  # every table a parser writes
        df = frames[t]
        assert df["doc_id"].isin(["000", "001", "002", "003", "004"]).all(), t
        assert df["line"].notna().all(), t
        assert (df["source"] == df["doc_id"] + ":" + df["line"].astype(str)).all(), t


def test_000_assesses_the_six_counties_and_the_zone_stays_a_jurisdiction(built):
    # 000 第四条 (000:1779): 绩效考核对象为县区政府 — the six 县区; 张掖经开区 is not one
    j = built[2]["jurisdictions"]
    assert j.loc[j.assessed_unit, "name_zh"].tolist() == [
        "甘州区", "临泽县", "高台县", "山丹县", "民乐县", "肃南裕固族自治县"]
    assert "zhangye_edz" in set(j.jurisdiction_id)
    assert "肃南县" in j.set_index("jurisdiction_id").loc["sunan", "aliases"]


def test_loaders_use_cache_and_rebuild_when_a_raw_file_changes(project):
    raw, out = project
    assert not zbuild.is_stale(raw, out)
    before = (out / zbuild.META_FILE).read_bytes()
    loaders.load_projects()
    assert (out / zbuild.META_FILE).read_bytes() == before  # cache used, no rebuild
    doc = next((raw / "documents").glob("001_*.txt"))
    doc.chmod(0o644)
    doc.write_text(doc.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert zbuild.is_stale(raw, out)
    with pytest.raises(zbuild.IntegrityError):  # a raw document changes only deliberately
        loaders.load_targets()
    assert (out / zbuild.META_FILE).read_bytes() == before
    zbuild.accept_document("001", raw)
    loaders.load_targets()
    assert (out / zbuild.META_FILE).read_bytes() != before
    assert not zbuild.is_stale(raw, out)


def test_fresh_folder_builds_on_first_load(project, tmp_path, monkeypatch):
    empty = tmp_path / "fresh"
    monkeypatch.setenv("ZYANALYSIS_PROCESSED", str(empty))
    df = loaders.load_jurisdictions()
    assert len(df) == 10 and (empty / "projects.parquet").is_file()


def _write_actuals(raw: Path, rows: list[str], name: str = "stats_2024.csv") -> Path:
    p = raw / "actuals" / name
    p.parent.mkdir(exist_ok=True)
    p.write_text("# test file\n" + ",".join(HEADER) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return p


def test_valid_actuals_are_merged_with_file_row_provenance(project, built):
    raw, out = project
    ind = _ganzhou_output_id(built[2])
    _write_actuals(raw, [f"甘州区,{ind},2024,158.3,亿元,actual,,区统计局快报"])
    obs = loaders.load_observations()
    row = obs[(obs.doc_id == "user")]
    assert len(row) == 1
    r = row.iloc[0]
    # header is line 2 (after one comment line); the data row is line 3
    assert r.source == "actuals/stats_2024.csv:3" and r.line == 3
    assert (r.jurisdiction_id, r.year, r.value, r.kind, r.unit) == ("ganzhou", 2024, 158.3, "actual", "亿元")
    # the document's 2024 estimate (155, 001 附件1) stays beside the user's actual
    est = obs[(obs.series_id == r.series_id) & (obs.year == 2024) & (obs.kind == "estimate")]
    assert est.value.tolist() == [155.0]


BAD_ROWS = [
    ("{ind}", "酒泉市,{ind},2024,1,亿元,actual,,", 3, "jurisdiction", "unknown jurisdiction"),
    ("{ind}", "ganzhou,no_such_indicator,2024,1,亿元,actual,,", 3, "indicator_id", "no indicator"),
    ("{ind}", "ganzhou,{ind},2024,about 150,亿元,actual,,", 3, "value", "not a number"),
    ("{ind}", "ganzhou,{ind},2024,150,万元,actual,,", 3, "unit", "does not match"),
    ("{ind}", "ganzhou,{ind},2099,150,亿元,actual,,", 3, "year", "out of range"),
    ("{ind}", "ganzhou,{ind},1990,150,亿元,actual,,", 3, "year", "out of range"),
    ("{ind}", "ganzhou,{ind},2023,150,亿元,actual,,", 3, "year", "already given by 001:"),
    ("{ind}", "ganzhou,{ind},2024,150,亿元,guess,,", 3, "kind", "kind must be"),
    ("{ind}", "ganzhou,{ind},2024,150,亿元", 3, "row", "cells"),
]


@pytest.mark.parametrize("_, row, line, field, words", BAD_ROWS)
def test_bad_actuals_row_names_file_row_field_and_writes_nothing(project, built, _, row, line, field, words):
    raw, out = project
    ind = _ganzhou_output_id(built[2])
    _write_actuals(raw, [row.format(ind=ind)])
    before = _snapshot(out)
    with pytest.raises(ParseError) as e:
        loaders.load_observations()
    assert e.value.file == "actuals/stats_2024.csv" and e.value.line == line and e.value.field == field
    assert words in str(e.value)
    assert _snapshot(out) == before


def test_duplicate_across_user_files_is_an_error(project, built):
    raw, out = project
    ind = _ganzhou_output_id(built[2])
    _write_actuals(raw, [f"ganzhou,{ind},2024,158,亿元,actual,,"], "a.csv")
    _write_actuals(raw, [f"ganzhou,{ind},2024,159,亿元,actual,,"], "b.csv")
    with pytest.raises(ParseError, match=r"duplicate: .*actuals/a.csv:3") as e:
        loaders.load_observations()
    assert (e.value.file, e.value.line) == ("actuals/b.csv", 3)


def test_cli_reports_bad_row_in_one_line_and_exit_2(project, built):
    raw, out = project
    ind = _ganzhou_output_id(built[2])
    _write_actuals(raw, [f"ganzhou,{ind},2024,1O5,亿元,actual,,"])
    env = {**__import__("os").environ}
    p = subprocess.run([sys.executable, "-m", "zyanalysis.cli", "build"], capture_output=True, text=True, env=env)
    assert p.returncode == 2
    assert "actuals/stats_2024.csv:3: field 'value': not a number: '1O5'" in p.stderr
    assert "Traceback" not in p.stderr


def test_template_actuals_has_the_documented_header():
    lines = [ln for ln in template().splitlines() if not ln.startswith("#")]
    assert lines == [",".join(HEADER)]


_cell = st.text(alphabet=st.sampled_from(list("0123456789.,-\"# 亿元甘州区ganzhou\n\t%abc")), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.lists(_cell, min_size=0, max_size=9), min_size=1, max_size=4))
def test_damaged_actuals_give_parse_error_or_rows_never_a_crash(built, tmp_path_factory, cells):
    frames = built[2]
    path = tmp_path_factory.mktemp("dmg") / "x.csv"
    text = ",".join(HEADER) + "\n" + "\n".join(",".join(c) for c in cells) + "\n"
    path.write_text(text, encoding="utf-8")
    try:
        df = read_actuals_file(path, frames["observations"], frames["targets"], frames["jurisdictions"])
    except ParseError as e:
        assert e.file == "actuals/x.csv" and e.field
        return
    schemas.validate("observations", df)


def test_damaged_document_stops_the_build_and_keeps_previous_tables(project):
    raw, out = project
    doc = next((raw / "documents").glob("001_*.txt"))
    doc.chmod(0o644)
    lines = doc.read_text(encoding="utf-8").splitlines()
    # 附件1: the 2025 target cell of 规模以上工业总产值 (line 65, '170') becomes text
    assert lines[64].strip() == "170"
    lines[64] = "\t一百七十"
    doc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    zbuild.accept_document("001", raw)  # a deliberate edit: the parser, not the hash check, must object
    before = _snapshot(out)
    with pytest.raises(ParseError) as e:
        loaders.load_targets()
    assert e.value.file == doc.name and e.value.line is not None
    assert _snapshot(out) == before
    p = subprocess.run([sys.executable, "-m", "zyanalysis.cli", "build"], capture_output=True, text=True)
    assert p.returncode == 2 and p.stderr.startswith(f"error: {doc.name}:") and "Traceback" not in p.stderr


def test_check_prints_every_finding(project):
    p = subprocess.run([sys.executable, "-m", "zyanalysis.cli", "check"], capture_output=True, text=True)
    assert p.returncode == 0
    f = loaders.load_findings()
    assert p.stdout.startswith(f"{len(f)} findings")
    for src, msg in zip(f.source, f.message):
        assert f"[{src}]" in p.stdout and msg in p.stdout


def test_researchers_extend_the_indicator_catalogue(project):
    raw, out = project
    (raw / "indicators").mkdir(exist_ok=True)
    (raw / "indicators" / "mine.csv").write_text(
        "indicator_id,name_zh,aliases,name_en,unit,kind,direction\n"
        "regional_gdp_growth,地区生产总值增速,GDP增速,Growth of regional GDP,%,growth_rate,higher\n"
        # an alias for a shipped indicator: same id, unit, kind and direction
        "industrial_output_above_scale,规上工业产值,,,亿元,level,higher\n", encoding="utf-8")
    frames = zbuild.build(raw=raw, out=out)
    ind = frames["indicators"].set_index("indicator_id")
    assert ind.loc["regional_gdp_growth", "kind"] == "growth_rate"
    assert ind.loc["regional_gdp_growth", "source"] == "mine.csv:2"
    assert "规上工业产值" in ind.loc["industrial_output_above_scale", "aliases"].split("|")
    from zyanalysis.reference.indicators import resolve_indicator
    assert resolve_indicator("GDP增速", raw).indicator_id == "regional_gdp_growth"
    # a row may not change a shipped indicator's kind: the build names file, row and field
    (raw / "indicators" / "mine.csv").write_text(
        "indicator_id,name_zh,aliases,name_en,unit,kind,direction\n"
        "industrial_output_above_scale,规上工业产值,,,亿元,stock,higher\n", encoding="utf-8")
    before = _snapshot(out)
    with pytest.raises(Exception, match=r"mine.csv:2: field 'kind'"):
        zbuild.build(raw=raw, out=out)
    assert _snapshot(out) == before


def test_parsed_tables_are_declared_tables():
    """The tables parsers fill are the schema's tables, less those the build makes itself."""
    made_by_build = {"jurisdictions", "indicators", "departments", "department_mentions", "task_target_links"}
    assert set(ParseResult().tables()) == set(schemas.TABLES) - made_by_build
