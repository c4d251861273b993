"""Settings from CDHT_* variables: defaults, accepted forms, and values refused at start-up with the
variable named (pydantic-settings in cdht/config.py)."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cdht.__main__ import main
from cdht.config import (
    DEFAULT_DB_PATH,
    DEFAULT_EVIDENCE_DIR,
    ConfigError,
    EvidenceQuotas,
    LoginLimits,
    SignupLimits,
    load_settings,
)
from cdht.criteria import CRITERIA_DIR

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in list(os.environ):
        if name.upper().startswith("CDHT_"):
            monkeypatch.delenv(name)


def test_defaults_are_the_documented_ones():
    s = load_settings()
    assert s.database_url == f"sqlite:///{DEFAULT_DB_PATH}"
    assert s.window_defaults == ((1, 1), (10, 31))
    assert s.default_group == "III"
    assert s.criteria_dir == CRITERIA_DIR
    assert s.public_url == "" and s.client_address_header == ""
    assert s.sensitive_fields == frozenset({"ethnicity"})
    assert s.evidence_dir == DEFAULT_EVIDENCE_DIR
    assert s.evidence_quotas == EvidenceQuotas(30 * 1024 * 1024, 2048 * 1024 * 1024)
    assert s.signup_limits == SignupLimits(10, 30)
    assert s.login_limits == LoginLimits(30)
    assert s.session_idle == timedelta(minutes=30)
    assert (s.temporary_password_hours, s.deletion_overdue_days) == (72, 7)


def test_every_variable_is_read(monkeypatch, tmp_path):
    values = {
        "DATABASE_URL": "sqlite:///x.db",
        "WINDOW_OPENS": "02-01",
        "WINDOW_CLOSES": " 11-30 ",
        "DEFAULT_GROUP": " ii ",
        "CRITERIA_DIR": str(tmp_path / "c"),
        "PUBLIC_URL": "https://cdht.example",
        "SENSITIVE_FIELDS": "religion, ethnicity",
        "EVIDENCE_DIR": str(tmp_path / "e"),
        "EVIDENCE_QUOTA_PERSON_MB": "1",
        "EVIDENCE_QUOTA_UNIT_MB": "2",
        "SIGNUP_LIMIT_PER_ADDRESS": "3",
        "SIGNUP_LIMIT_PER_UNIT": "4",
        "CLIENT_ADDRESS_HEADER": "X-Forwarded-For",
        "LOGIN_LIMIT_PER_ADDRESS": "5",
        "SESSION_IDLE_MINUTES": " 45 ",
        "TEMPORARY_PASSWORD_HOURS": "6",
        "DELETION_OVERDUE_DAYS": "8",
    }
    for name, value in values.items():
        monkeypatch.setenv(f"CDHT_{name}", value)
    s = load_settings()
    assert s.database_url == "sqlite:///x.db"
    assert s.window_defaults == ((2, 1), (11, 30))
    assert s.default_group == "II"
    assert s.criteria_dir == tmp_path / "c" and s.evidence_dir == tmp_path / "e"
    assert s.public_url == "https://cdht.example"
    assert s.sensitive_fields == frozenset({"ethnicity", "religion"})
    assert s.evidence_quotas == EvidenceQuotas(1024 * 1024, 2 * 1024 * 1024)
    assert s.signup_limits == SignupLimits(3, 4)
    assert s.client_address_header == "X-Forwarded-For"
    assert s.login_limits == LoginLimits(5)
    assert s.session_idle == timedelta(minutes=45)
    assert (s.temporary_password_hours, s.deletion_overdue_days) == (6, 8)


def test_empty_values(monkeypatch):
    """Empty paths and URL mean the default; empty sensitive fields mean none are asked."""
    for name in ("DATABASE_URL", "CRITERIA_DIR", "EVIDENCE_DIR", "SENSITIVE_FIELDS"):
        monkeypatch.setenv(f"CDHT_{name}", "")
    s = load_settings()
    assert s.database_url == f"sqlite:///{DEFAULT_DB_PATH}"
    assert (s.criteria_dir, s.evidence_dir) == (CRITERIA_DIR, DEFAULT_EVIDENCE_DIR)
    assert s.sensitive_fields == frozenset()


def test_settings_follow_the_environment(monkeypatch):
    monkeypatch.setenv("CDHT_DEFAULT_GROUP", "I")
    assert load_settings().default_group == "I"
    monkeypatch.setenv("CDHT_DEFAULT_GROUP", "IV")
    assert load_settings().default_group == "IV"


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("WINDOW_CLOSES", "02-30", "a day that exists every year"),
        ("WINDOW_CLOSES", "02-29", "not 29 February"),
        ("WINDOW_OPENS", "04-31", "a day that exists every year"),
        ("WINDOW_OPENS", "13-01", "a day that exists every year"),
        ("WINDOW_CLOSES", "1031", "MM-DD"),
        ("WINDOW_CLOSES", "10-31-1", "MM-DD"),
        ("DEFAULT_GROUP", "V", "one of I, II, III, IV"),
        ("SENSITIVE_FIELDS", "ethnicity,health", "takes ethnicity, religion"),
        ("SESSION_IDLE_MINUTES", "0", "whole number of at least 1"),
        ("SESSION_IDLE_MINUTES", "5.0", "whole number of at least 1"),
        ("EVIDENCE_QUOTA_UNIT_MB", "-3", "whole number of at least 1"),
        ("SIGNUP_LIMIT_PER_UNIT", "many", "whole number of at least 1"),
        ("LOGIN_LIMIT_PER_ADDRESS", "", "whole number of at least 1"),
    ],
)
def test_unusable_values_are_refused_naming_the_variable(monkeypatch, name, value, words):
    monkeypatch.setenv(f"CDHT_{name}", value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(f"CDHT_{name} ") and words in message and repr(value) in message


def test_every_unusable_variable_is_listed_at_once(monkeypatch):
    monkeypatch.setenv("CDHT_WINDOW_CLOSES", "02-30")
    monkeypatch.setenv("CDHT_DEFAULT_GROUP", "V")
    message = str(pytest.raises(ConfigError, load_settings).value)
    assert "CDHT_WINDOW_CLOSES" in message and "CDHT_DEFAULT_GROUP" in message


def test_window_that_opens_after_it_closes_is_refused(monkeypatch):
    monkeypatch.setenv("CDHT_WINDOW_OPENS", "11-01")
    message = str(pytest.raises(ConfigError, load_settings).value)
    assert message == "CDHT_WINDOW_OPENS (11-01) is after CDHT_WINDOW_CLOSES (10-31)"


def test_app_shows_the_error_page_at_start_up(monkeypatch):
    monkeypatch.setenv("CDHT_WINDOW_CLOSES", "02-30")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    shown = at.error[0].value
    assert shown.startswith("Hệ thống chưa khởi động được do lỗi cấu hình")
    assert "CDHT_WINDOW_CLOSES" in shown and "'02-30'" in shown


def test_cli_refuses_with_one_line(monkeypatch, capsys):
    monkeypatch.setenv("CDHT_WINDOW_CLOSES", "02-30")
    assert main(["init"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: CDHT_WINDOW_CLOSES ") and err.count("\n") == 1
