"""Cell-level helpers shared by the parsers."""
from __future__ import annotations

from pathlib import Path

import pytest

from zyanalysis.data.parsers.base import (Document, ParseError, ParseResult, check_sum, clean, finish, is_ditto,
                                          is_worse, parse_number, parse_period, parse_target_cell,
                                          project_id, series_id, split_list, squeeze, sum_mismatch, task_id,
                                          target_id)
from zyanalysis.reference.jurisdictions import find_jurisdiction, resolve_jurisdiction


def test_clean_and_squeeze_remove_pdf_padding():
    assert clean("\u3000") == ""
    assert clean(" 11.18 ") == "11.18"
    assert squeeze("马  斌") == "马斌"
    assert squeeze("市发展\n改革委") == "市发展改革委"
    assert is_ditto(" 同上 ") and not is_ditto("同上级")


def test_numbers_and_targets():
    assert parse_number("１７０") == 170.0
    assert parse_number("11.18 ") == 11.18
    with pytest.raises(ParseError, match="expected a number"):
        parse_number("约7")
    assert parse_target_cell("＞60")[:2] == (">", 60.0)
    assert parse_target_cell("≤5")[:2] == ("<=", 5.0)
    assert parse_target_cell("完成国家\u3000\u3000指标")[:2] == ("national", None)
    assert parse_target_cell("/")[:2] == ("pending", None)
    assert parse_target_cell("-")[:2] == ("pending", None)
    assert parse_target_cell("170")[:2] == (">=", 170.0)


def test_periods_and_lists():
    assert parse_period("2018-\n\n2021") == (2018, 2021)
    assert parse_period("2019-2022") == (2019, 2022)
    assert parse_period("2020") == (2020, 2020)
    assert parse_period("长期") == (None, None)
    assert split_list("市科技局、市财政局、市市场监管局等") == ["市科技局", "市财政局", "市市场监管局"]


def test_jurisdiction_aliases():
    assert resolve_jurisdiction("肃南县") == "sunan"
    assert resolve_jurisdiction("肃南裕固族自治县") == "sunan"
    assert resolve_jurisdiction("张掖经开区") == "zhangye_edz"
    assert resolve_jurisdiction("Ganzhou District") == "ganzhou"
    assert resolve_jurisdiction("酒泉市") is None
    assert find_jurisdiction("民乐县\n赵  富") == "minle"


DOC = Document("009", Path("009_test.txt"), ["line"] * 40)
_T = dict(jurisdiction_id="zhangye", indicator_id="grain_output", indicator_zh="粮食产量",
          indicator_en="Grain output", unit="万吨", year=2027, value=1.0, raw="1")


def test_one_id_rule():
    assert target_id("004", "zhangye", "grain_output", 2027) == "004.zhangye.grain_output.2027"
    assert target_id("001", "ganzhou", "x", 2025, "line5") == "001.ganzhou.x.2025.line5"
    assert series_id("gansu", "forest_coverage") == "gansu.forest_coverage"
    assert task_id("001", 3) == "001.task.3"
    assert project_id("000", 1, 7) == "000-01-007"


def test_repeated_target_numbered_or_by_line():
    res = ParseResult()
    ids = [res.add_target(DOC, line=n, **_T, repeat="number")["target_id"] for n in (1, 2, 3)]
    assert ids == ["009.zhangye.grain_output.2027", "009.zhangye.grain_output.2027.2",
                   "009.zhangye.grain_output.2027.3"]
    res = ParseResult()
    ids = [res.add_target(DOC, line=n, **_T, repeat="line")["target_id"] for n in (1, 5, 5)]
    assert ids == ["009.zhangye.grain_output.2027", "009.zhangye.grain_output.2027.line5",
                   "009.zhangye.grain_output.2027.line5.2"]
    assert finish(DOC, res) is res


def test_repeated_id_without_a_rule_is_refused():
    res = ParseResult()
    res.add_target(DOC, line=1, **_T)
    res.add_target(DOC, line=9, **_T)
    with pytest.raises(ParseError, match="occurs on lines 1 and 9"):
        finish(DOC, res)
    res = ParseResult()
    obs = dict(_T, year=2023)
    del obs["value"]
    for n in (2, 4):
        res.add_observation(DOC, line=n, **obs, value=1.0)
    with pytest.raises(ParseError, match="occurs on lines 2 and 4"):
        finish(DOC, res)


def test_shared_checks():
    assert sum_mismatch(3.0, [1.0, 2.0]) is None
    assert sum_mismatch(0.3, [0.1, 0.2]) is None             # float noise is not a disagreement
    assert sum_mismatch(100, [60, 30]) == 90
    assert sum_mismatch(1.0, [0.994], digits=2, tolerance=0.005) == 0.99
    assert is_worse(5, 6, True) and not is_worse(7, 6, True)
    assert is_worse(7, 6, False) and not is_worse(None, 6, True)
    res = ParseResult()
    check_sum(DOC, res, stated=10, line=3, parts=[(4, 4), (5, 6)], subject="x", unit="个", what="X")
    check_sum(DOC, res, stated=9, line=3, parts=[(4, 4), (5, 6)], subject="x", unit="个", what="X")
    assert [(f["kind"], f["stated"], f["computed"], f["message"]) for f in res.findings] == [
        ("total_mismatch", 10, 9, "X: line 3 states 10 个, but the figures it sums (lines 4–6: 4 + 5) add up to 9 个.")]
