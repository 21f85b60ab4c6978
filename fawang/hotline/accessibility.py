"""The hotline's accessible functions for elderly and disabled callers (L3, C17; 无障碍环境建设法 Art.35).

L3 asks that the hotline gain voice, large-text, braille-friendly and one-touch-call functions over time. The
rollout is Config: `FAWANG_HOTLINE_ACCESSIBILITY` lists the functions this deployment has switched on, and the
public hotline page (`/hotline/`) describes only those. A misspelt code fails the system check `hotline.E001`.

Three of the functions are in Fawang's hands and are built: one-touch call (a large `tel:` button at the top of the
page), large text (the page is set in large type whatever the L2 mode) and braille-friendly (text only, headings in
order, the number read digit by digit to screen readers and braille displays). Voice navigation and spoken
answers belong to the call centre's telephone system (CTI). Fawang only says whether they are offered.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.db import models
from django.utils.translation import gettext_lazy as _


class HotlineAccess(models.TextChoices):
    VOICE = "voice", _("语音导航和语音播报")
    LARGE_TEXT = "large_text", _("大字版")
    BRAILLE_FRIENDLY = "braille_friendly", _("读屏软件和盲文点显器友好")
    ONE_TOUCH_CALL = "one_touch_call", _("一键拨打")


DESCRIPTIONS: dict[str, Any] = {
    HotlineAccess.VOICE: _("电话里有语音提示，一步一步告诉您怎么操作；答复内容可以用语音播报。"),
    HotlineAccess.LARGE_TEXT: _("本页面用大字显示，按钮更大，不用另外打开大字模式。"),
    HotlineAccess.BRAILLE_FRIENDLY: _("本页面只有文字，没有图片，读屏软件和盲文点显器可以逐位读出热线号码。"),
    HotlineAccess.ONE_TOUCH_CALL: _("在手机上点一下“一键拨打”按钮就能拨通热线，不用输入号码。"),
}


def hotline_access_offered() -> list[HotlineAccess]:
    """The functions switched on in this deployment, in the table's order (L3: Config, rolled out over time)."""
    chosen = set(settings.FAWANG_HOTLINE_ACCESSIBILITY)
    return [access for access in HotlineAccess if access.value in chosen]


@checks.register()
def hotline_access_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    unknown = sorted(set(settings.FAWANG_HOTLINE_ACCESSIBILITY) - set(HotlineAccess.values))
    if not unknown:
        return []
    return [
        checks.Error(
            f"FAWANG_HOTLINE_ACCESSIBILITY 含未知功能代码：{'、'.join(unknown)}。",
            hint=f"可用代码：{', '.join(HotlineAccess.values)}（fawang/hotline/accessibility.py）。",
            id="hotline.E001",
        )
    ]
