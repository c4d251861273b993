"""Settings read from environment variables (documented in README.md).

`Environment` is the list of variables: one field per `CDHT_*` variable, its type, default and
checks, read by pydantic-settings. `load_settings` turns it into `Settings`, the frozen value the
rest of the code reads, or raises `ConfigError` naming every variable it cannot use.
"""

import os
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

from cdht.criteria import CRITERIA_DIR, GROUPS
from cdht.registration import ETHNICITY, SENSITIVE_FIELDS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = ROOT / "data" / "cdht.db"
DEFAULT_EVIDENCE_DIR = ROOT / "data" / "evidence"
_PREFIX = "CDHT_"
# A year without 29 February: a default window day must exist in every year.
_COMMON_YEAR = 2027
_MB = 1024 * 1024


class ConfigError(ValueError):
    """An environment variable holds a value CDHT cannot use."""


@dataclass(frozen=True)
class SignupLimits:
    """Refused sign-ups (number taken, not on the staff list, name not matching) and reports of a
    taken number allowed per hour, per client address and per unit: those answers tell whether a
    number is registered or listed, so they must not serve to sweep numbers."""

    per_address: int = 10
    per_unit: int = 30


@dataclass(frozen=True)
class LoginLimits:
    """Login attempts allowed per client address per hour, whatever the names tried (a correct
    password gives its attempt back): many people share an office's address, so this is well
    above one person's typing mistakes and well below a guessing script."""

    per_address: int = 30


@dataclass(frozen=True)
class EvidenceQuotas:
    """Bytes of evidence files kept per year: per person (what they and a manager attached to
    their form) and per unit (all its members together), so uploads cannot fill the disk."""

    per_person: int = 30 * _MB
    per_unit: int = 2048 * _MB


@dataclass(frozen=True)
class Settings:
    database_url: str
    window_opens: tuple[int, int]
    window_closes: tuple[int, int]
    default_group: str
    criteria_dir: Path
    public_url: str
    sensitive_fields: frozenset[str]
    evidence_dir: Path
    evidence_quotas: EvidenceQuotas = EvidenceQuotas()
    signup_limits: SignupLimits = SignupLimits()
    # The header a trusted reverse proxy puts the client's address in (e.g. X-Forwarded-For, the
    # last address of it is taken); empty: the address of the connection itself.
    client_address_header: str = ""
    login_limits: LoginLimits = LoginLimits()
    # A login session ends after this long without any action (drafts are saved at every answer).
    session_idle: timedelta = timedelta(minutes=30)
    # How long a temporary password (a reset, a new appointment) opens a login.
    temporary_password_hours: int = 72
    # After how many days a deletion request not yet carried out is shown to administrators.
    deletion_overdue_days: int = 7

    @property
    def window_defaults(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """(month, day) of opening and closing, for units without a window of their own."""
        return self.window_opens, self.window_closes


def _month_day(raw: Any) -> tuple[int, int]:
    """'MM-DD' as (month, day), a day that exists in every year."""
    if isinstance(raw, tuple):
        return raw
    parts = str(raw).split("-")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise ValueError("must look like MM-DD")
    month, day = (int(p) for p in parts)
    try:
        date(_COMMON_YEAR, month, day)
    except ValueError as exc:
        raise ValueError("must be a day that exists every year, MM-DD (not 29 February)") from exc
    return month, day


def _names(raw: Any) -> frozenset[str]:
    """A comma-separated list; empty means none."""
    if isinstance(raw, frozenset):
        return raw
    return frozenset(f.strip() for f in str(raw).split(",") if f.strip())


def _whole_number(raw: Any) -> int:
    """Digits only (no sign, no decimals), at least 1."""
    if isinstance(raw, int):
        return raw
    text = str(raw).strip()
    if not text.isdigit() or int(text) < 1:
        raise ValueError("must be a whole number of at least 1")
    return int(text)


MonthDay = Annotated[tuple[int, int], BeforeValidator(_month_day)]
AtLeastOne = Annotated[int, BeforeValidator(_whole_number), Field(ge=1)]


class Environment(BaseSettings):
    """The `CDHT_*` variables, each by its name without the prefix (README's table)."""

    model_config = SettingsConfigDict(
        env_prefix=_PREFIX,
        frozen=True,
        str_strip_whitespace=True,
        # Values are plain text (MM-DD, comma lists, numbers), never JSON.
        enable_decoding=False,
    )

    database_url: str = ""
    window_opens: MonthDay = (1, 1)
    window_closes: MonthDay = (10, 31)
    default_group: str = "III"
    criteria_dir: str = ""
    public_url: str = ""
    sensitive_fields: Annotated[frozenset[str], BeforeValidator(_names)] = frozenset({ETHNICITY})
    evidence_dir: str = ""
    evidence_quota_person_mb: AtLeastOne = EvidenceQuotas.per_person // _MB
    evidence_quota_unit_mb: AtLeastOne = EvidenceQuotas.per_unit // _MB
    signup_limit_per_address: AtLeastOne = SignupLimits.per_address
    signup_limit_per_unit: AtLeastOne = SignupLimits.per_unit
    client_address_header: str = ""
    login_limit_per_address: AtLeastOne = LoginLimits.per_address
    session_idle_minutes: AtLeastOne = 30
    temporary_password_hours: AtLeastOne = 72
    deletion_overdue_days: AtLeastOne = 7

    @field_validator("default_group", mode="before")
    @classmethod
    def _group(cls, raw: Any) -> str:
        group = str(raw).strip().upper()
        if group not in GROUPS:
            raise ValueError(f"must be one of {', '.join(GROUPS)}")
        return group

    @field_validator("sensitive_fields")
    @classmethod
    def _known_fields(cls, fields: frozenset[str]) -> frozenset[str]:
        if fields - set(SENSITIVE_FIELDS):
            raise ValueError(
                f"takes {', '.join(SENSITIVE_FIELDS)}, both (comma-separated) or nothing"
            )
        return fields

    @model_validator(mode="after")
    def _window_in_order(self) -> "Environment":
        if self.window_opens > self.window_closes:
            raise ValueError(
                f"{_PREFIX}WINDOW_OPENS ({self.window_opens[0]:02}-{self.window_opens[1]:02}) "
                f"is after {_PREFIX}WINDOW_CLOSES "
                f"({self.window_closes[0]:02}-{self.window_closes[1]:02})"
            )
        return self


def _describe(error: ErrorDetails) -> str:
    """One error as 'CDHT_NAME must …, got '…''."""
    context = error.get("ctx", {})
    message = (
        str(context["error"]) if "error" in context else error["msg"][0].lower() + error["msg"][1:]
    )
    if not error["loc"]:
        return message
    return f"{_PREFIX}{str(error['loc'][0]).upper()} {message}, got {error['input']!r}"


def load_settings() -> Settings:
    """The settings of the current environment (read again whenever a `CDHT_*` variable changes)."""
    # Runs several times a click: only the matching names' values are read (and decoded).
    prefix = len(_PREFIX)
    variables = tuple(
        sorted((k, os.environ[k]) for k in os.environ if k[:prefix].upper() == _PREFIX)
    )
    return _settings(variables)


@lru_cache(maxsize=8)
def _settings(variables: tuple[tuple[str, str], ...]) -> Settings:
    """`variables` is the cache key only: pydantic-settings reads the same values from os.environ."""
    try:
        env = Environment()
    except ValidationError as exc:
        raise ConfigError("; ".join(_describe(e) for e in exc.errors())) from exc
    return Settings(
        database_url=env.database_url or f"sqlite:///{DEFAULT_DB_PATH}",
        window_opens=env.window_opens,
        window_closes=env.window_closes,
        default_group=env.default_group,
        criteria_dir=Path(env.criteria_dir or CRITERIA_DIR),
        public_url=env.public_url,
        sensitive_fields=env.sensitive_fields,
        evidence_dir=Path(env.evidence_dir or DEFAULT_EVIDENCE_DIR),
        evidence_quotas=EvidenceQuotas(
            per_person=env.evidence_quota_person_mb * _MB,
            per_unit=env.evidence_quota_unit_mb * _MB,
        ),
        signup_limits=SignupLimits(
            per_address=env.signup_limit_per_address, per_unit=env.signup_limit_per_unit
        ),
        client_address_header=env.client_address_header,
        login_limits=LoginLimits(per_address=env.login_limit_per_address),
        session_idle=timedelta(minutes=env.session_idle_minutes),
        temporary_password_hours=env.temporary_password_hours,
        deletion_overdue_days=env.deletion_overdue_days,
    )
