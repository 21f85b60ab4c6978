"""Forecast and backtest arithmetic, rising topics (K5): hand-computed."""

from __future__ import annotations

import pytest

from fawang.analytics.demand import backtest, forecast_next, rising_topics, seasonal_naive, ses, ses_alpha


def test_seasonal_naive_scales_last_year_by_the_recent_trend() -> None:
    # 15 months: year-ago window (months 0-2) = 10+10+10, recent window (12-14) = 12+12+12 → ×1.2
    history = [10.0, 10, 10, 20, 10, 10, 10, 10, 10, 10, 10, 10, 12, 12, 12]
    # next month is index 15; same month last year is index 3 = 20 → 24
    assert seasonal_naive(history) == pytest.approx(24.0)


def test_seasonal_naive_falls_back_to_the_last_value() -> None:
    assert seasonal_naive([3.0, 5.0, 7.0]) == 7.0
    assert seasonal_naive([]) == 0.0


def test_ses_with_given_alpha() -> None:
    # ℓ1 = 10; ℓ2 = .5·20 + .5·10 = 15; ℓ3 = .5·10 + .5·15 = 12.5
    assert ses([10.0, 20.0, 10.0], alpha=0.5) == pytest.approx(12.5)


def test_ses_alpha_follows_a_level_shift() -> None:
    assert ses_alpha([10.0] * 5 + [30.0] * 5) == 0.9
    assert ses_alpha([10.0, 12, 8, 12, 8, 12, 8]) == 0.1


def test_backtest_errors_mae_and_mape() -> None:
    # naive-last-value world (history shorter than 15): forecasts of months 3..5 are 2, 4, 4
    history = [1.0, 1.0, 2.0, 4.0, 4.0, 8.0]
    result = backtest(history, "seasonal_naive", holdout=3)
    assert result.errors == (-2.0, 0.0, -4.0)
    assert result.mae == pytest.approx(2.0)
    assert result.mape == pytest.approx((0.5 + 0 + 0.5) / 3)


def test_backtest_mape_is_undefined_when_all_actuals_are_zero() -> None:
    result = backtest([0.0, 0.0, 0.0, 0.0], "ses", holdout=2)
    assert (result.mae, result.mape) == (0.0, None)


def test_forecast_picks_the_method_with_lower_backtest_mae() -> None:
    seasonal = [
        10.0,
        10,
        10,
        50,
        10,
        10,
        10,
        10,
        10,
        10,
        10,
        10,
        10,
        10,
        10,
        50,
        10,
        10,
        10,
        10,
        10,
        10,
        10,
        10,
    ]
    result = forecast_next(seasonal, holdout=12)
    assert result.method == "seasonal_naive"
    assert result.chosen.mae == pytest.approx(0.0)
    assert result.next_value == pytest.approx(10.0)


def test_rising_topics_flag_only_significant_growth() -> None:
    now = {"劳动纠纷": 60, "婚姻家庭": 40, "消费权益": 5}
    before = {"劳动纠纷": 30, "婚姻家庭": 70, "消费权益": 0}
    found = rising_topics(now, before, min_count=10)
    # scale = 105/100; expected(劳动) = 31.5; z = (60 − 31.5)/√31.5 = 5.078
    assert [(r.topic, round(r.z, 3)) for r in found] == [("劳动纠纷", 5.078)]
