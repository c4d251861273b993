"""SQLModel tables."""

from datetime import UTC, date, datetime
from uuid import uuid4

import sqlalchemy as sa
from sqlmodel import JSON, Column, Field, SQLModel

from cdht.gauge import AGENCY
from cdht.membership import APPROVED
from cdht.roles import CITIZEN
from cdht.unit_codes import NAME_KEY_MAX

# Stable constraint names, so migrations can find them on every engine.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.types.TypeDecorator):
    """Stores instants as naive UTC, returns them aware (UTC) on every engine."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def _instant(**kw) -> Field:
    return Field(sa_type=UTCDateTime, **kw)


def new_stamp() -> str:
    """A fresh value for `Unit.figures_stamp`."""
    return uuid4().hex


class Unit(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=8)
    code_key: str = Field(max_length=8, unique=True)
    name: str = Field(max_length=200)
    # The parent's id and the name without case or extra spaces (`cdht.unit_codes.name_key`):
    # unique, so two units under one parent never share a name, even if created at one moment.
    name_key: str = Field(
        max_length=NAME_KEY_MAX, unique=True, index=True, sa_column_kwargs={"server_default": ""}
    )
    contact_name: str = Field(default="", max_length=100)
    contact_phone: str = Field(default="", max_length=20)
    default_group: str = Field(default="III", max_length=3)
    head_title: str = Field(default="Thủ trưởng đơn vị", max_length=100)
    # The unit's founding / functions decision, cited first in its recognition decision.
    founding_decision: str = Field(
        default="", max_length=300, sa_column_kwargs={"server_default": ""}
    )
    # The body the unit answers to (a People's Committee, a department), printed above the unit's
    # name on its decision and printed list; "" prints the unit alone. Not the parent unit: an
    # association's member units answer to their own governing bodies.
    governing_body: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    # The place name written before the date of the unit's papers ("Quảng Ngãi, ngày …", Nghị
    # định 30/2020); "" leaves dots to write it by hand.
    place_name: str = Field(default="", max_length=50, sa_column_kwargs={"server_default": ""})
    # agency (officials and staff) or school (learners): which thresholds of the share apply.
    kind: str = Field(default=AGENCY, max_length=10, sa_column_kwargs={"server_default": AGENCY})
    parent_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    created_at: datetime = _instant()
    # Renewed by every write that changes the unit's dashboard (cdht/db/figures.py).
    figures_stamp: str = Field(
        default_factory=new_stamp,
        max_length=32,
        sa_column_kwargs={"default": new_stamp, "server_default": ""},
    )


class Account(SQLModel, table=True):
    # Covers the per-unit member counts of the dashboards (no table rows read).
    __table_args__ = (sa.Index("ix_account_unit_id_role", "unit_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    cccd: str = Field(max_length=12, unique=True)
    full_name: str = Field(max_length=100)
    gender: str = Field(max_length=3)
    birth_year: int
    ethnicity: str = Field(default="", max_length=40)
    religion: str = Field(default="", max_length=60)
    province_code: int | None = None
    ward_code: int | None = None
    unit_id: int = Field(foreign_key="unit.id")
    department: str = Field(default="", max_length=100)
    position: str = Field(default="", max_length=100)
    phone: str = Field(default="", max_length=15)
    email: str = Field(default="", max_length=254)
    role: str = Field(default=CITIZEN, max_length=10)
    # Whether the unit vouched for the person (cdht/membership.py); only approved people count.
    membership: str = Field(
        default=APPROVED, max_length=10, sa_column_kwargs={"server_default": APPROVED}
    )
    password_hash: str = Field(max_length=200)
    # Made by a manager to enter a staff member's paper form; the person's own sign-up with this
    # number takes the account over (with its results) instead of being refused.
    paper_only: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    must_change_password: bool = False
    # The current temporary password: who gave it, when, and until when it opens a login.
    password_reset_by_id: int | None = Field(default=None, foreign_key="account.id")
    password_reset_at: datetime | None = _instant(default=None, nullable=True)
    temporary_until: datetime | None = _instant(default=None, nullable=True)
    consent_version: str = Field(default="", max_length=40)
    consented_at: datetime | None = _instant(default=None, nullable=True)
    # Sensitive data (ethnicity, religion) is given with its own consent, never required, and
    # can be withdrawn: the fields are cleared and the moment kept.
    sensitive_consented_at: datetime | None = _instant(default=None, nullable=True)
    sensitive_withdrawn_at: datetime | None = _instant(default=None, nullable=True)
    created_at: datetime = _instant()
    last_login_at: datetime | None = _instant(default=None, nullable=True)
    deletion_requested_at: datetime | None = _instant(default=None, nullable=True)
    erased_at: datetime | None = _instant(default=None, nullable=True)


class Assessment(SQLModel, table=True):
    """The current self-assessment of one person for one year."""

    __table_args__ = (
        sa.UniqueConstraint("account_id", "year"),
        # Covers the counts of the dashboards and the roll-up (no table rows read).
        sa.Index("ix_assessment_unit_year_recognised", "unit_id", "year", "recognised"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    unit_id: int = Field(foreign_key="unit.id")
    year: int
    group: str = Field(max_length=3)
    criteria_version: str = Field(max_length=40)
    answers: dict = Field(sa_column=Column(JSON, nullable=False))
    notes: dict = Field(sa_column=Column(JSON, nullable=False))
    total: int
    comp1_points: int
    comp2_points: int
    comp3_points: int
    recognised: bool
    revision: int = 1
    entered_by_id: int | None = Field(default=None, foreign_key="account.id")
    first_submitted_at: datetime = _instant()
    first_submitted_on: date
    submitted_at: datetime = _instant()


class AssessmentRevision(SQLModel, table=True):
    """An earlier version of an assessment, kept when the person resubmits."""

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True)
    revision: int
    group: str = Field(max_length=3)
    criteria_version: str = Field(max_length=40)
    answers: dict = Field(sa_column=Column(JSON, nullable=False))
    notes: dict = Field(sa_column=Column(JSON, nullable=False))
    total: int
    recognised: bool
    entered_by_id: int | None = Field(default=None, foreign_key="account.id")
    submitted_at: datetime = _instant()


class AssessmentDraft(SQLModel, table=True):
    """Answers typed but not submitted (e.g. refused outside the window): never lost."""

    __table_args__ = (sa.UniqueConstraint("account_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    year: int
    group: str = Field(max_length=3)
    answers: dict = Field(sa_column=Column(JSON, nullable=False))
    notes: dict = Field(sa_column=Column(JSON, nullable=False))
    saved_at: datetime = _instant()


class AssessmentWindow(SQLModel, table=True):
    """A unit's window for one year, when it differs from the default."""

    __table_args__ = (sa.UniqueConstraint("unit_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    year: int
    opens_on: date
    closes_on: date
    changed_by_id: int | None = Field(default=None, foreign_key="account.id")
    changed_at: datetime = _instant()


class StaffMember(SQLModel, table=True):
    """A person the unit expects to self-assess (from the uploaded staff list)."""

    __table_args__ = (sa.UniqueConstraint("unit_id", "cccd"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    cccd: str = Field(max_length=12)
    full_name: str = Field(max_length=100)
    department: str = Field(default="", max_length=100)
    position: str = Field(default="", max_length=100)
    updated_at: datetime = _instant()


class RecognitionDecision(SQLModel, table=True):
    """The head's decision recognising a unit's citizens for a year; it locks that year."""

    __table_args__ = (sa.UniqueConstraint("unit_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    year: int
    number: str = Field(max_length=30)
    signed_on: date
    signer_name: str = Field(max_length=100)
    signer_title: str = Field(max_length=100)
    recorded_by_id: int | None = Field(default=None, foreign_key="account.id")
    recorded_at: datetime = _instant()


class DecisionDepartment(SQLModel, table=True):
    """A department's figures as they stood when a year's decision was recorded (never changed):
    that year's share is read from these, not from a staff list changed since."""

    __table_args__ = (sa.UniqueConstraint("decision_id", "department"),)

    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="recognitiondecision.id", index=True)
    department: str = Field(default="", max_length=100)  # "" when neither list nor sign-up says
    expected: int  # on the staff list
    registered: int  # counted accounts
    assessed: int
    recognised: int


class Recognition(SQLModel, table=True):
    """One recognised person, as they stood when the decision was recorded (never changed)."""

    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="recognitiondecision.id", index=True)
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    full_name: str = Field(max_length=100)
    birth_year: int
    department: str = Field(default="", max_length=100)
    position: str = Field(default="", max_length=100)
    total: int


class LoginThrottle(SQLModel, table=True):
    """Failed logins per login name (registered or not), so locks hold across processes.

    Each attempt is counted here before its password is checked (`cdht.db.rate_limits.strike`):
    `failures` those let through, `refused` those turned away while locked; the counts restart
    after a quiet `DECAY` since `last_failure_at`; `locked_at` is when the current lock began."""

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=40, unique=True)
    failures: int = 0
    locked_until: datetime | None = _instant(default=None, nullable=True)
    refused: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    last_failure_at: datetime | None = _instant(default=None, nullable=True)
    locked_at: datetime | None = _instant(default=None, nullable=True)


class WebSession(SQLModel, table=True):
    """A login kept across refreshes and tabs: the browser holds a random token in an HttpOnly
    cookie, the database only its SHA-256. A one-time handoff token carries it to the browser."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    token_hash: str | None = Field(default=None, max_length=64, unique=True)
    handoff_hash: str | None = Field(default=None, max_length=64, unique=True)
    handoff_expires_at: datetime | None = _instant(default=None, nullable=True)
    created_at: datetime = _instant()
    last_seen_at: datetime = _instant()
    revoked_at: datetime | None = _instant(default=None, nullable=True)
    # What the person sees in their list of sessions: the browser's own description of itself
    # (cut short) and the client address it logged in from.
    user_agent: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    client: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})


class AuditEvent(SQLModel, table=True):
    """Append-only record of sensitive actions: logins, exports, setting changes."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _instant(index=True)
    actor_id: int | None = Field(default=None, foreign_key="account.id")
    action: str = Field(max_length=40)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    detail: str = Field(default="", max_length=500)
    # Where the request came from (the trusted proxy's header, else the connection), when known.
    client: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})


class EvidenceFile(SQLModel, table=True):
    """A photo or PDF attached to one indicator of a person's form; the bytes live in the file
    store under `storage_key`, never in this row."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    year: int
    indicator_id: str = Field(max_length=10)
    filename: str = Field(max_length=120)
    content_type: str = Field(max_length=40)
    size: int
    sha256: str = Field(max_length=64)
    storage_key: str = Field(max_length=64, unique=True)
    uploaded_by_id: int = Field(foreign_key="account.id")
    uploaded_at: datetime = _instant()


class MembershipReport(SQLModel, table=True):
    """Someone says the CCCD number they tried to sign up with was registered by another person;
    the unit's managers see it and may give the number back to them."""

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    cccd: str = Field(max_length=12)
    full_name: str = Field(max_length=100)
    phone: str = Field(default="", max_length=15)
    email: str = Field(default="", max_length=254)
    reported_at: datetime = _instant()
    # open, reassigned or dismissed
    status: str = Field(default="open", max_length=10)
    handled_by_id: int | None = Field(default=None, foreign_key="account.id")
    handled_at: datetime | None = _instant(default=None, nullable=True)


class RateCounter(SQLModel, table=True):
    """Refused attempts per key (a client address, a unit code) in the current window, counted
    atomically so parallel requests cannot slip past the limit."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=80, unique=True)
    window_start: datetime = _instant()
    count: int = 0


class SetupCode(SQLModel, table=True):
    """The SHA-256 of the one-time code `python -m cdht init` prints while no account exists;
    one row at most, deleted when the first-run page uses it."""

    id: int = Field(default=1, primary_key=True)
    code_hash: str = Field(max_length=64)
    created_at: datetime = _instant()
