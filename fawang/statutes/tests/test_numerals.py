import pytest

from fawang.statutes.numerals import NumeralError, article_label, article_label_parse, cn_to_int, int_to_cn


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("一百", 100),
        ("一百零一", 101),
        ("一百一十", 110),
        ("一千零七十九", 1079),
        ("一千二百六十", 1260),
        ("一千零五", 1005),
        ("两百", 200),
        ("一万零一", 10001),
        ("二〇二一", 2021),
        ("1079", 1079),
        ("１０７９", 1079),
    ],
)
def test_cn_to_int(text: str, value: int) -> None:
    assert cn_to_int(text) == value


@pytest.mark.parametrize(
    "value",
    [1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 111, 999, 1000, 1001, 1010, 1079, 1260, 10000, 10010],
)
def test_int_to_cn_round_trips(value: int) -> None:
    assert cn_to_int(int_to_cn(value)) == value


@pytest.mark.parametrize(
    ("value", "text"),
    [(10, "十"), (15, "十五"), (110, "一百一十"), (1079, "一千零七十九"), (1001, "一千零一"), (100, "一百")],
)
def test_int_to_cn_canonical(value: int, text: str) -> None:
    assert int_to_cn(value) == text


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("第一千零七十九条", (1079, 0)),
        ("第三十条之一", (30, 1)),
        ("第一百二十条之六", (120, 6)),
        ("第1079条", (1079, 0)),
        ("第 十 条", (10, 0)),
    ],
)
def test_article_label_parse(label: str, expected: tuple[int, int]) -> None:
    assert article_label_parse(label) == expected


@pytest.mark.parametrize(
    ("number", "suffix", "label"), [(1079, 0, "第一千零七十九条"), (30, 1, "第三十条之一"), (10, 0, "第十条")]
)
def test_article_label(number: int, suffix: int, label: str) -> None:
    assert article_label(number, suffix) == label


@pytest.mark.parametrize("bad", ["", "条", "第条", "abc", "第一章"])
def test_invalid_labels_raise(bad: str) -> None:
    with pytest.raises(NumeralError):
        article_label_parse(bad)
