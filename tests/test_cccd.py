"""The 12-digit CCCD number: province, century/gender digit, year of birth, masking."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdht import cccd
from cdht.cccd import CccdError, mask, normalise, parse, validate

# Line and paragraph breaks other than the ones in PASTE_NOISE, and other no-break spaces.
OTHER_BREAKS = "\v\f\u0085\u2028\u2029\u2007"

# Vietnamese messages carry letters outside ASCII (ă, đ, ơ, ư, toned vowels).
VIETNAMESE = re.compile(r"[^\W\d_a-zA-Z]")

# domain.md section 5, copied independently of the code.
PROVINCES_63 = """
001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040
042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084
086 087 089 091 092 093 094 095 096
""".split()


def test_the_list_in_the_test_has_63_codes():
    assert len(PROVINCES_63) == 63 == len(set(PROVINCES_63))


@pytest.mark.parametrize(
    "number, gender, year, province",
    [
        ("001090123456", "Nam", 1990, "001"),  # Hà Nội, male, 1990
        ("051185000001", "Nữ", 1985, "051"),  # Quảng Ngãi, female, 1985
        ("079205012345", "Nam", 2005, "079"),  # TP HCM, male, 2005
        ("096300999999", "Nữ", 2000, "096"),  # Cà Mau, female, 2000
        ("048199000000", "Nữ", 1999, "048"),  # Đà Nẵng, female, 1999
        ("001400000000", "Nam", 2100, "001"),  # 2100s male digit 4
        ("001501000000", "Nữ", 2101, "001"),  # 2100s female digit 5
    ],
)
def test_valid_numbers(number, gender, year, province):
    facts = parse(number, current_year=2101)
    assert facts.province_code == province
    assert facts.gender == gender
    assert facts.birth_year == year
    assert validate(number, gender=gender, birth_year=year, current_year=2101) == number


def test_gender_constants():
    assert cccd.MALE == "Nam"
    assert cccd.FEMALE == "Nữ"


@pytest.mark.parametrize(
    "number",
    [
        "",
        "05109012345",  # 11 digits
        "0510901234567",  # 13 digits
        "05109012345A",  # a letter
        "O51090123456",  # letter O instead of zero
        "０５１０９０１２３４５６",  # full-width digits
        "051090１23456",
        "003090123456",  # no province 003
        "100090123456",  # no province 100
        "000090123456",
        "097090123456",
        "001690123456",  # digit 4 = 6
        "001790123456",
        "001890123456",
        "001990123456",
    ],
)
def test_invalid_numbers(number):
    with pytest.raises(CccdError) as info:
        parse(number)
    assert VIETNAMESE.search(str(info.value))
    with pytest.raises(CccdError):
        validate(number, gender=None, birth_year=None)


@pytest.mark.parametrize(
    "number, gender, year",
    [
        ("001090123456", "Nữ", 1990),  # male digit, female stated
        ("001190123456", "Nam", 1990),  # female digit, male stated
        ("001090123456", "Nam", 1991),  # year 1990 in the number
        ("001090123456", "Nam", 2090),
        ("001290123456", "Nam", 1990),  # 2000s digit -> 2090, not 1990
        ("001305123456", "Nữ", 1905),
    ],
)
def test_disagreement_with_gender_or_year(number, gender, year):
    with pytest.raises(CccdError) as info:
        validate(number, gender=gender, birth_year=year)
    assert VIETNAMESE.search(str(info.value))


def test_gender_and_year_messages_differ():
    with pytest.raises(CccdError) as by_gender:
        validate("001090123456", gender="Nữ", birth_year=1990)
    with pytest.raises(CccdError) as by_year:
        validate("001090123456", gender="Nam", birth_year=1991)
    assert str(by_gender.value) != str(by_year.value)


@pytest.mark.parametrize(
    "raw",
    [
        "051 090 123 423",
        "051.090.123.423",
        " 051090123423 ",
        "051-090-123-423",
        "051\u00a0090123423",
    ],
)
def test_normalise_strips_separators(raw):
    assert normalise(raw) == "051090123423"
    assert validate(raw, gender="Nam", birth_year=1990) == "051090123423"


@pytest.mark.parametrize(
    "raw",
    [
        "051090123423\n",  # copied with the end of its line
        "051090123423\r\n",
        "051\t090\t123423",  # three cells of a spreadsheet
        "051090\n123423",
        "\u200b051090123423",  # zero-width space from a chat or a web page
        "051\u200c090\u200d123423",  # zero-width non-joiner and joiner
        "051090\u2060123423",  # word joiner
        "\ufeff051090123423",  # byte order mark at the start of a pasted file
        "051\u202f090\u2007123423",  # narrow and figure no-break spaces
        " \u00a0051 090 123 423\u2028",
    ],
)
def test_pasted_numbers_are_cleaned(raw):
    assert normalise(raw) == "051090123423"
    assert validate(raw, gender="Nam", birth_year=1990) == "051090123423"


PASTE_NOISE = " .-\t\n\r\u00a0\u202f\u200b\u200c\u200d\u2060\ufeff"


@given(
    digits=st.text(alphabet="0123456789", min_size=12, max_size=12),
    noise=st.lists(st.text(alphabet=PASTE_NOISE, max_size=3), min_size=13, max_size=13),
)
def test_noise_anywhere_in_a_pasted_number_is_removed(digits, noise):
    pasted = "".join(n + d for n, d in zip(noise, digits, strict=False)) + noise[-1]
    assert normalise(pasted) == digits


@given(st.text())
def test_normalise_keeps_every_other_character_in_order(text):
    cleaned = normalise(text)
    assert cleaned == "".join(ch for ch in text if ch not in PASTE_NOISE and ch not in OTHER_BREAKS)
    assert normalise(cleaned) == cleaned


# --- a year of birth still to come ----------------------------------------------------------------


@pytest.mark.parametrize(
    "number, current_year",
    [
        ("001227000001", 2026),  # 2027 in a 2026 world
        ("001390000001", 2026),  # 2090, female
        ("001400000000", 2099),  # the 2100s
        ("001501000000", 2100),
        ("001299000000", 2098),
    ],
)
def test_a_birth_year_still_to_come_is_refused(number, current_year):
    with pytest.raises(CccdError) as info:
        parse(number, current_year=current_year)
    message = str(info.value)
    assert "chưa tới" in message
    assert str(parse(number, current_year=3000).birth_year) in message
    with pytest.raises(CccdError):
        validate(number, gender=None, birth_year=None, current_year=current_year)


@pytest.mark.parametrize("number", ["001226000001", "001326000001", "001099000001"])
def test_born_this_year_or_before_is_accepted(number):
    assert validate(number, gender=None, birth_year=None, current_year=2026) == number


def test_by_default_the_current_year_is_this_year_in_vietnam():
    year = cccd.this_year()
    now = f"001{2 + (year // 100 - 20) * 2}{year % 100:02d}000001"
    later = f"001{2 + ((year + 1) // 100 - 20) * 2}{(year + 1) % 100:02d}000001"
    assert parse(now).birth_year == year
    with pytest.raises(CccdError, match="chưa tới"):
        parse(later)


def test_normalise_of_nothing():
    assert normalise(None) == ""
    assert normalise("") == ""


def test_mask():
    assert mask("051090123423") == "051*******23"
    assert mask("001190000017") == "001*******17"


def test_mask_never_shows_an_odd_length_number():
    masked = mask("0510901234")
    assert "0510901234" not in masked
    assert set(masked) <= {"*"}


@pytest.mark.parametrize("province", PROVINCES_63)
def test_all_63_province_codes_accepted(province):
    number = f"{province}090123456"
    assert parse(number).province_code == province
    assert validate(number, gender="Nam", birth_year=1990) == number


def test_code_set_matches_the_domain_list_exactly():
    assert set(cccd.PROVINCE_CODES) == set(PROVINCES_63)
