"""Category classifier on hand-made examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fawang.knowledge.engine import CATEGORIES, CategoryClassifier, Hit
from fawang.knowledge.engine.classify import law_category


def test_twenty_categories() -> None:
    assert len(CATEGORIES) == 20 == len(set(CATEGORIES))
    assert CategoryClassifier.CATEGORIES == CATEGORIES


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("老公出轨了我想离婚，孩子抚养权归谁", "婚姻家庭"),
        ("公司拖欠工资三个月还不签劳动合同", "劳动纠纷"),
        ("骑电动车被汽车追尾，交警认定对方全责", "交通事故"),
        ("朋友借钱不还，只有微信转账记录", "债权债务"),
        ("儿子因为盗窃被公安拘留了，会判刑吗", "刑事辩护"),
        ("在医院做手术后出现感染，医生有责任吗", "医疗纠纷"),
        ("我们村要征地拆迁，补偿标准太低", "拆迁安置"),
        ("别人抄袭我的作品还注册了我的商标", "知识产权"),
        ("在淘宝买到假货，商家拒绝退货", "消费权益"),
        ("船舶在港口发生碰撞，船东要赔吗", "海事海商"),
        # Terms added to the lexicon on 2026-12-03 (general legal vocabulary per category, issue 3).
        ("我在贷款公司办了车辆抵押，现在影响征信吗", "抵押担保"),
        ("承运人把货物弄丢了，运费还要付吗", "海事海商"),
        ("外籍员工入境工作要办什么手续", "涉外法律"),
        ("家里老房子要动迁，安置房怎么分", "拆迁安置"),
        ("未满十六岁偷东西会留案底吗", "刑事辩护"),
        ("二套房的契税怎么交", "房产纠纷"),
    ],
)
def test_lexicon_only(text: str, category: str) -> None:
    predicted, confidence = CategoryClassifier().predict(text)
    assert predicted == category
    assert 0 < confidence <= 1


def test_no_evidence_falls_back() -> None:
    assert CategoryClassifier().predict("") == ("综合咨询", 0.0)
    assert CategoryClassifier().predict("\x00\x01")[0] == "综合咨询"


@pytest.mark.parametrize(
    ("law", "article", "category"),
    [
        ("中华人民共和国民法典", "第一千零七十九条", "婚姻家庭"),
        ("中华人民共和国民法典", "第一千二百零八条", "交通事故"),
        ("中华人民共和国民法典", "第六百七十五条", "债权债务"),
        ("中华人民共和国民法典", "第一条", None),
        ("中华人民共和国劳动合同法", "第三十九条", "劳动纠纷"),
        ("最高人民法院关于审理建设工程施工合同纠纷案件适用法律问题的解释（一）", "第一条", "建设工程"),
        ("不存在的法", "第一条", None),
    ],
)
def test_law_category(law: str, article: str, category: str | None) -> None:
    assert law_category(law, article) == category


def test_hits_decide_when_text_is_vague() -> None:
    hits = [Hit(key="k", law="中华人民共和国著作权法", article="第十条", score=1.0, snippet="")]
    assert CategoryClassifier().predict("这种情况怎么处理", hits=hits)[0] == "知识产权"


def test_supervised_file_adds_evidence(tmp_path: Path) -> None:
    rows = [{"question": f"小区停车位的事情{i}", "category": "房产纠纷"} for i in range(5)]
    rows += [{"question": f"公司开会的事情{i}", "category": "公司法"} for i in range(5)]
    path = tmp_path / "train.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    clf = CategoryClassifier.from_training_file(path)
    assert clf.predict("停车位的事情")[0] == "房产纠纷"


def test_weights_are_per_instance() -> None:
    """The hit and model weights are constructor arguments (bench/classify_eval.py varies them)."""
    hits = [Hit(key="k", law="中华人民共和国著作权法", article="第十条", score=1.0, snippet="")]
    off = CategoryClassifier(hits_weight=0.0)
    assert off.predict("这种情况怎么处理", hits=hits) == ("综合咨询", 0.0)
    strong = CategoryClassifier(hits_weight=5.0)
    assert strong.predict("离婚", hits=hits)[0] == "知识产权"
    assert CategoryClassifier().predict("离婚", hits=hits)[0] == "婚姻家庭"


def test_model_weight_scales_the_fitted_model() -> None:
    rows = [(f"小区停车位的事情{i}", "房产纠纷") for i in range(5)] + [
        (f"离婚的事情{i}", "公司法") for i in range(5)
    ]
    text = "离婚的事情"  # the lexicon says 婚姻家庭, the (odd) training rows say 公司法
    assert CategoryClassifier(model_weight=0.01).fit(rows).predict(text)[0] == "婚姻家庭"
    assert CategoryClassifier(model_weight=50.0).fit(rows).predict(text)[0] == "公司法"
