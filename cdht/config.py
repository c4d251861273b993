"""Settings read from environment variables (documented in README.md)."""

import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from cdht.criteria import CRITERIA_DIR, GROUPS
from cdht.registration import ETHNICITY, SENSITIVE_FIELDS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = ROOT / "data" / "cdht.db"
DEFAULT_EVIDENCE_DIR = ROOT / "data" / "evidence"


class ConfigError(ValueError):
    """An environment variable holds a value CDHT cannot use."""


def _month_day(name: str, default: str) -> tuple[int, int]:
    raw = os.environ.get(name, default).strip()
    try:
        month, day = (int(part) for part in raw.split("-"))
    except ValueError as exc:
        raise ConfigError(f"{name} must look like MM-DD, got {raw!r}") from exc
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ConfigError(f"{name} must look like MM-DD, got {raw!r}")
    return month, day


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

    per_person: int = 30 * 1024 * 1024
    per_unit: int = 2 * 1024 * 1024 * 1024


def _positive(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default)).strip()
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(f"{name} must be a whole number of at least 1, got {raw!r}")
    return int(raw)


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


def _sensitive_fields() -> frozenset[str]:
    raw = os.environ.get("CDHT_SENSITIVE_FIELDS", ETHNICITY)
    fields = frozenset(f.strip() for f in raw.split(",") if f.strip())
    unknown = fields - set(SENSITIVE_FIELDS)
    if unknown:
        raise ConfigError(
            f"CDHT_SENSITIVE_FIELDS takes {', '.join(SENSITIVE_FIELDS)} or nothing, got {raw!r}"
        )
    return fields


def load_settings() -> Settings:
    group = os.environ.get("CDHT_DEFAULT_GROUP", "III").strip().upper()
    if group not in GROUPS:
        raise ConfigError(f"CDHT_DEFAULT_GROUP must be one of {', '.join(GROUPS)}, got {group!r}")
    return Settings(
        database_url=os.environ.get("CDHT_DATABASE_URL") or f"sqlite:///{DEFAULT_DB_PATH}",
        window_opens=_month_day("CDHT_WINDOW_OPENS", "01-01"),
        window_closes=_month_day("CDHT_WINDOW_CLOSES", "10-31"),
        default_group=group,
        criteria_dir=Path(os.environ.get("CDHT_CRITERIA_DIR") or CRITERIA_DIR),
        public_url=os.environ.get("CDHT_PUBLIC_URL", "").strip(),
        sensitive_fields=_sensitive_fields(),
        evidence_dir=Path(os.environ.get("CDHT_EVIDENCE_DIR") or DEFAULT_EVIDENCE_DIR),
        evidence_quotas=EvidenceQuotas(
            per_person=_positive("CDHT_EVIDENCE_QUOTA_PERSON_MB", 30) * 1024 * 1024,
            per_unit=_positive("CDHT_EVIDENCE_QUOTA_UNIT_MB", 2048) * 1024 * 1024,
        ),
        signup_limits=SignupLimits(
            per_address=_positive("CDHT_SIGNUP_LIMIT_PER_ADDRESS", SignupLimits.per_address),
            per_unit=_positive("CDHT_SIGNUP_LIMIT_PER_UNIT", SignupLimits.per_unit),
        ),
        client_address_header=os.environ.get("CDHT_CLIENT_ADDRESS_HEADER", "").strip(),
        login_limits=LoginLimits(
            per_address=_positive("CDHT_LOGIN_LIMIT_PER_ADDRESS", LoginLimits.per_address)
        ),
        session_idle=timedelta(minutes=_positive("CDHT_SESSION_IDLE_MINUTES", 30)),
        temporary_password_hours=_positive("CDHT_TEMPORARY_PASSWORD_HOURS", 72),
        deletion_overdue_days=_positive("CDHT_DELETION_OVERDUE_DAYS", 7),
    )
