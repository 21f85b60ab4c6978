"""Per-document PDF rendering time for each kind of document (issue 6). Prints one JSON object.

Renders N documents of each kind through fawang.core.pdf, the one helper every module uses: a legal-aid decision
and a window receipt (content dicts), a mediation agreement and a notarial certificate (builder). Each document
differs (numbered names and amounts) so no document reuses another's glyph subset. Reports per kind the wall-clock
p50/p95 and the CPU-time p50 (CPU time is less sensitive to other processes on a shared machine), and the first
document of the process separately, since it pays the one-time font parse.

    .venv/bin/python bench/pdf_render.py -n 20
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fawang.core.pdf import Document, document_pdf  # noqa: E402


def decision(i: int) -> bytes:
    return document_pdf(
        {
            "title": "给予法律援助决定书",
            "number": f"援决〔2026〕{i:04d}号",
            "reference": f"FW-2026-{i:06d}",
            "fields": [
                ["申请人", f"张三丰{i}"],
                ["身份证号", "4420**********1234"],
                ["案件类型", "劳动报酬纠纷"],
                ["申请日期", "2026年11月02日"],
                ["受理机构", "中山市法律援助中心"],
            ],
            "paragraphs": [
                "经审查，你的申请符合《中华人民共和国法律援助法》第三十一条、第三十四条规定的条件，决定给予法律援助。"
                "本中心将在三日内指派律师事务所安排律师为你提供法律援助。",
                "请你如实提供案件相关情况和材料，配合法律援助人员开展工作。",
            ],
            "basis": "《中华人民共和国法律援助法》第三十一条、第三十四条、第四十三条",
            "rights": [
                "申请人对本决定有异议的，可以自收到本决定之日起十五日内向设立法律援助机构的司法行政部门提出。"
            ],
            "issuer": "中山市法律援助中心",
            "date": "2026-11-09",
        }
    )


def receipt(i: int) -> bytes:
    return document_pdf(
        {
            "title": "材料接收凭证",
            "number": f"收〔2026〕{i:04d}号",
            "reference": f"FW-2026-{i:06d}",
            "fields": [["申请人", f"李四{i}"], ["办理单位", "石岐街道公共法律服务工作站"]],
            "items": [
                ["身份证复印件", 1, "2026-11-02"],
                ["劳动合同", 1, "2026-11-02"],
                ["工资条", 6, "2026-11-02"],
            ],
            "issuer": "石岐街道公共法律服务工作站",
            "date": "2026-11-02",
        }
    )


def agreement(i: int) -> bytes:
    doc = Document(title="人民调解协议书", reference=f"编号：调协〔2026〕{i:04d}号")
    doc.heading("一、当事人基本情况").fields(
        [
            ("申请人", f"李四{i}，身份证号4420**********5678，住址广东省中山市石岐街道民生路12号"),
            ("被申请人", "王五，身份证号4420**********9012，住址广东省中山市东区街道中山四路88号"),
        ]
    )
    doc.heading("二、纠纷主要事实").paragraph(
        "2026年9月，双方因相邻房屋排水管渗漏发生纠纷，申请人房屋墙面受损。" * 3
    )
    doc.heading("三、争议事项").paragraph("渗漏责任的认定及维修费用的承担。")
    doc.heading("四、各方当事人的责任").paragraph(
        "被申请人对排水管维护不当负主要责任，申请人未及时告知负次要责任。"
    )
    doc.heading("五、经调解，自愿达成如下协议").paragraph(
        f"一、被申请人于2026年12月31日前负责修复排水管；二、被申请人赔偿申请人墙面修复费用人民币{3000 + i}元；"
        "三、双方不再就此事发生争议。"
    )
    doc.signatures([(f"当事人 李四{i}", "已签名"), ("当事人 王五", ""), ("人民调解员 赵六", "已签名")])
    return doc.render()


def certificate(i: int) -> bytes:
    doc = Document(title="公证书", reference=f"（2026）粤中证字第{i:04d}号")
    doc.fields(
        [("申请人", f"陈七{i}，身份证号4420**********3456"), ("公证事项", "学历公证"), ("用途", "出国留学")]
    )
    doc.paragraph("兹证明前面的复印件与原件相符，原件属实。申请人于二〇二〇年七月毕业于中山大学法学专业。")
    doc.signatures([("公证员", "周八"), ("中山市公证处", "（钢印） 2026年11月20日")])
    return doc.render()


KINDS: dict[str, Callable[[int], bytes]] = {
    "legal_aid_decision": decision,
    "window_receipt": receipt,
    "mediation_agreement": agreement,
    "notary_certificate": certificate,
}


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def run(n: int) -> dict[str, Any]:
    start = time.perf_counter()
    decision(0)
    first_ms = (time.perf_counter() - start) * 1000
    result: dict[str, Any] = {
        "n": n,
        "first_document_ms": round(first_ms, 1),
        "load_avg_1m": os.getloadavg()[0],
    }
    for kind, render in KINDS.items():
        wall: list[float] = []
        cpu: list[float] = []
        for i in range(1, n + 1):
            w, c = time.perf_counter(), time.process_time()
            render(i)
            wall.append((time.perf_counter() - w) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        result[kind] = {
            "p50_ms": round(statistics.median(wall), 1),
            "p95_ms": round(percentile(wall, 95), 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1),
        }
    result["load_avg_1m_end"] = os.getloadavg()[0]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="documents of each kind")
    args = parser.parse_args()
    print(json.dumps(run(args.n), ensure_ascii=False))


if __name__ == "__main__":
    main()
