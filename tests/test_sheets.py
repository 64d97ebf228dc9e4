"""Plan sheets (data/raw/plans): a new document enters without Python; every row is checked
against its document line; damaged sheets stop the build with file, row and field."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import fresh_raw
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zyanalysis.data import build as zbuild
from zyanalysis.data import loaders, schemas
from zyanalysis.data.parsers.base import ParseError
from zyanalysis.data.sheets import HEADER, read_plan_sheets, sheet_frames

ROOT = Path(__file__).resolve().parent.parent

DOC_005 = """张掖市国民经济和社会发展第十五个五年规划纲要（测试摘录）
　　到2030年，全市地区生产总值达到800亿元左右，
规模以上工业总产值达到 300 亿元以上。
　　农产品加工转化率达到70%—75%。
　　2025年，全市规模以上工业总产值完成２６０亿元。
"""
MANIFEST_005 = ("005,documents/005_zhangye_15th_fyp_test.txt,005.txt,张掖市十五五规划纲要（测试摘录）,"
                "Zhangye 15th five-year plan (test excerpt),张掖市,,2026,,test document without a parser\n")
SHEET_HEAD = ",".join(HEADER)
GOOD_ROWS = [
    # line 2: new indicator (not in the catalogue), 左右 → '~'
    "005,2,张掖市,zhangye_gdp_test,2030,800,,亿元,~,target,,否,全市地区生产总值达到800亿元左右,,,yes,地区生产总值(测试),GDP (test),level,higher",
    # line 3: catalogue indicator by Chinese name; spaces in the quote as in the document
    "005,3,张掖市,规模以上工业总产值,2030,300,,亿元,>=,target,,0,规模以上工业总产值达到 300 亿元以上,,,,,,,",
    # line 4: a range, 力争
    "005,4,张掖市,农产品加工转化率,2030,70,75,%,range,target,,是,农产品加工转化率达到70%—75%,,,,,,,",
    # line 5: an actual; the quote's full-width digits match NFKC-normalised
    "005,5,张掖市,industrial_output_above_scale,2025,260,,亿元,=,actual,,,全市规模以上工业总产值完成260亿元,,,,,,,",
]


def _raw_with_005(dest: Path) -> Path:
    raw = fresh_raw(dest)
    (raw / "documents" / "005_zhangye_15th_fyp_test.txt").write_text(DOC_005, encoding="utf-8")
    with open(raw / "manifest.csv", "a", encoding="utf-8") as f:
        f.write(MANIFEST_005)
    return raw


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """data/raw + document 005 (manifest row, no parser, no sheet yet), built once."""
    base = tmp_path_factory.mktemp("proj")
    raw = _raw_with_005(base)
    out = base / "processed"
    return raw, out, zbuild.build(raw=raw, out=out)




def _sheet(raw: Path, rows: list[str], name: str = "005.csv") -> Path:
    p = raw / "plans" / name
    p.write_text("# extracted by zyanalysis extract; reviewed\n" + SHEET_HEAD + "\n" + "\n".join(rows) + "\n",
                 encoding="utf-8")
    return p


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_document_without_parser_builds_with_no_rows(built):
    _, _, frames = built
    assert not (frames["targets"].doc_id == "005").any()


def test_good_sheet_for_a_new_document_merges_with_doc_line_provenance(project):
    raw, out = project
    _sheet(raw, GOOD_ROWS)
    t = loaders.load_targets().set_index("target_id")
    new = t[t.doc_id == "005"]
    assert sorted(new.index) == ["005.zhangye.agri_processing_rate.2030",
                                 "005.zhangye.industrial_output_above_scale.2030",
                                 "005.zhangye.zhangye_gdp_test.2030"]
    gdp = new.loc["005.zhangye.zhangye_gdp_test.2030"]
    assert (gdp.source, gdp.comparator, gdp.target_value, gdp.unit, gdp.aspirational) == ("005:2", "~", 800.0, "亿元", False)
    assert gdp.raw.endswith("[plans/005.csv:3]")  # comment = row 1, header = row 2
    rate = new.loc["005.zhangye.agri_processing_rate.2030"]
    assert (rate.comparator, rate.target_value, rate.target_high, rate.aspirational) == ("range", 70.0, 75.0, True)
    out_t = new.loc["005.zhangye.industrial_output_above_scale.2030"]
    assert (out_t.source, out_t.target_value, out_t.indicator_zh) == ("005:3", 300.0, "规模以上工业总产值")
    obs = loaders.load_observations()
    a = obs[(obs.doc_id == "005")]
    assert a[["series_id", "year", "value", "kind", "source"]].values.tolist() == [
        ["zhangye.industrial_output_above_scale", 2025, 260.0, "actual", "005:5"]]
    ind = loaders.load_indicators().set_index("indicator_id")
    assert (ind.loc["zhangye_gdp_test", "source"], ind.loc["zhangye_gdp_test", "kind"]) == ("plans/005.csv:3", "level")


DAMAGED = [
    # (row text, field, words)
    ("005,99,张掖市,规模以上工业总产值,2030,300,,亿元,>=,target,,,规模以上工业总产值达到 300 亿元以上,,,,,,,",
     "line", "has lines 1–5"),
    ("005,2,张掖市,规模以上工业总产值,2030,300,,亿元,>=,target,,,规模以上工业总产值达到 300 亿元以上,,,,,,,",
     "quote", "it is on line 3"),
    ("007,3,张掖市,规模以上工业总产值,2030,300,,亿元,>=,target,,,规模以上工业总产值达到 300 亿元以上,,,,,,,",
     "doc_id", "not in data/raw/manifest.csv"),
    ("005,3,张掖市,规模以上工业总产值,2030,3,,万亿元,>=,target,,,规模以上工业总产值达到 300 亿元以上,,,,,,,",
     "unit", "does not match"),
    ("005,3,张掖市,规上工业产值总量,2030,300,,亿元,>=,target,,,规模以上工业总产值达到 300 亿元以上,,,,,,,",
     "indicator", "unknown indicator"),
    ("005,3,张掖市,规模以上工业总产值,2030,\"300,0\",,亿元,>=,target,,,规模以上工业总产值达到 300 亿元以上,,,,,,,",
     "value", "ambiguous comma"),
    ("005,4,张掖市,农产品加工转化率,2030,70,175,%,range,target,,,农产品加工转化率达到70%—75%,,,,,,,",
     "value_high", "outside 0–100"),
    ("005,3,张掖市,规模以上工业总产值,2030,300,,亿元,>=,goal,,,规模以上工业总产值达到 300 亿元以上,,,,,,,",
     "kind", "kind must be"),
]


@pytest.mark.parametrize("row, field, words", DAMAGED, ids=[d[1] for d in DAMAGED])
def test_damaged_sheet_names_file_row_field_and_leaves_processed_untouched(project, row, field, words):
    raw, out = project
    _sheet(raw, [GOOD_ROWS[0], row])
    before = _snapshot(out)
    with pytest.raises(ParseError) as e:
        loaders.load_targets()
    assert (e.value.file, e.value.line, e.value.field) == ("plans/005.csv", 4, field), str(e.value)
    assert words in str(e.value)
    assert _snapshot(out) == before


def test_target_twice_in_sheets_names_both_rows(project):
    raw, _ = project
    _sheet(raw, [GOOD_ROWS[1]], "a.csv")
    _sheet(raw, [GOOD_ROWS[1].replace(",300,", ",310,")], "b.csv")
    with pytest.raises(ParseError, match=r"005\.zhangye\.industrial_output_above_scale\.2030 is already given by plans/a\.csv:3") as e:
        loaders.load_targets()
    assert (e.value.file, e.value.line) == ("plans/b.csv", 3)


def test_sheet_never_overrides_a_parsed_document(project):
    raw, _ = project
    # 001 line 65: the 2025 target of 规模以上工业总产值 for 甘州区, '170', read by the 001 parser
    row = "001,65,甘州区,规模以上工业总产值,2025,{v},,亿元,>=,target,,,170,,,,,,,"
    _sheet(raw, [row.format(v=180)])
    with pytest.raises(ParseError, match="never overridden") as e:
        loaders.load_targets()
    assert (e.value.line, e.value.field) == (3, "value")
    _sheet(raw, [row.format(v=170)])  # the same reading: accepted, not doubled
    t = loaders.load_targets()
    assert t[t.target_id == "001.ganzhou.industrial_output_above_scale.2025"].source.tolist() == ["001:65"]


def test_template_plan_is_a_sheet_the_build_reads(project):
    import subprocess
    import sys
    raw, _ = project
    p = subprocess.run([sys.executable, "-m", "zyanalysis.cli", "template", "plan"], capture_output=True, text=True)
    assert p.returncode == 0
    (raw / "plans" / "blank.csv").write_text(p.stdout + GOOD_ROWS[1] + "\n", encoding="utf-8")
    t = loaders.load_targets()
    assert t[t.doc_id == "005"].source.tolist() == ["005:3"]


def test_xlsx_sheet_with_excel_numbers(project):
    from openpyxl import Workbook
    raw, _ = project
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([5, 3, "张掖市", "规模以上工业总产值", 2030, 300, None, "亿元", ">=", "target", None, 0,
               "规模以上工业总产值达到 300 亿元以上"])  # Excel turned 005 into the number 5
    wb.save(raw / "plans" / "005.XLSX")
    t = loaders.load_targets()
    assert t[t.doc_id == "005"][["target_id", "target_value", "source"]].values.tolist() == [
        ["005.zhangye.industrial_output_above_scale.2030", 300.0, "005:3"]]


# ---------------------------------------------------------------- damaged input, property-based

_junk = st.text(alphabet=st.sampled_from(list("0123456789.,-~>=<\"# \n亿元%张掖市005targetyes是否")), max_size=10)


@pytest.mark.slow  # a long property test: in .ci/run, not in the quick loop
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(0, len(GOOD_ROWS)), st.integers(0, len(HEADER) - 1), _junk),
                      min_size=1, max_size=4),
       drop=st.sets(st.integers(0, len(GOOD_ROWS))))
def test_damaged_sheets_give_rows_or_a_parse_error_never_a_crash(built, tmp_path_factory, edits, drop):
    raw, _, frames = built
    table = [HEADER] + [r.split(",") for r in GOOD_ROWS]
    for i, j, text in edits:
        table[i][j] = text
    lines = [",".join(c) for k, c in enumerate(table) if k not in drop]
    folder = tmp_path_factory.mktemp("plans")
    (folder / "x.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = {e.doc_id: raw / e.file for e in zbuild.read_manifest(raw)}
    try:
        rows = read_plan_sheets(folder, docs, frames)
    except ParseError as e:
        assert e.file == "plans/x.csv" and e.line is not None and e.field, str(e)
        return
    for table_name, df in sheet_frames(rows).items():
        schemas.validate(table_name, df)
