"""What one report scores (scoring.scope), as the notebooks call it."""
from __future__ import annotations

import pytest

from zyanalysis.data.tables import load_tables
from zyanalysis.scoring import examples, scope


def test_county_assessment_is_recomputed_for_other_inputs_and_not_shared_mutably():
    T = load_tables()
    inputs = examples.assessment_inputs()
    a = scope.county_assessment(T, inputs, draws=500)
    total = a.scores.set_index("unit").total
    # hand-worked in test_assessment: ganzhou 97.36 + 2 bonus; linze 95.96 (no event)
    assert total["ganzhou"] == pytest.approx(99.36) and total["linze"] == pytest.approx(95.96)
    a.scores["total"] = 0.0  # a notebook editing its copy …
    again = scope.county_assessment(T, inputs, draws=500)
    assert again.scores.set_index("unit").total["ganzhou"] == pytest.approx(99.36)  # … changes nothing else
    # a researcher's edit to the inputs is scored afresh, not served from the memo
    edited = inputs.copy()
    edited["unit"] = edited["unit"].replace({"linze": "ganzhou", "ganzhou": "linze"})  # swap the two units' rows
    swapped = scope.county_assessment(T, edited, draws=500).scores.set_index("unit").total
    assert swapped["linze"] == pytest.approx(99.36) and swapped["ganzhou"] == pytest.approx(95.96)


def test_department_without_targets_gives_an_empty_frame_with_via():
    T = load_tables()
    att = scope.department_attainment(T, "qh_bank")  # a Qinghai bank: 003 names it, no target
    assert att.empty and "via" in att.columns


def test_selections_refuse_unknown_ids_and_accept_chinese_names():
    from zyanalysis.data import queries
    T = load_tables()
    by_name = scope.attainment_of(T, jurisdiction="甘州区", as_of="2026-12-04")
    assert len(by_name) == 60 and set(by_name.jurisdiction) == {"ganzhou"}  # one row per target (60)
    for call in (lambda: scope.attainment_of(T, jurisdiction="ganzou"),
                 lambda: scope.wanted_of(T, industries=["nope"]),
                 lambda: queries.projects_of(T, registry="nope"),
                 lambda: queries.county_findings(T, "nope"),
                 lambda: queries.regions_with(T, "nope")):
        with pytest.raises(ValueError, match="unknown"):
            call()
