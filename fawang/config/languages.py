"""Interface languages a deployment may enable (L8): Mandarin always, plus its minority languages and English.

Pure (no Django imports), because settings read it. The names are each language's own name, as language pickers
show them. A deployment enables a language with FAWANG_LANGUAGES once it ships a catalogue for it.
"""

from __future__ import annotations

MANDARIN = "zh-hans"

KNOWN_LANGUAGES: dict[str, str] = {
    MANDARIN: "简体中文",
    "en": "English",
    "bo": "བོད་ཡིག",  # Tibetan
    "ug": "ئۇيغۇرچە",  # Uyghur
    "mn": "ᠮᠣᠩᠭᠣᠯ",  # Mongolian (traditional script)
    "ii": "ꆈꌠꉙ",  # Yi (Nuosu)
    "za": "Vahcuengh",  # Zhuang
    "ko": "조선어",  # Korean (Chaoxian)
}


def deployment_languages(codes: list[str]) -> list[tuple[str, str]]:
    """The (code, name) pairs for LANGUAGES, Mandarin first and always present; unknown codes are refused."""
    unknown = [c for c in codes if c not in KNOWN_LANGUAGES]
    if unknown:
        raise ValueError(
            f"FAWANG_LANGUAGES 含未知的语言代码：{', '.join(unknown)}（可选：{', '.join(KNOWN_LANGUAGES)}）"
        )
    ordered = [MANDARIN, *[c for c in dict.fromkeys(codes) if c != MANDARIN]]
    return [(c, KNOWN_LANGUAGES[c]) for c in ordered]
