"""Notary matter types and their materials checklists (公证法 Art.11, 25-26; 程序规则 2020 Art.18; E2, E3, E8).

National data kept in code: each matter type says whether the applicant must attend in person (公证法 Art.26:
wills, proof of being alive, adoption; E3, A17), whether it concerns real estate (jurisdiction where the property
lies, Art.25; E8), and which materials of 程序规则 Art.18 it needs. Items (4) and (5) of Art.18 may be replaced by a
government data-sharing lookup plus the applicant's written promise (E2).
"""

from __future__ import annotations

from dataclasses import dataclass

from fawang.core.errors import DomainError


@dataclass(frozen=True)
class MaterialItem:
    code: str
    label: str
    article_item: int  # 程序规则 Art.18(1)-(5)

    @property
    def substitutable(self) -> bool:
        """Items (4) and (5): a data-sharing lookup and a written promise may replace them (E2)."""
        return self.article_item in (4, 5)


IDENTITY = MaterialItem("identity", "当事人身份证明（法人、非法人组织的资格证明及负责人身份证明）", 1)
AUTHORITY = MaterialItem("authority", "委托代理的授权委托书及代理人身份证明；法定代理人的代理权证明", 2)
DOCUMENT = MaterialItem("document", "申请公证的文书", 3)
PROOF = MaterialItem("proof", "申请公证事项的证明材料（涉及财产关系的，有关财产权利证明）", 4)
OTHER = MaterialItem("other", "与申请公证事项有关的其他材料", 5)
KINSHIP = MaterialItem("kinship", "亲属关系证明（户籍、婚姻登记等）", 4)
PROPERTY = MaterialItem("property", "不动产权属证书或其他财产权利证明", 4)
DEATH = MaterialItem("death", "被继承人死亡证明", 4)
HOUSEHOLD = MaterialItem("household", "收养登记或收养关系有关证明", 4)


@dataclass(frozen=True)
class MatterType:
    code: str
    label: str
    materials: tuple[MaterialItem, ...]
    in_person: bool = False  # 公证法 Art.26 (E3)
    real_estate: bool = False  # 公证法 Art.25 (E8)


MATTER_TYPES: tuple[MatterType, ...] = (
    MatterType("will", "遗嘱公证", (IDENTITY, DOCUMENT, PROPERTY, OTHER), in_person=True),
    MatterType("alive", "生存公证", (IDENTITY, OTHER), in_person=True),
    MatterType("adoption", "收养公证", (IDENTITY, HOUSEHOLD, DOCUMENT, OTHER), in_person=True),
    MatterType("entrustment", "委托公证", (IDENTITY, DOCUMENT, PROOF, OTHER)),
    MatterType("declaration", "声明公证", (IDENTITY, DOCUMENT, OTHER)),
    MatterType(
        "inheritance", "继承公证", (IDENTITY, AUTHORITY, DEATH, KINSHIP, PROPERTY, OTHER), real_estate=True
    ),
    MatterType(
        "real_estate_sale",
        "不动产买卖合同公证",
        (IDENTITY, AUTHORITY, DOCUMENT, PROPERTY, OTHER),
        real_estate=True,
    ),
    MatterType("contract", "合同公证", (IDENTITY, AUTHORITY, DOCUMENT, PROOF, OTHER)),
    MatterType("kinship", "亲属关系公证", (IDENTITY, AUTHORITY, KINSHIP, OTHER)),
    MatterType("degree", "学历学位公证", (IDENTITY, AUTHORITY, DOCUMENT, OTHER)),
    MatterType("no_criminal_record", "无犯罪记录公证", (IDENTITY, AUTHORITY, PROOF, OTHER)),
)

_BY_CODE = {m.code: m for m in MATTER_TYPES}


def matter_type(code: str) -> MatterType:
    try:
        return _BY_CODE[code]
    except KeyError:
        raise DomainError(f"未知的公证事项：{code}。") from None


def materials_for(code: str, *, proxy: bool) -> tuple[MaterialItem, ...]:
    """The checklist for a matter; an application through an agent also needs the authority (Art.18(2))."""
    items = matter_type(code).materials
    if proxy and AUTHORITY not in items:
        items = (items[0], AUTHORITY, *items[1:])
    return items


class RefusalGround:
    """The nine grounds of 公证法 Art.31 (E6)."""

    CHOICES: tuple[tuple[str, str], ...] = (
        ("1", "无民事行为能力人或者限制民事行为能力人没有监护人代理申请办理公证的"),
        ("2", "当事人与申请公证的事项没有利害关系的"),
        ("3", "申请公证的事项属专业技术鉴定、评估事项的"),
        ("4", "当事人之间对申请公证的事项有争议的"),
        ("5", "当事人虚构、隐瞒事实，或者提供虚假证明材料的"),
        ("6", "当事人提供的证明材料不充分或者拒绝补充证明材料的"),
        ("7", "申请公证的事项不真实、不合法的"),
        ("8", "申请公证的事项违背社会公德的"),
        ("9", "当事人拒绝按照规定支付公证费的"),
    )
