"""System checks of the channel and language settings: a misspelt channel stops start-up instead of silently requiring
real names on a channel the bureau meant to leave anonymous (M8), or of opening nothing (G10); a misspelt language
instead of silently not offering the dialect the bureau staffed (A12)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from fawang.cases.languages import Language
from fawang.cases.states import OPTIONAL_CHANNELS, Channel


@checks.register()
def channel_settings_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    unknown = sorted(set(settings.FAWANG_CONSULTATION_ANONYMOUS_CHANNELS) - {"*", *Channel.values})
    if unknown:
        errors.append(
            checks.Error(
                f"FAWANG_CONSULTATION_ANONYMOUS_CHANNELS 含未知渠道：{'、'.join(unknown)}。",
                hint=f"可用渠道：{', '.join(Channel.values)}；* 表示全部渠道。",
                id="cases.E001",
            )
        )
    not_optional = sorted(set(settings.FAWANG_OPTIONAL_CHANNELS) - OPTIONAL_CHANNELS)
    if not_optional:
        errors.append(
            checks.Error(
                f"FAWANG_OPTIONAL_CHANNELS 只能列出可选渠道，不能是：{'、'.join(not_optional)}。",
                hint=f"可选渠道：{', '.join(sorted(OPTIONAL_CHANNELS))}。",
                id="cases.E002",
            )
        )
    unknown_languages = sorted(set(settings.FAWANG_INTAKE_LANGUAGES) - set(Language.values))
    if unknown_languages:
        errors.append(
            checks.Error(
                f"FAWANG_INTAKE_LANGUAGES 含未知语言代码：{'、'.join(unknown_languages)}。",
                hint=f"可用代码：{', '.join(Language.values)}（fawang/cases/languages.py）。",
                id="cases.E003",
            )
        )
    return errors
