"""The department registry: one canonical id and name for every department the documents name.

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
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

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

BY_ID: dict[str, Dept] = {d.dept_id: d for d in REGISTRY}
"""dept_id → registry entry."""


def registered(dept_id: str) -> bool:
    """True when ``dept_id`` is one of the departments declared in :data:`REGISTRY`."""
    return dept_id in BY_ID

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
    if dept_id not in BY_ID:
        raise ValueError(f"unknown department {dept_id!r}; valid: {', '.join(BY_ID)}")
    return BY_ID[dept_id]


def provisional(name: str) -> Dept:
    """A provisional entry for a name the registry lacks (so nothing is dropped silently)."""
    level = ("city" if name.startswith(("市", "张掖市")) else "district" if name.startswith(("区", "甘州区"))
             else "province" if name.startswith("省") else "other")
    jur = {"city": "zhangye", "district": "ganzhou"}.get(level)
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]  # stable across processes
    return Dept(f"unmapped_{digest}", name, f"(unmapped) {name}", level, "department", jur,
                note="not in zyanalysis.reference.departments.REGISTRY: add it")
