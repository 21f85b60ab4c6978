"""Softmax text model behind the supervised part of the category classifier (J4)."""

from __future__ import annotations

import numpy as np

from fawang.knowledge.engine.textmodel import (
    SoftmaxTextModel,
    _train_softmax,
    _train_softmax_primal,
    text_features,
)

TRAIN = [
    ("老板拖欠工资三个月不发", "劳动纠纷"),
    ("公司辞退我不给经济补偿", "劳动纠纷"),
    ("加班费公司不给怎么办", "劳动纠纷"),
    ("离婚孩子抚养权归谁", "婚姻家庭"),
    ("老公出轨要离婚财产怎么分", "婚姻家庭"),
    ("彩礼离婚要退吗", "婚姻家庭"),
    ("被车撞了对方全责怎么赔", "交通事故"),
    ("电动车追尾保险公司不赔", "交通事故"),
]


def test_features_are_char_ngrams_and_words() -> None:
    feats = text_features("拖欠工资！")
    assert {"c1:拖", "c2:拖欠", "c2:工资", "c3:欠工资"} <= set(feats)
    assert any(f.startswith("w:") for f in feats)
    assert not any("！" in f for f in feats)  # punctuation never becomes a feature


def test_learns_from_examples_and_generalises_to_paraphrases() -> None:
    model = SoftmaxTextModel().fit(TRAIN)
    assert sorted(model.classes) == ["交通事故", "劳动纠纷", "婚姻家庭"]
    for text, expected in [
        ("单位一直拖欠工资", "劳动纠纷"),
        ("离婚后抚养权", "婚姻家庭"),
        ("被电动车撞了", "交通事故"),
    ]:
        probs = model.probabilities(text)
        assert max(probs, key=probs.__getitem__) == expected, text
        assert abs(sum(probs.values()) - 1.0) < 1e-5


def test_untrained_and_odd_input() -> None:
    assert SoftmaxTextModel().probabilities("任何问题") == {}
    assert SoftmaxTextModel().fit([("", "劳动纠纷"), ("   ", "侵权")]).classes == []
    model = SoftmaxTextModel().fit(TRAIN)
    probs = model.probabilities("\x00\ud800")  # nothing usable: uniform-ish, but a valid distribution
    assert abs(sum(probs.values()) - 1.0) < 1e-5


def test_dual_training_equals_primal_gradient_descent() -> None:
    """The dual steps on A (W = X^T A) give the same W as plain gradient descent on W."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(6, 9)).astype(np.float32)
    y = np.eye(3, dtype=np.float32)[[0, 1, 2, 0, 1, 2]]
    w, b = _train_softmax(x, y, l2=0.01, epochs=50, learning_rate=0.5)
    pw, pb = _train_softmax_primal(x, y, l2=0.01, epochs=50, learning_rate=0.5)
    assert np.allclose(w, pw, atol=1e-4)
    assert np.allclose(b, pb, atol=1e-4)
