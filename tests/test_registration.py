"""The sign-up form: a valid form gives a Registration; each bad field gives one keyed message."""

import re
import unicodedata

import pytest

from cdht import reference
from cdht.registration import (
    NOT_GIVEN,
    Registration,
    clean_phone,
    consent_label,
    consent_text,
    consent_version,
    sensitive_consent_text,
    validate,
)

YEAR = 2026
PASSWORD = "Hoc-tap-suot-doi-2026"
VIETNAMESE = re.compile(r"[^\W\d_a-zA-Z]")
NAME = "Nguyễn Văn An"
NAME_NFC = unicodedata.normalize("NFC", NAME)
NAME_NFD = unicodedata.normalize("NFD", NAME)


def raw_form(**overrides):
    form = {
        "cccd": "051090123456",
        "full_name": NAME_NFC,
        "gender": "Nam",
        "birth_year": "1990",
        "ethnicity": "Kinh",
        "sensitive_consent": True,
        "province_code": 51,
        "ward_code": 21025,
        "unit_code": "B51pzCjW",
        "password": PASSWORD,
        "password2": PASSWORD,
        "department": "Văn phòng",
        "position": "Chuyên viên",
        "phone": "0912345678",
        "email": "an.nguyen@example.vn",
        "consent": True,
    }
    form.update(overrides)
    return form


def test_reference_codes_used_here_are_real():
    assert any(p.code == 51 for p in reference.provinces())
    assert any(w.code == 21025 for w in reference.wards(51))
    assert not any(w.code == 4 for w in reference.wards(51))
    assert any(w.code == 4 for w in reference.wards(1))  # a ward of Hà Nội


def test_valid_form():
    reg, errors = validate(raw_form(), current_year=YEAR)
    assert errors == {}
    assert isinstance(reg, Registration)
    assert reg.cccd == "051090123456"
    assert reg.full_name == NAME_NFC
    assert reg.gender == "Nam"
    assert reg.birth_year == 1990
    assert reg.ethnicity == "Kinh"
    assert reg.province_code == 51
    assert reg.ward_code == 21025
    assert reg.unit_code == "B51pzCjW"
    assert reg.password == PASSWORD
    assert reg.department == "Văn phòng"
    assert reg.position == "Chuyên viên"
    assert reg.phone == "0912345678"
    assert reg.email == "an.nguyen@example.vn"


def test_decomposed_name_with_extra_spaces_is_normalised():
    assert NAME_NFD != NAME_NFC
    messy = "  " + NAME_NFD.replace(" ", "   ") + " \t"
    reg, errors = validate(raw_form(full_name=messy), current_year=YEAR)
    assert errors == {}
    assert reg.full_name == NAME_NFC
    assert unicodedata.is_normalized("NFC", reg.full_name)
    assert "  " not in reg.full_name


@pytest.mark.parametrize("legacy", ["NguyÔn ThÞ Hoa", "TrÇn V¨n Minh", "§Æng Thu Trang"])
def test_a_name_in_an_old_tcvn3_font_is_refused_with_the_way_out(legacy):
    """Text typed in .VnTime reads as letters to a Unicode check ("NguyÔn ThÞ Hoa"): refused,
    saying how to convert it, instead of stored or refused as not being letters."""
    _, errors = validate(raw_form(full_name=legacy), current_year=YEAR)
    assert errors["full_name"].startswith("Họ và tên có vẻ được gõ bằng phông chữ cũ TCVN3")
    assert "Chuyển mã" in errors["full_name"]


def test_female_born_2001():
    form = raw_form(cccd="079301000123", gender="Nữ", birth_year=2001, full_name="Trần Thị Bình")
    form.update(province_code=51, ward_code=21025)
    reg, errors = validate(form, current_year=YEAR)
    assert errors == {}
    assert reg.birth_year == 2001
    assert reg.gender == "Nữ"


def test_optional_fields_may_be_empty():
    form = raw_form(department="", position="", phone="", email="")
    reg, errors = validate(form, current_year=YEAR)
    assert errors == {}
    assert (reg.department, reg.position, reg.phone, reg.email) == ("", "", "", "")


def test_cccd_with_spaces_is_stored_normalised():
    reg, errors = validate(raw_form(cccd="051 090 123 456"), current_year=YEAR)
    assert errors == {}
    assert reg.cccd == "051090123456"


BAD = [
    ("cccd", {"cccd": ""}),
    ("cccd", {"cccd": "05109012345"}),
    ("full_name", {"full_name": "An"}),
    ("full_name", {"full_name": ""}),
    ("full_name", {"full_name": "Nguyễn Văn An2"}),
    ("full_name", {"full_name": "Nguyễn 3 An"}),
    ("full_name", {"full_name": "Nguyễn Văn\x07An"}),
    ("full_name", {"full_name": "Nguyễn Văn\u200bAn"}),
    ("full_name", {"full_name": "Nguyễn <b>Văn</b>"}),
    ("gender", {"gender": None}),
    ("gender", {"gender": ""}),
    ("gender", {"gender": "Khác"}),
    ("birth_year", {"birth_year": "19x0"}),
    ("birth_year", {"birth_year": "1800"}),
    ("birth_year", {"birth_year": 1800}),
    ("birth_year", {"birth_year": "2027"}),
    ("birth_year", {"birth_year": ""}),
    ("ethnicity", {"ethnicity": "Kinhh"}),
    ("sensitive_consent", {"sensitive_consent": False}),  # a value given needs its own tick
    ("sensitive_consent", {"sensitive_consent": None}),
    ("province_code", {"province_code": 999}),
    ("province_code", {"province_code": None}),
    ("ward_code", {"ward_code": 4}),  # a ward of Hà Nội, not of Quảng Ngãi
    ("ward_code", {"ward_code": None}),
    ("unit_code", {"unit_code": "B51pzCj"}),  # 7 characters
    ("unit_code", {"unit_code": "B51pzCjWx"}),
    ("unit_code", {"unit_code": ""}),
    ("unit_code", {"unit_code": "B51pz-jW"}),
    ("password", {"password": "123456", "password2": "123456"}),
    ("password", {"password": "12345678", "password2": "12345678"}),
    ("password", {"password": "051090123456", "password2": "051090123456"}),
    ("password", {"password": "Mk051090123456!", "password2": "Mk051090123456!"}),
    ("password", {"password": "", "password2": ""}),
    ("password2", {"password2": PASSWORD + "x"}),
    ("password2", {"password2": ""}),
    ("phone", {"phone": "12345"}),
    ("phone", {"phone": "09123456789"}),
    ("phone", {"phone": "091234567a"}),
    ("email", {"email": "an@"}),
    ("email", {"email": "an nguyen@example.vn"}),
    ("email", {"email": "an@example"}),
    ("consent", {"consent": False}),
    ("consent", {"consent": None}),
    ("consent", {"consent": "true"}),
]


@pytest.mark.parametrize("field, change", BAD, ids=[f"{f}-{i}" for i, (f, _) in enumerate(BAD)])
def test_bad_field_gives_one_keyed_error(field, change):
    reg, errors = validate(raw_form(**change), current_year=YEAR)
    assert reg is None
    assert field in errors
    assert set(errors) == {field}, errors
    assert VIETNAMESE.search(errors[field]), errors[field]


def test_a_weak_password_typed_differently_twice_is_told_both_at_once():
    reg, errors = validate(raw_form(password="12345678", password2="12345679"), current_year=YEAR)
    assert reg is None and set(errors) == {"password", "password2"}
    assert errors["password2"] == "Mật khẩu nhập lại không khớp."


@pytest.mark.parametrize(
    ("number", "other", "says"),
    [
        ("051091123456", "birth_year", "năm sinh 1991"),  # form says 1990
        ("051190123456", "gender", "giới tính Nữ"),  # female digit, form says male
    ],
)
def test_a_number_that_disagrees_marks_both_fields_and_says_what_it_reads(number, other, says):
    reg, errors = validate(raw_form(cccd=number), current_year=YEAR)
    assert reg is None and set(errors) == {"cccd", other}
    assert says in errors[other] and "Kiểm tra lại số CCCD" in errors["cccd"]


def test_a_number_that_disagrees_with_gender_and_year_says_both_at_once():
    """One press names every mismatch: not the gender first, then the year at the next press."""
    reg, errors = validate(raw_form(cccd="051191123456"), current_year=YEAR)  # female, 1991
    assert reg is None and set(errors) == {"cccd", "gender", "birth_year"}
    assert "giới tính Nữ" in errors["gender"] and "năm sinh 1991" in errors["birth_year"]
    assert errors["cccd"].startswith("Chữ số thứ tư của số CCCD là của người nữ")
    assert "; chữ số thứ 4 đến 6 của số CCCD cho biết năm sinh 1991" in errors["cccd"]
    assert errors["cccd"].endswith("Kiểm tra lại số CCCD hoặc giới tính và năm sinh.")


def test_missing_keys_give_errors_not_exceptions():
    reg, errors = validate({}, current_year=YEAR)
    assert reg is None
    for field in (
        "cccd",
        "full_name",
        "gender",
        "birth_year",
        "province_code",
        "unit_code",
        "password",
        "consent",
    ):
        assert field in errors
    assert "ethnicity" not in errors and "sensitive_consent" not in errors  # never required


@pytest.mark.parametrize("choice", [None, "", NOT_GIVEN])
def test_sensitive_data_is_never_required_and_needs_no_tick_when_not_given(choice):
    reg, errors = validate(
        raw_form(ethnicity=choice, religion=NOT_GIVEN, sensitive_consent=False),
        current_year=YEAR,
        asked=frozenset({"ethnicity", "religion"}),
    )
    assert errors == {} and (reg.ethnicity, reg.religion) == ("", "")


def test_the_general_consent_does_not_cover_sensitive_data():
    assert "dân tộc" not in consent_text().split(".")[0].lower()
    assert "Dân tộc chỉ được lưu khi tôi đồng ý riêng" in consent_text()
    assert "91/2025/QH15" in sensitive_consent_text() and "rút lại" in sensitive_consent_text()
    assert "Dân tộc" not in consent_text(frozenset())


def test_a_consent_version_reads_as_words():
    both = consent_version(frozenset({"ethnicity", "religion"}))
    assert consent_label(both) == "bản tháng 12/2026, lần 2; có hỏi dân tộc và tôn giáo"
    assert consent_label(consent_version()) == "bản tháng 12/2026, lần 2; có hỏi dân tộc"
    assert consent_label(consent_version(frozenset())) == (
        "bản tháng 12/2026, lần 2; không hỏi dân tộc, tôn giáo"
    )
    assert consent_label("2030-01-v9+disability") == "2030-01-v9+disability"  # unknown: as stored
    assert consent_label("v3") == "v3"


def test_current_year_bounds_birth_year():
    form = raw_form(cccd="051226123456", birth_year="2026", full_name="Lê Văn Bé")
    reg, errors = validate(form, current_year=2026)
    assert errors == {}
    assert reg.birth_year == 2026
    reg, errors = validate(form, current_year=2025)
    assert reg is None
    assert "birth_year" in errors


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("+84912345678", "0912345678"),
    ],
)
def test_a_mobile_number_is_kept_with_its_leading_zero(typed, kept):
    assert clean_phone(typed) == kept
