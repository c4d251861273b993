"""Every page under Streamlit's AppTest, for every role, on a real SQLite file."""

import html
import io
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from benchmarks.load.journey import NEXT, REVIEW, SEND
from cdht.criteria import load_all
from cdht.db.accounts import authenticate
from cdht.db.actors import actor_for
from cdht.db.assessments import submit_assessment
from cdht.db.decisions import record_decision
from cdht.db.engine import init_db, make_engine
from cdht.db.models import (
    Account,
    Assessment,
    AssessmentDraft,
    AssessmentWindow,
    AuditEvent,
    EvidenceFile,
    MembershipReport,
    RecognitionDecision,
    StaffMember,
    Unit,
)
from cdht.db.staff import replace_staff
from cdht.db.units import create_unit, set_unit_window
from cdht.roles import ADMIN, CITIZEN, LEADER, MANAGER
from cdht.staff_import import StaffEntry
from cdht.ui.results import AWAITING_DECISION
from cdht.ui.text import md
from cdht.window import local_date, local_year, now_utc
from tests.conftest import JUNE, PASSWORD, add_citizen, add_user, open_window_all_year

ALERT = re.compile(r'<p role="alert" style="[^"]*"(?: id="[^"]*")?>⚠ (.*)</p>')
ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
ONE_ENGINE = True  # each page test on one engine (tests/conftest.py); the data layer on both
VALID = {
    "unit_code": " b51pzcjw ",
    "cccd": "051190001234",
    "full_name": "Nguyễn Thị Ánh",
    "gender": "Nữ",
    "birth_year": "1990",
    "ethnicity": "Kinh",
    "sensitive_consent": True,
    "province_code": 51,
    "ward_code": 21025,
    "password": PASSWORD,
    "password2": PASSWORD,
    "consent": True,
}
OWN_PAGES = {"assess", "my_results", "my_data", "password", "guide"}
MANAGER_PAGES = {
    "approvals",
    "dashboard",
    "roster",
    "decision",
    "paper_entry",
    "staff",
    "members",
    "unit_settings",
}
ROLE_PAGES = {
    CITIZEN: OWN_PAGES,
    LEADER: {*OWN_PAGES, "dashboard", "roster"},
    MANAGER: {*OWN_PAGES, *MANAGER_PAGES},
    ADMIN: {*OWN_PAGES, *MANAGER_PAGES, "rollup", "units", "audit"},
}
ALL_PAGES = {*ROLE_PAGES[ADMIN], "register", "login"}


@pytest.fixture
def db(engine_url, monkeypatch, tmp_path):
    monkeypatch.setenv("CDHT_DATABASE_URL", engine_url)
    monkeypatch.setenv("CDHT_EVIDENCE_DIR", str(tmp_path / "evidence"))
    engine = make_engine(engine_url)
    init_db(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


@pytest.fixture
def people(db):
    unit = create_unit(
        db,
        None,
        name="Ban Dân tộc tỉnh Quảng Ngãi",
        code="B51pzCjW",
        contact_name="Đinh Văn Sơn",
        contact_phone="0255 3822 000",
        now=JUNE,
    )
    db.commit()
    open_window_all_year(db, unit.id, local_year(now_utc()))
    return {
        "unit": unit,
        ADMIN: add_user(db, ADMIN, "051080000001", "Phạm Quốc Huy"),
        MANAGER: add_user(db, MANAGER, "051085000111", "Trần Minh Sơn"),
        LEADER: add_user(db, LEADER, "051175000222", "Lê Thị Nhung"),
        CITIZEN: add_citizen(db),
    }


def app(actor=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if actor is not None:
        at.session_state["actor"] = actor
    at.run()
    assert not at.exception, at.exception
    return at


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "error", "success")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def test_first_run_creates_admin_and_unit(db):
    from cdht.db.setup import issue_setup_code

    code = issue_setup_code(db, now=JUNE)
    at = app()
    assert at.title[0].value == "Khởi tạo hệ thống"
    inputs = at.text_input
    inputs[0].input(code)
    inputs[1].input("Hội Khuyến học tỉnh Quảng Ngãi")
    inputs[2].input("QnG2026a")
    inputs[3].input("Đinh Văn Sơn")
    year = local_year(now_utc())
    assert at.text_input(key="first_run_closes").value in (f"31/10/{year}", f"31/12/{year}")
    at.text_input(key="first_run_closes").input(f"31/12/{year + 1}")  # not this year
    inputs[6].input("051080000001")
    inputs[7].input("Phạm Quốc Huy")
    inputs[8].input(PASSWORD)
    inputs[9].input(PASSWORD)
    at.button[0].click()
    at.run()
    assert not at.exception
    assert field_errors(at) == [f"Ngày phải từ 01/01/{year} đến 31/12/{year}."]
    assert at.title[0].value == "Khởi tạo hệ thống" and not db.exec(select(Account)).all()
    at.text_input(key="first_run_closes").input(f"30/12/{year}")
    at.button[0].click()
    at.run()
    assert not at.exception
    assert at.title[0].value == "Đăng nhập"
    assert "QnG2026a" in at.success[0].value
    admin = db.exec(select(Account)).one()
    assert admin.role == ADMIN and admin.cccd == "051080000001"


def test_first_run_page_gone_once_accounts_exist(people):
    at = app()
    assert at.title[0].value == "Đăng nhập"
    with pytest.raises(ValueError):
        at.switch_page("pages/first_run.py")


def fill_registration(at: AppTest, values: dict) -> None:
    for name, value in values.items():
        key = f"reg_{name}"
        if name in ("gender",):
            at.radio(key=key).set_value(value)
        elif name in ("ethnicity", "religion", "province_code", "ward_code"):
            at.selectbox(key=key).set_value(value)
        elif name in ("consent", "sensitive_consent"):
            at.checkbox(key=key).check() if value else at.checkbox(key=key).uncheck()
        else:
            at.text_input(key=key).input(value)
        if name == "province_code":
            at.run()


def test_registration_journey(db, people):
    at = goto(app(), "register")
    fill_registration(at, VALID)
    at.run()
    assert "Đơn vị: Ban Dân tộc tỉnh Quảng Ngãi" in [i.value for i in at.info]
    # values inside the password form are only kept by submitting it: type them again
    fill_registration(at, {k: VALID[k] for k in ("password", "password2", "consent")})
    at.button[0].click()
    at.run()
    assert not at.exception
    assert at.title[0].value == "Đăng nhập"
    assert "Đăng ký thành công" in at.success[0].value
    assert at.text_input[0].label == "Số CCCD"
    assert at.text_input[0].value == "051190001234"  # the login opens with the number registered
    account = db.exec(select(Account).where(Account.cccd == "051190001234")).one()
    assert account.full_name == "Nguyễn Thị Ánh" and account.unit_id == people["unit"].id


BAD_FIELDS = [
    ("unit_code", "XXXX", "8 chữ cái"),
    ("unit_code", "Zz99Zz99", "Không tìm thấy đơn vị"),
    ("cccd", "05119000123", "12 chữ số"),
    ("cccd", "051090001234", "giới tính"),
    ("cccd", "051191001234", "năm sinh"),
    ("cccd", "051090123456", "đã được đăng ký"),
    ("full_name", "Ánh", "đầy đủ họ và tên"),
    ("full_name", "Nguyễn Thị 4nh", "chỉ gồm chữ cái"),
    ("birth_year", "19x0", "4 chữ số"),
    ("password", "123456", "ít nhất 8"),
    ("password", "matkhau123", "dễ đoán"),
    ("password2", "khac-mat-khau", "không khớp"),
    ("phone", "12345", "Số điện thoại"),
    ("email", "a@b", "email không hợp lệ"),
    ("consent", False, "đồng ý"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_FIELDS)
def test_registration_bad_input_message_and_nothing_stored(db, people, field, value, message):
    before = len(db.exec(select(Account)).all())
    at = goto(app(), "register")
    values = dict(VALID)
    if field == "cccd" and value == "051090001234":
        values["gender"] = "Nữ"
    if field == "cccd" and value == "051090123456":
        values.update(gender="Nam")
    values[field] = value
    fill_registration(at, values)
    at.button[0].click()
    at.run()
    assert not at.exception
    assert at.title[0].value == "Đăng ký tài khoản"
    errors = field_errors(at)
    # The other field marked too: the gender or birth year the number disagrees with; the
    # repeated password, which no longer matches the one changed.
    both = (field == "cccd" and message in ("giới tính", "năm sinh")) or field == "password"
    assert len(errors) == (2 if both else 1) and message.lower() in errors[0].lower(), errors
    assert len(db.exec(select(Account)).all()) == before


def test_registration_unknown_unit_marked_with_the_other_mistakes(db, people):
    at = goto(app(), "register")
    fill_registration(at, dict(VALID, unit_code="Zz99Zz99", phone="12345"))
    at.button[0].click()
    at.run()
    errors = field_errors(at)
    assert len(errors) == 2 and "Không tìm thấy đơn vị" in errors[0] and "điện thoại" in errors[1]
    assert not at.warning  # one message for the code, not two


def test_registration_summary_says_each_password_mistake_whole(people):
    at = goto(app(), "register")
    fill_registration(at, dict(VALID, password="matkhau123", password2="matkhau124"))
    at.button[0].click()
    at.run()
    summary = next(h.value for h in at.html if 'id="tom-tat-loi"' in h.value)
    assert "Vui lòng sửa 2 mục" in summary
    assert '#loi-password" style="color:#8e1b1b">Mật khẩu quá dễ đoán' in summary
    assert ">Nhập lại mật khẩu</a>: Mật khẩu nhập lại không khớp." in summary


def test_registration_required_fields_all_marked(people):
    at = goto(app(), "register")
    at.button[0].click()
    at.run()
    errors = field_errors(at)
    required = ["unit_code", "cccd", "full_name", "gender", "birth_year"]
    assert len(errors) >= len(required) + 3  # + province, password, consent
    assert not any("dân tộc" in e.lower() for e in errors)  # sensitive data is never required


def test_unit_code_read_from_link_and_how_the_unit_takes_people_in(db, people):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["ma"] = "B51pzCjW"
    at.run()
    goto(at, "register")
    assert at.text_input(key="reg_unit_code").value == "B51pzCjW"
    assert "Đơn vị: Ban Dân tộc tỉnh Quảng Ngãi" in [i.value for i in at.info]
    # Before anything is typed: how this unit takes people in, so nobody learns it at the end.
    approval = "người quản lý đơn vị duyệt thì kết quả của bạn mới được tính"
    by_list = "Đơn vị đã có danh sách nhân sự: chỉ người có số CCCD và họ tên trong danh sách"
    assert approval in texts(at) and by_list not in texts(at)
    replace_staff(
        db, None, unit_id=people["unit"].id, now=JUNE,
        entries=[StaffEntry("Nguyễn Văn An", "051090123456", "", "")],
    )  # fmt: skip
    at.run()
    assert by_list in texts(at) and approval not in texts(at)


def test_login_generic_error_then_success(people):
    at = app()
    at.button[0].click()
    at.run()  # nothing typed: asked for both, no lookup
    assert [e.value for e in at.error] == ["Vui lòng nhập số CCCD và mật khẩu."]
    # A number of the wrong shape is told as such (no account is looked up for it).
    for number, said in (
        ("05109012345", "Số CCCD gồm đúng 12 chữ số (đã nhập 11 chữ số)."),
        ("051 090 123 4567", "Số CCCD gồm đúng 12 chữ số (đã nhập 13 chữ số)."),
        ("O51090123456", "Số CCCD chỉ gồm 12 chữ số, không có chữ cái hay ký hiệu."),
    ):
        at.text_input[0].input(number)
        at.text_input[1].input(PASSWORD)
        at.button[0].click()
        at.run()
        assert [e.value for e in at.error] == [said]
    for number, password in (("051090123456", "sai-mat-khau"), ("001099999999", PASSWORD)):
        at.text_input[0].input(number)
        at.text_input[1].input(password)
        at.button[0].click()
        at.run()
        assert [e.value for e in at.error] == ["Số CCCD hoặc mật khẩu không đúng."]
    at.text_input[0].input("051 090 123 456")  # as printed on the card
    at.text_input[1].input(PASSWORD)
    at.button[0].click()
    at.run()
    assert at.session_state["actor"] == people[CITIZEN]
    assert at.title[0].value == "Tự đánh giá"


@pytest.mark.parametrize("role", [CITIZEN, LEADER, MANAGER, ADMIN])
def test_each_role_reaches_exactly_its_pages(people, role):
    at = app(people[role])
    for page in sorted(ALL_PAGES):
        if page in ROLE_PAGES[role]:
            goto(at, page)
            assert at.title, page
        else:
            with pytest.raises(ValueError):
                at.switch_page(f"pages/{page}.py")


def test_logged_out_reaches_only_public_pages(people):
    at = app()
    for page in ROLE_PAGES[ADMIN] - {"guide"}:
        with pytest.raises(ValueError):
            at.switch_page(f"pages/{page}.py")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def field_errors(at: AppTest) -> list[str]:
    """The messages drawn next to fields (announced to screen readers: role="alert")."""
    found = (ALERT.fullmatch(h.value) for h in at.html)
    return [html.unescape(m.group(1)) for m in found if m]


def has(at: AppTest, kind: str, key: str) -> bool:
    return any(e.key == key for e in getattr(at, kind))


def whole_screen(at: AppTest) -> AppTest:
    """Run once more without a change. An answer or a note reruns only the form's draft line (a
    fragment), and AppTest, unlike a browser, shows only what that run drew."""
    at.run()
    assert not at.exception, at.exception
    return at


def open_parts(at: AppTest, *keys: str) -> AppTest:
    """Open the form's expanders with these keys, as a click on each would: their content (the
    evidence list and uploader, the explanation) is drawn only while they are open."""
    for key in keys:
        at.session_state[key] = True
    return whole_screen(at)


def answer_all(at: AppTest, group: str, points: dict[str, int], prefix: str = "") -> None:
    """Answer step by step: a radio or a number for each indicator on screen, then "Tiếp theo"
    until the last step."""
    while True:
        for indicator, value in points.items():
            key = f"{prefix}ans_{group}_{indicator}"
            if has(at, "radio", key):
                at.radio(key=key).set_value(value)
            elif has(at, "number_input", key):
                at.number_input(key=key).set_value(value)
        at.run()
        assert not at.exception, at.exception
        whole_screen(at)
        if not has(at, "button", f"{prefix}assess_next"):
            return
        at.button(key=f"{prefix}assess_next").click().run()


def review_and_send(at: AppTest, prefix: str = "") -> None:
    at.button(key=f"{prefix}assess_review").click().run()
    assert has(at, "button", f"{prefix}assess_send"), texts(at)
    at.button(key=f"{prefix}assess_send").click().run()
    assert not at.exception, at.exception


def step_text(at: AppTest) -> str:
    return at.get("progress")[0].proto.text


def test_assessment_is_three_steps_then_a_confirmation_then_the_result(db, people):
    at = app(people[CITIZEN])
    assert at.selectbox(key="assess_group").value == "III"
    assert "Bước 1/3" in step_text(at)
    at.text_input(key="note_III_1").input("Đọc 12 cuốn sách")
    points = {str(n): 10 for n in range(1, 11)}
    points["4"] = 3
    answer_all(at, "III", points)
    assert "Bước 3/3" in step_text(at)
    at.button(key="assess_review").click().run()
    expected = sum(points.values())
    assert at.metric[0].label == "Tổng điểm dự kiến"
    assert at.metric[0].value == f"{expected}/100"
    assert "chưa đạt" in at.warning[-1].value and "4" in at.warning[-1].value
    assert db.exec(select(Assessment)).all() == []  # nothing final before the confirmation
    at.button(key="assess_send").click().run()
    assert not at.exception
    assert at.metric[0].label == "Tổng điểm" and at.metric[0].value == f"{expected}/100"
    assert "Chưa đạt" in at.warning[-1].value and "4" in at.warning[-1].value
    assert [p.proto.text for p in at.get("progress")][0].endswith("**33/40**")
    row = db.exec(select(Assessment)).one()
    assert row.total == expected and row.notes == {"1": "Đọc 12 cuốn sách"}
    assert db.exec(select(AssessmentDraft)).all() == []  # the draft went with the submission


def test_answers_survive_going_back_a_step(people):
    at = app(people[CITIZEN])
    answer_all(at, "III", {"1": 10, "2": 8, "3": 5, "4": 3, "5": 10})
    assert "Bước 3/3" in step_text(at)  # "Tiếp theo" went through to the last step
    at.button(key="assess_back").click().run()
    at.button(key="assess_back").click().run()
    assert "Bước 1/3" in step_text(at)
    assert [at.radio(key=f"ans_III_{n}").value for n in (1, 2, 3, 4)] == [10, 8, 5, 3]


def test_answers_sent_with_the_button_press_in_one_rerun_are_all_kept(db, people):
    at = app(people[CITIZEN])
    for _ in range(3):  # each step: the clicks and "Tiếp theo" / "Xem lại và gửi" arrive together
        for indicator in range(1, 11):
            if has(at, "radio", f"ans_III_{indicator}"):
                at.radio(key=f"ans_III_{indicator}").set_value(8)
        at.button(
            key="assess_next" if has(at, "button", "assess_next") else "assess_review"
        ).click()
        at.run()
        assert not at.exception
    assert field_errors(at) == [] and has(at, "button", "assess_send")
    assert at.metric[0].label == "Tổng điểm dự kiến" and at.metric[0].value == "80/100"
    assert len(db.exec(select(AssessmentDraft)).one().answers) == 10


def test_an_answer_whose_callback_never_ran_still_reaches_the_draft(db, people):
    at = app(people[CITIZEN])
    at.session_state["ans_III_2"] = 5  # the widget holds 5; no on_change ran for it
    at.run()
    assert not at.exception and at.radio(key="ans_III_2").value == 5
    assert db.exec(select(AssessmentDraft)).one().answers == {"2": 5}


def test_assessment_missing_answer_goes_to_its_step_and_nothing_stored(db, people):
    at = app(people[CITIZEN])
    points = {str(n): 8 for n in range(1, 11)}
    del points["6"]
    answer_all(at, "III", points)
    at.button(key="assess_review").click().run()
    assert "Bước 2/3" in step_text(at)
    assert at.error[0].value == "Còn 1 chỉ số chưa chọn mức (đánh dấu bên dưới): 6."  # at the top
    assert field_errors(at) == ["Vui lòng chọn một mức."]
    assert not has(at, "button", "assess_send")
    assert db.exec(select(Assessment)).all() == []


def test_assessment_other_group_form(people):
    at = app(people[CITIZEN])
    other = "chọn nhóm khác: chỉ chọn khi đơn vị hướng dẫn"
    assert not [w for w in at.warning if other in w.value]  # the unit's own group
    at.selectbox(key="assess_group").set_value("IV")
    at.run()
    assert "Nhóm IV" in at.selectbox(key="assess_group").format_func("IV")
    assert at.radio(key="ans_IV_1") is not None
    [said] = [w.value for w in at.warning if other in w.value]
    assert said.startswith("Đơn vị của bạn tự đánh giá theo Nhóm III")


def close_the_window(db, people) -> int:
    """The unit's window of this year closed on 1 January, as its manager may set it; the year."""

    year = local_year(now_utc())
    set_unit_window(
        db,
        None,
        unit_id=people["unit"].id,
        year=year,
        opens_on=date(year, 1, 1),
        closes_on=date(year, 1, 1),
        now=JUNE,
    )
    db.commit()
    return year


def test_a_closed_window_shows_why_and_whom_to_ask_instead_of_a_form(db, people):
    """Nothing can be sent outside the window: no form to fill in vain, but who can open it
    again, the year's result and that a draft started earlier waits."""
    at = app(people[CITIZEN])
    at.radio(key="ans_III_1").set_value(10).run()  # a draft, started while the window is open
    year = close_the_window(db, people)
    at = app(people[CITIZEN])
    notice = at.warning[0].value
    assert notice.startswith(f"Đã hết thời hạn tự đánh giá năm {year}, từ ngày 01/01/{year}")
    assert "mở lại thời hạn" in notice
    assert not at.radio and not [b for b in at.button if b.key and b.key.startswith("assess_")]
    assert f"Năm {year} không có phiếu của bạn." in [m.value for m in at.markdown]
    assert any("đã lưu nháp vẫn được giữ" in c.value for c in at.caption)
    # Its manager is told where to open it again.
    manager = goto(app(people[MANAGER]), "assess")
    assert "đặt lại thời hạn ở trang **Cài đặt đơn vị**" in manager.warning[0].value
    assert [link.label for link in manager.get("page_link")][0] == "Mở Cài đặt đơn vị"
    # Opened again, the form is back where the person left it.
    set_unit_window(
        db, None, unit_id=people["unit"].id, year=year, opens_on=date(year, 1, 1),
        closes_on=date(year, 12, 31), now=JUNE,
    )  # fmt: skip
    db.commit()
    again = app(people[CITIZEN])
    assert not again.warning and again.radio(key="ans_III_1").value == 10


def test_a_window_closed_while_the_form_is_open_refuses_the_send_and_shows_on_reload(db, people):
    """The form keeps its unit's window between its own reruns (docs/PERFORMANCE.md): a window
    closed meanwhile is still refused when the form is sent, in words, and shown on the next
    whole run."""
    at = app(people[CITIZEN])
    answer_all(at, "III", {str(n): 10 for n in range(1, 11)})
    assert not at.warning
    year = close_the_window(db, people)
    review_and_send(at)  # two reruns of the form alone
    assert "Ngoài thời hạn" in at.error[0].value and "lưu nháp" in at.error[0].value
    assert db.exec(select(Assessment)).all() == []
    assert f"Đã hết thời hạn tự đánh giá năm {year}" in whole_screen(at).warning[0].value


def test_a_decided_year_shows_why_instead_of_a_form(db, people):

    year = local_year(now_utc())
    at = app(people[CITIZEN])
    answer_all(at, "III", {str(n): 8 for n in range(1, 11)})
    review_and_send(at)
    record_decision(
        db,
        people[MANAGER],
        unit_id=people["unit"].id,
        year=year,
        number="12/QĐ",
        signed_on=date(year, 11, 20),
        signer_name="Nguyễn Thế Nhân",
        signer_title="Trưởng ban",
        now=datetime(year, 11, 25, 3, 0, tzinfo=UTC),
    )
    later = app(people[CITIZEN])
    assert f"số {md('12/QĐ')} ngày 20/11/{year}" in later.info[0].value  # as Markdown shows it
    assert "không gửi hay sửa phiếu được nữa" in later.info[0].value
    assert any("**80/100** điểm, đạt mức công nhận" in m.value for m in later.markdown)
    assert not later.radio and [b.label for b in later.button] == ["Đăng xuất"]  # nothing to send


def test_my_results_after_submission(people):
    at = app(people[CITIZEN])
    answer_all(at, "III", {str(n): 8 for n in range(1, 11)})
    review_and_send(at)
    goto(at, "my_results")
    assert at.subheader[0].value == f"Năm {local_year(now_utc())}"
    assert at.metric[0].value == "80/100"
    assert "Đạt mức công nhận" in at.success[0].value
    assert AWAITING_DECISION in at.success[0].value  # the title comes with the head's decision
    assert at.caption[0].value.endswith("lần gửi thứ 1")  # no internal criteria code shown
    assert not [e for e in at.expander if e.label.startswith("Các lần gửi trước")]
    # Sent again, lower: the page counts the second send and lists the first, still readable.
    again = app(people[CITIZEN])  # a new visit opens the sent form to edit
    answer_all(again, "III", {str(n): 5 for n in range(1, 11)})
    review_and_send(again)
    goto(again, "my_results")
    assert again.metric[0].value == "50/100"
    assert again.caption[0].value.endswith("lần gửi thứ 2")
    [earlier] = [e for e in again.expander if e.label.startswith("Các lần gửi trước")]
    assert earlier.label == "Các lần gửi trước (1)"
    said = " ".join(m.value for m in earlier.markdown)
    assert said.startswith("- Lần 1, gửi lúc ") and said.endswith(": 80/100 điểm, đạt")


def test_every_answer_is_a_server_draft_at_once(db, people):
    at = app(people[CITIZEN])
    at.radio(key="ans_III_1").set_value(10)
    at.radio(key="ans_III_2").set_value(8)
    at.radio(key="ans_III_3").set_value(5)
    at.text_input(key="note_III_1").input("Chứng chỉ tin học")
    at.run()
    assert any("Đã lưu nháp lúc" in c.value for c in at.caption)
    draft = db.exec(select(AssessmentDraft)).one()
    assert (draft.answers, draft.notes) == ({"1": 10, "2": 8, "3": 5}, {"1": "Chứng chỉ tin học"})
    later = app(people[CITIZEN])  # a new session: another device, or after a refresh
    assert any("Đã lưu nháp lúc" in c.value for c in later.caption)
    assert "Bước 1/3" in step_text(later)  # indicator 4 is still open on step 1
    assert [later.radio(key=f"ans_III_{n}").value for n in (1, 2, 3, 4)] == [10, 8, 5, None]
    assert later.text_input(key="note_III_1").value == "Chứng chỉ tin học"
    answer_all(later, "III", {"4": 8, "5": 10, "6": 10})
    again = app(people[CITIZEN])
    assert "Bước 2/3" in step_text(again)  # 7 and 8 of step 2 are still open
    assert again.radio(key="ans_III_5").value == 10


def test_dashboard_and_roster_for_manager(people):
    citizen = app(people[CITIZEN])
    answer_all(citizen, "III", {str(n): 10 if n % 2 else 8 for n in range(1, 11)})
    review_and_send(citizen)
    at = goto(app(people[MANAGER]), "dashboard")
    metrics = {m.label: m.value for m in at.metric}
    # manager, leader and citizen are members; the administrator is not counted
    assert metrics == {"Đã đăng ký": "3", "Đã tự đánh giá": "1", "Đạt danh hiệu": "1"}
    # no staff list: counts, and no share or threshold claimed
    assert "chưa có danh sách nhân sự nên chưa tính" in texts(at)
    assert "Đạt điều kiện" not in texts(at) and "Chưa đạt điều kiện" not in texts(at)
    # The competencies' chart is labelled NL1… (a phone turned long names on end); the names
    # are written under it.
    assert "**NL1**: Năng lực tự học và học tập suốt đời · **NL2**: " in texts(at)
    goto(at, "roster")
    table = at.dataframe[0].value
    assert list(table["Số CCCD"]) == ["051*******56"]
    assert list(table["Tổng điểm"]) == [5 * 10 + 5 * 8]


def test_the_list_says_why_a_high_total_is_not_recognised(people):
    citizen = app(people[CITIZEN])
    answer_all(citizen, "III", {str(n): 3 if n == 4 else 10 for n in range(1, 11)})
    review_and_send(citizen)
    for who in (MANAGER, LEADER):
        table = goto(app(people[who]), "roster").dataframe[0].value
        assert table[["Tổng điểm", "Kết quả", "Ghi chú"]].values.tolist() == [
            [93, "Chưa đạt", "Chỉ số 4 dưới 5 điểm"]
        ]


def test_the_dashboard_asks_for_the_decision_once_the_window_has_closed(db, people):
    year, unit_id = local_year(now_utc()) - 1, people["unit"].id  # last year: closed on any date
    crit = load_all()["III"]
    submit_assessment(
        db, people[CITIZEN], criteria=crit, answers={i.id: 10 for i in crit.indicators}, notes={},
        now=datetime(year, 6, 15, 3, 0, tzinfo=UTC), window_defaults=((1, 1), (12, 31)),
    )  # fmt: skip
    asks = (
        f"thời hạn tự đánh giá năm {year} đã hết, chưa ghi nhận quyết định công nhận (1 người đạt)"
    )

    def dashboard(role: str) -> AppTest:
        at = goto(app(people[role]), "dashboard")
        at.selectbox(key="dash_year").set_value(year)
        return at.run()

    at = dashboard(MANAGER)
    assert asks in at.warning[0].value
    assert "Mở trang Quyết định công nhận" in [link.label for link in at.get("page_link")]
    assert asks not in texts(dashboard(LEADER))  # leaders read the figures; managers act
    assert asks not in texts(goto(app(people[MANAGER]), "dashboard"))  # this year is still open
    record_decision(
        db, people[MANAGER], unit_id=unit_id, year=year, number="45/QĐ-BDT",
        signed_on=date(year, 11, 20), signer_name="Đinh Văn Sơn", signer_title="Trưởng ban",
        now=datetime(year, 11, 25, 3, 0, tzinfo=UTC),
    )  # fmt: skip
    assert asks not in texts(dashboard(MANAGER))


def test_leader_dashboard_empty_year(people):
    at = goto(app(people[LEADER]), "dashboard")
    assert "Chưa có ai gửi phiếu" in texts(at)


def test_a_past_year_without_forms_claims_no_share_against_todays_staff_list(db, people):
    replace_staff(
        db, None, unit_id=people["unit"].id, now=JUNE,
        entries=[StaffEntry("Nguyễn Văn An", "051090123456", "", "")],
    )  # fmt: skip
    at = goto(app(people[LEADER]), "dashboard")
    assert "Chưa đạt điều kiện tỉ lệ" in texts(at)  # this year: a shortfall to act on
    last = local_year(now_utc()) - 1
    at.selectbox(key="dash_year").set_value(last).run()
    assert f"Năm {last} không có ai tự đánh giá trên hệ thống" in at.info[0].value
    assert "Chưa đạt điều kiện tỉ lệ" not in texts(at)
    # Nor today's accounts, reminders or departments, which are not that year's.
    assert not at.metric and not at.expander and not at.dataframe


def test_departments_beside_last_year_only_when_it_was_used(db, people):
    """A year nobody self-assessed in claims no share: no "0,0 %" beside each department."""
    replace_staff(
        db, None, unit_id=people["unit"].id, now=JUNE,
        entries=[
            StaffEntry("Nguyễn Văn An", "051090123456", "Văn phòng", ""),
            StaffEntry("Trần Thị Bình", "051190654321", "Phòng Tổng hợp", ""),
        ],
    )  # fmt: skip
    crit, year = load_all()["III"], local_year(now_utc())
    full = {i.id: 10 for i in crit.indicators}

    def departments() -> list[str]:
        at = goto(app(people[LEADER]), "dashboard")
        assert "Thêm họ vào danh sách" not in texts(at)  # a leader has no staff page
        return list(at.dataframe[0].value.columns)

    submit_assessment(
        db, people[CITIZEN], criteria=crit, answers=full, notes={}, now=now_utc(),
        window_defaults=((1, 1), (12, 31)),
    )  # fmt: skip
    assert f"Tỉ lệ đạt {year}" in departments()
    assert f"Tỉ lệ đạt {year - 1}" not in departments()
    submit_assessment(
        db, people[CITIZEN], criteria=crit, answers=full, notes={},
        now=datetime(year - 1, 6, 15, 3, 0, tzinfo=UTC), window_defaults=((1, 1), (12, 31)),
    )  # fmt: skip
    assert f"Tỉ lệ đạt {year - 1}" in departments()


def test_guide_shows_unit_contact(people):
    at = goto(app(people[CITIZEN]), "guide")
    assert "Đinh Văn Sơn" in texts(at) and "B51pzCjW" in texts(at)
    # The way to the send button, by the names of the form's buttons (the journey of
    # benchmarks/load/journey.py presses them, in tests/test_load_client.py).
    for button in (NEXT, REVIEW, SEND):
        assert f"**{button}**" in texts(at)


def test_the_guide_times_the_decision_by_the_units_window(db, people):
    year = local_year(now_utc())
    at = goto(app(people[CITIZEN]), "guide")  # the window runs to the end of the year
    assert f"Sau ngày 31/12/{year}, người quản lý của đơn vị trích xuất" in texts(at)
    assert "trong tháng 11" not in texts(at)
    set_unit_window(
        db, None, unit_id=people["unit"].id, year=year, opens_on=date(year, 1, 1),
        closes_on=date(year, 10, 31), now=JUNE,
    )  # fmt: skip
    at = goto(app(people[CITIZEN]), "guide")
    assert "Trước tháng 11, người quản lý" in texts(at) and "trong tháng 11." in texts(at)
    visitor = texts(goto(app(), "guide"))  # before logging in: the default window
    assert (
        "thường từ đầu năm đến hết ngày 31/10 hằng năm; mỗi đơn vị có thể đặt thời hạn khác, đăng nhập để xem thời hạn của đơn vị bạn. Trước tháng 11"
        in visitor
    )


def test_admin_creates_unit(db, people):
    at = goto(app(people[ADMIN]), "units")
    # Refused: every field at fault says why under itself, and what was typed stays.
    at.text_input(key="nu_contact_name").input("Nguyễn Thị Hoa")
    at.text_input(key="nu_contact_phone").input("abc-xyz")
    at.button[0].click()
    at.run()
    assert field_errors(at) == [
        "Vui lòng nhập tên đơn vị.",
        "Điện thoại liên hệ gồm 10 hoặc 11 chữ số, bắt đầu bằng 0 (ví dụ 0255 3822 123).",
    ]
    assert at.text_input(key="nu_contact_name").value == "Nguyễn Thị Hoa"
    assert db.exec(select(Unit).where(Unit.contact_name == "Nguyễn Thị Hoa")).first() is None
    # Created: the form is empty again for the next unit.
    at.text_input(key="nu_name").input("Trường THPT Trần Quốc Tuấn")
    at.text_input(key="nu_contact_phone").input("0255 3822 123")
    groups = at.radio(key="nu_group")  # each group by its whole name, not "II" alone
    assert groups.format_func("II").startswith("Nhóm II – ") and groups.value == "III"
    groups.set_value("II")
    at.button[0].click()
    at.run()
    assert not at.exception
    assert "Trường THPT Trần Quốc Tuấn" in at.success[0].value
    created = db.exec(select(Unit).where(Unit.name == "Trường THPT Trần Quốc Tuấn")).one()
    assert (created.contact_name, created.contact_phone) == ("Nguyễn Thị Hoa", "0255 3822 123")
    assert created.default_group == "II"
    assert at.text_input(key="nu_name").value == "" and not field_errors(at)
    assert at.radio(key="nu_group").value == "III"
    # Made after its default window closed (31 October): the page says how to open it again,
    # by the administrator who made it (a new unit has no manager yet).
    closed = now_utc() >= datetime(local_year(now_utc()), 10, 31, 17, 0, tzinfo=UTC)
    said = " ".join(w.value for w in at.warning)
    assert closed == ("bạn đặt lại thời hạn ở trang Cài đặt đơn vị" in said)
    assert closed == ("hoặc giao người quản lý cho đơn vị ở trang Tài khoản thành viên" in said)


def test_broken_criteria_file_stops_with_message(tmp_path, monkeypatch, people):
    src = ROOT / "criteria"
    for path in src.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    data = yaml.safe_load((tmp_path / "group_iii.yaml").read_text(encoding="utf-8"))
    data["competencies"][0]["indicators"][1]["id"] = "1"
    (tmp_path / "group_iii.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    monkeypatch.setenv("CDHT_CRITERIA_DIR", str(tmp_path))
    at = app()
    assert "group_iii.yaml" in at.error[0].value and "'1'" in at.error[0].value


def test_actor_is_plain_value(db, people):
    account = db.exec(select(Account).where(Account.role == CITIZEN)).one()
    assert actor_for(account) == people[CITIZEN]


def test_unit_settings_link_qr_details_and_window(db, people):
    at = goto(app(people[MANAGER]), "unit_settings")
    assert at.code[0].value.endswith("/dang-ky?ma=B51pzCjW")
    assert "chỉ mở được trên chính máy chủ" in at.warning[0].value  # no public address here
    assert len(at.get("image")) == 1
    groups = next(b for b in at.radio if b.label == "Nhóm đối tượng mặc định")
    assert groups.value == "III" and groups.format_func("III").startswith("Nhóm III – Cán bộ")
    governing = at.text_input[3]
    assert governing.label.startswith("Cơ quan chủ quản") and governing.value == ""
    governing.input("Ủy ban nhân dân tỉnh Quảng Ngãi")
    place = at.text_input[4]
    assert place.label.startswith("Địa danh") and place.value == ""
    place.input(" Quảng  Ngãi ")
    at.text_input[5].input("Trưởng ban")
    at.text_input[1].input("Nguyễn Thị Hà")
    at.button[0].click()
    at.run()
    assert not at.exception
    assert "Đã lưu thông tin đơn vị\\." in at.success[0].value
    unit = db.exec(select(Unit)).one()
    db.refresh(unit)
    assert (unit.head_title, unit.contact_name) == ("Trưởng ban", "Nguyễn Thị Hà")
    assert unit.governing_body == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert unit.place_name == "Quảng Ngãi"


def test_unit_settings_name_every_field_at_fault_and_keep_what_was_typed(db, people):
    create_unit(db, None, name="Sở Giáo dục và Đào tạo", now=JUNE)  # another top-level unit
    db.commit()
    at = goto(app(people[MANAGER]), "unit_settings")
    at.text_input[0].input("sở giáo dục và đào tạo")
    at.text_input[2].input("abc-xyz")
    at.text_input[5].input("Trưởng ban")
    at.button[0].click()
    at.run()
    assert not at.exception and not at.success
    assert field_errors(at) == [
        "Đã có một đơn vị cùng cấp mang tên này. Hãy đặt tên khác để phân biệt, ví dụ thêm tên "
        "xã, phường hoặc cơ quan chủ quản.",
        "Điện thoại liên hệ gồm 10 hoặc 11 chữ số, bắt đầu bằng 0 (ví dụ 0255 3822 123).",
    ]
    # The summary above the form links each field's message; a message that names its field
    # already is the link whole, its name neither said twice nor cut off.
    summary = next(h.value for h in at.html if 'id="tom-tat-loi"' in h.value)
    assert "Vui lòng sửa 2 mục" in summary
    assert ">Tên đơn vị</a>: Đã có một đơn vị cùng cấp mang tên này." in summary
    assert (
        '#loi-contact_phone" style="color:#8e1b1b">Điện thoại liên hệ gồm 10 hoặc 11 chữ số'
        in summary
    )
    assert [at.text_input[i].value for i in (0, 2, 5)] == [
        "sở giáo dục và đào tạo",
        "abc-xyz",
        "Trưởng ban",
    ]
    unit = db.get(Unit, people["unit"].id)
    db.refresh(unit)
    assert (unit.name, unit.head_title) == (people["unit"].name, people["unit"].head_title)
    at.text_input[0].input("Ban Dân tộc tỉnh Quảng Ngãi (cơ quan)")
    at.text_input[2].input("0255 3822 000")
    at.button[0].click()
    at.run()
    assert "Đã lưu thông tin đơn vị\\." in at.success[0].value and not field_errors(at)
    db.refresh(unit)
    assert (unit.name, unit.head_title) == ("Ban Dân tộc tỉnh Quảng Ngãi (cơ quan)", "Trưởng ban")


def test_a_locked_years_window_is_shown_not_offered_for_change(db, people):
    year, unit_id = local_year(now_utc()) - 1, people["unit"].id
    record_decision(
        db, people[MANAGER], unit_id=unit_id, year=year, number="45/QĐ-BDT",
        signed_on=date(year, 11, 20), signer_name="Đinh Văn Sơn", signer_title="Trưởng ban",
        now=now_utc(),
    )  # fmt: skip
    at = goto(app(people[MANAGER]), "unit_settings")
    assert at.text_input(key=f"closes_{unit_id}_{year + 1}").value  # this year: the form
    at.selectbox(key="settings_year").set_value(year).run()
    said = f"Năm {year} đã có Quyết định công nhận số {md('45/QĐ-BDT')} ngày 20/11/{year}"
    assert said in at.info[0].value
    assert "Mặc định: từ 01/01 đến hết 31/10" in texts(at)
    assert not has(at, "text_input", f"closes_{unit_id}_{year}")
    assert "Lưu thời hạn" not in [b.label for b in at.button]


def test_unit_settings_window_change_is_recorded(db, people):

    year = local_year(now_utc())
    at = goto(app(people[MANAGER]), "unit_settings")
    key = f"closes_{people['unit'].id}_{year}"
    closes = at.text_input(key=key)
    assert closes.value == f"31/12/{year}" and closes.placeholder.startswith("ngày/tháng/năm")
    stored = db.exec(select(AssessmentWindow.closes_on, AssessmentWindow.changed_by_id)).all()
    for typed, message in (
        (f"31/02/{year}", f"Tháng 2 năm {year} chỉ có"),  # a day the month does not have
        ("30-11", "Ngày phải gõ theo dạng ngày/tháng/năm"),
        ("", "Vui lòng nhập ngày"),
    ):
        at.text_input(key=key).input(typed)
        at.button[1].click()
        at.run()
        assert not at.exception
        assert any(message in m for m in field_errors(at)), (typed, field_errors(at))
        assert "chưa có gì được lưu" in at.error[0].value and not at.success
        now_stored = db.exec(select(AssessmentWindow.closes_on, AssessmentWindow.changed_by_id))
        assert now_stored.all() == stored  # nothing stored
    at.text_input(key=key).input(f"15/01/{year - 1}")  # last year's date typed by mistake
    at.button[1].click()
    at.run()
    assert field_errors(at) == [
        f"Thời hạn phải nằm trong năm {year} (từ 01/01/{year} đến 31/12/{year})."
    ]
    assert not at.success
    assert at.text_input(key=key).value == f"15/01/{year - 1}"  # kept on screen to correct
    # A day that leaves the window open now (30/11, or today once that has passed): saved at once.
    closing = max(local_date(now_utc()), date(year, 11, 30))
    at.text_input(key=key).input(f"{closing:%d/%m/%Y}")
    at.button[1].click()
    at.run()
    assert "Đã lưu thời hạn" in at.success[0].value and not field_errors(at)
    window = db.exec(select(AssessmentWindow)).one()
    db.refresh(window)
    assert window.closes_on == closing and window.changed_by_id == people[MANAGER].id


def test_a_window_that_would_end_at_once_is_saved_only_when_confirmed(db, people):
    year, today = local_year(now_utc()), local_date(now_utc())
    unit_id = people["unit"].id
    # The fixture's window runs all year: open now. Closing it yesterday, or opening it tomorrow
    # (on 1 January, when yesterday is last year), ends it at once.
    if today > date(year, 1, 1):
        field, day = "closes", today - timedelta(days=1)
    else:
        field, day = "opens", today + timedelta(days=1)
    stored = db.exec(select(AssessmentWindow.opens_on, AssessmentWindow.closes_on)).all()
    at = goto(app(people[MANAGER]), "unit_settings")
    at.text_input(key=f"{field}_{unit_id}_{year}").input(f"{day:%d/%m/%Y}")
    save = next(b for b in at.button if b.label == "Lưu thời hạn")
    save.click()
    at.run()
    asked = [w.value for w in at.warning if "đóng ngay khi lưu" in w.value]
    assert asked and "Chưa có gì được lưu" in asked[0] and not at.success
    assert at.text_input(key=f"{field}_{unit_id}_{year}").value == f"{day:%d/%m/%Y}"  # kept
    next(b for b in at.button if b.label == "Lưu thời hạn").click()  # again, without the tick
    at.run()
    assert not at.success
    assert db.exec(select(AssessmentWindow.opens_on, AssessmentWindow.closes_on)).all() == stored
    # Days that cannot be saved at all are refused under the dates, and the question goes.
    other = "opens" if field == "closes" else "closes"
    at.text_input(key=f"{other}_{unit_id}_{year}").input(
        f"{day + timedelta(days=1 if field == 'closes' else -1):%d/%m/%Y}"
    )
    next(b for b in at.button if b.label == "Lưu thời hạn").click()
    at.run()
    assert field_errors(at) == ["Ngày mở phải trước hoặc bằng ngày kết thúc."]
    assert not any("đóng ngay khi lưu" in w.value for w in at.warning)
    assert db.exec(select(AssessmentWindow.opens_on, AssessmentWindow.closes_on)).all() == stored
    at.text_input(key=f"{other}_{unit_id}_{year}").input(
        f"{date(year, 1, 1) if field == 'closes' else date(year, 12, 31):%d/%m/%Y}"
    )
    next(b for b in at.button if b.label == "Lưu thời hạn").click()  # asked again
    at.run()
    assert any("đóng ngay khi lưu" in w.value for w in at.warning)
    at.checkbox(key=f"window_sure_{unit_id}_{year}").check()
    next(b for b in at.button if b.label == "Lưu thời hạn").click()
    at.run()
    assert "Đã lưu thời hạn" in at.success[0].value
    window = db.exec(select(AssessmentWindow)).one()
    db.refresh(window)
    assert getattr(window, f"{field}_on") == day
    assert not any("đóng ngay khi lưu" in w.value for w in at.warning)  # not asked any more


def test_decision_records_locks_and_citizen_sees_it(db, people):

    citizen = app(people[CITIZEN])
    answer_all(citizen, "III", {str(n): 10 for n in range(1, 11)})
    review_and_send(citizen)
    year = local_year(now_utc())
    at = goto(app(people[MANAGER]), "decision")
    assert "**1** người đạt" in texts(at)
    caution = at.warning[0].value  # before locking: who has not assessed, the open window
    assert "người đã đăng ký chưa tự đánh giá" in caution and f"khoá kết quả năm {year}" in caution
    at.text_input[0].input("45")
    signed = at.text_input(key=f"signed_on_{people['unit'].id}_{year}")
    signed.input(f"31/02/{year}")  # a day February does not have
    at.text_input[2].input("Nhân")  # no family name
    at.button[0].click()  # and without the confirmation box: every mistake is named at once
    at.run()
    said = field_errors(at)
    assert said[0].startswith("Ngày chưa đúng") and "chưa có gì được lưu" in said[0], said
    assert any(f"Tháng 2 năm {year} chỉ có" in m for m in said), said
    # The unit's head title is still the generic one: the page says so, and the signer's title
    # is left for the manager to type, not filled with a title nobody holds.
    assert "còn để chức danh chung “Thủ trưởng đơn vị”, chưa ghi chức danh thật" in at.info[0].value
    assert said[-3:] == [
        "Vui lòng nhập đầy đủ họ và tên.",
        "Vui lòng nhập chức vụ người ký.",
        "Vui lòng đánh dấu xác nhận trước khi ghi nhận.",
    ]
    assert (at.text_input[0].value, at.text_input[2].value) == ("45", "Nhân")  # kept
    assert not at.success and db.exec(select(RecognitionDecision)).all() == []
    at.text_input[2].input("Nguyễn Thế Nhân")
    at.text_input[3].input("Trưởng ban")
    at.checkbox[0].check()
    today = local_date(now_utc())
    # Only a decision already signed locks the year: a day after today is refused.
    day = at.text_input(key=f"signed_on_{people['unit'].id}_{year}")
    day.input(f"{today + timedelta(days=1):%d/%m/%Y}")
    at.button[0].click()
    at.run()
    assert field_errors(at) == [
        f"Ngày ký không được sau hôm nay ({today:%d/%m/%Y}): chỉ ghi nhận quyết định đã ký. "
        "Quyết định chưa ký thì tải dự thảo để trình ký."
    ]
    assert db.exec(select(RecognitionDecision)).all() == []
    at.text_input(key=f"signed_on_{people['unit'].id}_{year}").input(f"{today:%d/%m/%Y}")
    at.checkbox[0].check()
    at.button[0].click()
    at.run()
    assert not at.exception
    assert "1 người được công nhận" in at.success[0].value
    assert "Quyết định số 45" in at.success[1].value and "Trưởng ban" in at.success[1].value
    mine = goto(app(people[CITIZEN]), "my_results")
    assert any("Quyết định số 45" in s.value for s in mine.success)
    paper = goto(app(people[MANAGER]), "paper_entry")  # locked before anyone is picked
    assert f"kết quả năm {year} đã chốt, không nhập hay sửa phiếu được nữa" in texts(paper)
    assert not paper.selectbox
    assert not any(AWAITING_DECISION in s.value for s in mine.success)
    again = app(people[CITIZEN])
    assert "kết quả năm" in again.info[0].value and "đã chốt" in again.info[0].value
    assert not again.radio  # no form to fill in a decided year
    assert db.exec(select(Assessment)).one().total == 100


def test_temporary_password_must_be_changed_first(db, people):
    from cdht.db.accounts import reset_password

    temporary = reset_password(db, people[MANAGER], account_id=people[CITIZEN].id, now=now_utc())
    at = app()
    at.text_input[0].input("051090123456")
    at.text_input[1].input(temporary)
    at.button[0].click()
    at.run()
    assert at.title[0].value == "Đổi mật khẩu"
    for page in ("assess", "my_results", "guide"):
        with pytest.raises(ValueError):
            at.switch_page(f"pages/{page}.py")
    at.button[0].click()  # nothing typed: each field says what it needs, nothing is checked
    at.run()
    assert field_errors(at) == [
        "Vui lòng nhập mật khẩu hiện tại.",
        "Vui lòng nhập mật khẩu mới.",
        "Vui lòng nhập lại mật khẩu mới.",
    ]
    at.text_input[0].input(temporary)
    at.text_input[1].input("123456")
    at.text_input[2].input("123456")
    at.button[0].click()
    at.run()
    assert any("dễ đoán" in m or "ít nhất" in m for m in field_errors(at)), field_errors(at)
    at.text_input[0].input(temporary)
    at.text_input[1].input("Mat-khau-moi-2026")
    at.text_input[2].input("Mat-khau-moi-2026")
    at.button[0].click()
    at.run()
    assert not at.exception
    assert at.title[0].value == "Tự đánh giá"


def test_a_refused_new_leader_keeps_what_was_typed_and_names_each_field(db, people):
    at = goto(app(people[MANAGER]), "members")
    at.text_input(key="an_cccd").input("05107500033")  # 11 digits
    at.text_input(key="an_name").input("Hồ")  # no given name
    at.button(key="FormSubmitter:appoint_new-Tạo tài khoản").click()
    at.run()
    assert not at.exception and not at.code
    said = field_errors(at)
    assert len(said) == 2 and "12 chữ số" in said[0], said
    assert said[1] == "Vui lòng nhập đầy đủ họ và tên."
    assert (at.text_input(key="an_cccd").value, at.text_input(key="an_name").value) == (
        "05107500033",
        "Hồ",
    )
    assert db.exec(select(Account).where(Account.full_name == "Hồ")).first() is None
    at.text_input(key="an_cccd").input("051075000333")
    at.text_input(key="an_name").input("hồ văn nam")
    at.button(key="FormSubmitter:appoint_new-Tạo tài khoản").click()
    at.run()
    made = db.exec(select(Account).where(Account.cccd == "051075000333")).one()
    assert (made.full_name, made.role, made.must_change_password) == ("Hồ Văn Nam", LEADER, True)
    assert len(at.code[0].value) == 10 and not field_errors(at)
    assert at.text_input(key="an_cccd").value == "" and at.text_input(key="an_name").value == ""


def test_manager_resets_from_members_page(db, people):
    at = goto(app(people[MANAGER]), "members")
    assert "051*******56" in list(at.dataframe[0].value["Số CCCD"])
    at.selectbox(key="reset_person").set_value(people[CITIZEN].id)
    at.button(key="FormSubmitter:reset-Cấp mật khẩu tạm").click()
    at.run()
    temporary = at.code[0].value
    assert len(temporary) == 10
    account = db.get(Account, people[CITIZEN].id)
    db.refresh(account)
    assert account.must_change_password is True


def test_manager_enters_a_paper_form(db, people):
    at = goto(app(people[MANAGER]), "paper_entry")
    # The number written on the paper finds its person, whom the list shows masked.
    at.text_input(key="paper_lookup").input("051 099 999 999").run()
    assert field_errors(at) == [
        "Không có ai mang số CCCD 051099999999 trong danh sách chọn (thành viên và danh sách "
        "nhân sự của đơn vị). Người chưa có trong danh sách nhân sự: thêm ở trang Nhân sự đơn vị "
        "trước."
    ]
    assert at.selectbox(key="paper_person").value is None
    at.text_input(key="paper_lookup").input("051090123456").run()
    assert at.selectbox(key="paper_person").value == "051090123456" and not field_errors(at)
    assert at.text_input(key="paper_lookup").value == ""
    prefix = f"paper{people[CITIZEN].id}_"
    answer_all(at, "III", {str(n): 8 if n % 2 else 5 for n in range(1, 11)}, prefix)
    at.button(key=f"{prefix}assess_review").click().run()  # said to the manager, of the person
    assert "vẫn có thể sửa và nhập lại phiếu của Nguyễn Văn An" in texts(at)
    assert "bạn vẫn có thể sửa và gửi lại" not in texts(at)
    at.button(key=f"{prefix}assess_send").click().run()
    assert at.metric[0].value == f"{5 * 8 + 5 * 5}/100"
    assert "Nguyễn Văn An" in at.success[0].value
    row = db.exec(select(Assessment)).one()
    assert row.account_id == people[CITIZEN].id and row.entered_by_id == people[MANAGER].id
    # The next time, the choice says who already has a form (online or on paper) this year.
    year = local_year(now_utc())
    again = goto(app(people[MANAGER]), "paper_entry")
    marked = [o for o in again.selectbox(key="paper_person").options if "đã có phiếu" in o]
    assert marked == ["Nguyễn Văn An (051*******56) – đã có phiếu"]
    said = f"Danh sách dưới đây có 2 người; 1 người đã có phiếu năm {year}, 1 người chưa có."
    assert said in texts(again)


def test_rollup_page_for_admin_and_parent_manager(db, people):
    child = create_unit(
        db, None, name="Trường THCS Nghĩa Hành", code="NghiaH01", parent_code="B51pzCjW", now=JUNE
    )
    db.commit()
    replace_staff(
        db,
        None,
        unit_id=people["unit"].id,
        now=JUNE,
        entries=[StaffEntry("Nguyễn Văn An", "051090123456", "", "")],
    )
    at = goto(app(people[ADMIN]), "rollup")
    # A unit without member units has nothing to sum up: not offered as a parent.
    parents = next(s for s in at.selectbox if s.label == "Đơn vị cấp trên")
    assert parents.options == ["Tất cả đơn vị", "Ban Dân tộc tỉnh Quảng Ngãi"]
    table = at.dataframe[0].value
    assert dict(zip(table["Đơn vị"], table["Điều kiện"], strict=True)) == {
        "Ban Dân tộc tỉnh Quảng Ngãi": "Dưới 90 %",  # on the list, none recognised yet: red
        child.name: "Chưa có danh sách",  # no staff list: no share claimed, not red
    }
    assert "**1** đơn vị dưới ngưỡng mức 1" in texts(at)
    assert "**1** đơn vị chưa có danh sách nhân sự" in texts(at)
    # The share and the people still needed are numbers, so sorting by them sorts by value.
    assert table["Tỉ lệ"].tolist()[0] == 0 and table["Tỉ lệ"].isna().tolist() == [False, True]
    assert table["Cần thêm"].tolist()[0] == 1
    # The details view: the first unit's code and its figures under their full names.
    assert "Mã đơn vị: **B51pzCjW**" in texts(at)
    assert "Nhân sự theo danh sách: **1**" in texts(at)
    assert "trong danh sách nhân sự); chưa đạt điều kiện tỉ lệ của mức 1 (90 %)" in texts(at)
    # A unit chosen in the details, then the year changed: the details follow the year.
    details = next(s for s in at.selectbox if s.label == "Xem chi tiết đơn vị")
    details.select_index(1).run()
    assert "Chưa có danh sách nhân sự: không tính tỉ lệ." in texts(at)
    next(s for s in at.selectbox if s.label == "Xem chi tiết đơn vị").select_index(0).run()
    assert "Nhân sự theo danh sách: **1**" in texts(at)
    # Last year nobody self-assessed: no share is claimed, and it is no shortfall.
    next(s for s in at.selectbox if s.label == "Năm").set_value(local_year(now_utc()) - 1).run()
    table = at.dataframe[0].value
    assert table["Điều kiện"].tolist()[0] == "Không có phiếu" and table["Tỉ lệ"].isna().all()
    assert "**0** đơn vị dưới ngưỡng mức 1" in texts(at)
    assert "Không có ai tự đánh giá năm này: không tính tỉ lệ." in texts(at)
    at = goto(app(people[MANAGER]), "rollup")
    assert list(at.dataframe[0].value["Đơn vị"]) == [child.name]


def test_units_of_two_levels_named_alike_are_told_apart_by_their_codes(db, people):
    """Names differ under one parent only: the list of every unit, of all levels, adds the code
    to a name two units share."""
    create_unit(db, None, name="ban dân tộc tỉnh  Quảng Ngãi", code="BDTcon01",
                parent_code="B51pzCjW", now=JUNE)  # fmt: skip
    db.commit()
    at = goto(app(people[ADMIN]), "rollup")
    assert sorted(at.dataframe[0].value["Đơn vị"]) == [
        "Ban Dân tộc tỉnh Quảng Ngãi (mã B51pzCjW)",
        "ban dân tộc tỉnh Quảng Ngãi (mã BDTcon01)",
    ]
    parents = next(s for s in at.selectbox if s.label == "Đơn vị cấp trên")
    assert "Ban Dân tộc tỉnh Quảng Ngãi (mã B51pzCjW)" in parents.options
    details = next(s for s in at.selectbox if s.label == "Xem chi tiết đơn vị")
    assert "ban dân tộc tỉnh Quảng Ngãi (mã BDTcon01)" in details.options


def test_a_new_unit_named_like_one_under_another_parent_asks_for_a_tick_first(db, people):
    """A top-level unit named like a unit under a parent is allowed, but more often a parent
    not chosen: the first press names the other unit and creates nothing; the tick creates it.
    The parent picker tells the two apart by their codes."""
    create_unit(db, None, name="Trường THCS Nghĩa Hà", code="THCSnh01",
                parent_code="B51pzCjW", now=JUNE)  # fmt: skip
    db.commit()
    at = goto(app(people[ADMIN]), "units")
    at.text_input(key="nu_name").input("trường THCS  Nghĩa Hà")
    at.button[0].click()
    at.run()
    [said] = field_errors(at)
    assert said.startswith(
        "Đã có đơn vị mang tên này ở cấp khác (mã THCSnh01, thuộc Ban Dân tộc tỉnh Quảng Ngãi)."
    )
    assert len(db.exec(select(Unit).where(Unit.name.contains("Nghĩa Hà"))).all()) == 1
    assert at.text_input(key="nu_name").value == "trường THCS  Nghĩa Hà"
    at.checkbox(key="nu_namesake_ok").check()
    at.button[0].click()
    at.run()
    assert not field_errors(at) and not at.exception
    made = db.exec(select(Unit).where(Unit.name == "trường THCS Nghĩa Hà")).one()
    assert made.parent_id is None
    assert not [c for c in at.checkbox if c.key == "nu_namesake_ok"]  # gone with the form's text
    parents = next(s for s in at.selectbox if s.label == "Đơn vị cấp trên (nếu có)")
    assert {"Trường THCS Nghĩa Hà (mã THCSnh01)", f"trường THCS Nghĩa Hà (mã {made.code})"} <= set(
        parents.options
    )
    # Under the same parent as the other, the name is refused outright (the data layer's rule).
    at.text_input(key="nu_name").input("Trường THCS Nghĩa Hà")
    at.selectbox(key="nu_parent").set_value(people["unit"].id)
    at.button[0].click()
    at.run()
    assert field_errors(at)[0].startswith("Đã có một đơn vị cùng cấp mang tên này.")


def test_login_locked_after_repeated_failures_says_when(people):
    at = app()
    for n in range(6):
        at.text_input[0].input("051090123456")
        at.text_input[1].input(f"sai-mat-khau-{n}")
        at.button[0].click()
        at.run()
    assert "thử lại sau" in at.error[0].value
    at.text_input[0].input("051090123456")
    at.text_input[1].input(PASSWORD)  # even the right password waits for the lock to pass
    at.button[0].click()
    at.run()
    assert "thử lại sau" in at.error[0].value and "actor" not in at.session_state


def test_admin_reads_the_audit_log(db, people):
    from cdht.db.audit import record
    from cdht.db.roster_rows import export_roster

    export_roster(db, people[MANAGER], unit_id=people["unit"].id, year=2026, criteria={}, now=JUNE)
    at = goto(app(people[ADMIN]), "audit")
    at.selectbox[-2].set_value("export.roster")
    at.run()
    table = at.dataframe[0].value
    assert list(table["Việc"]) == ["Tải danh sách (có CCCD)"]
    assert list(table["Người làm"]) == ["Trần Minh Sơn (051*******11)"]
    assert table["Chi tiết"][0] == "năm: 2026; số dòng: 0"
    assert list(table.columns) == [
        "Thời điểm", "Việc", "Người làm", "Chi tiết", "Đơn vị", "Địa chỉ truy cập"
    ]  # fmt: skip
    assert at.dataframe[0].proto.row_height == 35  # one line of detail: one-line rows
    at.text_input(key="audit_since").input("16/06/2026").run()  # the export was on 15 June
    assert not at.dataframe  # not an empty table: Streamlit would write "empty" in it
    assert [i.value for i in at.info] == ["Không có dòng nhật ký nào khớp bộ lọc."]
    at.text_input(key="audit_since").input("31/06/2026").run()  # June has 30 days
    assert field_errors(at) == ["Tháng 6 năm 2026 chỉ có 30 ngày, không có ngày 31."]
    assert list(at.dataframe[0].value["Việc"]) == ["Tải danh sách (có CCCD)"]  # no filter
    at.text_input(key="audit_since").input("15/06/2026").run()
    at.text_input(key="audit_until").input("15/6/2026").run()
    assert not field_errors(at)
    assert list(at.dataframe[0].value["Việc"]) == ["Tải danh sách (có CCCD)"]
    # A long detail (a long name typed at a failed login) makes rows of up to four lines.
    record(db, action="login.failed", at=JUNE, detail="Nguyễn Văn An " * 6)
    db.commit()
    at.selectbox[-2].set_value("login.failed").run()
    assert at.dataframe[0].proto.row_height == 10 + 20 * 3  # 84 characters: 3 lines of 40


def test_a_person_corrects_their_province_and_ward_on_my_data(db, people):
    from cdht import reference

    at = goto(app(people[CITIZEN]), "my_data")
    assert "Đang ghi: " in texts(at)
    at.button(key="md_place_save").click().run()  # nothing chosen: said under the field
    assert "Vui lòng chọn tỉnh, thành phố." in field_errors(at)
    hanoi = next(p for p in reference.provinces() if p.name.endswith("Hà Nội"))
    ward = reference.wards(hanoi.code)[0]
    at.selectbox(key="md_province").set_value(hanoi.code).run()
    assert at.selectbox(key="md_ward").options[0] == ward.name
    at.button(key="md_place_save").click().run()  # a province without its ward: nothing stored
    assert "Vui lòng chọn phường, xã thuộc tỉnh, thành phố đã chọn." in field_errors(at)
    account = db.get(Account, people[CITIZEN].id)
    db.refresh(account)
    assert (account.province_code, account.ward_code) == (51, 21025)
    at.selectbox(key="md_ward").set_value(ward.code).run()
    at.button(key="md_place_save").click().run()
    assert md("Đã lưu tỉnh, phường.") in [s.value for s in at.success]
    db.refresh(account)
    assert (account.province_code, account.ward_code) == (hanoi.code, ward.code)
    assert f"Đang ghi: {md(ward.name)}, {md(hanoi.name)}." in texts(at)


def test_my_data_names_who_handles_my_requests_never_myself(people):
    said = {role: texts(goto(app(people[role]), "my_data")) for role in (CITIZEN, MANAGER, ADMIN)}
    assert "cần sửa thì báo người quản lý đơn vị." in said[CITIZEN]
    assert "cần sửa thì báo người quản lý khác của đơn vị hoặc quản trị hệ thống." in said[MANAGER]
    assert "Yêu cầu do quản trị hệ thống khác xử lý." in said[ADMIN]


def test_sensitive_data_is_withdrawn_from_my_data(db, people):
    account = db.get(Account, people[CITIZEN].id)
    assert account.ethnicity == "Kinh" and account.sensitive_consented_at is not None
    at = goto(app(people[CITIZEN]), "my_data")
    assert "Bạn đã đồng ý cung cấp: Dân tộc\\: Kinh" in texts(at)  # typed text escaped
    everything = at.get("download_button")[0]
    assert everything.proto.label == "Tải về toàn bộ dữ liệu của tôi"
    assert everything.proto.help.startswith("Một tệp JSON: dạng máy đọc được")
    press = next(b for b in at.button if b.label == "Rút lại đồng ý")
    press.click().run()
    assert "Vui lòng đánh dấu xác nhận." in [e.value for e in at.error]
    db.refresh(account)
    assert account.ethnicity == "Kinh"  # nothing changed without the tick
    next(c for c in at.checkbox if c.label.startswith("Tôi rút lại")).check()
    next(b for b in at.button if b.label == "Rút lại đồng ý").click().run()
    db.refresh(account)
    assert account.ethnicity == "" and account.sensitive_consented_at is None
    assert account.sensitive_withdrawn_at is not None
    events = db.exec(
        select(AuditEvent).where(AuditEvent.action == "consent.withdraw_sensitive")
    ).all()
    assert [e.actor_id for e in events] == [account.id]
    assert "Dữ liệu nhạy cảm" not in [h.value for h in at.subheader]  # nothing left to show


def test_administrators_see_deletion_requests_left_waiting(db, people):
    from datetime import timedelta

    from cdht.db.my_data import request_deletion

    request_deletion(db, people[CITIZEN], now=datetime.now(UTC) - timedelta(days=8))
    at = goto(app(people[ADMIN]), "units")
    assert any("1 yêu cầu xoá dữ liệu cá nhân đã chờ quá 7 ngày" in w.value for w in at.warning)
    table = at.dataframe[0].value
    assert list(table["Người yêu cầu"]) == ["Nguyễn Văn An (051*******56)"]
    manager = goto(app(people[MANAGER]), "members")  # the manager carries it out
    assert "Nguyễn Văn An" in texts(manager)


def test_a_recent_deletion_request_is_not_yet_overdue(db, people):
    from cdht.db.my_data import request_deletion

    request_deletion(db, people[CITIZEN], now=datetime.now(UTC))
    at = goto(app(people[ADMIN]), "units")
    assert not any("yêu cầu xoá" in w.value for w in at.warning)


def test_a_page_that_fails_says_so_in_vietnamese_and_the_log_keeps_why(
    db, people, monkeypatch, caplog
):
    import cdht.db.my_data

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is gone")

    monkeypatch.setattr(cdht.db.my_data, "my_data", broken)
    at = app(people[CITIZEN])
    at.switch_page("pages/my_data.py")
    with caplog.at_level("ERROR", logger="cdht.app"):
        at.run()
    assert not at.exception  # Streamlit's own box (English, naming Streamlit Cloud) is not shown
    assert [e.value for e in at.error] == [
        "Trang này gặp lỗi ngoài ý muốn nên chưa hiện hết. Việc vừa làm có thể chưa được lưu: hãy "
        "tải lại trang và kiểm tra. Nếu lỗi lặp lại, hãy báo người quản trị hệ thống kèm thời "
        "điểm xảy ra."
    ]
    assert "the disk is gone" not in texts(at)
    assert "page du-lieu failed" in caplog.text and "the disk is gone" in caplog.text
    assert "Đăng xuất" in [b.label for b in at.sidebar.button]  # the menu stays to go elsewhere


def test_my_data_shows_corrects_and_takes_a_deletion_request(db, people):
    at = goto(app(people[CITIZEN]), "my_data")
    items = dict(zip(at.table[0].value["Mục"], at.table[0].value["Giá trị"], strict=True))
    assert items["Số CCCD"] == "051090123456" and items["Đơn vị"] == "Ban Dân tộc tỉnh Quảng Ngãi"
    assert items["Yêu cầu xoá lúc"] == "—"  # nothing held: said, not an empty cell
    at.text_input[1].input("Phòng Tổng hợp")
    at.text_input[3].input("12345")
    next(t for t in at.text_input if t.label == "Email").input("an.nguyen@")
    at.button[0].click()
    at.run()
    # Every field at fault says why under itself; what was typed stays; nothing is stored.
    assert field_errors(at) == [
        "Số điện thoại gồm 10 chữ số, bắt đầu bằng 0 (hoặc +84).",
        "Địa chỉ email không hợp lệ.",
    ]
    assert (at.text_input[1].value, at.text_input[3].value) == ("Phòng Tổng hợp", "12345")
    assert db.get(Account, people[CITIZEN].id).department != "Phòng Tổng hợp"
    at.text_input[3].input("0905123456")
    at.text_input[0].input("nguyễn văn ân")  # typed without capitals
    next(t for t in at.text_input if t.label == "Email").input("an.nguyen@example.vn")
    at.button[0].click()
    at.run()
    assert "Đã lưu thông tin\\." in at.success[0].value  # flash messages are shown as written
    # The e-mail is shown whole: no invisible joiner after "@" to be copied with it.
    items = dict(zip(at.table[0].value["Mục"], at.table[0].value["Giá trị"], strict=True))
    assert items["Email"] == "an\\.nguyen\\@example\\.vn"
    account = db.get(Account, people[CITIZEN].id)
    db.refresh(account)
    assert (account.department, account.phone) == ("Phòng Tổng hợp", "0905123456")
    assert account.full_name == "Nguyễn Văn Ân"
    assert "**Nguyễn Văn Ân**" in [m.value for m in at.sidebar.markdown]  # the menu at once
    next(c for c in at.checkbox if c.label.startswith("Tôi muốn xoá")).check()
    next(b for b in at.button if b.label == "Gửi yêu cầu xoá").click()
    at.run()
    db.refresh(account)
    assert account.deletion_requested_at is not None


def test_sign_up_by_scanning_the_card(db, people):
    from tests.test_cccd_qr import CARD, card_photo

    at = goto(app(), "register")
    at.file_uploader(key="reg_card_photo").set_value(
        ("the.jpg", card_photo("xin chào"), "image/jpeg")
    )
    at.run()
    assert "không phải mã trên thẻ CCCD" in at.error[0].value
    assert at.text_input(key="reg_cccd").value == ""
    at.file_uploader(key="reg_card_photo").set_value(
        ("card.jpg", card_photo(CARD, angle=90), "image/jpeg")
    )
    at.run()
    assert not at.exception
    assert at.text_input(key="reg_cccd").value == "051190001234"
    assert at.text_input(key="reg_full_name").value == "Nguyễn Thị Ánh"
    assert at.radio(key="reg_gender").value == "Nữ"
    assert at.text_input(key="reg_birth_year").value == "1990"
    rest = {
        k: v for k, v in VALID.items() if k not in ("cccd", "full_name", "gender", "birth_year")
    }
    fill_registration(at, rest)
    at.run()
    fill_registration(at, {k: VALID[k] for k in ("password", "password2", "consent")})
    at.button[0].click()
    at.run()
    assert at.title[0].value == "Đăng nhập"
    stored = db.exec(select(Account).where(Account.cccd == "051190001234")).one()
    assert (stored.full_name, stored.gender, stored.birth_year) == ("Nguyễn Thị Ánh", "Nữ", 1990)


@pytest.mark.parametrize(
    ("setting", "shown"),
    [
        ("", set()),
        ("ethnicity", {"Dân tộc"}),
        ("ethnicity,religion", {"Dân tộc", "Tôn giáo"}),
    ],
)
def test_sensitive_fields_asked_only_as_configured(db, people, monkeypatch, setting, shown):
    monkeypatch.setenv("CDHT_SENSITIVE_FIELDS", setting)
    at = goto(app(), "register")
    labels = {s.label for s in at.selectbox}
    assert labels & {"Dân tộc", "Tôn giáo"} == shown
    sensitive = {"ethnicity", "sensitive_consent"}
    values = {k: v for k, v in VALID.items() if k not in sensitive or "ethnicity" in setting}
    if "religion" in setting:
        values["religion"] = "Phật giáo"
    fill_registration(at, values)
    at.run()
    fill_registration(at, {k: VALID[k] for k in ("password", "password2", "consent")})
    at.button[0].click()
    at.run()
    assert at.title[0].value == "Đăng nhập", [m.value for m in at.markdown]
    account = db.exec(select(Account).where(Account.cccd == "051190001234")).one()
    assert account.ethnicity == ("Kinh" if "ethnicity" in setting else "")
    assert account.religion == ("Phật giáo" if "religion" in setting else "")
    assert account.consent_version.endswith("".join(f"+{f}" for f in setting.split(",") if f))
    assert (account.sensitive_consented_at is not None) == bool(setting)


def test_manager_carries_out_a_deletion_request(db, people):
    from cdht.db.my_data import request_deletion

    request_deletion(db, people[CITIZEN], now=JUNE)
    at = goto(app(people[MANAGER]), "members")
    assert any("Nguyễn Văn An" in m.value and "yêu cầu xoá" in m.value for m in at.markdown)
    at.checkbox[0].check()
    next(b for b in at.button if b.label == "Xoá dữ liệu").click()
    at.run()
    assert not at.exception
    assert "Đã xoá dữ liệu" in at.success[-1].value
    account = db.get(Account, people[CITIZEN].id)
    db.refresh(account)
    assert account.role == "erased" and account.full_name == "(đã xoá)"


def test_the_form_draws_an_indicators_explanation_and_evidence_only_when_opened(db, people):
    """Closed parts cost no elements on a step (see docs/PERFORMANCE.md); opening one draws it."""
    source = yaml.safe_load((ROOT / "criteria" / "group_iii.yaml").read_text("utf-8"))
    first = source["competencies"][0]["indicators"][0]
    at = app(people[CITIZEN])
    assert first["explanation"] not in texts(at)
    assert not at.get("file_uploader")
    open_parts(at, "help_1", "ev_open_1")
    assert first["explanation"] in texts(at)
    assert f"Ví dụ minh chứng: {first['evidence_example']}" in [c.value for c in at.caption]
    assert [u.key for u in at.get("file_uploader")] == ["ev_III_1_0"]
    at.session_state["help_1"] = False
    whole_screen(at)
    assert first["explanation"] not in texts(at)
    assert [u.key for u in at.get("file_uploader")] == ["ev_III_1_0"]


def test_evidence_attached_in_the_form_reaches_my_data_and_the_manager(db, people):
    from tests.test_evidence import image_bytes

    at = open_parts(app(people[CITIZEN]), "ev_open_1", "ev_open_2")
    at.file_uploader(key="ev_III_1_0").set_value(("../bằng khen.png", image_bytes(), "image/png"))
    at.run()
    assert not at.exception
    assert "Đã đính kèm 1 tệp minh chứng." in [c.value for c in at.caption]
    assert [b.label for b in at.button if b.label == "Xoá"] == ["Xoá"]  # its part stays open
    assert not has(at, "file_uploader", "ev_III_1_0")  # the picked file left the widget
    at.file_uploader(key="ev_III_2_1").set_value(("virus.png", b"MZ\x90\x00", "image/png"))
    at.run()
    assert field_errors(at) == [
        "Tệp có đuôi .png nhưng nội dung không đọc được như ảnh hay PDF: tệp có thể bị hỏng "
        "hoặc đã bị đổi đuôi. Hãy mở thử tệp trên máy, hoặc chụp lại rồi gửi."
    ]
    stored = db.exec(select(EvidenceFile)).one()
    assert (stored.indicator_id, stored.filename) == ("1", "bằng khen.png")
    goto(at, "my_data")
    assert "Năm" in texts(at) and "chỉ số 1" in texts(at)
    manager = goto(app(people[MANAGER]), "roster")
    assert manager.selectbox(key="roster_evidence_person").value[0] == "Nguyễn Văn An"
    admin = goto(app(people[ADMIN]), "roster")
    assert "Chỉ người quản lý của đơn vị" in texts(admin)


def test_a_staff_file_that_drops_most_of_the_list_is_saved_only_when_confirmed(db, people):
    import openpyxl

    from cdht.staff_import import COLUMNS

    names = ("An", "Bình", "Cường", "Dũng", "Hà", "Khánh")
    listed = [StaffEntry(f"Lê Văn {x}", f"05109000010{n}", "", "") for n, x in enumerate(names)]
    replace_staff(db, None, unit_id=people["unit"].id, now=JUNE, entries=listed)
    book = openpyxl.Workbook()
    book.active.append(list(COLUMNS))
    book.active.append([listed[0].full_name, listed[0].cccd, "Văn phòng", ""])
    data = io.BytesIO()
    book.save(data)
    at = goto(app(people[MANAGER]), "staff")
    at.file_uploader[0].set_value(("nham.xlsx", data.getvalue(), XLSX)).run()
    assert "Tệp này bỏ 5 trong 6 người" in at.error[0].value
    update = next(b for b in at.button if b.label == "Cập nhật danh sách nhân sự")
    assert update.disabled
    assert len(db.exec(select(StaffMember)).all()) == 6  # nothing changed
    next(c for c in at.checkbox if c.label.startswith("Tôi đã kiểm tra")).check().run()
    update = next(b for b in at.button if b.label == "Cập nhật danh sách nhân sự")
    assert not update.disabled
    update.click().run()
    assert "Đã cập nhật danh sách nhân sự\\: 1 người" in texts(at)
    assert [m.cccd for m in db.exec(select(StaffMember)).all()] == [listed[0].cccd]


def test_a_manager_adds_one_person_to_the_staff_list(db, people):
    at = goto(app(people[MANAGER]), "staff")

    def add(**typed: str) -> AppTest:
        for label, value in typed.items():
            next(t for t in at.text_input if t.label.startswith(label)).input(value)
        next(b for b in at.button if b.label == "Thêm vào danh sách").click()
        return at.run()

    add(**{"Họ và tên": "An", "Số CCCD": "12345"})
    errors = field_errors(at)
    assert any("12 chữ số" in e for e in errors) and len(errors) == 2
    assert db.exec(select(StaffMember)).all() == []  # nothing stored
    assert next(t for t in at.text_input if t.label == "Số CCCD *").value == "12345"  # kept
    add(**{"Họ và tên": "Võ Thị Lan", "Số CCCD": "051190000777", "Chức vụ": "Kế toán viên"})
    assert not field_errors(at) and "Đã thêm Võ Thị Lan vào danh sách nhân sự" in texts(at)
    assert "Danh sách hiện tại: 1 người" in [h.value for h in at.subheader]
    assert next(t for t in at.text_input if t.label == "Số CCCD *").value == ""  # a new form
    add(**{"Họ và tên": "Võ Thị Lan", "Số CCCD": "051190000777"})
    assert field_errors(at) == ["Số CCCD này đã có trong danh sách: Võ Thị Lan."]
    assert len(db.exec(select(StaffMember)).all()) == 1
    assert not at.warning
    # Someone whose account is another unit's is added: the page says they are not counted here.
    other = create_unit(db, None, name="Sở Tư pháp", code="Tp2026ab", now=JUNE)
    db.commit()
    add_user(db, "citizen", "051175000999", "Hồ Thị Mai", unit_code=other.code)
    add(**{"Họ và tên": "Hồ Thị Mai", "Số CCCD": "051175000999"})
    assert "1 người trong danh sách đã có tài khoản ở một đơn vị khác" in at.warning[0].value
    assert "Hồ Thị Mai" in at.warning[0].value


def test_sign_up_without_staff_list_waits_then_manager_approves(db, people):
    at = goto(app(), "register")
    fill_registration(at, VALID)
    at.run()
    fill_registration(at, {k: VALID[k] for k in ("password", "password2", "consent")})
    at.button[0].click()
    at.run()
    assert "chờ người quản lý duyệt" in at.success[0].value
    account = db.exec(select(Account).where(Account.cccd == "051190001234")).one()
    assert account.membership == "pending"

    manager = goto(app(people[MANAGER]), "dashboard")
    assert "1 người đăng ký đang chờ duyệt" in texts(manager)
    goto(manager, "approvals")
    assert "Chờ duyệt: 1 người" in [h.value for h in manager.subheader]
    # Enough to know the person: name, masked number, gender and year of birth.
    assert "**Nguyễn Thị Ánh** · CCCD 051*******34 · Nữ, sinh năm 1990" in texts(manager)
    manager.button(key=f"approve_{account.id}").click()
    manager.run()
    assert "Đã duyệt Nguyễn Thị Ánh\\." in [m.value for m in manager.success]  # shown as written
    db.refresh(account)
    assert account.membership == "approved"


def test_a_wait_left_from_before_the_staff_list_is_told_as_not_counted_even_if_approved(db, people):
    add_citizen(db, approved=False, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình")
    replace_staff(
        db, None, unit_id=people["unit"].id, now=JUNE,
        entries=[StaffEntry("Nguyễn Văn An", "051090123456", "", "")],
    )  # fmt: skip
    said = "1 người đăng ký đang chờ duyệt, không có tên trong danh sách nhân sự (duyệt cũng"
    assert said in texts(goto(app(people[MANAGER]), "dashboard"))
    decision = goto(app(people[MANAGER]), "decision")
    assert "không có tên trong danh sách nhân sự: họ không có trong quyết định, dù được duyệt" in (
        texts(decision)
    )


def test_approve_all_is_offered_for_two_or_more_and_approves_each(db, people):
    first = add_citizen(
        db, approved=False, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình"
    )
    manager = goto(app(people[MANAGER]), "approvals")
    assert not [b for b in manager.button if b.label.startswith("Duyệt tất cả")]  # one: its own
    second = add_citizen(db, approved=False, cccd="051095111222", full_name="Trần Văn Cường")
    manager = goto(app(people[MANAGER]), "approvals")
    [everyone] = [b for b in manager.button if b.label.startswith("Duyệt tất cả")]
    assert everyone.label == "Duyệt tất cả 2 người"
    everyone.click().run()
    assert md("Đã duyệt 2 người.") in [s.value for s in manager.success]
    for who in (first, second):
        assert db.get(Account, who.id).membership == "approved"


def test_stale_approval_after_a_rejection_says_so(db, people):
    from cdht.db.membership import decide

    waiting = add_citizen(
        db, approved=False, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình"
    )
    manager = goto(app(people[MANAGER]), "approvals")
    decide(
        db,
        people[ADMIN],
        unit_id=people["unit"].id,
        approve=False,
        now=JUNE,
        account_ids=[waiting.id],
    )  # another manager, meanwhile
    manager.button(key=f"approve_{waiting.id}").click()
    manager.run()
    assert not manager.exception
    assert "đã bị từ chối" in manager.error[0].value
    assert db.get(Account, waiting.id).membership == "rejected"


def test_taken_number_reported_from_sign_up_and_given_back_on_page(db, people):
    at = goto(app(), "register")
    taken = {**VALID, "cccd": "051090123456", "full_name": "Nguyễn Văn An", "gender": "Nam"}
    fill_registration(at, taken)
    at.run()
    fill_registration(at, {k: VALID[k] for k in ("password", "password2", "consent")})
    at.button[0].click()
    at.run()
    assert "đã được đăng ký" in " ".join(field_errors(at))
    at.text_input(key="reg_report_phone").input("0912345678")
    at.button(key="FormSubmitter:report_taken-Báo cho người quản lý").click()
    at.run()
    assert "Đã gửi báo cáo" in at.success[0].value
    report = db.exec(select(MembershipReport)).one()
    assert (report.full_name, report.phone, report.status) == (
        "Nguyễn Văn An",
        "0912345678",
        "open",
    )

    manager = goto(app(people[MANAGER]), "approvals")
    give = f"FormSubmitter:report_{report.id}-Trả số cho người báo"
    manager.button(key=give).click()
    manager.run()
    assert "Vui lòng đánh dấu xác nhận trước." in [e.value for e in manager.error]
    manager.checkbox(key=f"report_sure_{report.id}").check()
    manager.button(key=give).click()
    manager.run()
    assert any("Đã trả số" in m.value for m in manager.success)
    holder = db.get(Account, people[CITIZEN].id)
    db.refresh(holder)
    assert holder.membership == "closed" and holder.cccd != "051090123456"


def test_unit_settings_next_years_window_and_the_kind_of_unit(db, people):

    next_year = local_year(now_utc()) + 1
    at = goto(app(people[MANAGER]), "unit_settings")
    assert at.selectbox(key="settings_year").value == next_year - 1  # this year first
    at.selectbox(key="settings_year").set_value(next_year)
    at.run()
    assert f"Thời hạn tự đánh giá năm {next_year}" in [h.value for h in at.subheader]
    assert at.text_input(key=f"opens_{people['unit'].id}_{next_year}").value == f"01/01/{next_year}"
    at.text_input(key=f"opens_{people['unit'].id}_{next_year}").input(f"01/01/{next_year}")
    at.text_input(key=f"closes_{people['unit'].id}_{next_year}").input(f"31/10/{next_year}")
    at.button[1].click()
    at.run()
    assert "Đã lưu thời hạn" in at.success[0].value
    window = db.exec(select(AssessmentWindow).where(AssessmentWindow.year == next_year)).one()
    assert (window.opens_on, window.closes_on) == (date(next_year, 1, 1), date(next_year, 10, 31))

    next(r for r in at.radio if r.label.startswith("Loại đơn vị")).set_value("school")
    at.button[0].click()
    at.run()
    unit = db.exec(select(Unit)).one()
    db.refresh(unit)
    assert unit.kind == "school"
    dashboard = goto(app(people[MANAGER]), "dashboard")
    assert "chưa có danh sách nhân sự" in texts(dashboard)


def test_admin_appoints_a_child_units_manager_on_the_members_page(db, people):
    child = create_unit(
        db, None, name="Trường THCS Nghĩa Hành", code="NghiaH01", parent_code="B51pzCjW", now=JUNE
    )
    db.commit()
    pupil = add_citizen(
        db, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình", unit_code="NghiaH01"
    )
    at = goto(app(people[ADMIN]), "members")
    at.selectbox(key="members_unit").set_value(
        next(u for u in at.selectbox(key="members_unit").options if "NghiaH01" in u)
    )
    at.run()
    at.selectbox(key="role_person").set_value(pupil.id)
    at.selectbox(key="role_new").set_value(MANAGER)
    at.button(key="FormSubmitter:role-Lưu vai trò").click()
    at.run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert "Lê Thị Bình nay là quản lý đơn vị" in at.success[0].value
    assert db.get(Account, pupil.id).role == MANAGER

    appointed = app(actor_for(db.get(Account, pupil.id)))
    goto(appointed, "dashboard")
    assert child.name in texts(appointed)


def test_admin_appoints_a_parent_units_manager_on_the_units_page(db, people):
    create_unit(
        db, None, name="Trường THCS Nghĩa Hành", code="NghiaH01", parent_code="B51pzCjW", now=JUNE
    )
    db.commit()
    at = goto(app(people[ADMIN]), "units")
    assert at.selectbox(key="pm_unit").value.code == "B51pzCjW"  # the only parent unit
    managers = at.dataframe[-1].value
    assert list(managers["Họ và tên"]) == ["Trần Minh Sơn"]
    at.text_input(key="pm_cccd").input("05107500")
    at.text_input(key="pm_name").input("Hồ Văn Nam")
    at.button(key="FormSubmitter:parent_manager-Giao vai trò quản lý").click()
    at.run()
    assert not at.exception
    assert "12 chữ số" in " ".join(field_errors(at)) and not at.success
    assert at.text_input(key="pm_name").value == "Hồ Văn Nam"  # kept to correct
    assert db.exec(select(Account).where(Account.full_name == "Hồ Văn Nam")).first() is None
    at.text_input(key="pm_cccd").input("051 075 000 333")
    at.button(key="FormSubmitter:parent_manager-Giao vai trò quản lý").click()
    at.run()
    assert not at.exception and not field_errors(at)
    assert "Hồ Văn Nam (051*******33) nay là người quản lý của Ban Dân tộc" in at.success[0].value
    temporary = at.code[-1].value
    assert authenticate(db, "051075000333", temporary, now=now_utc()).role == MANAGER
    assert list(at.dataframe[-1].value["Họ và tên"]) == ["Hồ Văn Nam", "Trần Minh Sơn"]
    assert at.text_input(key="pm_cccd").value == ""  # emptied for the next person


def test_manager_offers_only_leader_and_citizen_roles(db, people):
    at = goto(app(people[MANAGER]), "members")
    roles = at.selectbox(key="role_new")
    assert set(roles.options) == {"Công dân", "Lãnh đạo đơn vị"}


def test_paper_form_for_a_listed_person_without_account_joins_their_sign_up(db, people):
    manager = db.get(Account, people[MANAGER].id)
    replace_staff(
        db,
        None,
        unit_id=people["unit"].id,
        now=JUNE,
        entries=[
            StaffEntry("Nguyễn Thị Ánh", "051190001234", "Văn thư", "Nhân viên"),
            StaffEntry(manager.full_name, manager.cccd, "Văn phòng", "Chánh Văn phòng"),
        ],
    )
    at = goto(app(people[MANAGER]), "paper_entry")
    options = at.selectbox(key="paper_person").options
    assert "Nguyễn Thị Ánh (051*******34) – chưa có tài khoản" in options
    # The manager, on the list with an account, does not enter a paper form of their own.
    assert not [o for o in options if o.startswith(manager.full_name)], options
    at.selectbox(key="paper_person").set_value("051190001234")
    at.run()
    assert "chưa có tài khoản" in at.info[0].value
    assert db.exec(select(Account).where(Account.cccd == "051190001234")).first() is None
    at.button(key="paper_start").click()
    at.run()
    paper = db.exec(select(Account).where(Account.cccd == "051190001234")).one()
    assert paper.paper_only and paper.department == "Văn thư"
    prefix = f"paper{paper.id}_"
    answer_all(at, "III", {str(n): 10 for n in range(1, 11)}, prefix)
    review_and_send(at, prefix)
    assert at.metric[0].value == "100/100"
    # A new visit picks the profile made then: straight to its form, not "sẽ tạo … một hồ sơ".
    later = goto(app(people[MANAGER]), "paper_entry")
    later.selectbox(key="paper_person").set_value("051190001234").run()
    assert not [b for b in later.button if b.key == "paper_start"]
    assert not any("sẽ tạo cho họ một hồ sơ" in i.value for i in later.info)
    assert "Nguyễn Thị Ánh có phiếu giấy được nhập năm" in texts(later)

    # the person signs up later: the account, with the paper result, becomes theirs
    signup = goto(app(), "register")
    fill_registration(signup, VALID)
    signup.run()
    fill_registration(signup, {k: VALID[k] for k in ("password", "password2", "consent")})
    signup.button[0].click()
    signup.run()
    assert "Đăng ký thành công" in signup.success[0].value
    db.refresh(paper)
    assert not paper.paper_only and paper.consent_version
    row = db.exec(select(Assessment)).one()
    assert (row.account_id, row.total, row.entered_by_id) == (paper.id, 100, people[MANAGER].id)
    # Their form says who entered the result they find there.
    mine = app(actor_for(paper))
    assert mine.title[0].value == "Tự đánh giá"
    assert "Người quản lý đơn vị đã nhập phiếu giấy của bạn năm" in mine.info[0].value


def test_managers_leaders_and_admins_land_on_the_dashboard_citizens_on_the_form(people):
    for role, title in (
        (ADMIN, "Tổng quan đơn vị"),
        (MANAGER, "Tổng quan đơn vị"),
        (LEADER, "Tổng quan đơn vị"),
        (CITIZEN, "Tự đánh giá"),
    ):
        assert app(people[role]).title[0].value == title


def test_leader_reads_departments_last_year_and_the_list_without_numbers(db, people):
    from datetime import datetime

    year = local_year(now_utc())
    unit_id = people["unit"].id
    listed = [
        StaffEntry("Nguyễn Văn An", "051090123456", "Văn phòng", ""),
        StaffEntry("Lê Thị Nhung", "051175000222", "Thanh tra", ""),
        StaffEntry("Võ Văn Chưa", "051070000001", "Thanh tra", ""),
    ]
    replace_staff(db, None, unit_id=unit_id, now=JUNE, entries=listed)
    crit = load_all()["III"]
    full = {i.id: 10 for i in crit.indicators}
    last_year = datetime(year - 1, 6, 15, 3, 0, tzinfo=UTC)
    for who, when in ((people[CITIZEN], now_utc()), (people[LEADER], last_year)):
        submit_assessment(
            db,
            who,
            criteria=crit,
            answers=full,
            notes={},
            now=when,
            window_defaults=((1, 1), (12, 31)),
        )
    at = goto(app(people[LEADER]), "dashboard")
    table = at.dataframe[0].value
    assert list(table["Phòng/ban"]) == ["Thanh tra", "Văn phòng"]  # who lags first
    assert list(table[f"Tỉ lệ đạt {year}"]) == ["0,0 %", "100,0 %"]
    assert list(table[f"Tỉ lệ đạt {year - 1}"]) == ["50,0 %", "0,0 %"]
    assert f"Năm {year - 1}: 1 người tự đánh giá, 1 người đạt" in texts(at)
    assert "tỉ lệ đạt 33,3 % (1/3 người trong danh sách nhân sự hiện nay)." in texts(at)

    # Last year's decision keeps last year's figures: a person added to Thanh tra since then
    # changes this year's share, not last year's.
    from datetime import date

    from cdht.db.decisions import record_decision

    record_decision(
        db,
        people[MANAGER],
        unit_id=unit_id,
        year=year - 1,
        number="12",
        signed_on=date(year - 1, 11, 20),
        signer_name="Nguyễn Thế Nhân",
        signer_title="Trưởng ban",
        now=last_year.replace(month=11, day=25),
    )
    newcomer = StaffEntry("Đỗ Thị Mới", "051190000003", "Thanh tra", "")
    replace_staff(db, None, unit_id=unit_id, now=JUNE, entries=[*listed, newcomer])
    at = goto(app(people[LEADER]), "dashboard")
    table = at.dataframe[0].value
    assert list(table[f"Tỉ lệ đạt {year - 1}"]) == ["50,0 %", "0,0 %"]
    frozen = (
        "tỉ lệ đạt 33,3 % (1/3 người trong danh sách nhân sự khi ghi nhận quyết định công nhận)."
    )
    assert frozen in texts(at)  # not 1 of the 4 listed now
    assert at.metric[0].value == "4"  # this year: today's list
    assert [e.label for e in at.expander] == [
        "Chưa đăng ký: 2 người",
        f"Đã đăng ký nhưng chưa tự đánh giá năm {year}: 1 người",
    ]
    at.selectbox(key="dash_year").set_value(year - 1).run()  # a past year: nobody to remind
    assert at.metric[0].value == "3" and not at.expander

    goto(at, "roster")
    listed = at.dataframe[0].value
    assert list(listed["Họ và tên"]) == ["Nguyễn Văn An"] and "Số CCCD" not in listed.columns
    assert not at.get("download_button")


def test_login_and_guide_say_what_to_do_when_the_password_is_forgotten(people):
    login = app()
    assert "mật khẩu tạm" in texts(login).split("Quên mật khẩu?")[1]
    # Logged out, the unit's code (from the join link) tells whom to ask.
    login.text_input(key="login_unit_code").input("XXXXXXXX").run()
    assert field_errors(login) == [
        "Không tìm thấy đơn vị có mã này. Kiểm tra lại mã: 8 chữ cái hoặc chữ số."
    ]
    login.text_input(key="login_unit_code").input(" b51pzcjw ").run()
    assert not field_errors(login)
    assert "Đinh Văn Sơn, điện thoại 0255 3822 000" in login.info[0].value
    anyone = goto(app(), "guide")
    assert "tìm theo mã đơn vị ở cuối trang" in texts(anyone)
    anyone.text_input(key="guide_unit_code").input("B51pzCjW").run()
    assert "Đinh Văn Sơn" in anyone.info[-1].value
    guide = goto(app(people[CITIZEN]), "guide")
    assert "Quên mật khẩu?" in texts(guide)
    assert "Đinh Văn Sơn" in texts(guide) and "0255 3822 000" in texts(guide)


def test_an_evidence_files_name_is_drawn_as_named_on_its_button(db, people, tmp_path):
    """A button's label is Markdown: a file named like a link or bold text shows its name."""
    from cdht.db.evidence import add_evidence
    from cdht.db.file_store import FileStore
    from cdht.ui.text import md
    from tests.test_evidence import image_bytes

    info = add_evidence(
        db, people[CITIZEN], store=FileStore(tmp_path / "evidence"), indicator_id="2",
        name="Bằng _đậm_ [a](javascript:alert(1)).png", data=image_bytes(), now=now_utc(),
    )  # fmt: skip
    assert "[a](javascriptalert(1))" in info.filename  # kept by the file-name rule
    at = goto(app(people[CITIZEN]), "my_data")
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(label.startswith(md(info.filename) + " (") for label in labels), labels


def test_my_results_name_the_files_attached_to_each_indicator(db, people, tmp_path):
    from cdht.db.evidence import add_evidence
    from cdht.db.file_store import FileStore
    from tests.test_evidence import image_bytes

    at = app(people[CITIZEN])
    add_evidence(
        db, people[CITIZEN], store=FileStore(tmp_path / "evidence"), indicator_id="2",
        name="kế hoạch học tập.png", data=image_bytes(), now=now_utc(),
    )  # fmt: skip
    answer_all(at, "III", {str(n): 8 for n in range(1, 11)})
    review_and_send(at)
    goto(at, "my_results")
    said = [c.value for c in at.caption]
    [files] = [c for c in said if c.startswith("Tệp minh chứng: ")]
    assert files.startswith("Tệp minh chứng: kế hoạch học tập\\.png (") and files.endswith(" KB)")
    assert "Tải các tệp minh chứng ở trang Dữ liệu của tôi." in said


def test_a_decided_year_reads_as_settled_on_the_dashboard(db, people):
    """Once the year's decision is recorded the dashboard says its figures are kept, the year
    locked and the shortfall settled, and reminds nobody: no one can send a form any more."""
    year, today = local_year(now_utc()), local_date(now_utc())
    replace_staff(
        db, None, unit_id=people["unit"].id, now=JUNE,
        entries=[StaffEntry("Nguyễn Văn An", "051090123456", "", ""),
                 StaffEntry("Hồ Thị Chưa", "051190000777", "", "")],
    )  # fmt: skip
    citizen = app(people[CITIZEN])
    answer_all(citizen, "III", {str(n): 10 for n in range(1, 11)})
    review_and_send(citizen)
    before = goto(app(people[MANAGER]), "dashboard")
    assert "Chưa đạt điều kiện tỉ lệ của mức 1 (90 %): cần thêm 1 người" in texts(before)
    assert [e.label for e in before.expander] == ["Chưa đăng ký: 1 người"]
    record_decision(
        db, people[MANAGER], unit_id=people["unit"].id, year=year, number="45/QĐ-BDT",
        signed_on=today, signer_name="Đinh Văn Sơn", signer_title="Trưởng ban", now=now_utc(),
    )  # fmt: skip
    after = goto(app(people[MANAGER]), "dashboard")
    said = texts(after)
    assert f"Số liệu năm {year} giữ nguyên như khi ghi nhận quyết định công nhận" in said
    assert f"Kết quả năm {year} đã khoá khi ghi nhận quyết định công nhận" in said
    assert "Không đạt điều kiện tỉ lệ của mức 1 (90 %): còn thiếu 1 người" in said
    assert "cần thêm" not in said and not after.expander


def test_my_details_show_what_was_stored_after_a_save(db, people):
    """A name typed all small with extra spaces is stored cleaned; the box then shows the
    stored name, even when it equals the one stored before."""
    at = goto(app(people[CITIZEN]), "my_data")
    box = next(t for t in at.text_input if t.label == "Họ và tên *")
    assert box.value == "Nguyễn Văn An"
    box.input("  nguyễn   văn an ")
    next(b for b in at.button if b.label == "Lưu thay đổi").click().run()
    assert not at.exception
    assert next(t for t in at.text_input if t.label == "Họ và tên *").value == "Nguyễn Văn An"
    assert db.get(Account, people[CITIZEN].id).full_name == "Nguyễn Văn An"
