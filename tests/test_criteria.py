"""The shipped criteria files load; broken files are refused with a message naming file and item."""

import shutil

import pytest
import yaml

from cdht.criteria import CRITERIA_DIR, CriteriaError, load_all, load_file

FILES = {
    "I": "group_i.yaml",
    "II": "group_ii.yaml",
    "III": "group_iii.yaml",
    "IV": "group_iv.yaml",
}


def shipped_data(name="group_iii.yaml"):
    return yaml.safe_load((CRITERIA_DIR / name).read_text(encoding="utf-8"))


def write_yaml(path, data):
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def indicator(data, ind_id):
    for comp in data["competencies"]:
        for item in comp["indicators"]:
            if item["id"] == ind_id:
                return item
    raise KeyError(ind_id)


# --- the shipped files ---------------------------------------------------------------------------


def test_load_all_gives_exactly_the_four_groups():
    sets = load_all()
    assert sorted(sets) == ["I", "II", "III", "IV"]
    for group, criteria in sets.items():
        assert criteria.group == group


@pytest.mark.parametrize("group", list(FILES))
def test_shipped_file_structure(group):
    criteria = load_file(CRITERIA_DIR / FILES[group])
    raw = shipped_data(FILES[group])
    assert criteria.group == group
    assert len(criteria.competencies) == 3
    assert [len(c.indicators) for c in criteria.competencies] == [4, 4, 2]
    assert [c.max_points for c in criteria.competencies] == [40, 40, 20]
    assert criteria.max_points == 100
    assert [i.id for i in criteria.indicators] == [str(n) for n in range(1, 11)]
    assert all(i.max_points == 10 for i in criteria.indicators)
    assert criteria.rule.min_total == 80
    assert criteria.rule.min_per_indicator == 5
    assert criteria.rule.text
    assert isinstance(criteria.version, str) and criteria.version
    assert criteria.version == raw["version"]


def test_levels_are_sorted_best_first():
    criteria = load_file(CRITERIA_DIR / "group_iii.yaml")
    for ind in criteria.indicators:
        points = [lv.points for lv in ind.levels]
        assert points == sorted(points, reverse=True)
        assert all(lv.label for lv in ind.levels)


def test_rule_is_read_from_the_file_not_hard_coded(tmp_path):
    data = shipped_data()
    data["recognition"]["min_total"] = 70
    data["recognition"]["min_per_indicator"] = 3
    data["version"] = "test-rule-2"
    criteria = load_file(write_yaml(tmp_path / "custom.yaml", data))
    assert criteria.rule.min_total == 70
    assert criteria.rule.min_per_indicator == 3
    assert criteria.version == "test-rule-2"


def test_a_roundtripped_shipped_file_still_loads(tmp_path):
    """Guards the broken-file tests below: only the mutation makes them fail."""
    criteria = load_file(write_yaml(tmp_path / "copy.yaml", shipped_data()))
    assert criteria.max_points == 100


# --- broken files --------------------------------------------------------------------------------


def assert_refused(path, *items):
    with pytest.raises(CriteriaError) as info:
        load_file(path)
    message = str(info.value)
    assert path.name in message
    for item in items:
        assert item in message, f"{item!r} not in {message!r}"
    return message


def test_duplicate_indicator_id(tmp_path):
    data = shipped_data()
    indicator(data, "10")["id"] = "7"
    assert_refused(write_yaml(tmp_path / "dup_id.yaml", data), "NL3", "indicator 7", "'7'")


def test_maxima_not_adding_up_to_100(tmp_path):
    data = shipped_data()
    levels = indicator(data, "5")["levels"]
    top = next(lv for lv in levels if lv["points"] == 10)
    top["points"] = 9
    assert_refused(write_yaml(tmp_path / "sum99.yaml", data), "99", "100")


def test_level_worth_11(tmp_path):
    data = shipped_data()
    indicator(data, "6")["levels"][0]["points"] = 11
    assert_refused(write_yaml(tmp_path / "eleven.yaml", data), "indicator 6", "level 1", "11")


def test_level_with_empty_label(tmp_path):
    data = shipped_data()
    indicator(data, "2")["levels"][1]["label"] = ""
    assert_refused(write_yaml(tmp_path / "nolabel.yaml", data), "indicator 2", "level 2", "label")


def test_level_with_blank_label(tmp_path):
    data = shipped_data()
    indicator(data, "9")["levels"][2]["label"] = "   "
    assert_refused(write_yaml(tmp_path / "blank.yaml", data), "indicator 9", "level 3", "label")


def test_missing_recognition_rule(tmp_path):
    data = shipped_data()
    del data["recognition"]
    assert_refused(write_yaml(tmp_path / "norule.yaml", data), "recognition")


def test_recognition_rule_missing_a_threshold(tmp_path):
    data = shipped_data()
    del data["recognition"]["min_per_indicator"]
    assert_refused(write_yaml(tmp_path / "nofloor.yaml", data), "recognition", "min_per_indicator")


def test_invalid_yaml_syntax(tmp_path):
    path = tmp_path / "syntax.yaml"
    path.write_text('group: "III"\ncompetencies: [\n  - id: "NL1"\n', encoding="utf-8")
    assert_refused(path, "YAML")


def test_load_all_missing_group_file(tmp_path):
    for group in ("I", "II", "III"):
        shutil.copy(CRITERIA_DIR / FILES[group], tmp_path / FILES[group])
    with pytest.raises(CriteriaError) as info:
        load_all(tmp_path)
    message = str(info.value)
    assert str(tmp_path) in message
    assert "group IV" in message


def test_load_all_group_defined_in_two_files(tmp_path):
    for name in FILES.values():
        shutil.copy(CRITERIA_DIR / name, tmp_path / name)
    shutil.copy(CRITERIA_DIR / "group_ii.yaml", tmp_path / "group_ii_again.yaml")
    with pytest.raises(CriteriaError) as info:
        load_all(tmp_path)
    message = str(info.value)
    assert "group_ii_again.yaml" in message
    assert "group II " in message


def test_load_all_names_the_broken_file(tmp_path):
    for name in FILES.values():
        shutil.copy(CRITERIA_DIR / name, tmp_path / name)
    data = shipped_data("group_iv.yaml")
    indicator(data, "3")["levels"][0]["points"] = 11
    write_yaml(tmp_path / "group_iv.yaml", data)
    with pytest.raises(CriteriaError) as info:
        load_all(tmp_path)
    assert "group_iv.yaml" in str(info.value)
    assert "indicator 3" in str(info.value)


# --- paraphrase ----------------------------------------------------------------------------------


@pytest.mark.parametrize("group", list(FILES))
def test_shipped_files_say_they_are_a_paraphrase(group):
    assert load_file(CRITERIA_DIR / FILES[group]).paraphrase is True


def test_a_file_without_the_paraphrase_key_is_the_official_text(tmp_path):
    data = shipped_data()
    del data["paraphrase"]
    assert load_file(write_yaml(tmp_path / "official.yaml", data)).paraphrase is False


def test_paraphrase_false_is_read(tmp_path):
    data = shipped_data()
    data["paraphrase"] = False
    assert load_file(write_yaml(tmp_path / "official.yaml", data)).paraphrase is False


@pytest.mark.parametrize("value", ["yes", 1, "true", None])
def test_paraphrase_must_be_a_boolean(tmp_path, value):
    data = shipped_data()
    data["paraphrase"] = value
    assert_refused(write_yaml(tmp_path / "para.yaml", data), "paraphrase", "true or false")


# --- indicators scored as a whole number ---------------------------------------------------------


def scored_as_number(data, ind_id, max_points=10):
    item = indicator(data, ind_id)
    item.pop("levels", None)
    item["max_points"] = max_points
    return data


def test_an_indicator_scored_as_a_whole_number_loads(tmp_path):
    data = scored_as_number(shipped_data(), "7")
    criteria = load_file(write_yaml(tmp_path / "official.yaml", data))
    seven = next(i for i in criteria.indicators if i.id == "7")
    assert not seven.graded and seven.levels == () and seven.scale_max == 10
    assert seven.max_points == 10 and criteria.max_points == 100
    assert [seven.allows(p) for p in (-1, 0, 5, 7, 10, 11)] == [
        False,
        True,
        True,
        True,
        True,
        False,
    ]
    others = [i for i in criteria.indicators if i.id != "7"]
    assert all(i.graded and i.scale_max is None for i in others)


def test_numbers_and_levels_mix_and_the_maxima_still_add_up(tmp_path):
    data = shipped_data()
    for ind_id in ("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"):
        scored_as_number(data, ind_id)
    criteria = load_file(write_yaml(tmp_path / "all_numbers.yaml", data))
    assert criteria.max_points == 100
    scored_as_number(data, "10", max_points=9)
    assert_refused(write_yaml(tmp_path / "sum99.yaml", data), "99", "100")


def test_both_levels_and_max_points_refused(tmp_path):
    data = shipped_data()
    indicator(data, "4")["max_points"] = 10
    assert_refused(write_yaml(tmp_path / "both.yaml", data), "indicator 4", "levels", "max_points")


def test_neither_levels_nor_max_points_refused(tmp_path):
    data = shipped_data()
    del indicator(data, "4")["levels"]
    assert_refused(write_yaml(tmp_path / "none.yaml", data), "indicator 4", "levels", "max_points")


@pytest.mark.parametrize(
    "value, words",
    [
        (0, "outside 1..10"),
        (11, "outside 1..10"),
        (-3, "outside 1..10"),
        ("10", "whole number"),
        (7.5, "whole number"),
        (True, "whole number"),
        (None, "whole number"),
    ],
)
def test_max_points_must_be_a_whole_number_from_1_to_10(tmp_path, value, words):
    data = shipped_data()
    scored_as_number(data, "8", max_points=value)
    assert_refused(write_yaml(tmp_path / "bad_max.yaml", data), "indicator 8", "max_points", words)


# --- the schema (pydantic): refused at load, not at submit ---------------------------------------


def test_four_competencies_refused_at_load_even_when_the_maxima_add_up(tmp_path):
    """An assessment keeps three competency totals: a fourth would load and then fail every submit."""
    data = shipped_data()
    third = data["competencies"][2]
    fourth = {"id": "NL4", "title": "Năng lực thứ tư", "indicators": [third["indicators"].pop()]}
    data["competencies"].append(fourth)
    path = write_yaml(tmp_path / "four.yaml", data)
    assert_refused(path, "'competencies'", "exactly 3", "found 4", "NL4")


def test_two_competencies_refused(tmp_path):
    data = shipped_data()
    second, third = data["competencies"][1:]
    second["indicators"] += third["indicators"]
    del data["competencies"][2]
    assert_refused(write_yaml(tmp_path / "two.yaml", data), "'competencies'", "found 2")


def test_competency_id_used_twice_is_named(tmp_path):
    data = shipped_data()
    data["competencies"][2]["id"] = "NL1"
    assert_refused(write_yaml(tmp_path / "dup_comp.yaml", data), "'NL1'", "two competencies")


def test_misspelt_key_refused_naming_item_and_key(tmp_path):
    data = shipped_data()
    indicator(data, "3")["evidence_exmaple"] = "Sổ ghi chép"
    path = write_yaml(tmp_path / "typo.yaml", data)
    assert_refused(path, "competency NL1, indicator 3", "'evidence_exmaple'", "not a known key")


def test_min_total_outside_1_to_100_refused(tmp_path):
    data = shipped_data()
    data["recognition"]["min_total"] = 101
    assert_refused(write_yaml(tmp_path / "rule.yaml", data), "recognition", "min_total", "101")


def test_every_problem_of_a_file_is_listed_at_once(tmp_path):
    data = shipped_data()
    indicator(data, "2")["levels"][1]["label"] = ""
    indicator(data, "9")["title"] = ["not", "text"]
    message = assert_refused(write_yaml(tmp_path / "two_problems.yaml", data), "indicator 2")
    assert "indicator 9: 'title' must be text" in message


def test_a_bare_number_id_is_text(tmp_path):
    data = shipped_data()
    indicator(data, "4")["id"] = 4
    criteria = load_file(write_yaml(tmp_path / "bare.yaml", data))
    assert [i.id for i in criteria.indicators][3] == "4"
