"""The audit log says where a request came from, records downloads of the decision, is read by
date, and database errors never carry the values of a query (CCCD numbers) into the server log."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import select

from cdht.criteria import load_all
from cdht.db.audit import CLIENT
from cdht.db.audit_read import audit_events
from cdht.db.decisions import decision_document
from cdht.db.models import Account, AuditEvent
from cdht.db.my_data import request_deletion
from tests.conftest import JUNE, add_citizen, add_user

NUMBER = "051090123456"


def test_the_address_a_request_came_from_is_recorded(session, unit):
    me = add_citizen(session, cccd=NUMBER)
    session.info[CLIENT] = "203.0.113.7"
    request_deletion(session, me, now=JUNE)
    event = session.exec(
        select(AuditEvent).where(AuditEvent.action == "account.delete_request")
    ).one()
    assert event.client == "203.0.113.7"
    admin = add_user(session, "admin", "051080000001", "Phạm Quốc Huy")
    rows = audit_events(session, admin, action="account.delete_request")
    assert [r.client for r in rows] == ["203.0.113.7"]


def test_downloads_of_the_decision_are_logged(session, unit):
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    data = decision_document(
        session, manager, unit_id=unit.id, year=2026, now=JUNE, criteria=load_all()
    )
    assert data.startswith(b"PK")
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "export.decision")).one()
    assert (event.actor_id, event.unit_id) == (manager.id, unit.id)
    assert "year=2026 draft" in event.detail


def test_the_log_is_read_by_days_in_vietnam_time(session, unit):
    admin = add_user(session, "admin", "051080000001", "Phạm Quốc Huy")
    me = add_citizen(session, cccd=NUMBER)
    # 23:30 on 14 June in Vietnam is 16:30 UTC; 00:30 on 15 June is 17:30 UTC of the 14th.
    late = datetime(2026, 6, 14, 16, 30, tzinfo=UTC)
    early = datetime(2026, 6, 14, 17, 30, tzinfo=UTC)
    for at in (late, early):
        request_deletion(session, me, now=at)

    def days(since, until):
        rows = audit_events(
            session, admin, action="account.delete_request", since=since, until=until
        )
        return sorted(r.at for r in rows)

    from datetime import date

    assert days(date(2026, 6, 14), date(2026, 6, 14)) == [late]
    assert days(date(2026, 6, 15), None) == [early]
    assert days(None, date(2026, 6, 15)) == [late, early]
    assert days(date(2026, 6, 16), None) == []


def test_a_database_error_does_not_carry_the_numbers_it_was_given(session, unit):
    add_citizen(session, cccd=NUMBER)
    copy = session.exec(select(Account).where(Account.cccd == NUMBER)).one().model_dump()
    copy.pop("id")
    session.add(Account(**copy))
    with pytest.raises(sa.exc.IntegrityError) as caught:
        session.commit()
    session.rollback()
    assert NUMBER not in str(caught.value)
    assert "hidden" in str(caught.value)  # SQLAlchemy's words for parameters left out
