"""Misconfigured targets fail the system checks with a clear message (K11)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fawang.exchange.checks import exchange_targets_check
from fawang.exchange.config import exchange_targets
from fawang.exchange.tests.conftest import Configure, target

URL = "https://exchange.example.gov.cn/in"


def _errors(settings: Any, targets: object) -> list[tuple[str, str]]:
    settings.FAWANG_EXCHANGE_TARGETS = json.dumps(targets, ensure_ascii=False)
    return [(e.id or "", e.msg) for e in exchange_targets_check()]


def test_nothing_configured_is_fine(settings: Any) -> None:
    settings.FAWANG_EXCHANGE_TARGETS = ""
    settings.FAWANG_EXCHANGE_CONFIG_FILE = ""
    assert exchange_targets_check() == []
    assert exchange_targets() == ()


def test_a_good_configuration_passes(configure: Configure) -> None:
    configure(target("12348_national", URL), target("province_gov", URL, services="*", timeout_seconds=5))
    assert exchange_targets_check() == []
    national, province = exchange_targets()
    assert (national.name, national.max_attempts, national.timeout_seconds) == ("中国法律服务网", 12, 10.0)
    assert (province.services, province.timeout_seconds) == (frozenset(), 5.0)


@pytest.mark.parametrize(
    ("_case", "entry", "message"),
    [
        ("plain http to a remote host", {"url": "http://exchange.example.gov.cn/in"}, "url 地址无效"),
        ("no host", {"url": "https:///in"}, "url 地址无效"),
        ("not a URL", {"url": "exchange.example.gov.cn"}, "url 地址无效"),
        ("unknown kind", {"kinds": ["case_accepted", "case_closed"]}, "kinds 含未知取值：case_closed"),
        ("no kinds", {"kinds": []}, "kinds 应是非空的字符串列表"),
        ("unknown service", {"services": ["divorce"]}, "services 含未知取值：divorce"),
        ("the secret itself instead of a variable name", {"secret_env": "s3cr3t-v@lue"}, "应是环境变量名"),
        ("missing name", {"name": ""}, "缺少 name"),
        ("a misspelt field", {"kind": ["rating"]}, "含未知字段：kind"),
        ("bad code", {"code": "12348 National"}, "code 只能用小写字母"),
        ("timeout out of range", {"timeout_seconds": 600}, "timeout_seconds 应是 0.1 到 60 之间的数字"),
        ("attempts not a number", {"max_attempts": "many"}, "max_attempts 应是 1 到 50 之间的数字"),
        (
            "name flag not a boolean",
            {"include_masked_name": "yes"},
            "include_masked_name 只能是 true 或 false",
        ),
    ],
)
def test_bad_target_fails_the_check(
    settings: Any, monkeypatch: pytest.MonkeyPatch, _case: str, entry: dict[str, Any], message: str
) -> None:
    monkeypatch.setenv("TEST_EXCHANGE_12348_NATIONAL_SECRET", "x")
    [(check_id, text)] = _errors(settings, [{**target("12348_national", URL), **entry}])
    assert check_id == "exchange.E001"
    assert text.startswith("FAWANG_EXCHANGE_TARGETS[0]")
    assert message in text


@pytest.mark.parametrize(
    ("_case", "raw", "message"),
    [
        ("not JSON", "[{code: 1}]", "不是有效的 JSON"),
        ("not a list", '{"code": "x"}', "应是上报目标的列表"),
        ("not an object", "[1]", "应是 JSON 对象"),
    ],
)
def test_malformed_setting_fails_the_check(settings: Any, _case: str, raw: str, message: str) -> None:
    settings.FAWANG_EXCHANGE_TARGETS = raw
    [error] = exchange_targets_check()
    assert error.id == "exchange.E001"
    assert message in error.msg


def test_duplicate_codes_fail_the_check(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_EXCHANGE_12348_NATIONAL_SECRET", "x")
    [(check_id, text)] = _errors(settings, [target("12348_national", URL), target("12348_national", URL)])
    assert (check_id, text) == ("exchange.E001", "FAWANG_EXCHANGE_TARGETS：目标代码重复：12348_national")


def test_missing_secret_fails_the_check(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEST_EXCHANGE_PROVINCE_GOV_SECRET", raising=False)
    [(check_id, text)] = _errors(settings, [target("province_gov", URL)])
    assert check_id == "exchange.E002"
    assert (
        text
        == "上报目标 province_gov（省政务服务平台）的共享密钥环境变量 TEST_EXCHANGE_PROVINCE_GOV_SECRET 未设置。"
    )


def test_secret_from_a_file(settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-file\n", encoding="utf-8")
    monkeypatch.delenv("TEST_EXCHANGE_PROVINCE_GOV_SECRET", raising=False)
    monkeypatch.setenv("TEST_EXCHANGE_PROVINCE_GOV_SECRET_FILE", str(secret_file))
    assert _errors(settings, [target("province_gov", URL)]) == []


def test_targets_from_a_config_file(settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "exchange.json"
    path.write_text(json.dumps([target("province_gov", URL)], ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("TEST_EXCHANGE_PROVINCE_GOV_SECRET", "x")
    settings.FAWANG_EXCHANGE_TARGETS = ""
    settings.FAWANG_EXCHANGE_CONFIG_FILE = str(path)
    assert exchange_targets_check() == []
    assert [t.code for t in exchange_targets()] == ["province_gov"]
    settings.FAWANG_EXCHANGE_CONFIG_FILE = str(tmp_path / "missing.json")
    [error] = exchange_targets_check()
    assert error.id == "exchange.E001"
    assert "无法读取" in error.msg
