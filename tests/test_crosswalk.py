"""The industry crosswalk: 000's and 002's lists name the same ten industries with different ids."""
from __future__ import annotations

import csv
import re

import pytest

from zyanalysis import paths
from zyanalysis.data import queries
from zyanalysis.data.build import read_manifest
from zyanalysis.data.tables import load_tables
from zyanalysis.reference.industries import CROSSWALK

ROWS = list(csv.DictReader(CROSSWALK.open(encoding="utf-8", newline="")))


def doc_line(doc_id: str, line: int) -> str:
    entry = {e.doc_id: e for e in read_manifest()}[doc_id]
    return (paths.raw_dir() / entry.file).read_text(encoding="utf-8").splitlines()[line - 1]


@pytest.mark.parametrize("row", ROWS, ids=[r["industry_id"] for r in ROWS])
def test_each_pair_is_named_on_the_lines_it_cites(row):
    # 'why' = '<name> (doc:line) = <name> (doc:line)': both names stand on the cited lines
    for name, doc, line in re.findall(r"(\S+) \((\d{3}):(\d+)\)", row["why"]):
        assert name in doc_line(doc, int(line)), (name, doc, line)


def test_every_city_and_province_industry_has_one_namesake_in_the_other_list():
    T = load_tables()
    other = {"zhangye_eco10": "gansu_green10", "gansu_green10": "zhangye_eco10"}
    for r in T.industries.itertuples():
        twins = queries.industry_counterparts(T, r.industry_id)
        if r.taxonomy in other:
            assert list(twins.taxonomy) == [other[r.taxonomy]], r.industry_id
        else:  # Ganzhou's seven leading industries are none of the ten
            assert twins.empty, r.industry_id
    # the ids diverge; the sector joins them: 中医中药 is 'chinese_medicine' in 000 and 'tcm' in 002
    assert queries.industry_counterparts(T, "gansu_green10.tcm").industry_id.tolist() == [
        "zhangye_eco10.chinese_medicine"]
    assert queries.gansu_counterparts(T, "zhangye_eco10.military_civilian_integration") == [
        "gansu_green10.civil_military"]


def test_an_edited_crosswalk_reaches_the_next_read_in_the_same_process(tmp_path, monkeypatch):
    from zyanalysis.reference import industries
    assert industries.sectors()["gansu_green10.tcm"] == "chinese_medicine"
    copy = tmp_path / "industry_crosswalk.csv"
    copy.write_text(CROSSWALK.read_text(encoding="utf-8").replace(",chinese_medicine,", ",tcm_renamed,"),
                    encoding="utf-8")
    monkeypatch.setattr(industries, "CROSSWALK", copy)
    assert industries.sectors()["gansu_green10.tcm"] == "tcm_renamed"
