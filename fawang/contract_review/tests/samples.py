"""Sample contracts for the HTTP tests of contract review (J10): short, realistic, each with known findings."""

from __future__ import annotations

import io

import docx

LEASE = """房屋租赁合同
出租人（甲方）：张三，身份证号码：320802198001011234，住址：淮安市清江浦区淮海路1号
承租人（乙方）：李四，身份证号码：320802199202021234
第一条 甲方将位于淮安市清江浦区某路8号3栋201室（建筑面积89平方米）的房屋出租给乙方用于居住。
第二条 租赁期限为二十一年，自2024年1月1日起至2044年12月31日止。
第三条 租金每月2000元，乙方应于每月5日前以转账方式支付。
第四条 房屋维修由甲方负责。乙方在房屋内发生的人身伤害，甲方概不负责。
第五条 任何一方违约的，应赔偿对方损失。发生争议，双方协商解决；协商不成的，向房屋所在地人民法院起诉。
甲方签字：          乙方签字：
签订日期：2024年1月1日
"""

LOAN = """借款合同
出借人：陈某，身份证号：320826197502023311
借款人：刘某，身份证号：320826198203034422
借款金额：人民币贰拾万元整，借款期限一年，月息2分，到期一次性归还本息。
"""


def docx_bytes(*paragraphs: str, table: tuple[str, str] | None = None) -> bytes:
    """A real .docx made with python-docx: paragraphs, then a one-row table if given."""
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table is not None:
        row = document.add_table(rows=1, cols=2).rows[0]
        row.cells[0].text, row.cells[1].text = table
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
