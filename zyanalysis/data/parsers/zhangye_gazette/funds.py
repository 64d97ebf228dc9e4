"""张掖市市级财政专项资金管理办法: the transfer-payment advance-release floors (targets)."""
from __future__ import annotations

import re

from .common import Ctx, Stream, target


def funds(ctx: Ctx, start: int, end: int) -> None:
    """第十六条: floors on the share of transfer payments released in advance (%)."""
    year_m = re.search(r"〔(\d{4})〕", "".join(ctx.norm[max(start - 12, 0):start]))
    year = int(year_m.group(1)) if year_m else None
    st = Stream(ctx.norm, start, end)
    for ind, zh, en, rx in (
        ("general_transfer_advance_share", "提前下达的一般性转移支付预计数的比例",
         "Share of general transfer payments released in advance", r"一般性转移支付预计数的比例一般不低于(\d+)%"),
        ("special_transfer_advance_share", "提前下达的专项转移支付预计数的比例",
         "Share of special transfer payments released in advance", r"专项转移支付预计数的比例一般不低于(\d+)%"),
    ):
        m = ctx.search(st, rx, ind)
        line = st.line_at(m.start(1))
        if year is None:
            raise ctx.error(start, "document number", "no 〔YYYY〕 document number before the fund rules")
        target(ctx, line=line, jid="zhangye", indicator_id=ind, zh=zh, en=en, unit="%", year=year,
                value=ctx.num(m.group(1), line, ind), raw=m.group(0))
