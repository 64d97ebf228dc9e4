"""Researcher actuals as they come from Chinese office machines: encodings, Excel, CSV quoting,
full-width digits, thousands separators, Chinese indicator names, plausibility."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zyanalysis.data import build as zbuild
from zyanalysis.data import loaders, schemas
from zyanalysis.data.actuals import HEADER, read_actuals, read_actuals_file
from zyanalysis.data.office_files import parse_amount, read_records
from zyanalysis.data.parsers.base import ParseError

ROOT = Path(__file__).resolve().parent.parent
HEAD = ",".join(HEADER)
# 001 附件1: 规模以上工业总产值 (亿元, kind level), 工业增加值占GDP比重 (%, kind share), both for 甘州区
OUTPUT, SHARE = "industrial_output_above_scale", "industrial_value_added_share_gdp"


@pytest.fixture
def frames(built):
    return built[2]


def _read(path: Path, frames) -> pd.DataFrame:
    return read_actuals_file(path, frames["observations"], frames["targets"], frames["jurisdictions"],
                             indicators=frames["indicators"])


def test_gbk_csv_as_excel_saves_it_on_chinese_windows(tmp_path, frames):
    p = tmp_path / "gbk.csv"
    p.write_bytes(f"{HEAD}\r\n甘州区,规模以上工业总产值,2024,158.3,亿元,actual,,区统计局快报\r\n".encode("gbk"))
    df = _read(p, frames)
    r = df.iloc[0]
    assert (r.jurisdiction_id, r.indicator_id, r.year, r.value, r.unit, r.raw) == (
        "ganzhou", OUTPUT, 2024, 158.3, "亿元", "区统计局快报")
    assert r.source == "actuals/gbk.csv:2"


def test_utf8_with_bom_and_full_width_digits(tmp_path, frames):
    p = tmp_path / "bom.csv"
    p.write_bytes("\ufeff".encode() + f"{HEAD}\nganzhou,{OUTPUT},２０２４,１５８．３,亿元,,,\n".encode())
    df = _read(p, frames)
    assert df.value.tolist() == [158.3] and df.year.tolist() == [2024] and df.kind.tolist() == ["actual"]


def test_quoted_note_over_two_lines_is_one_row_and_rows_count_as_excel_shows(tmp_path, frames):
    p = tmp_path / "q.csv"
    p.write_text(f"# comment\n{HEAD}\n"
                 f'ganzhou,{OUTPUT},2024,158.3,亿元,actual,,"第一行\n第二行, 有逗号"\n'
                 f"ganzhou,{SHARE},2024,13,%,actual,,\n", encoding="utf-8")
    df = _read(p, frames)
    assert df.raw.tolist()[0] == "第一行\n第二行, 有逗号"
    # comment = row 1, header = row 2, the two-line record = row 3 (one Excel row), next = row 4
    assert df.source.tolist() == ["actuals/q.csv:3", "actuals/q.csv:4"]


def test_xlsx_first_sheet_read_with_excel_row_numbers(tmp_path, frames):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["# 甘州区统计局 2025年快报"])
    ws.append(HEADER)
    ws.append(["甘州区", "规上工业总产值", 2024, 158.3, "亿元", "actual", None, "快报"])  # alias of 001's name
    ws.append([None] * 8)
    ws.append(["ganzhou", SHARE, 2024, 12, "%", "estimate", None, None])
    wb.create_sheet("ignored").append(["not", "read"])
    p = tmp_path / "stats.xlsx"
    wb.save(p)
    df = _read(p, frames)
    assert df[["indicator_id", "year", "value", "kind", "source"]].values.tolist() == [
        [OUTPUT, 2024, 158.3, "actual", "actuals/stats.xlsx:3"],
        [SHARE, 2024, 12.0, "estimate", "actuals/stats.xlsx:5"]]


@pytest.mark.parametrize("text, value", [("1,234.5", 1234.5), ("1,234,567", 1234567.0), ("１５８．３", 158.3),
                                         ("−13.5", -13.5), (" 170 ", 170.0)])
def test_numbers_read(text, value):
    assert parse_amount(text, "f.csv", 3, "value") == value


@pytest.mark.parametrize("text", ["158,3", "1,23", "1,2345", "12,34.5"])
def test_ambiguous_comma_is_an_error_never_a_silent_1583(tmp_path, frames, text):
    p = tmp_path / "c.csv"
    p.write_text(f'{HEAD}\nganzhou,{OUTPUT},2024,"{text}",亿元,actual,,\n', encoding="utf-8")
    with pytest.raises(ParseError, match="ambiguous comma") as e:
        _read(p, frames)
    assert (e.value.file, e.value.line, e.value.field) == ("actuals/c.csv", 2, "value")


def test_thousands_separator_accepted_in_a_file(tmp_path, frames):
    p = tmp_path / "t.csv"
    p.write_text(f'{HEAD}\nganzhou,{OUTPUT},2024,"1,234.5",亿元,actual,,\n', encoding="utf-8")
    assert _read(p, frames).value.tolist() == [1234.5]


def test_header_indicator_and_chinese_name_accepted(tmp_path, frames):
    p = tmp_path / "h.csv"
    p.write_text(f"{HEAD.replace('indicator_id', 'indicator')}\n甘州区,工业增加值占GDP比重,2024,12.9,%,,,\n",
                 encoding="utf-8")
    assert _read(p, frames)[["indicator_id", "value"]].values.tolist() == [[SHARE, 12.9]]


@pytest.mark.parametrize("ind, value, unit, words", [
    (OUTPUT, "-5", "亿元", "negative"), (SHARE, "120", "%", "outside 0–100"), (SHARE, "-1", "%", "outside 0–100")])
def test_implausible_values_rejected(tmp_path, frames, ind, value, unit, words):
    p = tmp_path / "bad.csv"
    p.write_text(f"{HEAD}\nganzhou,{ind},2024,{value},{unit},actual,,\n", encoding="utf-8")
    with pytest.raises(ParseError, match=words) as e:
        _read(p, frames)
    assert (e.value.file, e.value.line, e.value.field) == ("actuals/bad.csv", 2, "value")


def test_undecodable_file_names_byte_offset_and_encodings_tried(tmp_path, frames):
    p = tmp_path / "x.csv"
    p.write_bytes(HEAD.encode() + b"\nganzhou,\xff\xff\n")
    with pytest.raises(ParseError) as e:
        _read(p, frames)
    msg = str(e.value)
    offset = len(HEAD) + 1 + len("ganzhou,")
    assert e.value.field == "encoding" and f"UTF-8 fails at byte {offset}" in msg and "GB18030" in msg


def test_gbk_after_a_plain_ascii_first_megabyte_is_still_gbk(tmp_path, frames):
    p = tmp_path / "late.csv"
    filler = ("# " + "x" * 98 + "\n") * 11_000  # 1.1 MB of ASCII comment rows: past the 1 MB read chunk
    ascii_row = f"ganzhou,{SHARE},2024,12,%,actual,,\n"
    p.write_bytes((HEAD + "\n" + filler + ascii_row).encode() + f"甘州区,{OUTPUT},2024,158.3,亿元,,,快报\n".encode("gbk"))
    df = _read(p, frames)
    assert df[["value", "raw", "source"]].fillna("").values.tolist() == [[12.0, "", "actuals/late.csv:11002"],
                                                             [158.3, "快报", "actuals/late.csv:11003"]]


def test_file_that_changes_encoding_half_way_is_refused(tmp_path, frames):
    p = tmp_path / "mixed.csv"
    gbk_row = f"甘州区,{OUTPUT},2024,158.3,亿元,,,\n".encode("gbk")
    head = f"{HEAD}\n甘州区,{SHARE},2024,12,%,actual,,\n".encode()
    p.write_bytes(head + gbk_row)  # within the first 1 MB: neither encoding reads it all
    with pytest.raises(ParseError, match=f"UTF-8 fails at byte {len(head)}; GB18030 fails at byte") as e:
        _read(p, frames)
    assert e.value.field == "encoding" and e.value.file == "actuals/mixed.csv"
    head += (("# " + "x" * 98 + "\n") * 11_000).encode()
    p.write_bytes(head + gbk_row)  # past the first 1 MB, read as UTF-8 already
    with pytest.raises(ParseError, match=f"byte {len(head)} is not UTF-8.*mixes encodings") as e:
        _read(p, frames)


def test_broken_quoting_names_the_row(tmp_path, frames):
    p = tmp_path / "q.csv"
    p.write_text(f'{HEAD}\nganzhou,{SHARE},2024,12,%,actual,,\nganzhou,{OUTPUT},2024,158,亿元,actual,,"unclosed\n',
                 encoding="utf-8")
    with pytest.raises(ParseError, match="quoting") as e:
        _read(p, frames)
    assert (e.value.line, e.value.field) == (3, "row")


def test_upper_case_csv_and_xlsx_picked_up_by_the_folder_reader(tmp_path, frames):
    folder = tmp_path / "actuals"
    folder.mkdir()
    (folder / "2025.CSV").write_text(f"{HEAD}\nganzhou,{OUTPUT},2024,158.3,亿元,actual,,\n", encoding="utf-8")
    (folder / "~$2025.xlsx").write_bytes(b"Excel lock file")  # skipped: Excel's lock file
    (folder / "README.md").write_text("not data", encoding="utf-8")
    df = read_actuals(folder, frames["observations"], frames["targets"], frames["jurisdictions"],
                      indicators=frames["indicators"])
    assert df.source.tolist() == ["actuals/2025.CSV:2"]


def test_upper_case_csv_merged_by_the_build(project):
    raw, out = project
    (raw / "actuals" / "2025.CSV").write_bytes(
        f"{HEAD}\n甘州区,规模以上工业总产值,2024,158.3,亿元,actual,,\n".encode("gbk"))
    assert zbuild.is_stale(raw, out)
    obs = loaders.load_observations()
    assert obs.loc[obs.doc_id == "user", ["source", "value"]].values.tolist() == [["actuals/2025.CSV:2", 158.3]]


def test_empty_value_rows_are_placeholders_and_skipped(tmp_path, frames):
    p = tmp_path / "e.csv"
    p.write_text(f"{HEAD}\nganzhou,{OUTPUT},2024,,亿元,actual,,\nganzhou,{SHARE},2024,12,%,actual,,\n",
                 encoding="utf-8")
    assert _read(p, frames).indicator_id.tolist() == [SHARE]


def test_read_records_streams(tmp_path):
    """The reader hands rows out one at a time: a bad row deep in a file is reached without
    reading the rest into memory (see bench/bench_inputs.py for time and memory)."""
    p = tmp_path / "big.csv"
    p.write_text("a,b\n" + "1,2\n" * 1000, encoding="utf-8")
    it = read_records(p, "big.csv")
    assert next(it) == (1, ["a", "b"]) and next(it) == (2, ["1", "2"])


# ---------------------------------------------------------------- damaged bytes, property-based

_pieces = st.sampled_from([b",", b"\n", b"\r\n", b"\r", b'"', b"#", b"158.3", b"\xef\xbb\xbf", "甘州区".encode(),
                           "甘州区".encode("gbk"), b"\xff", b"\x80", b"\x00", HEAD.encode(), OUTPUT.encode(), b" "])


@pytest.mark.slow  # a long property test: in .ci/run, not in the quick loop
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(_pieces, max_size=30), suffix=st.sampled_from([".csv", ".CSV", ".xlsx"]))
def test_any_bytes_give_rows_or_a_parse_error_naming_the_file(tmp_path_factory, frames, parts, suffix):
    p = tmp_path_factory.mktemp("bytes") / f"x{suffix}"
    p.write_bytes(b"".join(parts))
    try:
        df = _read(p, frames)
    except ParseError as e:
        assert e.file == f"actuals/x{suffix}" and e.field, str(e)
        return
    schemas.validate("observations", df)
