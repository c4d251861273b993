"""Scoring and the recognition rule (total >= 80, no indicator below 5) at its boundaries."""

import re

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from cdht.criteria import CRITERIA_DIR, parse_criteria
from cdht.scoring import AnswerError, score

IDS = [str(n) for n in range(1, 11)]
# Vietnamese messages carry letters outside ASCII (ă, đ, ơ, ư, toned vowels).
VIETNAMESE = re.compile(r"[^\W\d_a-zA-Z]")


@pytest.fixture(params=["I", "II", "III", "IV"])
def criteria(request, criteria_sets):
    return criteria_sets[request.param]


def answers(default, **overrides):
    """Answers for indicators 1..10; keyword `i7=3` sets indicator 7."""
    out = dict.fromkeys(IDS, default)
    for key, value in overrides.items():
        out[key.removeprefix("i")] = value
    return out


def test_all_ten_is_100_and_recognised(criteria):
    chosen = answers(10)
    result = score(criteria, chosen)
    assert result.total == sum(chosen.values()) == 100
    assert result.max_total == 100
    assert result.recognised
    assert result.below_floor == ()
    assert result.points_short == 0
    assert result.reasons() == []
    assert result.criteria_version == criteria.version


def test_all_zero_is_not_recognised(criteria):
    result = score(criteria, answers(0))
    assert result.total == 0
    assert not result.recognised
    assert result.points_short == 80
    assert result.below_floor == tuple(IDS)


def test_exactly_80_with_every_indicator_at_least_5(criteria):
    chosen = answers(8)
    assert sum(chosen.values()) == 80
    result = score(criteria, chosen)
    assert result.total == 80
    assert result.recognised
    assert result.points_short == 0
    assert result.below_floor == ()


def test_79_is_not_recognised_short_by_one(criteria):
    chosen = answers(8, i1=10, i10=5)  # 10 + 8*8 + 5
    assert sum(chosen.values()) == 79
    result = score(criteria, chosen)
    assert result.total == 79
    assert not result.recognised
    assert result.points_short == 1
    assert result.below_floor == ()
    reasons = result.reasons()
    assert len(reasons) == 1
    assert "1" in reasons[0]


def test_high_total_but_one_indicator_at_3(criteria):
    chosen = answers(10, i7=3)
    assert sum(chosen.values()) == 93
    result = score(criteria, chosen)
    assert result.total == 93
    assert not result.recognised
    assert result.below_floor == ("7",)
    assert result.points_short == 0
    reasons = result.reasons()
    assert len(reasons) == 1
    assert "7" in reasons[0]


def test_indicator_at_exactly_5_with_high_total(criteria):
    chosen = answers(10, i4=5)
    assert sum(chosen.values()) == 95
    result = score(criteria, chosen)
    assert result.total == 95
    assert result.recognised
    assert result.below_floor == ()


def test_short_and_below_floor_together(criteria):
    chosen = answers(8, i2=3, i9=0)  # 8*8 + 3 + 0
    expected_total = sum(chosen.values())
    assert expected_total == 67
    result = score(criteria, chosen)
    assert result.total == expected_total
    assert not result.recognised
    assert result.points_short == 80 - expected_total
    assert result.below_floor == ("2", "9")
    assert len(result.reasons()) == 2
    # Named by number alone without the criteria; with them, by their titles' start and points.
    assert result.reasons()[1] == "Chỉ số dưới mức tối thiểu: 2, 9."
    starts = {i.id: " ".join(i.title.split()[:3]) for i in criteria.indicators}
    named = result.reasons(criteria)[1]
    assert named.startswith(f"Chỉ số dưới mức tối thiểu: 2 ({starts['2']} ")
    assert f": 3 điểm), 9 ({starts['9']} " in named and named.endswith(": 0 điểm).")
    assert len(named) < 160  # the titles' first words, not the whole sentences


def test_each_indicator_is_named_by_a_whole_opening_clause(criteria_sets):
    """A reason names an indicator by words a person reads as a phrase: a start of its title of 3
    to 10 words that ends where the title has a comma, colon or bracket or before a linking word,
    never inside a phrase ("Có kỹ năng tính toán, không…" read as "no")."""
    linking = {"theo", "để", "và", "ở", "trong", "của", "với", "hoặc", "đáp", "phục", "ngoài"}
    for criteria in criteria_sets.values():
        zero = {i.id: 0 for i in criteria.indicators}
        named = re.findall(r"(\d+) \((.+?): 0 điểm\)", score(criteria, zero).reasons(criteria)[1])
        titles = {i.id: " ".join(i.title.split()) for i in criteria.indicators}
        assert [n for n, _ in named] == list(titles)
        for number, short in named:
            title = titles[number]
            whole = short.removesuffix("…")
            assert (short == title) != short.endswith("…"), short
            assert title.startswith(whole) and 3 <= len(whole.split()) <= 10, short
            rest = title[len(whole) :]
            assert (
                rest == ""
                or rest[0] in ",;:"
                or rest.startswith(" (")
                or (rest.split()[0] in linking)
            ), (short, rest)


def test_competency_points(criteria):
    chosen = answers(5, i1=10, i2=8, i5=3, i10=0)
    result = score(criteria, chosen)
    nl1 = sum(chosen[i] for i in ("1", "2", "3", "4"))
    nl2 = sum(chosen[i] for i in ("5", "6", "7", "8"))
    nl3 = sum(chosen[i] for i in ("9", "10"))
    assert [c.points for c in result.competencies] == [nl1, nl2, nl3]
    assert [c.max_points for c in result.competencies] == [40, 40, 20]
    assert result.total == nl1 + nl2 + nl3
    assert result.indicators == chosen


# --- bad answers ---------------------------------------------------------------------------------


def test_missing_answers_are_listed(criteria):
    chosen = answers(10)
    del chosen["3"]
    chosen["7"] = None
    with pytest.raises(AnswerError) as info:
        score(criteria, chosen)
    assert info.value.indicator_ids == ("3", "7")
    message = str(info.value)
    assert "3" in message and "7" in message
    assert VIETNAMESE.search(message)


def test_no_answers_at_all(criteria):
    with pytest.raises(AnswerError) as info:
        score(criteria, {})
    assert info.value.indicator_ids == tuple(IDS)


@pytest.mark.parametrize("bad", [7, 11, -1, 1, "10", 9.5, True])
def test_unknown_level_value(criteria, bad):
    chosen = answers(10, i4=bad)
    with pytest.raises(AnswerError) as info:
        score(criteria, chosen)
    assert info.value.indicator_ids == ("4",)
    assert VIETNAMESE.search(str(info.value))


def test_answer_for_unknown_indicator(criteria):
    chosen = answers(10)
    chosen["11"] = 10
    with pytest.raises(AnswerError) as info:
        score(criteria, chosen)
    assert "11" in info.value.indicator_ids


def test_reasons_are_vietnamese(criteria):
    result = score(criteria, answers(3))
    reasons = result.reasons()
    assert len(reasons) == 2
    for reason in reasons:
        assert isinstance(reason, str)
        assert VIETNAMESE.search(reason), reason
    assert str(80 - 30) in reasons[0]


# --- a synthetic set with a level worth 4 --------------------------------------------------------


def synthetic_data():
    def ind(n):
        return {
            "id": f"s{n}",
            "title": f"Chỉ số thử {n}",
            "levels": [{"points": p, "label": f"Mức {p} điểm"} for p in (10, 8, 6, 4, 2, 0)],
        }

    return {
        "group": "III",
        "group_name": "Nhóm thử",
        "title": "Phiếu thử",
        "source": "Dữ liệu kiểm thử",
        "version": "synthetic-1",
        "recognition": {
            "min_total": 80,
            "min_per_indicator": 5,
            "text": "Đạt khi tổng điểm từ 80 và không chỉ số nào dưới 5.",
        },
        "competencies": [
            {"id": "A", "title": "Năng lực A", "indicators": [ind(n) for n in (1, 2, 3, 4)]},
            {"id": "B", "title": "Năng lực B", "indicators": [ind(n) for n in (5, 6, 7, 8)]},
            {"id": "C", "title": "Năng lực C", "indicators": [ind(n) for n in (9, 10)]},
        ],
    }


SYN_IDS = [f"s{n}" for n in range(1, 11)]


def test_synthetic_indicator_at_4_with_high_total_is_not_recognised():
    criteria = parse_criteria(synthetic_data(), "synthetic")
    chosen = dict.fromkeys(SYN_IDS, 10)
    chosen["s6"] = 4
    assert sum(chosen.values()) == 94
    result = score(criteria, chosen)
    assert result.total == 94
    assert not result.recognised
    assert result.below_floor == ("s6",)
    assert result.points_short == 0
    assert result.criteria_version == "synthetic-1"


def test_synthetic_indicator_at_6_with_total_80_is_recognised():
    criteria = parse_criteria(synthetic_data(), "synthetic")
    chosen = dict.fromkeys(SYN_IDS, 8)
    chosen["s1"] = 6
    chosen["s2"] = 10
    assert sum(chosen.values()) == 80
    result = score(criteria, chosen)
    assert result.total == 80
    assert result.recognised


def test_synthetic_rule_thresholds_come_from_the_data():
    data = synthetic_data()
    data["recognition"]["min_total"] = 90
    data["recognition"]["min_per_indicator"] = 4
    criteria = parse_criteria(data, "synthetic")
    chosen = dict.fromkeys(SYN_IDS, 10)
    chosen["s6"] = 4
    result = score(criteria, chosen)  # 94 >= 90 and 4 >= 4
    assert result.recognised
    chosen["s1"] = 2  # 86 < 90, and 2 < 4
    result = score(criteria, chosen)
    assert not result.recognised
    assert result.points_short == 90 - 86
    assert result.below_floor == ("s1",)


# --- indicators scored as a whole number 0..max --------------------------------------------------

NUMBERED = ("3", "7")


@pytest.fixture(scope="module")
def numbered():
    """Group III with indicators 3 and 7 scored as a whole number from 0 to 10."""
    data = yaml.safe_load((CRITERIA_DIR / "group_iii.yaml").read_text(encoding="utf-8"))
    for comp in data["competencies"]:
        for item in comp["indicators"]:
            if item["id"] in NUMBERED:
                del item["levels"]
                item["max_points"] = 10
    return parse_criteria(data, "numbered")


@given(
    graded=st.lists(st.sampled_from([0, 3, 5, 8, 10]), min_size=8, max_size=8),
    three=st.integers(0, 10),
    seven=st.integers(0, 10),
)
def test_any_whole_number_from_0_to_max_is_scored_as_given(numbered, graded, three, seven):
    chosen = dict(zip([i for i in IDS if i not in NUMBERED], graded, strict=True))
    chosen |= {"3": three, "7": seven}
    result = score(numbered, chosen)
    assert result.total == sum(chosen.values())
    assert result.indicators == chosen
    assert [c.points for c in result.competencies] == [
        sum(chosen[i] for i in ("1", "2", "3", "4")),
        sum(chosen[i] for i in ("5", "6", "7", "8")),
        chosen["9"] + chosen["10"],
    ]
    floor = numbered.rule.min_per_indicator
    assert ("7" in result.below_floor) == (seven < floor)
    assert result.recognised == (result.total >= 80 and min(chosen.values()) >= floor)


def test_a_number_between_levels_counts_where_a_level_would_not(numbered):
    chosen = answers(10, i3=7, i7=9)  # 7 and 9 are no level of the shipped files
    assert score(numbered, chosen).total == 96
    with pytest.raises(AnswerError):
        score(numbered, answers(10, i4=7))  # indicator 4 still has graded levels


@pytest.mark.parametrize("value", [-1, 11, 100, 7.0, True, "7"])
def test_points_outside_0_to_max_or_not_whole_are_refused(numbered, value):
    with pytest.raises(AnswerError) as info:
        score(numbered, answers(10, i7=value))
    assert info.value.indicator_ids == ("7",)
    assert "từ 0 đến 10" in str(info.value)
    assert VIETNAMESE.search(str(info.value))


def test_a_missing_number_is_named_with_the_missing_levels(numbered):
    chosen = answers(10)
    del chosen["7"], chosen["2"]
    with pytest.raises(AnswerError) as info:
        score(numbered, chosen)
    assert info.value.indicator_ids == ("2", "7")
    assert "nhập điểm" in str(info.value)
