"""A CCCD number whose digits put the birth in a year still to come is refused on every way in (the
sign-up form, the staff list, the command line); a pasted number with line breaks, tabs or
invisible characters is cleaned on each of them."""

from sqlmodel import Session, select

from cdht import cccd
from cdht.db.engine import make_engine
from cdht.db.models import Account
from cdht.registration import validate
from cdht.staff_import import parse_staff_xlsx
from tests.support import cli
from tests.test_registration import raw_form
from tests.test_staff_import import xlsx


def number_born_in(year: int, *, female: bool = False, rest: str = "000111") -> str:
    century_digit = 2 * (year // 100 - 19) + female
    return f"051{century_digit}{year % 100:02d}{rest}"


NEXT_YEAR = cccd.this_year() + 1


def test_sign_up_refuses_a_number_born_next_year():
    form = raw_form(cccd=number_born_in(2027), birth_year="2027")
    registration, errors = validate(form, current_year=2026)
    assert registration is None
    assert "chưa tới" in errors["cccd"] and "2027" in errors["cccd"]


def test_sign_up_takes_a_pasted_number_with_line_breaks_and_invisible_characters():
    registration, errors = validate(
        raw_form(cccd="\ufeff051\u200b090\t123456\r\n"), current_year=2026
    )
    assert errors == {}
    assert registration.cccd == "051090123456"


def test_staff_import_refuses_a_row_born_next_year():
    entries, errors = parse_staff_xlsx(
        xlsx(
            [
                ("Nguyễn Văn An", "051090123456", "", ""),
                ("Lê Thị Bình", number_born_in(NEXT_YEAR, female=True), "", ""),
            ]
        )
    )
    assert [(e.row, e.column) for e in errors] == [(3, "Số CCCD")]
    assert "chưa tới" in errors[0].message
    assert [e.full_name for e in entries] == ["Nguyễn Văn An"]


def test_staff_import_cleans_a_pasted_cell():
    entries, errors = parse_staff_xlsx(
        xlsx(
            [
                ("Nguyễn Văn An", "051090123456\n", "", ""),
                ("Lê Thị Bình", "\u200b051190000123", "", ""),
            ]
        )
    )
    assert errors == []
    assert [e.cccd for e in entries] == ["051090123456", "051190000123"]


def test_command_line_refuses_a_number_born_next_year(tmp_path):
    url = f"sqlite:///{tmp_path / 'cdht.db'}"
    code = cli(url, "unit", "create", "--name", "Sở Tư pháp").stdout.strip().splitlines()[-1]
    result = cli(
        url,
        "user",
        "create",
        "--unit",
        code,
        "--cccd",
        number_born_in(NEXT_YEAR),
        "--name",
        "Trần Minh Sơn",
        "--role",
        "manager",
        "--password-stdin",
        stdin="Quan-ly-2026!\n",
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "chưa tới" in lines[0]
    engine = make_engine(url)
    with Session(engine) as session:
        assert session.exec(select(Account)).all() == []
    engine.dispose()


def test_command_line_cleans_a_pasted_number(tmp_path):
    url = f"sqlite:///{tmp_path / 'cdht.db'}"
    code = cli(url, "unit", "create", "--name", "Sở Tư pháp").stdout.strip().splitlines()[-1]
    result = cli(
        url,
        "user",
        "create",
        "--unit",
        code,
        "--cccd",
        "051085\u200b000111\t",
        "--name",
        "Trần Minh Sơn",
        "--role",
        "manager",
        "--password-stdin",
        stdin="Quan-ly-2026!\n",
    )
    assert result.returncode == 0, result.stderr
    engine = make_engine(url)
    with Session(engine) as session:
        assert session.exec(select(Account.cccd)).one() == "051085000111"
    engine.dispose()
