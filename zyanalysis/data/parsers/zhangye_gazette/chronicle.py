"""市政府工作要事记: the 2024 major-project plan (targets), the 29 Feb start-up (observations)
and the titles leaders are given there."""
from __future__ import annotations

import re

from .common import Ctx, Stream, observation, target


_TITLE_BEFORE = r"(市委副书记、市长|市委常委、常务副市长|市委副书记|市政府副市长|市政府秘书长|市委书记|副市长|市长|秘书长)"


def chronicle(ctx: Ctx, start: int, end: int) -> None:
    """The 2024 major-project plan (targets), the 29 Feb start-up (observations), leaders' titles."""
    st = Stream(ctx.norm, start, end)
    m = re.search(r"(\d{4})年,全市实施省市列重大项目(\d+)项、总投资([\d.]+)亿元,本次我市集中开工重大产业项目(\d+)个,总投资([\d.]+)亿元",
                  st.text)
    if m:
        year = int(m.group(1))
        for g, ind, zh, en, unit in ((2, "major_projects", "省市列重大项目", "Provincial and city-listed major projects", "项"),
                                     (3, "major_projects_investment", "省市列重大项目总投资",
                                      "Total investment of listed major projects", "亿元")):
            ln = st.line_at(m.start(g))
            target(ctx, line=ln, jid="zhangye", indicator_id=ind, zh=zh, en=en, unit=unit, year=year,
                    value=ctx.num(m.group(g), ln, ind), raw=f"{year}年,全市实施省市列重大项目{m.group(2)}项、总投资{m.group(3)}亿元")
        for g, ind, zh, en, unit in ((4, "major_projects_started_0229", "2月29日集中开工重大产业项目",
                                      "Major industrial projects started together on 29 Feb", "个"),
                                     (5, "major_projects_started_0229_investment", "2月29日集中开工重大产业项目总投资",
                                      "Investment of the projects started on 29 Feb", "亿元")):
            ln = st.line_at(m.start(g))
            observation(ctx, line=ln, jid="zhangye", indicator_id=ind, zh=zh, en=en, unit=unit, year=year,
                         value=ctx.num(m.group(g), ln, ind), raw=f"本次我市集中开工重大产业项目{m.group(4)}个,总投资{m.group(5)}亿元")
    names = sorted({p[0] for p in ctx.persons})
    for n in range(start, end):
        s = ctx.norm[n - 1]
        for name in names:
            for tm in re.finditer(_TITLE_BEFORE + re.escape(name), s):
                ctx.persons.append((name, tm.group(1), n))
