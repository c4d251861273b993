"""Vietnamese alphabetical order (domain.md section 7), expected orders worked out by hand.

Alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y. Letters decide first;
tones only break ties, in the dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
"""

import random

import pytest

from cdht.collation import name_sort_key, sort_key


def assert_order(expected):
    """Every shuffle of `expected` sorts back to `expected`; neighbours compare strictly."""
    for a, b in zip(expected, expected[1:], strict=False):
        assert sort_key(a) < sort_key(b), f"{a!r} should come before {b!r}"
    rng = random.Random(324)
    for _ in range(5):
        items = list(expected)
        rng.shuffle(items)
        assert sorted(items, key=sort_key) == expected


def test_the_alphabet_itself():
    alphabet = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
    assert_order(alphabet)


@pytest.mark.parametrize(
    "expected",
    [
        ["a", "ă", "â", "b"],
        ["An", "Ăn", "Ân", "Bá"],
        ["d", "đ", "e"],
        ["Dung", "Dũng", "Đào", "Đức", "Em"],
        ["e", "ê", "g"],
        ["o", "ô", "ơ", "p"],
        ["On", "Ôn", "Ơn", "Phúc"],
        ["u", "ư", "v"],
        ["Uyên", "Ưa", "Vân"],
        ["Hùng", "Hưng", "Hương"],
        ["Toàn", "Tô", "Tơ", "Tú"],
    ],
)
def test_modified_letters_come_after_their_base(expected):
    assert_order(expected)


def test_letters_beat_tones():
    # "Án" has a tone and "Ân" none, but a < â decides before any tone is looked at.
    assert_order(["An", "Án", "Ân"])
    assert_order(["Ạn", "Ăn"])
    assert_order(["Hà", "Hai"])  # h-a is a prefix of h-a-i
    assert_order(["Hạ", "Hai"])
    assert_order(["Dự", "Đa"])


def test_tones_break_ties_in_dictionary_order():
    assert_order(["ma", "mà", "mả", "mã", "má", "mạ"])
    assert_order(["Anh", "Ánh"])
    assert_order(["Hoa", "Hoà", "Hoá"])
    assert_order(["Thu", "Thú", "Thư", "Thừ"])


def test_case_does_not_matter():
    assert sort_key("ĐÀO") == sort_key("đào")
    assert sort_key("Nguyễn Văn An") == sort_key("NGUYỄN VĂN AN")


def test_equal_strings_have_equal_keys():
    assert sort_key("Quảng Ngãi") == sort_key("Quảng Ngãi")


def test_name_sort_key_by_given_name_then_the_rest():
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An"]
    assert sorted(names, key=name_sort_key) == ["Lê Văn An", "Nguyễn Thị An", "Trần Văn Bình"]


def test_name_sort_key_given_name_comes_before_surname():
    names = [
        "Âu Văn Bình",
        "Bùi Thị Ân",
        "Đặng Văn Dũng",
        "Đỗ Thị Đào",
        "Lý Thị Anh",
        "An Văn Hùng",
    ]
    assert sorted(names, key=name_sort_key) == [
        "Lý Thị Anh",
        "Bùi Thị Ân",
        "Âu Văn Bình",
        "Đặng Văn Dũng",
        "Đỗ Thị Đào",
        "An Văn Hùng",
    ]


def test_name_sort_key_same_given_name_then_surname_then_middle():
    names = ["Nguyễn Văn Cường", "Nguyễn Thị Cường", "Đào Văn Cường", "Dương Văn Cường"]
    assert sorted(names, key=name_sort_key) == [
        "Dương Văn Cường",
        "Đào Văn Cường",
        "Nguyễn Thị Cường",
        "Nguyễn Văn Cường",
    ]


def test_name_sort_key_given_names_differing_only_by_tone():
    """'Hoa' and 'Hoà' are different given names: every Hoa comes before every Hoà.

    The list is sorted by given name first (domain.md section 7); the surname is only looked at
    when the given names are equal, tone included.
    """
    names = ["Nguyễn Thị Hoà", "Trần Thị Hoa", "Lê Thị Hoa", "Bùi Thị Hoà"]
    assert sorted(names, key=name_sort_key) == [
        "Lê Thị Hoa",
        "Trần Thị Hoa",
        "Bùi Thị Hoà",
        "Nguyễn Thị Hoà",
    ]


def test_name_sort_key_anh_before_anh_with_tone():
    names = ["Lê Văn Ánh", "Nguyễn Văn Anh"]
    assert sorted(names, key=name_sort_key) == ["Nguyễn Văn Anh", "Lê Văn Ánh"]


def test_single_word_and_empty_names_do_not_crash():
    names = ["Bình", "", "An"]
    assert sorted(names, key=name_sort_key) == ["", "An", "Bình"]
