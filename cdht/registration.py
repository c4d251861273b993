"""Validation of the sign-up form: pure, returns clean values or one message per field."""

import re
from dataclasses import dataclass

from cdht import cccd, reference
from cdht.passwords import password_problem
from cdht.text import TextError, clean_line
from cdht.unit_codes import is_well_formed

ETHNICITY = "ethnicity"
RELIGION = "religion"
SENSITIVE_FIELDS = (ETHNICITY, RELIGION)
_SENSITIVE_LABELS = {ETHNICITY: "dân tộc", RELIGION: "tôn giáo"}
DEFAULT_ASKED = frozenset({ETHNICITY})


# The first choice of each sensitive field, and what an empty value means: never required.
NOT_GIVEN = "Không muốn cung cấp"


def consent_version(asked: frozenset[str] = DEFAULT_ASKED) -> str:
    """The consent text's version: it changes with the sensitive fields the deployment asks."""
    return "2026-12-v2" + "".join(f"+{f}" for f in SENSITIVE_FIELDS if f in asked)


_VERSION = re.compile(r"^(\d{4})-(\d{2})-v(\d+)$")


def consent_label(version: str) -> str:
    """A consent version as a person reads it: "bản tháng 12/2026, lần 2; có hỏi dân tộc" for
    "2026-12-v2+ethnicity"; a version this code does not know the shape of is left as it is."""
    base, *asked = version.split("+")
    shape = _VERSION.match(base)
    if shape is None or any(f not in _SENSITIVE_LABELS for f in asked):
        return version
    year, month, number = shape.groups()
    said = (
        f"có hỏi {_sensitive_words(frozenset(asked))}" if asked else "không hỏi dân tộc, tôn giáo"
    )
    return f"bản tháng {month}/{year}, lần {number}; {said}"


def _sensitive_words(asked: frozenset[str]) -> str:
    return " và ".join(_SENSITIVE_LABELS[f] for f in SENSITIVE_FIELDS if f in asked)


def consent_text(asked: frozenset[str] = DEFAULT_ASKED) -> str:
    """The general consent: what everyone gives to sign up. Sensitive data has its own."""
    text = (
        "Tôi đồng ý để đơn vị quản lý và hệ thống CDHT xử lý các thông tin cá nhân tôi khai ở trên "
        "(số CCCD, họ tên, giới tính, năm sinh, nơi cư trú, thông tin công tác và liên hệ) cho mục "
        "đích duy nhất là tự đánh giá, tổng hợp và công nhận danh hiệu Công dân học tập. "
    )
    if asked:
        text += f"{_sensitive_words(asked).capitalize()} chỉ được lưu khi tôi đồng ý riêng ở trên. "
    return text + "Tôi có quyền xem, sửa, xoá dữ liệu của mình và rút lại sự đồng ý bất cứ lúc nào."


def sensitive_consent_text(asked: frozenset[str] = DEFAULT_ASKED) -> str:
    """The separate consent for the sensitive fields a person chose to give."""
    words = _sensitive_words(asked)
    return (
        f"Tôi đồng ý cung cấp {words} đã chọn ở trên. Đây là dữ liệu cá nhân nhạy cảm theo Luật "
        "Bảo vệ dữ liệu cá nhân số 91/2025/QH15, chỉ dùng trong hồ sơ Công dân học tập của tôi "
        "tại đơn vị. Tôi có thể rút lại sự đồng ý này bất cứ lúc nào ở trang Dữ liệu của tôi; "
        f"khi đó {words} bị xoá."
    )


MIN_BIRTH_YEAR = 1920
NAME_MAX = 100
PLACE_MAX = 100

_PHONE = re.compile(r"^(0|\+84)\d{9}$")
_OFFICE_PHONE = re.compile(r"^(0|\+84)\d{9,10}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '\-.][^\W\d_]+)*$")
# Characters that the old TCVN3 (ABC) fonts put where Vietnamese letters go and that no
# Vietnamese name holds in Unicode: "NguyÔn ThÞ Hoa" is "Nguyễn Thị Hoa" typed in .VnTime. ("Ð",
# the look-alike of "Đ" that other converters leave, is read as "Đ" and not refused.)
_TCVN3_MARKS = frozenset("¸µ¶·¹¨»¾¼½Æ©ÇËÎÏÑªÖ×ØÜÞßäåæç«¥ë¦ïñö÷§®¬")


@dataclass(frozen=True)
class Registration:
    cccd: str
    full_name: str
    gender: str
    birth_year: int
    ethnicity: str
    province_code: int
    ward_code: int
    unit_code: str
    password: str
    department: str
    position: str
    phone: str
    email: str
    religion: str = ""


FIELDS = (
    "cccd",
    "full_name",
    "gender",
    "birth_year",
    "ethnicity",
    "religion",
    "province_code",
    "ward_code",
    "unit_code",
    "password",
    "password2",
    "department",
    "position",
    "phone",
    "email",
    "sensitive_consent",
    "consent",
)


def clean_full_name(raw: object) -> str:
    name = clean_line(raw, max_len=NAME_MAX, label="Họ và tên", required=True)
    if _TCVN3_MARKS.intersection(name):
        raise TextError(
            "Họ và tên có vẻ được gõ bằng phông chữ cũ TCVN3 (ABC, ví dụ .VnTime): hãy chuyển "
            "sang Unicode (Unikey: Công cụ › Chuyển mã, từ TCVN3 sang Unicode) rồi nhập lại."
        )
    if not _NAME_CHARS.match(name):
        raise TextError("Họ và tên chỉ gồm chữ cái, cách nhau bởi dấu cách.")
    if len(name.split()) < 2:
        raise TextError("Vui lòng nhập đầy đủ họ và tên.")
    if name in (name.lower(), name.upper()):  # typed all small or all capitals: "Nguyễn Thị Lan"
        return " ".join(word[:1].upper() + word[1:].lower() for word in name.split())
    return name  # the person's own capitals are kept


def clean_phone(raw: object) -> str:
    """A person's mobile number, written with its leading 0 (+84 typed for it is taken too)."""
    phone = cccd.normalise(raw)
    if phone and not _PHONE.match(phone):
        raise TextError("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0 (hoặc +84).")
    return "0" + phone[3:] if phone.startswith("+84") else phone


def clean_office_phone(raw: object, *, label: str) -> str:
    """An office's telephone as typed (spaces, dots, dashes and brackets kept): a mobile number
    of 10 digits or a landline of 11 (0 or +84 first); empty allowed."""
    phone = clean_line(raw, max_len=20, label=label)
    digits = re.sub(r"[\s.()-]", "", phone)
    if phone and not _OFFICE_PHONE.match(digits):
        raise TextError(f"{label} gồm 10 hoặc 11 chữ số, bắt đầu bằng 0 (ví dụ 0255 3822 123).")
    return phone


def clean_email(raw: object) -> str:
    email = str(raw or "").strip()
    if email and (len(email) > 254 or not _EMAIL.match(email)):
        raise TextError("Địa chỉ email không hợp lệ.")
    return email


def clean_birth_year(raw: object, current_year: int) -> int:
    text = str(raw if raw is not None else "").strip()
    if not text:
        raise TextError("Vui lòng nhập năm sinh.")
    if not text.isascii() or not text.isdigit():
        raise TextError("Năm sinh phải là số có 4 chữ số.")
    year = int(text)
    if not MIN_BIRTH_YEAR <= year <= current_year:
        raise TextError(f"Năm sinh phải trong khoảng {MIN_BIRTH_YEAR}–{current_year}.")
    return year


def _agree(values: dict[str, object], errors: dict[str, str], current_year: int) -> None:
    """A valid number that disagrees with the gender or the year typed, or both: each field at
    fault is marked, saying what the number says, and the number's message names every mismatch
    at once, so the person sees which fields to correct in one go."""
    if "cccd" not in values:
        return
    facts = cccd.parse(str(values["cccd"]), current_year=current_year)
    clauses, fields = [], []
    if "gender" in values and values["gender"] != facts.gender:
        clauses.append(
            f"chữ số thứ tư của số CCCD là của người {facts.gender.lower()}, không khớp với giới "
            "tính đã chọn"
        )
        fields.append("giới tính")
        errors["gender"] = f"Số CCCD cho biết giới tính {facts.gender}: nếu số đúng, hãy chọn lại."
    if "birth_year" in values and values["birth_year"] != facts.birth_year:
        clauses.append(
            f"chữ số thứ 4 đến 6 của số CCCD cho biết năm sinh {facts.birth_year}, không khớp với "
            "năm sinh đã nhập"
        )
        fields.append("năm sinh")
        errors["birth_year"] = (
            f"Số CCCD cho biết năm sinh {facts.birth_year}: nếu số đúng, hãy sửa năm sinh."
        )
    if not clauses:
        return
    said = "; ".join(clauses)
    errors["cccd"] = (
        f"{said[:1].upper()}{said[1:]}. Kiểm tra lại số CCCD hoặc {' và '.join(fields)}."
    )
    del values["cccd"]


def _sensitive(raw: dict, asked: frozenset[str], values: dict, errors: dict) -> None:
    """Ethnicity and religion: optional, from the lists, stored only with their own consent."""
    values["ethnicity"] = values["religion"] = ""
    for name, options in ((ETHNICITY, reference.ETHNIC_GROUPS), (RELIGION, reference.RELIGIONS)):
        choice = raw.get(name)
        if name not in asked or choice in (None, "", NOT_GIVEN):
            continue
        if choice not in options:
            errors[name] = f"Vui lòng chọn {_SENSITIVE_LABELS[name]} trong danh sách."
        else:
            values[name] = choice
    if (values["ethnicity"] or values["religion"]) and raw.get("sensitive_consent") is not True:
        errors["sensitive_consent"] = (
            f"Đánh dấu đồng ý để lưu {_sensitive_words(asked)}, hoặc chọn “{NOT_GIVEN}”."
        )


def check_place(raw: dict, values: dict, errors: dict) -> None:
    """The province, then a ward of that province (sign-up, and a person's own correction)."""
    province = raw.get("province_code")
    if province not in {p.code for p in reference.provinces()}:
        errors["province_code"] = "Vui lòng chọn tỉnh, thành phố."
        return
    values["province_code"] = province
    if raw.get("ward_code") not in {w.code for w in reference.wards(province)}:
        errors["ward_code"] = "Vui lòng chọn phường, xã thuộc tỉnh, thành phố đã chọn."
    else:
        values["ward_code"] = raw["ward_code"]


def _unit_code(raw: dict, values: dict, errors: dict) -> str:
    unit_code = str(raw.get("unit_code") or "").strip()
    if not unit_code:
        errors["unit_code"] = "Vui lòng nhập mã đơn vị quản lý."
    elif not is_well_formed(unit_code):
        errors["unit_code"] = "Mã đơn vị quản lý gồm 8 chữ cái hoặc chữ số."
    else:
        values["unit_code"] = unit_code
    return unit_code


def _password(raw: dict, unit_code: str, values: dict, errors: dict) -> None:
    """Strong enough knowing the person's own data, and typed the same twice: both are told at
    once, so that one press shows every thing to fix."""
    password = str(raw.get("password") or "")
    problem = password_problem(
        password,
        cccd=str(values.get("cccd", "")),
        birth_year=values.get("birth_year"),
        full_name=str(values.get("full_name") or raw.get("full_name") or ""),
        unit_code=unit_code,
    )
    if problem:
        errors["password"] = problem
    if password and password != str(raw.get("password2") or ""):
        errors["password2"] = "Mật khẩu nhập lại không khớp."
    if not errors.keys() & {"password", "password2"}:
        values["password"] = password


def validate(
    raw: dict, *, current_year: int, asked: frozenset[str] = DEFAULT_ASKED
) -> tuple[Registration | None, dict[str, str]]:
    """Check every field; return (registration, {}) or (None, {field: Vietnamese message})."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}

    def field(name: str, check) -> None:
        try:
            values[name] = check()
        except (TextError, cccd.CccdError) as exc:
            errors[name] = str(exc)

    field("full_name", lambda: clean_full_name(raw.get("full_name")))
    gender = raw.get("gender")
    if gender not in cccd.GENDERS:
        errors["gender"] = "Vui lòng chọn giới tính."
    else:
        values["gender"] = gender
    field("birth_year", lambda: clean_birth_year(raw.get("birth_year"), current_year))
    field(
        "cccd",
        lambda: cccd.validate(
            raw.get("cccd"), gender=None, birth_year=None, current_year=current_year
        ),
    )
    _agree(values, errors, current_year)
    _sensitive(raw, asked, values, errors)
    check_place(raw, values, errors)
    _password(raw, _unit_code(raw, values, errors), values, errors)
    field(
        "department",
        lambda: clean_line(raw.get("department"), max_len=PLACE_MAX, label="Phòng/ban"),
    )
    field("position", lambda: clean_line(raw.get("position"), max_len=PLACE_MAX, label="Chức vụ"))
    field("phone", lambda: clean_phone(raw.get("phone")))
    field("email", lambda: clean_email(raw.get("email")))
    if raw.get("consent") is not True:
        errors["consent"] = "Bạn cần đồng ý với việc xử lý dữ liệu cá nhân để đăng ký."
    if errors:
        return None, errors
    return Registration(**values), {}
