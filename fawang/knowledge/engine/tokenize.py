"""Chinese segmentation for indexing and queries.

Words come from jieba in search mode (long words plus their dictionary sub-words), with a legal
user dictionary so that terms such as 个体工商户 or 诉讼时效 stay whole. Character bigrams are a
second, dictionary-free view that catches partial overlaps between lay and legal wording.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

import jieba

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_QUERY_CHARS = 1000

_NON_WORD = re.compile(r"^[\W_]+$")
_SPLIT = re.compile(r"[\W_]+")
# Control characters, surrogates and private-use code points are never meaningful in a query.
_JUNK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ue000-\uf8ff\ufffe\uffff]")

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def _read_lines(name: str) -> list[str]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(_read_lines("stopwords.txt"))


def legal_terms() -> list[str]:
    return _read_lines("legal_dict.txt")


def get_tokenizer() -> jieba.Tokenizer:
    """A private jieba instance, so our user dictionary never leaks into other jieba users."""
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            jieba.setLogLevel(60)
            tok = jieba.Tokenizer()
            tok.initialize()
            for term in legal_terms():
                tok.add_word(term, freq=tok.suggest_freq(term, tune=False) + 1000)
            _tokenizer = tok
        return _tokenizer


def clean_query(text: str) -> str:
    """Drop junk code points and cap the length so hostile input stays cheap."""
    return _JUNK.sub(" ", text[: MAX_QUERY_CHARS * 4])[:MAX_QUERY_CHARS]


def words(text: str, *, drop_stopwords: bool = True) -> list[str]:
    """Search-mode jieba tokens without punctuation (and without stopwords by default)."""
    stop = stopwords() if drop_stopwords else frozenset()
    tokens = get_tokenizer().lcut_for_search(text, HMM=False)
    return [t for t in tokens if not t.isspace() and not _NON_WORD.match(t) and t not in stop]


def bigrams(text: str) -> list[str]:
    """Overlapping character bigrams inside each run of word characters; single chars stand alone."""
    out: list[str] = []
    for run in _SPLIT.split(text):
        if len(run) == 1:
            out.append(run)
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_to_int(numeral: str) -> int | None:
    """Convert a Chinese numeral below 10,000 (一千零七十九, 十二) or ASCII digits to an int."""
    if numeral.isdigit():
        return int(numeral)
    total, current = 0, 0
    for ch in numeral:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            return None
    return total + current if numeral else None


_ARTICLE = re.compile(r"第([零〇一二两三四五六七八九十百千\d]+)条")


def article_number(article: str) -> int | None:
    """第一千零七十九条 -> 1079; 第三十条之一 -> 30."""
    match = _ARTICLE.search(article)
    return chinese_to_int(match.group(1)) if match else None
