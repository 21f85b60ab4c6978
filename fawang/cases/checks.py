"""A system check (M8): a misspelt channel in the anonymity setting stops start-up instead of silently requiring
real names on a channel the bureau meant to leave anonymous."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from fawang.cases.states import Channel


@checks.register()
def anonymous_channels_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    unknown = sorted(set(settings.FAWANG_CONSULTATION_ANONYMOUS_CHANNELS) - {"*", *Channel.values})
    if not unknown:
        return []
    return [
        checks.Error(
            f"FAWANG_CONSULTATION_ANONYMOUS_CHANNELS 含未知渠道：{'、'.join(unknown)}。",
            hint=f"可用渠道：{', '.join(Channel.values)}；* 表示全部渠道。",
            id="cases.E001",
        )
    ]
