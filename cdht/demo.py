"""A demo database: one agency of about 60 staff with realistic answers over two years."""

import math
import random
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from cdht.criteria import CriteriaSet, load_all
from cdht.db.accounts import create_user, has_any_account, register_citizen
from cdht.db.assessments import submit_assessment
from cdht.db.decisions import record_decision
from cdht.db.engine import init_db, make_engine
from cdht.db.staff import replace_staff
from cdht.db.units import create_unit, set_unit_window
from cdht.passwords import password_problem
from cdht.reference import provinces, wards
from cdht.registration import Registration
from cdht.roles import Actor
from cdht.staff_import import StaffEntry
from cdht.window import VN_TZ, local_year, now_utc

DEMO_UNIT_CODE = "B51pzCjW"
STAFF = 60
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = {"Nam": ("Văn", "Minh", "Hữu", "Đức", "Quốc", "Thành"), "Nữ": ("Thị", "Ngọc", "Thu", "Mỹ")}
GIVEN = {
    "Nam": (
        "An",
        "Bảo",
        "Cường",
        "Dũng",
        "Đạt",
        "Hải",
        "Hùng",
        "Khoa",
        "Long",
        "Nam",
        "Phúc",
        "Sơn",
    ),
    "Nữ": ("Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Lan", "Linh", "Mai", "Ngân", "Thảo", "Vy"),
}
DEPARTMENTS = ("Văn phòng", "Phòng Chính sách", "Phòng Kế hoạch - Tổng hợp", "Thanh tra")
POSITIONS = ("Chuyên viên", "Chuyên viên chính", "Phó Trưởng phòng", "Trưởng phòng", "Nhân viên")
ETHNIC_MIX = ("Kinh", "Tày", "Thái", "Mường", "Hrê", "Co")
ETHNIC_WEIGHTS = (20, 1, 1, 1, 3, 2)
UNREGISTERED = 5  # on the staff list but never signed up: the ones a manager chases
# Share of staff who self-assess each year.
PARTICIPATION = (0.85, 0.93)


def _cccd(rng: random.Random, gender: str, year: int, used: set[str]) -> str:
    digit = (0 if year < 2000 else 2) + (1 if gender == "Nữ" else 0)
    while True:
        number = f"051{digit}{year % 100:02d}{rng.randrange(10**6):06d}"
        if number not in used:
            used.add(number)
            return number


def _answers(rng: random.Random, criteria, skill: float) -> dict[str, int]:
    answers = {}
    for ind in criteria.indicators:
        levels = [lv.points for lv in ind.levels]
        weights = [math.exp(-((p / 10 - skill) ** 2) / 0.02) + 0.005 for p in levels]
        answers[ind.id] = rng.choices(levels, weights)[0]
    return answers


def _moment(rng: random.Random, start: date, end: date) -> datetime:
    day = start + timedelta(days=int(rng.triangular(0, (end - start).days, (end - start).days)))
    local = datetime.combine(day, time(rng.randrange(7, 22), rng.randrange(60)), VN_TZ)
    return local.astimezone(UTC)


def _random_name(rng: random.Random) -> tuple[str, str]:
    """A plausible full name and its gender."""
    gender = rng.choice(("Nam", "Nữ"))
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
    return name, gender


def _submit_two_years(
    session: Session,
    rng: random.Random,
    accounts: list[tuple[Actor, float]],
    criteria: CriteriaSet,
    this_year: int,
) -> None:
    """Last year's and this year's forms, each person by their skill, on days of the window."""
    for year, share in zip((this_year - 1, this_year), PARTICIPATION, strict=True):
        for who, skill in accounts:
            if rng.random() > share:
                continue
            start, end = date(year, 9, 5), date(year, 10, 30)
            submit_assessment(
                session,
                who,
                criteria=criteria,
                answers=_answers(rng, criteria, skill),
                notes={},
                now=_moment(rng, start, end),
                window_defaults=((1, 1), (10, 31)),
            )


@dataclass(frozen=True)
class _Person:
    kind: str  # admin, manager, leader, citizen or staff
    name: str
    gender: str
    birth_year: int
    cccd: str
    password: str
    department: str


def _enrol(
    session: Session,
    rng: random.Random,
    person: _Person,
    unit_code: str,
    province: str,
    ward_codes: list[str],
    now: datetime,
) -> Actor:
    """An account for one demo person: a role-holder made directly, anyone else signed up."""
    if person.kind in ("admin", "manager", "leader"):
        return create_user(
            session,
            unit_code=unit_code,
            cccd=person.cccd,
            full_name=person.name,
            role=person.kind,
            password=person.password,
            now=now,
        )
    reg = Registration(
        cccd=person.cccd,
        full_name=person.name,
        gender=person.gender,
        birth_year=person.birth_year,
        ethnicity=rng.choices(ETHNIC_MIX, ETHNIC_WEIGHTS)[0],
        province_code=province,
        ward_code=rng.choice(ward_codes),
        unit_code=unit_code,
        password=person.password,
        department=person.department,
        position=rng.choice(POSITIONS),
        phone="",
        email="",
    )
    return register_citizen(session, reg, now=now)


def strong_password(
    *, full_name: str, cccd: str, birth_year: int, unit_name: str, unit_code: str
) -> str:
    """A random password the sign-up's own check accepts for this person: a random one can, now
    and then, hold a piece of the person's name or number, which that check refuses."""
    while True:
        password = secrets.token_urlsafe(12)
        problem = password_problem(
            password,
            cccd=cccd,
            birth_year=birth_year,
            full_name=full_name,
            unit_name=unit_name,
            unit_code=unit_code,
        )
        if problem is None:
            return password


def build_demo(url: str, seed: int = 324) -> Iterator[str]:
    """Fill the database at `url` (removing a SQLite demo file first); yield lines to print."""
    if url.startswith("sqlite:///"):
        path = Path(sa.engine.make_url(url).database)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = make_engine(url)
    init_db(engine)
    rng = random.Random(seed)
    sets = load_all()
    now = now_utc()
    this_year = local_year(now)
    used: set[str] = set()
    with Session(engine, expire_on_commit=False) as session:
        if has_any_account(session):
            raise ValueError("the demo database already has accounts; give an empty database")
        association = create_unit(
            session, None, name="Hội Khuyến học tỉnh Quảng Ngãi (dữ liệu mẫu)", now=now
        )
        unit = create_unit(
            session,
            None,
            parent_code=association.code,
            name="Ban Dân tộc tỉnh Quảng Ngãi (dữ liệu mẫu)",
            code=DEMO_UNIT_CODE,
            contact_name="Trần Minh Sơn, chuyên viên Văn phòng",
            contact_phone="0255 3822 000",
            governing_body="Ủy ban nhân dân tỉnh Quảng Ngãi",
            now=now,
        )
        set_unit_window(
            session,
            None,
            unit_id=unit.id,
            year=this_year,
            opens_on=date(this_year, 1, 1),
            closes_on=date(this_year, 12, 31),
            now=now,
        )
        people = [
            ("admin", "Võ Thanh Bình", "Nam", 1980),
            ("manager", "Trần Minh Sơn", "Nam", 1985),
            ("leader", "Lê Thị Hồng Nhung", "Nữ", 1975),
            ("citizen", "Phạm Văn Tâm", "Nam", 1990),
        ]
        accounts: list[tuple[Actor, float]] = []  # who, skill
        quang_ngai = next(p.code for p in provinces() if p.name == "Quảng Ngãi")
        ward_codes = [w.code for w in wards(quang_ngai)]
        for _ in range(STAFF):
            name, gender = _random_name(rng)
            people.append(("staff", name, gender, rng.randrange(1966, 2002)))
        staff: list[StaffEntry] = []
        manager = None
        for kind, name, gender, year in people:
            number = _cccd(rng, gender, year, used)
            home = association if kind == "admin" else unit
            password = strong_password(
                full_name=name,
                cccd=number,
                birth_year=year,
                unit_name=home.name,
                unit_code=home.code,
            )
            department = "Lãnh đạo Ban" if kind == "leader" else rng.choice(DEPARTMENTS)
            person = _Person(kind, name, gender, year, number, password, department)
            who = _enrol(session, rng, person, home.code, quang_ngai, ward_codes, now)
            if kind != "staff":
                yield f"{kind}: CCCD {number}  password {password}"
            if kind == "manager":
                manager = who
            if kind != "admin":
                staff.append(StaffEntry(name, number, department, ""))
            if kind not in ("admin", "citizen"):  # the demo citizen is left to try the form
                accounts.append((who, rng.betavariate(9, 1.6)))
        for _ in range(UNREGISTERED):
            name, gender = _random_name(rng)
            number = _cccd(rng, gender, rng.randrange(1966, 2002), used)
            staff.append(StaffEntry(name, number, rng.choice(DEPARTMENTS), ""))
        number = _cccd(rng, "Nam", 1995, used)
        stranger = Registration(  # signed up with the code but is not on the staff list
            cccd=number,
            full_name="Đặng Văn Lạ",
            gender="Nam",
            birth_year=1995,
            ethnicity="Kinh",
            province_code=quang_ngai,
            ward_code=rng.choice(ward_codes),
            unit_code=unit.code,
            password=strong_password(
                full_name="Đặng Văn Lạ",
                cccd=number,
                birth_year=1995,
                unit_name=unit.name,
                unit_code=unit.code,
            ),
            department="",
            position="",
            phone="",
            email="",
        )
        register_citizen(session, stranger, now=now)
        replace_staff(session, manager, unit_id=unit.id, entries=staff, now=now)
        _submit_two_years(session, rng, accounts, sets["III"], this_year)
        record_decision(
            session,
            manager,
            unit_id=unit.id,
            year=this_year - 1,
            number="52",
            signed_on=date(this_year - 1, 11, 18),
            signer_name="Nguyễn Văn Hiền",
            signer_title="Trưởng ban",
            now=now,
        )
    yield f"demo unit code: {unit.code}"
    yield f"start the app on it: CDHT_DATABASE_URL={url} make run"
