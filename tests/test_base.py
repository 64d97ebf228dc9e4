"""Cell-level helpers shared by the parsers."""
from __future__ import annotations

import pytest

from zyanalysis.data.parsers.base import (ParseError, clean, is_ditto, parse_number, parse_period,
                                     parse_target_cell, split_list, squeeze)
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
