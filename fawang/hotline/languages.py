"""A12 on the 12348 line: the IVR language menu picks a call's language; agents declare the languages they take.

`ivr_language` is pure: the same IVR choices and centre map always give the same language, so a refold agrees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext

from fawang.cases.languages import DEFAULT_LANGUAGE, Language, intake_languages, language_label

MAX_MENU_KEYS = 12


def ivr_language(
    *, choices: Iterable[Mapping[str, Any]], menu: str, keys: Mapping[str, str], offered: Iterable[str]
) -> str:
    """The language of the caller's last key in the language menu; 普通话 without one, or for a key that maps to a
    language the deployment no longer offers (the call is then still answered, in 普通话)."""
    allowed = set(offered)
    language = DEFAULT_LANGUAGE.value
    for choice in choices:
        if menu and str(choice.get("menu", "")) == menu and str(choice.get("key", "")) in keys:
            code = keys[str(choice["key"])]
            language = code if code in allowed else DEFAULT_LANGUAGE.value
    return language


def ivr_language_map_problems(keys: Mapping[str, Any]) -> list[str]:
    """Why a centre's key → language map cannot be saved (Chinese); [] when it can."""
    offered = intake_languages()
    problems = []
    if len(keys) > MAX_MENU_KEYS:
        problems.append(f"语言菜单最多 {MAX_MENU_KEYS} 个按键。")
    for key, code in keys.items():
        if not (isinstance(key, str) and 1 <= len(key) <= 4 and all(c in "0123456789*#" for c in key)):
            problems.append(f"按键“{key}”无效：只能是数字、* 或 #，最多 4 位。")
        elif code not in Language.values:
            problems.append(f"按键 {key}：未知的语言代码“{code}”。")
        elif code not in offered:
            problems.append(
                f"按键 {key}：本平台未开通“{language_label(str(code))}”受理（FAWANG_INTAKE_LANGUAGES）。"
            )
    return problems


def ivr_language_map_describe(keys: Mapping[str, str]) -> str:
    """The published menu in the active language (L8): 按1：普通话；按2：粤语."""
    described = gettext("；").join(
        gettext("按%(key)s：%(language)s") % {"key": k, "language": language_label(v)}
        for k, v in sorted(keys.items())
    )
    return described or gettext("未设置（均按普通话）")
