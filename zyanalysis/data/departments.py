"""Departments: one canonical id and name for every department the documents name, and what each does.

Where the names come from
-------------------------
* ``responsibilities`` rows with ``party_type == 'department'``: 000 附件1 (industries) and
  附件2 (projects), 001's 24 tasks (责任单位), 004's tasks (牵头 / 实施 / 配合单位 …);
* the ``lead_departments`` / ``responsible_departments`` cells of ``projects`` (000);
* two departments 000 puts in the 县区 column of a project instead of a county (市信息办 on
  000:787, 市交投公司 on 000:1675);
* the 责任单位 groups of 003's Qinghai registry (``projects.group_zh``), province level.

Normalisation (:func:`normalise_name`, :func:`resolve_department`)
------------------------------------------------------------------
Whitespace of every kind is removed, so a name broken by the PDF extraction ('市发展\\n\\n改革委',
000:1118–1120) is joined again; a trailing 等 ('市商务局等') and full-width brackets are
normalised; then the name is looked up in :data:`REGISTRY`, which lists each department once with
the other spellings the documents use. Choices (the judgement calls, each with its evidence):

* 市发展改革委 (000) = 市发改委 (004:323, 436): the same commission, short and shorter form.
* 市文广旅游局 (000, 004:465) = 市文旅局 (004:561): 张掖市文化广电和旅游局 in both.
* 张掖供电公司 (000 附件2, 12 clean-energy projects) = 市电力公司 (000:58, 附件1 clean energy):
  the city's grid company (国网张掖供电公司); 附件1 and 附件2 name it for the same industry.
* 市政府 = 张掖市政府 (004); 市种子协会 (004:348, 508) = 市种子行业协会 (004:506): 004 names one
  seed association among the brand associations (004:325, 348); 市农业品牌工作委员会 =
  市农业品牌委员会 (004:325, 597); 领导小组办公室 (004:686) is the office of
  市政府根治拖欠农民工工资工作领导小组 (the parser already expands it).
* 财政局 without a prefix (004:1053) is 市财政局: it is the 配合单位 of a city-level 为民实事
  project led by 市人社局, as 市财政局 is in every other project of that list.
* District (区) departments are Ganzhou's (001 is Ganzhou's plan) and are never merged with the
  city's: 区工信局 ≠ 市工信局, 区发展改革局 ≠ 市发展改革委.
* 市自然资源局甘州分局 and 市生态环境局甘州分局 are branches (分局) of city bureaus working in
  Ganzhou. They are kept as departments of their own at level ``district`` (their remit is
  Ganzhou; 001 assigns them Ganzhou tasks) with ``parent_id`` naming the city bureau; the city
  bureau's counts do not include them and 000's assessment of the city bureau does not score them.
* Collective names (各县区政府, 各县区农业农村局, 专责工作组成员单位, 龙头企业 …) are kept as
  ``kind='collective'`` entries so that every name is accounted for; they are not departments.

Levels: ``city`` (张掖市), ``district`` (甘州区, incl. the two 分局), ``province`` (Qinghai's 省…
departments and provincial enterprises in 003), ``other`` (county governments, 张掖经开区,
enterprises, Qinghai prefectures and zones, collectives). ``kind`` says what the party is.

Assessment (000 第四条, 000:1779: 绩效考核对象为县区政府和生态产业牵头部门、责任部门): a city
department that leads an industry of 000 附件1 is scored by the 市级牵头部门 system
(``assessed_by='lead'``); otherwise one that is a responsible department of an industry (附件1)
or a project (附件2) of 000 is scored by the 市级责任部门 system (``'responsible'``). District
departments are not assessed by 000.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

from zyanalysis.reference.jurisdictions import resolve_jurisdiction

if TYPE_CHECKING:  # the bundle's module imports the build, which imports this one
    from zyanalysis.data.tables import Tables

LEVELS = ("city", "district", "province", "other")
KINDS = ("department", "government", "enterprise", "association", "zone", "collective")
ROLE_CLASS = {  # role_en of responsibilities → lead / responsible / support
    "lead_department": "lead",
    "responsible_department": "responsible", "responsible_unit": "responsible",
    "implementing_body": "responsible", "implementing_unit": "responsible",
    "responsible_body": "responsible", "organising_office": "responsible",
    "county_column_unit": "responsible",
    "cooperating_department": "support",
}
ROLE_CLASS_ZH = {"lead": "牵头 lead", "responsible": "责任 responsible", "support": "配合 support"}
ASSESSED_ZH = {"lead": "市级牵头部门 city lead department (000.lead)",
               "responsible": "市级责任部门 city responsible department (000.responsible)"}
ASSESSMENT_SOURCE = "000:1779"  # 第四条: who is assessed


@dataclass(frozen=True)
class Dept:
    """One department (or other party a document assigns work to)."""

    dept_id: str
    name_zh: str
    name_en: str
    level: str
    kind: str
    jurisdiction_id: str | None
    aliases: tuple[str, ...] = ()   # other spellings the documents use (each found in a document)
    parent_id: str | None = None
    note: str = ""


def _d(dept_id, name_zh, name_en, level="city", kind="department", jur="zhangye", aliases=(), parent=None,
       note="") -> Dept:
    return Dept(dept_id, name_zh, name_en, level, kind, jur, tuple(aliases), parent, note)


_C = "City "  # English prefix of Zhangye's city departments
_G = "Ganzhou District "
REGISTRY: list[Dept] = [
    # ---- Zhangye city departments named in 000 (lead / responsible) -------------------------
    _d("city_drc", "市发展改革委", _C + "Development and Reform Commission",
       aliases=("市发改委",), note="市发改委 in 004:323, 436"),
    _d("city_miit", "市工信局", _C + "Bureau of Industry and Information Technology"),
    _d("city_agri", "市农业农村局", _C + "Bureau of Agriculture and Rural Affairs", aliases=("张掖市农业农村局",)),
    _d("city_culture_tourism", "市文广旅游局", _C + "Bureau of Culture, Radio, Television and Tourism",
       aliases=("市文旅局",), note="市文旅局 in 004:561"),
    _d("city_ecology_env", "市生态环境局", _C + "Bureau of Ecology and Environment"),
    _d("city_commerce", "市商务局", _C + "Bureau of Commerce"),
    _d("city_health", "市卫生健康委", _C + "Health Commission"),
    _d("city_finance", "市财政局", _C + "Finance Bureau", aliases=("财政局",),
       note="unprefixed 财政局 in 004:1053 (配合单位 of a city project)"),
    _d("city_science", "市科技局", _C + "Science and Technology Bureau"),
    _d("city_sasac", "市政府国资委", _C + "State-owned Assets Supervision and Administration Commission"),
    _d("city_market", "市市场监管局", _C + "Market Regulation Administration"),
    _d("city_natural_resources", "市自然资源局", _C + "Natural Resources Bureau"),
    _d("city_forestry", "市林草局", _C + "Forestry and Grassland Bureau"),
    _d("city_transport", "市交通运输局", _C + "Transport Bureau"),
    _d("city_livestock", "市畜牧兽医局", _C + "Animal Husbandry and Veterinary Bureau"),
    _d("city_water", "市水务局", _C + "Water Affairs Bureau"),
    _d("city_poverty", "市扶贫办", _C + "Poverty Alleviation Office"),
    _d("city_power", "张掖供电公司", "State Grid Zhangye Power Supply Company", kind="enterprise",
       aliases=("市电力公司",), note="市电力公司 in 000:58 (附件1, clean energy)"),
    _d("city_sports", "市体育局", _C + "Sports Bureau"),
    _d("city_emergency", "市应急局", _C + "Emergency Management Bureau"),
    _d("city_foreign", "市政府外事办", _C + "Foreign Affairs Office"),
    _d("city_housing", "市住建局", _C + "Housing and Urban-Rural Development Bureau"),
    _d("city_cac", "市委网信办", _C + "Cyberspace Affairs Office (CPC city committee)"),
    _d("city_police", "市公安局", _C + "Public Security Bureau"),
    _d("city_state_security", "市国安局", _C + "State Security Bureau"),
    _d("city_civil_affairs", "市民政局", _C + "Civil Affairs Bureau"),
    _d("city_info_office", "市信息办", _C + "Informatisation Office",
       note="named in the 县区 column of project 000-04-002 (000:787)"),
    _d("city_transport_invest", "市交投公司", _C + "Transport Investment Company", kind="enterprise",
       note="named in the 县区 column of project 000-10-001 (000:1675)"),
    # ---- Zhangye city parties named in 004 -----------------------------------------------------
    _d("city_gov", "市政府", "Zhangye Municipal People's Government", kind="government", aliases=("张掖市政府",)),
    _d("city_hrss", "市人社局", _C + "Human Resources and Social Security Bureau"),
    _d("city_education", "市教育局", _C + "Education Bureau"),
    _d("city_youth_league", "团市委", _C + "Committee of the Communist Youth League"),
    _d("city_women_children", "市妇儿工委", _C + "Working Committee on Women and Children"),
    _d("city_womens_federation", "市妇联", _C + "Women's Federation", kind="association"),
    _d("city_red_cross", "市红十字会", _C + "Red Cross Society", kind="association"),
    _d("city_disabled", "市残联", _C + "Disabled Persons' Federation", kind="association"),
    _d("city_media", "市融媒体中心", _C + "Media Convergence Centre"),
    _d("city_agri_dev_group", "市农发集团", _C + "Agricultural Development Group", kind="enterprise"),
    _d("city_agri_academy", "市农科院", _C + "Academy of Agricultural Sciences"),
    _d("city_seed_admin", "市种子管理局", _C + "Seed Management Bureau"),
    _d("city_seed_assoc", "市种子协会", _C + "Seed Association", kind="association",
       aliases=("市种子行业协会",), note="市种子行业协会 in 004:506; one seed association in 004:325, 348"),
    _d("city_cattle_assoc", "市牛业协会", _C + "Cattle Industry Association", kind="association"),
    _d("city_vegetable_assoc", "市蔬菜产销协会", _C + "Vegetable Production and Marketing Association",
       kind="association"),
    _d("city_brand_committee", "市农业品牌工作委员会", _C + "Agricultural Brand Working Committee",
       aliases=("市农业品牌委员会", "张掖市农业品牌工作委员会"), note="市农业品牌委员会 in 004:325, 597"),
    _d("city_brand_taskforce", "市农业品牌专班", _C + "Agricultural Brand Task Force"),
    _d("city_brand_centre", "市农业品牌运营中心", _C + "Agricultural Brand Operation Centre",
       aliases=("农业品牌运营中心",)),
    _d("city_wage_group", "市政府根治拖欠农民工工资工作领导小组",
       _C + "Leading Group on Eradicating Wage Arrears of Migrant Workers"),
    _d("city_wage_office", "市政府根治拖欠农民工工资工作领导小组办公室",
       _C + "Office of the Leading Group on Eradicating Wage Arrears of Migrant Workers",
       aliases=("领导小组办公室",), parent="city_wage_group", note="领导小组办公室 in 004:686"),
    _d("city_employment_members", "市就业工作领导小组各成员单位",
       _C + "Member units of the Employment Leading Group", kind="collective"),
    _d("city_relocation_members", "市生态及地质灾害避险搬迁工作领导小组市直成员单位",
       _C + "City member units of the Ecological and Geological-Hazard Relocation Leading Group",
       kind="collective"),
    # ---- branches of city bureaus in Ganzhou (001) ---------------------------------------------
    _d("gz_natural_resources_branch", "市自然资源局甘州分局", "Ganzhou Branch of the City Natural Resources Bureau",
       level="district", jur="ganzhou", parent="city_natural_resources"),
    _d("gz_ecology_env_branch", "市生态环境局甘州分局",
       "Ganzhou Branch of the City Bureau of Ecology and Environment", level="district", jur="ganzhou",
       parent="city_ecology_env"),
    # ---- Ganzhou district departments (001) ----------------------------------------------------
    _d("gz_drc", "区发展改革局", _G + "Development and Reform Bureau", "district", jur="ganzhou",
       ),
    _d("gz_miit", "区工信局", _G + "Bureau of Industry and Information Technology", "district", jur="ganzhou"),
    _d("gz_agri", "区农业农村局", _G + "Bureau of Agriculture and Rural Affairs", "district", jur="ganzhou"),
    _d("gz_science", "区科技局", _G + "Science and Technology Bureau", "district", jur="ganzhou"),
    _d("gz_commerce", "区商务局", _G + "Bureau of Commerce", "district", jur="ganzhou"),
    _d("gz_housing", "区住建局", _G + "Housing and Urban-Rural Development Bureau", "district", jur="ganzhou"),
    _d("gz_transport", "区交通运输局", _G + "Transport Bureau", "district", jur="ganzhou"),
    _d("gz_health", "区卫生健康局", _G + "Health Bureau", "district", jur="ganzhou"),
    _d("gz_market", "区市场监管局", _G + "Market Regulation Bureau", "district", jur="ganzhou"),
    _d("gz_emergency", "区应急局", _G + "Emergency Management Bureau", "district", jur="ganzhou"),
    _d("gz_investment", "区招商服务中心", _G + "Investment Promotion Service Centre", "district", jur="ganzhou"),
    _d("gz_education", "区教育局", _G + "Education Bureau", "district", jur="ganzhou"),
    _d("gz_water", "区水务局", _G + "Water Affairs Bureau", "district", jur="ganzhou"),
    _d("gz_finance", "区财政局", _G + "Finance Bureau", "district", jur="ganzhou"),
    _d("gz_power", "区供电公司", _G + "Power Supply Company", "district", kind="enterprise", jur="ganzhou"),
    _d("gz_smart_mfg", "智能制造产业发展中心", "Intelligent Manufacturing Industry Development Centre (Ganzhou)",
       "district", jur="ganzhou"),
    # ---- other Zhangye parties ---------------------------------------------------------------
    _d("edz", "张掖经开区", "Zhangye Economic and Technological Development Zone", "other", kind="zone",
       jur="zhangye_edz"),
    _d("gaotai_gov", "高台县政府", "Gaotai County Government", "other", kind="government", jur="gaotai"),
    _d("shandan_gov", "山丹县政府", "Shandan County Government", "other", kind="government", jur="shandan"),
    _d("sunan_gov", "肃南县政府", "Sunan County Government", "other", kind="government", jur="sunan"),
    _d("all_county_govs", "各县区政府", "All county and district governments", "other", kind="collective", jur=None),
    _d("project_county_gov", "项目所在地县区政府", "Government of the county where the project is", "other",
       kind="collective", jur=None),
    _d("all_county_agri", "各县区农业农村局", "All county agriculture and rural affairs bureaus", "other",
       kind="collective", jur=None),
    _d("all_county_depts", "各县区相关部门", "Relevant departments of all counties", "other", kind="collective",
       jur=None),
    _d("relocation_taskforce_members", "专责工作组成员单位", "Member units of the relocation task forces", "other",
       kind="collective", jur=None),
    _d("industry_associations", "相关行业协会", "Relevant industry associations", "other", kind="collective",
       jur=None),
    _d("brand_licensed_firms", "区域品牌核心授权企业", "Core licensed enterprises of the regional brand", "other",
       kind="collective", jur=None),
    _d("leading_firms", "龙头企业", "Leading enterprises", "other", kind="collective", jur=None),
    _d("firm_yunxin", "甘肃云鑫实业有限公司", "Gansu Yunxin Industrial Co., Ltd.", "other", kind="enterprise", jur=None),
    _d("firm_qianjin", "前进牧业", "Qianjin Animal Husbandry (enterprise)", "other", kind="enterprise", jur=None),
    _d("firm_qilian_muge", "祁连牧歌", "Qilian Muge (enterprise)", "other", kind="enterprise", jur=None),
    # ---- Qinghai: responsible units of 003's registry ------------------------------------------
    *[_d(i, zh, en, lvl, kind=k, jur="qinghai") for i, zh, en, lvl, k in [
        ("qh_qaidam_zone", "柴达木循环经济试验区管委会", "Qaidam Circular Economy Pilot Zone Administrative Committee",
         "other", "zone"),
        ("qh_haidong_gov", "海东市政府", "Haidong Municipal Government", "other", "government"),
        ("qh_haixi_gov", "海西州政府", "Haixi Prefecture Government", "other", "government"),
        ("qh_haibei_gov", "海北州政府", "Haibei Prefecture Government", "other", "government"),
        ("qh_xining_gov", "西宁市政府", "Xining Municipal Government", "other", "government"),
        ("qh_hainan_gov", "海南州政府", "Hainan Prefecture (Qinghai) Government", "other", "government"),
        ("qh_haidong_park", "海东工业园区管委会", "Haidong Industrial Park Administrative Committee", "other", "zone"),
        ("qh_xining_etdz", "西宁经济技术开发区管委会",
         "Xining Economic and Technological Development Zone Administrative Committee", "other", "zone"),
        ("qh_qinghai_lake", "青海湖景区管理局", "Qinghai Lake Scenic Area Administration", "other", "zone"),
        ("qh_land_resources", "省国土资源厅", "Qinghai Department of Land and Resources", "province", "department"),
        ("qh_agri_husbandry", "省农牧厅", "Qinghai Department of Agriculture and Animal Husbandry", "province",
         "department"),
        ("qh_commerce", "省商务厅", "Qinghai Department of Commerce", "province", "department"),
        ("qh_science", "省科技厅", "Qinghai Department of Science and Technology", "province", "department"),
        ("qh_federation_commerce", "省工商联", "Qinghai Federation of Industry and Commerce", "province",
         "association"),
        ("qh_housing", "省住房城乡建设厅", "Qinghai Department of Housing and Urban-Rural Development", "province",
         "department"),
        ("qh_culture_press", "省文化新闻出版厅", "Qinghai Department of Culture, Press and Publication", "province",
         "department"),
        ("qh_aic", "省工商局", "Qinghai Administration for Industry and Commerce", "province", "department"),
        ("qh_radio_tv", "省广电局", "Qinghai Radio and Television Bureau", "province", "department"),
        ("qh_economy_it", "省经济和信息化委", "Qinghai Economic and Information Technology Commission", "province",
         "department"),
        ("qh_finance", "省财政厅", "Qinghai Department of Finance", "province", "department"),
        ("qh_drc", "省发展改革委", "Qinghai Development and Reform Commission", "province", "department"),
        ("qh_water", "省水利厅", "Qinghai Department of Water Resources", "province", "department"),
        ("qh_tourism", "省旅游发展委", "Qinghai Tourism Development Commission", "province", "department"),
        ("qh_env", "省环境保护厅", "Qinghai Department of Environmental Protection", "province", "department"),
        ("qh_transport", "省交通运输厅", "Qinghai Department of Transport", "province", "department"),
        ("qh_health", "省卫生计生委", "Qinghai Health and Family Planning Commission", "province", "department"),
        ("qh_ccpit", "省贸促会", "Qinghai Council for the Promotion of International Trade", "province",
         "association"),
        ("qh_sanjiang_group", "省三江集团有限责任公司", "Qinghai Sanjiang Group Co., Ltd.", "province", "enterprise"),
        ("qh_water_power_group", "省水利水电(集团)有限责任公司",
         "Qinghai Water Conservancy and Hydropower (Group) Co., Ltd.", "province", "enterprise"),
        ("qh_electromech", "青海机电国有控股有限公司", "Qinghai Electromechanical State-owned Holding Co., Ltd.",
         "province", "enterprise"),
        ("qh_bank", "青海银行", "Bank of Qinghai", "other", "enterprise"),
        ("qh_western_mining", "西部矿业集团有限公司", "Western Mining Group Co., Ltd.", "other", "enterprise"),
    ]],
]

_BY_ID: dict[str, Dept] = {d.dept_id: d for d in REGISTRY}


def registered(dept_id: str) -> bool:
    """True when ``dept_id`` is one of the departments declared in :data:`REGISTRY`."""
    return dept_id in _BY_ID

# ----------------------------------------------------------------------- normalisation

_SPACE = re.compile(r"[\s\u3000\u00a0]+")
_BRACKETS = str.maketrans({"（": "(", "）": ")"})


def normalise_name(raw: str) -> str:
    """The lookup form of a department name as written.

    Removes all whitespace (PDF extraction breaks cells over lines: '市发展\\n\\n改革委' →
    '市发展改革委'), turns full-width brackets half-width and drops a trailing 等 ('市商务局等').
    """
    s = _SPACE.sub("", str(raw)).translate(_BRACKETS)
    while s.endswith("等") and len(s) > 2:
        s = s[:-1]
    return s.strip("、，,；;。")


@lru_cache(maxsize=1)
def _alias_map() -> dict[str, str]:
    """Every known spelling (normalised) → dept_id; a spelling claimed twice is a bug."""
    out: dict[str, str] = {}
    for d in REGISTRY:
        for name in (d.name_zh, *d.aliases):
            key = normalise_name(name)
            if key in out and out[key] != d.dept_id:
                raise ValueError(f"spelling {name!r} claimed by {out[key]} and {d.dept_id}")
            out[key] = d.dept_id
    return out


def resolve_department(raw: str) -> str | None:
    """The dept_id of a name as written, or None when the registry does not know it."""
    return _alias_map().get(normalise_name(raw))


def department(dept_id: str) -> Dept:
    """The registry entry of ``dept_id``; unknown ids raise ValueError listing valid ones."""
    if dept_id not in _BY_ID:
        raise ValueError(f"unknown department {dept_id!r}; valid: {', '.join(_BY_ID)}")
    return _BY_ID[dept_id]


def _guess(name: str) -> Dept:
    """A provisional entry for a name the registry lacks (so nothing is dropped silently)."""
    level = ("city" if name.startswith(("市", "张掖市")) else "district" if name.startswith(("区", "甘州区"))
             else "province" if name.startswith("省") else "other")
    jur = {"city": "zhangye", "district": "ganzhou"}.get(level)
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]  # stable across processes
    return Dept(f"unmapped_{digest}", name, f"(unmapped) {name}", level, "department", jur,
                note="not in zyanalysis.data.departments.REGISTRY: add it")


# ----------------------------------------------------------------------- tables


DERIVED_TABLES = ("departments", "department_mentions", "task_target_links")
"""Tables the build derives here from the parsed ones (columns in :mod:`zyanalysis.data.schemas`)."""


def derive_tables(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The derived department tables from the validated base tables (pure: reads no file)."""
    m = _mentions_from(frames)
    return {"departments": _department_table_from(m), "department_mentions": m,
            "task_target_links": _task_target_links_from(frames)}


MENTION_COLUMNS = ["dept_id", "raw", "subject_type", "subject_id", "subject_zh", "role", "role_en", "role_class",
                   "doc_id", "line", "source", "via"]


def _county_column_unit(cell: object, jurisdictions: pd.DataFrame) -> str | None:
    """The first token of a 000 县区 cell when it is a department rather than a county."""
    if not isinstance(cell, str) or not cell.strip():
        return None
    first = _SPACE.split(cell.strip())[0]
    if resolve_jurisdiction(first) is not None:
        return None
    return first if resolve_department(first) is not None else None


def _raw_mentions(t: Mapping[str, pd.DataFrame]) -> list[dict]:
    """Every (department name as written, subject, role) the documents state."""
    rows = []
    r = t["responsibilities"]
    for x in r[r.party_type == "department"].itertuples():
        rows.append(dict(raw=x.party_raw, name=x.party_zh, subject_type=x.subject_type, subject_id=x.subject_id,
                         subject_zh=x.subject_zh, role=x.role, role_en=x.role_en, doc_id=x.doc_id,
                         line=x.line, source=x.source, via=""))
    p = t["projects"]
    roles = {"lead_departments": ("牵头部门", "lead_department"),
             "responsible_departments": ("责任部门", "responsible_department")}
    for x in p.itertuples():
        for col, (role, role_en) in roles.items():
            cell = getattr(x, col)
            for name in (cell.split("、") if isinstance(cell, str) else []):
                rows.append(dict(raw=name, name=name, subject_type="project", subject_id=x.project_id,
                                 subject_zh=x.name_zh, role=role, role_en=role_en, doc_id=x.doc_id,
                                 line=x.line, source=x.source, via=""))
        unit = _county_column_unit(x.county_raw, t["jurisdictions"]) if x.registry == "zhangye_eco_2019" else None
        if unit:
            rows.append(dict(raw=unit, name=unit, subject_type="project", subject_id=x.project_id,
                             subject_zh=x.name_zh, role="县区(责任单位)", role_en="county_column_unit",
                             doc_id=x.doc_id, line=x.line, source=x.source, via=""))
        if x.registry == "qinghai_fair18":
            rows.append(dict(raw=x.group_zh, name=x.group_zh, subject_type="project", subject_id=x.project_id,
                             subject_zh=x.name_zh, role="责任单位", role_en="responsible_unit", doc_id=x.doc_id,
                             line=x.line, source=x.source, via=""))
    return rows


def _task_industries(t: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """001 task id → ganzhou_lead7 industry it names (tasks 1–7, 001:8–14: '推动综合能源产业…')."""
    ind = t["industries"]
    ind = ind[ind.taxonomy == "ganzhou_lead7"]
    r = t["responsibilities"]
    tasks = r[(r.doc_id == "001") & (r.subject_type == "task")].drop_duplicates("subject_id")
    out = {}
    for task in tasks.itertuples():
        hits = [i.industry_id for i in ind.itertuples() if i.name_zh in task.subject_zh]
        if len(hits) == 1:
            out[task.subject_id] = hits[0]
    return out


def _mentions_from(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The ``department_mentions`` table: one row per department × subject × role class, with the
    name as written (:data:`MENTION_COLUMNS`); ``role_class`` is lead / responsible / support;
    ``via`` is the 001 task tying a department to a Ganzhou leading industry ('' otherwise)."""
    rows = _raw_mentions(t)
    # an 001 task that names a Ganzhou leading industry makes its units responsible for the industry
    task_ind = _task_industries(t)
    ind_name = t["industries"].set_index("industry_id").name_zh
    rows += [dict(m, subject_type="industry", subject_id=task_ind[m["subject_id"]],
                  subject_zh=ind_name[task_ind[m["subject_id"]]], via=m["subject_id"])
             for m in list(rows) if m["subject_type"] == "task" and m["subject_id"] in task_ind]
    df = pd.DataFrame.from_records(rows)
    df["dept_id"] = [resolve_department(n) or resolve_department(r) or _guess(normalise_name(n)).dept_id
                     for n, r in zip(df.name, df.raw)]
    df["role_class"] = df.role_en.map(ROLE_CLASS).fillna("responsible")
    # the same department, subject and role class stated twice (responsibilities + project cell)
    df = df.drop_duplicates(["dept_id", "subject_type", "subject_id", "role_class", "via"])
    return df[MENTION_COLUMNS].reset_index(drop=True)


def unmapped_names(T: Tables) -> list[str]:
    """Names in the documents that the registry does not know (should be empty)."""
    m = T["department_mentions"]
    return sorted(set(m[m.dept_id.str.startswith("unmapped_")].raw.map(normalise_name)))


def _assessed_by(dept_id: str, m: pd.DataFrame) -> str | None:
    """'lead' / 'responsible' / None under 000's assessment (see module doc)."""
    d = _BY_ID.get(dept_id)
    if d is None or d.level != "city":
        return None
    mine = m[(m.dept_id == dept_id) & (m.doc_id == "000")]
    if ((mine.subject_type == "industry") & (mine.role_en == "lead_department")).any():
        return "lead"
    if mine.role_en.isin(["lead_department", "responsible_department"]).any():
        return "responsible"
    return None


TABLE_COLUMNS = ["dept_id", "name_zh", "name_en", "level", "kind", "jurisdiction_id", "parent_id", "aliases",
                 "n_industries", "n_industries_lead", "n_projects", "n_projects_lead", "n_tasks", "n_tasks_lead",
                 "docs", "assessed_by", "note"]


def _department_table_from(m: pd.DataFrame) -> pd.DataFrame:
    """The ``departments`` table: one row per department the documents name (:data:`TABLE_COLUMNS`).

    ``aliases`` = other spellings: those in the rows counted, then those the registry knows from
    the documents' text (e.g. 市发改委, 004:323);
    ``n_industries`` / ``n_projects`` / ``n_tasks`` count distinct subjects in any role,
    ``*_lead`` those it leads (牵头); ``assessed_by`` = 000's system that scores it.
    """
    rows = []
    named = set(m.dept_id)
    ids = list(dict.fromkeys([d.dept_id for d in REGISTRY if d.dept_id in named]
                             + sorted(i for i in named if i not in _BY_ID)))
    # distinct subjects per department and kind, in any role and as lead: counted once, not per id
    n_any = m.groupby(["dept_id", "subject_type"]).subject_id.nunique().to_dict()
    n_lead = m[m.role_class == "lead"].groupby(["dept_id", "subject_type"]).subject_id.nunique().to_dict()
    by_dept = dict(tuple(m.groupby("dept_id", sort=False)))
    for dept_id in ids:
        mine = by_dept[dept_id]
        d = _BY_ID.get(dept_id) or _guess(normalise_name(mine.raw.iloc[0]))
        seen = sorted({normalise_name(x) for x in mine.raw} - {d.name_zh})
        count = {f"n_{kind}s" if kind != "industry" else "n_industries": int(n_any.get((dept_id, kind), 0))
                 for kind in ("industry", "project", "task")}
        count.update({f"{k}_lead": int(n_lead.get((dept_id, kind), 0))
                      for k, kind in (("n_industries", "industry"), ("n_projects", "project"), ("n_tasks", "task"))})
        rows.append(dict(
            dept_id=dept_id, name_zh=d.name_zh, name_en=d.name_en, level=d.level, kind=d.kind,
            jurisdiction_id=d.jurisdiction_id, parent_id=d.parent_id,
            aliases="、".join(dict.fromkeys([*seen, *d.aliases])) or None, **count,
            docs="、".join(sorted(set(mine.doc_id))), assessed_by=_assessed_by(dept_id, mine), note=d.note or None))
    df = pd.DataFrame.from_records(rows, columns=TABLE_COLUMNS)
    for c in TABLE_COLUMNS:
        df[c] = df[c].astype("Int64" if c.startswith("n_") else "string")
    return df


def reportable_departments(T: Tables, limit: int = 40) -> list[str]:
    """Departments that get a report in the default batch.

    All of them when there are at most ``limit``; otherwise the city departments 000 assesses
    (lead or responsible departments of 000) and Ganzhou's district departments.
    """
    t = T["departments"]
    if len(t) <= limit:
        return t.dept_id.tolist()
    keep = t.assessed_by.notna() | ((t.level == "district") & (t.jurisdiction_id == "ganzhou"))
    return t[keep].dept_id.tolist()


# ----------------------------------------------------------------------- one department's view


def department_row(T: Tables, dept_id: str) -> pd.Series:
    """The ``departments`` row of ``dept_id``; unknown ids raise ValueError listing valid ones."""
    t = T["departments"].set_index("dept_id", drop=False)
    if dept_id not in t.index:
        raise ValueError(f"unknown department {dept_id!r}; valid: {', '.join(t.index)}")
    return t.loc[dept_id]


def department_roles(T: Tables, dept_id: str) -> pd.DataFrame:
    """The mentions of one department (every subject and role, as the documents state them)."""
    department_row(T, dept_id)
    m = T["department_mentions"]
    return m[m.dept_id == dept_id].reset_index(drop=True)


def _others(m: pd.DataFrame, subject_ids: pd.Series, dept_id: str) -> dict[tuple[str, str], str]:
    """(subject_id, role_class) → the other departments in that role, 、-joined, in document order."""
    m = m[m.subject_id.isin(set(subject_ids)) & (m.dept_id != dept_id) & (m.via == "")]
    names = m.dept_id.map(lambda i: _BY_ID[i].name_zh if i in _BY_ID else i)
    return m.assign(n=names).groupby(["subject_id", "role_class"]).n.agg(lambda s: "、".join(dict.fromkeys(s))).to_dict()


def _with_roles(T: Tables, mine: pd.DataFrame, dept_id: str) -> pd.DataFrame:
    """Collapse a department's mentions to one row per subject (the strongest role first)."""
    order = {"lead": 0, "responsible": 1, "support": 2}
    mine = mine.assign(_o=mine.role_class.map(order)).sort_values(["_o"], kind="stable")
    first = mine.drop_duplicates("subject_id").drop(columns="_o")
    others = _others(T["department_mentions"], first.subject_id, dept_id)
    first = first.assign(
        co_lead=[others.get((s, "lead"), "") for s in first.subject_id],
        co_responsible=[others.get((s, "responsible"), "") for s in first.subject_id])
    return first


def department_industries(T: Tables, dept_id: str) -> pd.DataFrame:
    """Industries the department leads or is responsible for, with the other departments and leaders.

    000 附件1 for the city's ten eco-industries; 001 tasks 1–7 for Ganzhou's leading industries
    (``via`` names the task).
    """
    mine = department_roles(T, dept_id)
    mine = mine[mine.subject_type == "industry"]
    if mine.empty:
        return mine.assign(co_lead="", co_responsible="", leaders="", taxonomy="", name_en="")
    out = _with_roles(T, mine, dept_id)
    r = T["responsibilities"]
    leaders = (r[(r.subject_type == "industry") & (r.party_type == "person")].groupby("subject_id")
               .apply(lambda g: "、".join(f"{p}（{t}）" if isinstance(t, str) else p
                                          for p, t in zip(g.party_zh, g.title_zh)), include_groups=False))
    ind = T["industries"].set_index("industry_id")
    return out.assign(leaders=out.subject_id.map(leaders).fillna(""),
                      taxonomy=out.subject_id.map(ind.taxonomy), name_en=out.subject_id.map(ind.name_en))


def department_projects(T: Tables, dept_id: str) -> pd.DataFrame:
    """Projects (000 or 003 registry) the department leads or is responsible for: the projects
    table columns plus role, role_class and the name as written (``raw``)."""
    mine = department_roles(T, dept_id)
    mine = mine[mine.subject_type == "project"]
    out = _with_roles(T, mine, dept_id)[["subject_id", "role", "role_class", "raw"]]
    p = T["projects"]
    return p.merge(out.rename(columns={"subject_id": "project_id"}), on="project_id", how="inner")


def task_line_ranges(T: Tables, doc_id: str = "001") -> dict[str, tuple[int, int]]:
    """Task id → (first, last) line of its text in ``doc_id``.

    001 writes each task as one numbered paragraph; a task runs from its own line up to the line
    before the next task (a section heading in between carries no target). The last task ends
    on its own line (what follows is 三、保障措施 and the annexes). Only 001 is supported: 004's
    task blocks put targets before the responsibility lines, so a line range would mis-assign.
    """
    if doc_id != "001":
        raise ValueError("line ranges are defined for 001's tasks only")
    return _task_line_ranges_from(T["responsibilities"], doc_id)


def _task_line_ranges_from(r: pd.DataFrame, doc_id: str) -> dict[str, tuple[int, int]]:
    starts = (r[(r.doc_id == doc_id) & (r.subject_type == "task")].groupby("subject_id").line.min()
              .astype(int).sort_values())
    ids, lines = list(starts.index), list(starts.values)
    return {i: (int(a), int(lines[k + 1]) - 1 if k + 1 < len(lines) else int(a))
            for k, (i, a) in enumerate(zip(ids, lines))}


def department_tasks(T: Tables, dept_id: str) -> pd.DataFrame:
    """Tasks (001, 004) the department leads, is responsible for or supports, one row per task,
    with the other units and the number of targets linked to the task (001 only)."""
    mine = department_roles(T, dept_id)
    mine = mine[mine.subject_type == "task"]
    out = _with_roles(T, mine, dept_id)
    links = T["task_target_links"]
    n = links.groupby("task_id").size()
    return out.assign(n_targets=out.subject_id.map(n).fillna(0).astype(int))


def _task_target_links_from(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """001 targets whose line lies within a task's line range: task_id, target_id, task_lines
    (the ``task_target_links`` table)."""
    t = frames["targets"]
    t = t[t.doc_id == "001"]
    rows = []
    for task, (a, b) in _task_line_ranges_from(frames["responsibilities"], "001").items():
        for x in t[(t.line >= a) & (t.line <= b)].itertuples():
            rows.append(dict(task_id=task, target_id=x.target_id, task_lines=f"001:{a}" + (f"–{b}" if b > a else "")))
    return pd.DataFrame.from_records(rows, columns=["task_id", "target_id", "task_lines"])


CITY_GOAL = "000.zhangye.eco_industry_va_share_gdp.2025"
"""第三条 (000:1778): the goal the 000 assessment serves; linked to every department it assesses."""


def department_targets(T: Tables, dept_id: str) -> pd.DataFrame:
    """Targets tied to the department, targets-table columns plus ``via`` (how they are tied).

    * targets of 001 lines within a task the department is responsible for;
    * targets per industry (``industry_id``) of the industries it leads or is responsible for;
    * for departments 000 assesses, the city goal of 000 第三条 (eco-industry value added above
      half of GDP by 2025), which the 市级牵头部门 system scores (增加值及增速, 占GDP比重).
    """
    row = department_row(T, dept_id)
    t = T["targets"]
    parts = []
    tasks = department_tasks(T, dept_id)
    links = T["task_target_links"]
    links = links[links.task_id.isin(set(tasks.subject_id))]
    if len(links):
        via = links.groupby("target_id").apply(
            lambda g: "任务 task " + "、".join(f"{s.split('.')[-1]} ({l})" for s, l in zip(g.task_id, g.task_lines)),
            include_groups=False)
        parts.append(t[t.target_id.isin(via.index)].assign(via=lambda d: d.target_id.map(via)))
    inds = department_industries(T, dept_id)
    if len(inds):
        hit = t[t.industry_id.isin(set(inds.subject_id))]
        parts.append(hit.assign(via="产业 industry " + hit.industry_id))
    if pd.notna(row.assessed_by):
        parts.append(t[t.target_id == CITY_GOAL].assign(via="000 第三条 考核目标 assessment goal (000:1778)"))
    if not parts:
        return t.iloc[0:0].assign(via=pd.Series(dtype="string"))
    out = pd.concat(parts, ignore_index=True)
    return out.drop_duplicates("target_id").reset_index(drop=True)


def department_frameworks(T: Tables, dept_id: str) -> pd.DataFrame:
    """The 000 indicator rows (市级牵头部门 or 市级责任部门) that score the department; empty if none."""
    row = department_row(T, dept_id)
    fw = T["frameworks"]
    if pd.isna(row.assessed_by):
        return fw.iloc[0:0]
    return fw[fw.framework_id == f"000.{row.assessed_by}"].reset_index(drop=True)
