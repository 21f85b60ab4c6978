"""Demand analytics (需求动态研判, K5): rising topics and next-month forecasts. Pure Python, table-tested.

Forecasts (monthly counts per category), two simple, explainable methods:

* **Seasonal naive with drift** ("same month last year, scaled by this year's trend"):
      ŷ(t+1) = y(t+1−12) × [y(t)+y(t−1)+y(t−2)] / [y(t−12)+y(t−13)+y(t−14)]
  falling back to the last value when there is less than 15 months of history or the year-ago window is empty.
* **Simple exponential smoothing**: level ℓ(t) = α·y(t) + (1−α)·ℓ(t−1), ŷ(t+1) = ℓ(t), ℓ(1) = y(1), with α
  chosen from 0.1…0.9 to minimise the one-step squared error on the history given.

Each method is backtested by rolling origin: for each of the last `holdout` months, forecast it from the months
before it only, and compare. MAE = mean |error|; MAPE = mean |error| / actual over months with actual > 0
(undefined, None, when every actual is 0). The method with the lower backtest MAE is used for next month.

Rising topics: a topic's count this window against what its share in the previous window predicts,
      expected = previous_count × (total_now / total_before),  z = (now − expected) / √max(expected, 1),
flagged when z ≥ 2 and now ≥ `min_count` (a Poisson approximation; small counts are ignored, K6).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SEASON = 12
ALPHAS = tuple(a / 10 for a in range(1, 10))


def seasonal_naive(history: Sequence[float]) -> float:
    n = len(history)
    if n == 0:
        return 0.0
    if n < SEASON + 3:
        return float(history[-1])
    recent = sum(history[-3:])
    year_ago = sum(history[-SEASON - 3 : -SEASON])
    base = history[-SEASON]
    if year_ago <= 0:
        return float(history[-1])
    return float(base) * recent / year_ago


def ses_alpha(history: Sequence[float]) -> float:
    """The α with the least one-step squared error over `history` (ties: the smaller α)."""
    best, best_error = ALPHAS[0], math.inf
    for alpha in ALPHAS:
        level, error = float(history[0]), 0.0
        for value in history[1:]:
            error += (value - level) ** 2
            level = alpha * value + (1 - alpha) * level
        if error < best_error - 1e-12:
            best, best_error = alpha, error
    return best


def ses(history: Sequence[float], alpha: float | None = None) -> float:
    if not history:
        return 0.0
    a = ses_alpha(history) if alpha is None else alpha
    level = float(history[0])
    for value in history[1:]:
        level = a * value + (1 - a) * level
    return level


METHODS = {"seasonal_naive": seasonal_naive, "ses": ses}
METHOD_LABELS = {"seasonal_naive": "同期季节法（按近三月趋势调整）", "ses": "简单指数平滑"}


@dataclass(frozen=True)
class Backtest:
    method: str
    mae: float | None
    mape: float | None
    errors: tuple[float, ...]  # forecast − actual, oldest first


def backtest(history: Sequence[float], method: str, holdout: int = 6) -> Backtest:
    forecast = METHODS[method]
    errors: list[float] = []
    pct: list[float] = []
    for i in range(max(1, len(history) - holdout), len(history)):
        predicted = forecast(history[:i])
        actual = history[i]
        errors.append(predicted - actual)
        if actual > 0:
            pct.append(abs(predicted - actual) / actual)
    mae = sum(abs(e) for e in errors) / len(errors) if errors else None
    mape = sum(pct) / len(pct) if pct else None
    return Backtest(method, mae, mape, tuple(errors))


@dataclass(frozen=True)
class Forecast:
    next_value: float
    method: str
    backtests: tuple[Backtest, ...]

    @property
    def chosen(self) -> Backtest:
        return next(b for b in self.backtests if b.method == self.method)


def forecast_next(history: Sequence[float], holdout: int = 6) -> Forecast:
    """Backtest both methods on the last `holdout` months; forecast next month with the better one (by MAE)."""
    tests = tuple(backtest(history, m, holdout) for m in METHODS)
    scored = [t for t in tests if t.mae is not None]
    method = min(scored, key=lambda t: (t.mae, t.method)).method if scored else "seasonal_naive"
    return Forecast(next_value=max(0.0, METHODS[method](history)), method=method, backtests=tests)


@dataclass(frozen=True)
class Rising:
    topic: str
    now: int
    before: int
    expected: float
    z: float


def rising_topics(
    now: Mapping[str, int], before: Mapping[str, int], *, min_count: int = 10, z_at: float = 2.0
) -> list[Rising]:
    total_now, total_before = sum(now.values()), sum(before.values())
    if total_now == 0:
        return []
    scale = total_now / total_before if total_before else 1.0
    found = []
    for topic, count in now.items():
        expected = before.get(topic, 0) * scale
        z = (count - expected) / math.sqrt(max(expected, 1.0))
        if count >= min_count and z >= z_at:
            found.append(Rising(topic, count, before.get(topic, 0), expected, z))
    return sorted(found, key=lambda r: (-r.z, r.topic))


STOPWORDS = frozenset(
    "怎么 怎么办 如何 可以 能否 能 吗 的 了 是 我 你 他 她 我们 对方 一直 还 要 和 与 在 有 没有 不 就 都 也 被 把 给 "
    "这个 那个 什么 哪里 多少 现在 已经 之前 后来 因为 所以 但是 需要 应该 可能 一个 自己 问题 咨询 请问 情况".split()
)


def keywords(texts: Mapping[str, int], *, top: int = 20) -> list[tuple[str, float]]:
    """Keywords over texts weighted by how often each text occurs: jieba words, TF × IDF (jieba's IDF table)."""
    import jieba
    import jieba.analyse

    idf_table = jieba.analyse.default_tfidf.idf_freq
    median = jieba.analyse.default_tfidf.median_idf
    tf: dict[str, float] = {}
    for text, count in texts.items():
        for word in jieba.lcut(text):
            word = word.strip()
            if len(word) < 2 or word in STOPWORDS or word.isdigit():
                continue
            tf[word] = tf.get(word, 0.0) + count
    total = sum(tf.values()) or 1.0
    scored = [(w, (n / total) * idf_table.get(w, median)) for w, n in tf.items()]
    return sorted(scored, key=lambda p: (-p[1], p[0]))[:top]
