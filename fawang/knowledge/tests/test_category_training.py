"""Where the dispute classifier's labelled questions come from (J4): configured file, environment, dev folder."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_django.fixtures import Settings

from fawang.knowledge import consult
from fawang.knowledge.consult import category_classifier, category_classifier_reset, category_classify
from fawang.knowledge.tests.conftest import Corpus


def _training_file(tmp_path: Path) -> Path:
    rows = [{"question": f"小区停车位被占的事情{i}", "category": "房产纠纷"} for i in range(4)]
    rows += [{"question": f"股东会开会分红的事情{i}", "category": "公司法"} for i in range(4)]
    path = tmp_path / "labelled.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def test_configured_file_fits_the_supervised_model(
    corpus: Corpus, settings: Settings, tmp_path: Path
) -> None:
    settings.KNOWLEDGE_CATEGORY_TRAINING_FILE = str(_training_file(tmp_path))
    category_classifier_reset()
    assert category_classifier().model is not None
    assert category_classify(question="停车位被占的事情").category == "房产纠纷"


def test_empty_setting_switches_the_model_off(settings: Settings) -> None:
    settings.KNOWLEDGE_CATEGORY_TRAINING_FILE = ""
    assert consult.category_training_file() is None
    category_classifier_reset()
    assert category_classifier().model is None


def test_unreadable_file_falls_back_to_lexicon_and_hits(settings: Settings, tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"question": "缺少类别"}\nnot json\n', encoding="utf-8")
    for path in (broken, tmp_path / "missing.jsonl"):
        settings.KNOWLEDGE_CATEGORY_TRAINING_FILE = str(path)
        category_classifier_reset()
        assert category_classifier().model is None
