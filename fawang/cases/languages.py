"""The languages and dialects intake can be held in (A12, L8): a table declared in code, and the set a deployment
offers (`FAWANG_INTAKE_LANGUAGES`). 普通话 is always offered and is the default.

Codes are BCP 47 tags (ISO 639 language codes; Teochew as Southern Min with a `chaoshan` variant; Chinese Sign
Language by its ISO 639-3 code). Adding a row is a code change and a migration (the model fields list the choices).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Language(models.TextChoices):
    ZH = "zh", "普通话"
    # Chinese dialects (方言), e.g. Guangdong 12348: Mandarin, Cantonese, Hakka and Chaoshan (A12).
    YUE = "yue", "粤语"
    HAK = "hak", "客家话"
    NAN_CHAOSHAN = "nan-chaoshan", "潮汕话"
    NAN = "nan", "闽南语"
    WUU = "wuu", "吴语"
    # Minority languages (少数民族语言; L8, 人民调解法 Art.8), e.g. the national portal's Tibetan-Chinese site.
    BO = "bo", "藏语"
    UG = "ug", "维吾尔语"
    MN = "mn", "蒙古语"
    ZA = "za", "壮语"
    II = "ii", "彝语"
    KK = "kk", "哈萨克语"
    KO = "ko", "朝鲜语"
    # Foreign languages, e.g. the national portal's English channel; Russian and Vietnamese on border lines.
    EN = "en", "英语"
    RU = "ru", "俄语"
    VI = "vi", "越南语"
    # 国家通用手语 (L7: video intake and windows with a signer).
    CSL = "csl", "手语"


DEFAULT_LANGUAGE = Language.ZH
LANGUAGE_MAX_LENGTH = 20


def intake_languages() -> list[str]:
    """The codes this deployment offers at intake, 普通话 first, then the configured ones in their order."""
    configured = [
        c for c in settings.FAWANG_INTAKE_LANGUAGES if c in Language.values and c != DEFAULT_LANGUAGE
    ]
    return [DEFAULT_LANGUAGE.value, *dict.fromkeys(configured)]


def language_enabled(code: str) -> bool:
    return code in intake_languages()


def language_choices() -> list[tuple[str, str]]:
    """Callable choices for intake forms (like cases.selectors.channel_choices)."""
    return [(code, str(Language(code).label)) for code in intake_languages()]


def languages_offered() -> bool:
    """Intake asks for the language only where the deployment offers more than 普通话 (A12)."""
    return len(intake_languages()) > 1


def language_label(code: str) -> str:
    return str(Language(code).label) if code in Language.values else code
