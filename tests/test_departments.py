"""Department normalisation and counts, checked against the document text by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from zyanalysis.data import departments as dep
from zyanalysis.reference import departments as reg
from zyanalysis.data.tables import load_tables
from zyanalysis import paths
from zyanalysis.scoring.scope import department_attainment
from zyanalysis.report.batch import ParameterError, plan_jobs


def doc_lines(doc: str, a: int, b: int) -> str:
    """Lines a..b (1-based, inclusive) of a raw document, joined with newlines as extracted."""
    name = {"000": "000_zhangye_eco_industries_projects_assessment.txt"}[doc]
    text = (paths.raw_dir() / "documents" / name).read_text(encoding="utf-8").splitlines()
    return "\n".join(text[a - 1:b])


# Every spelling below was read in the documents; the id is the department it means.
HAND_MAPPING = {
    "市发展改革委": "city_drc",          # 000:12 and throughout 000
    "市发改委": "city_drc",              # 004:323 (brand working committee members)
    "市工信局": "city_miit",             # 000:24
    "区工信局": "gz_miit",               # 001:8 — district, NOT the city's 市工信局
    "区发展改革局": "gz_drc",            # 001:8 — district, NOT 市发展改革委
    "市文广旅游局": "city_culture_tourism",  # 000:84
    "市文旅局": "city_culture_tourism",  # 004:561
    "市电力公司": "city_power",          # 000:58 (附件1 clean energy)
    "张掖供电公司": "city_power",        # 000:908 (附件2 clean-energy projects)
    "区供电公司": "gz_power",            # 001:8 — Ganzhou's, not the city's
    "市自然资源局": "city_natural_resources",  # 000:12
    "市自然资源局甘州分局": "gz_natural_resources_branch",  # 001:8 — a branch, kept apart
    "市生态环境局甘州分局": "gz_ecology_env_branch",        # 001:13
    "市商务局等": "city_commerce",       # 000:12 ends the list with 等
    "市政府": "city_gov",                # 004:323
    "张掖市政府": "city_gov",            # 004:460
    "财政局": "city_finance",            # 004:1053 配合单位 of a city project
    "市种子协会": "city_seed_assoc",     # 004:508
    "市种子行业协会": "city_seed_assoc", # 004:506
    "领导小组办公室": "city_wage_office",  # 004:686
    "肃南县政府": "sunan_gov",           # 004:1652
    "张掖经开区": "edz",                 # 001:8
    "省发展改革委": "qh_drc",            # 003 (Qinghai province), NOT 市发展改革委
    "省水利水电（集团）有限责任公司": "qh_water_power_group",  # full-width brackets
}


@pytest.mark.parametrize("raw, dept_id", HAND_MAPPING.items())
def test_hand_checked_names(raw, dept_id):
    assert reg.resolve_department(raw) == dept_id


def test_names_broken_by_pdf_extraction_are_joined():
    # 000:1118–1120 is '市发展' / '' / '改革委' (one cell broken over three lines)
    assert reg.normalise_name(doc_lines("000", 1118, 1120)).endswith("市发展改革委")
    assert reg.resolve_department(doc_lines("000", 1118, 1120).strip()) == "city_drc"
    # 000:1122–1124 is '市生态' / '' / '环境局'
    assert reg.resolve_department(doc_lines("000", 1122, 1124)) == "city_ecology_env"
    # 000:1672–1674 is '市政府' / '' / '国资委' — must not stop at 市政府 (the government)
    assert doc_lines("000", 1672, 1672) == "市政府"
    assert reg.resolve_department(doc_lines("000", 1672, 1674)) == "city_sasac"
    assert reg.resolve_department("马  斌") is None  # a person is not a department


def test_every_name_in_the_documents_is_mapped():
    T = load_tables()
    assert dep.unmapped_names(T) == []
    m = T.department_mentions
    assert not m.dept_id.str.startswith("unmapped_").any()
    # every registry entry is used by some document (no stale entries)
    assert set(T.departments.dept_id) == {d.dept_id for d in reg.REGISTRY}


def test_no_wrong_collapse_between_levels():
    T = load_tables()
    m = T.department_mentions
    names = m.assign(n=m.raw.map(reg.normalise_name)).groupby("dept_id").n.agg(set)
    for dept_id, spellings in names.items():
        prefixes = {s[0] for s in spellings if s[0] in "市区省"}
        assert len(prefixes) <= 1, (dept_id, spellings)  # 市… and 区… never share an id
    t = T.departments.set_index("dept_id")
    assert t.loc["city_miit", "level"] == "city" and t.loc["gz_miit", "level"] == "district"
    assert t.loc["gz_natural_resources_branch", "parent_id"] == "city_natural_resources"
    # the city bureau's counts do not include its Ganzhou branch's 001 tasks
    assert t.loc["city_natural_resources", "n_tasks"] == 1  # only 004 task 59 (004:1735, 牵头单位)


def test_registry_spellings_unique():
    seen = {}
    for d in reg.REGISTRY:
        for s in (d.name_zh, *d.aliases):
            assert reg.normalise_name(s) not in seen, (s, d.dept_id, seen.get(reg.normalise_name(s)))
            seen[reg.normalise_name(s)] = d.dept_id


def counts(dept_id: str) -> dict:
    r = dep.department_row(load_tables(), dept_id)
    return {k: int(r[k]) for k in ("n_industries", "n_industries_lead", "n_projects", "n_projects_lead",
                                   "n_tasks", "n_tasks_lead")}


def test_counts_city_health_commission():
    # 000:19 牵头部门 of 中医中药 (and in no 责任部门 list of 附件1) → 1 industry, led.
    # 000:368 中医中药产业（共5项）; its lead cell 市发展改革委/市卫生健康委 stands at project 1
    # (000:383–384) and again at project 5 (000:459–460), merged over 2–4 → 5 projects, all led.
    # 004:1346 牵头单位 of the cataract project; 004:1568 配合单位 of the 两癌 check → 2 tasks, 1 led.
    assert counts("city_health") == dict(n_industries=1, n_industries_lead=1, n_projects=5, n_projects_lead=5,
                                         n_tasks=2, n_tasks_lead=1)
    assert dep.department_row(load_tables(), "city_health").assessed_by == "lead"


def test_counts_district_industry_bureau():
    # 区工信局 is among the 责任单位 of every one of 001's 24 tasks (001:8–37; grep finds it on 24
    # task lines and nowhere else). Tasks 1–7 (001:8–14) each name one of the seven leading
    # industries → 7 industries. No project of 000 (a city registry) names it. Not led: 001 does
    # not say which unit leads.
    assert counts("gz_miit") == dict(n_industries=7, n_industries_lead=0, n_projects=0, n_projects_lead=0,
                                     n_tasks=24, n_tasks_lead=0)
    assert pd.isna(dep.department_row(load_tables(), "gz_miit").assessed_by)  # district: not assessed by 000
    # and the city bureau of the same name is a different department with 000 work
    assert counts("city_miit")["n_projects_lead"] == 31 and counts("city_miit")["n_tasks"] == 1


def test_counts_culture_tourism_bureau_with_alias():
    # 000:84 牵头部门 of 文化旅游; 000:21 责任部门 of 中医中药 → 2 industries, 1 led.
    # 000:1345 文化旅游产业（共12项）: lead cell 市文广旅游局 at projects 1, 3, 5, 7, 10, 11, merged over
    # the rest → 12 projects led. 004:465 (市文广旅游局) and 004:561 (市文旅局) → 2 tasks, same bureau.
    c = counts("city_culture_tourism")
    assert (c["n_industries"], c["n_industries_lead"], c["n_projects_lead"], c["n_tasks"], c["n_tasks_lead"]) == \
        (2, 1, 12, 2, 0)
    # 中医中药 projects 1–4 list it as 责任部门 (000:385–392); project 5's 责任部门 cell (000:461) is blank
    # after a page break, so 4 or 5 more projects depending on how the merged cell is read.
    assert c["n_projects"] - c["n_projects_lead"] in (4, 5)
    assert "市文旅局" in dep.department_row(load_tables(), "city_culture_tourism").aliases


def test_assessment_systems():
    T = load_tables()
    t = T.departments.set_index("dept_id")
    # 000 附件1 lead departments (000:10, 19, 28, 38, 46, 56, 66, 75, 84, 93): seven of them
    leads = set(t.index[t.assessed_by == "lead"])
    assert leads == {"city_agri", "city_drc", "city_health", "city_miit", "city_ecology_env",
                     "city_culture_tourism", "city_commerce"}
    assert t.loc["city_sports", "assessed_by"] == "responsible"  # 000:86
    assert t.loc["city_power", "assessed_by"] == "responsible"   # 000:58 市电力公司
    assert t.loc["city_info_office", "assessed_by"] is pd.NA     # only in a 县区 cell (000:787)
    fw = dep.department_frameworks(T, "city_sports")
    assert set(fw.framework_id) == {"000.responsible"} and fw.weight.sum() == 100


def test_task_targets_linked_by_line():
    T = load_tables()
    ranges = dep.task_line_ranges(T)
    assert ranges["001.task.1"] == (8, 8) and ranges["001.task.7"] == (14, 15)  # 001:15 is a heading
    links = T.task_target_links
    # 001:8: 综合能源产业产值 2025 60亿元 (力争) and 风光装机 140万千瓦 → two targets on task 1;
    # the 2024 56亿元 is 预计 (an estimate), not a target
    assert len(links[links.task_id == "001.task.1"]) == 2
    att = department_attainment(T, "gz_miit")
    assert "001.ganzhou.industry_output_comprehensive_energy.2025" in set(att.target_id)
    assert att.via.notna().all()


def test_plan_jobs_departments():
    jobs = plan_jobs(departments=["gz_miit", "city_drc"])
    assert [j.slug for j in jobs] == ["department-gz_miit", "department-city_drc"]
    with pytest.raises(ParameterError, match="valid: city_drc"):
        plan_jobs(departments=["市工信局"])
    all_jobs = plan_jobs()
    dept = [j for j in all_jobs if j.kind == "department"]
    # >40 parties: city departments 000 assesses (26) + Ganzhou district departments (18)
    assert len(dept) == 44
    assert {j.notebook for j in all_jobs if j.kind == "policy"} == {"incentives.ipynb", "landing.ipynb"}
