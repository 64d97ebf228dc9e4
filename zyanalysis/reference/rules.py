"""The documents' rules, each stated once with the lines it comes from.

Scoring and the parsers both read these; nothing restates a threshold. The 004 wage-payment
grading (张政办发〔2024〕10号, lines 666–750 of 004) was hand-read: Chinese legal drafting counts the
number itself in 以上/以下 (民法典 art. 1259), so "80分以下" includes 80 and "50人以上" includes 50.
"""
from __future__ import annotations

from zyanalysis.reference.jurisdictions import WAGE_ASSESSED_UNITS

WAGE_GRADING: dict = {
    "framework_id": "004.wage",
    "doc_number": "张政办发〔2024〕10号", "doc_number_line": 668,
    "title_zh": "张掖市保障农民工工资支付工作考核办法", "title_line": 678,
    # 第二条: 各县区政府、张掖经开区 — the six counties and the development zone
    "assessed_units": WAGE_ASSESSED_UNITS,
    "assessed_units_zh": "各县区政府、张掖经开区", "assessed_units_line": 682,
    "years": (2023, 2027), "years_line": 686,          # 考核工作从2023年到2027年,每年开展一次
    "base_score": 100.0, "base_score_line": 710,       # 基准分为100分
    "grades": ("A", "B", "C"), "grades_line": 710,
    "A": {
        "combine": "all", "line": 712, "text_zh": "同时符合以下两个条件的，考核等级为A级",
        "conditions": [
            {"id": "sound_systems", "line": 714, "quantitative": False,
             "text_zh": "领导重视、工作机制健全，各项工资支付保障制度完备、落实得力，工作成效明显"},
            {"id": "rank_top", "line": 716, "max_rank": 3, "text_zh": "考核得分排在全市前三名"},
        ],
    },
    "C": {
        "combine": "any", "line": 718, "text_zh": "有下列情形之一的，考核等级为C级",
        "conditions": [
            {"id": "low_score", "line": 720, "score_threshold": 80.0, "threshold_inclusive": True,
             "text_zh": "保障农民工工资支付工作不力、成效不明显、欠薪问题突出，考核评分在80分以下的"},
            {"id": "mass_incident_50", "line": 722, "min_incidents": 1, "min_people": 50,
             "text_zh": "发生1起及以上因拖欠农民工工资引发50人以上群体性事件的"},
            {"id": "mass_incidents_30", "line": 724, "min_incidents": 3, "min_people": 30,
             "text_zh": "发生3起及以上因拖欠农民工工资引发30人以上群体性事件"},
            {"id": "gov_project_incident_30", "line": 724, "min_incidents": 1, "min_people": 30,
             "government_investment_project": True,
             "text_zh": "或发生1起及以上因政府投资工程项目拖欠农民工工资引发30人以上群体性事件的"},
            {"id": "extreme_incident", "line": 726, "min_incidents": 1,
             "text_zh": "发生1起及以上因拖欠农民工工资引发极端事件并造成严重后果的"},
        ],
    },
    "B": {"rule": "otherwise", "line": 728, "text_zh": "考核等级在A、C级以外的为B级"},
    "member_units": {"graded": False, "line": 730,
                     "text_zh": "对市政府根治拖欠农民工工资工作领导小组各成员单位的评价…评价结果不分等级"},
    "consequences": {"A": "通报表扬", "C": "约谈有关单位负责人", "line": 742},
    "precedence_note": ("The text does not say which grade wins when a unit meets both the A and a C "
                        "condition (e.g. top-three score but a 50-person incident); C is the safe reading."),
}


def _condition(grade: str, cid: str) -> dict:
    return next(c for c in WAGE_GRADING[grade]["conditions"] if c["id"] == cid)


WAGE_THRESHOLDS: dict = {
    "base_points": WAGE_GRADING["base_score"],                                    # 004:710
    "a_top_n": _condition("A", "rank_top")["max_rank"],                           # 004:716
    "c_score_below": _condition("C", "low_score")["score_threshold"],             # 004:720
    "c_score_inclusive": _condition("C", "low_score")["threshold_inclusive"],     # 004:720
    "c_mass_incident_50": _condition("C", "mass_incident_50")["min_incidents"],   # 004:722
    "c_mass_incident_30": _condition("C", "mass_incidents_30")["min_incidents"],  # 004:724
    "c_gov_project_30": _condition("C", "gov_project_incident_30")["min_incidents"],  # 004:724
    "c_extreme": _condition("C", "extreme_incident")["min_incidents"],           # 004:726
}
"""The grading's thresholds, flat, as :func:`zyanalysis.scoring.assessment.grade_wage_assessment`
uses them — derived from :data:`WAGE_GRADING`, never typed twice."""
