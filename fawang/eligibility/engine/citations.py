"""Citations of 法律援助法 (2021) in the form used in decisions: 法律援助法第三十一条第（一）项 (C18)."""

from typing import Final

LAW: Final = "法律援助法"

_ITEMS: Final = ("一", "二", "三", "四", "五", "六", "七", "八", "九")


def article(number: str, item: int | None = None) -> str:
    """``article("三十一", 1)`` -> ``法律援助法第三十一条第（一）项``."""
    text = f"{LAW}第{number}条"
    return text if item is None else f"{text}第（{_ITEMS[item - 1]}）项"
